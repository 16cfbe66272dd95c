#!/usr/bin/env bash
# Step "Audit" of action.yml: audit the path (and the base revision), write every report.
# Inputs arrive as environment variables, never interpolated into this script.
set -euo pipefail

out="${INPUT_OUTPUT_DIR:-prodready-report}"
mkdir -p "$out"
formats="${INPUT_FORMATS:-md,json,html}"
formats="json,md,${formats}"
if [ "${INPUT_SARIF:-true}" = "true" ]; then formats="${formats},sarif"; fi

args=(audit "${INPUT_PATH:-.}" --format "$formats" --output "$out" --quiet)
base="${INPUT_BASE_REF:-${PR_BASE_SHA:-}}"
if [ -n "$base" ]; then
  # the base commit must be in the clone: fetch it when the checkout was shallow
  if ! git -C "${INPUT_PATH:-.}" cat-file -e "${base}^{commit}" 2>/dev/null; then
    git -C "${INPUT_PATH:-.}" fetch --no-tags --depth=1 origin "$base" >/dev/null 2>&1 || true
  fi
  if git -C "${INPUT_PATH:-.}" cat-file -e "${base}^{commit}" 2>/dev/null; then
    args+=(--base "$base")
  else
    echo "::warning title=prodready::base revision $base is not available; auditing without a delta"
  fi
fi
if [ -n "${INPUT_CONFIG:-}" ]; then
  args+=(--config "$INPUT_CONFIG")
fi
for file in ${INPUT_COVERAGE:-}; do
  args+=(--coverage "$file")
done

prodready "${args[@]}"

{
  echo "report-dir=$out"
  echo "json-report=$out/prodready.json"
  echo "markdown-report=$out/prodready.md"
  if [ -f "$out/prodready.sarif" ]; then echo "sarif-report=$out/prodready.sarif"; else echo "sarif-report="; fi
} >> "$GITHUB_OUTPUT"
