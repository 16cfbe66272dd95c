#!/usr/bin/env bash
# Step "Report" of action.yml: outputs, job summary, annotations, the PR comment, the gate.
set -euo pipefail

prodready github outputs "$JSON_REPORT"
if [ "${INPUT_SUMMARY:-true}" = "true" ]; then
  prodready github summary "$JSON_REPORT"
fi
if [ "${INPUT_ANNOTATIONS:-true}" = "true" ]; then
  prodready github annotations "$JSON_REPORT" --limit 50
fi
if [ "${INPUT_COMMENT:-true}" = "true" ] && [ -n "${GITHUB_EVENT_PATH:-}" ] \
   && python -c 'import json,os,sys; e=json.load(open(os.environ["GITHUB_EVENT_PATH"])); sys.exit(0 if e.get("pull_request") else 1)'; then
  prodready github comment "$JSON_REPORT"
fi
if [ -n "${INPUT_FAIL_UNDER:-}" ]; then
  score=$(python -c 'import json,os; print(json.load(open(os.environ["JSON_REPORT"]))["score"] or 0)')
  if python -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)' "$score" "$INPUT_FAIL_UNDER"; then
    echo "prodready: score $score meets fail-under $INPUT_FAIL_UNDER"
  else
    echo "::error title=prodready::score $score is below fail-under $INPUT_FAIL_UNDER"
    exit 1
  fi
fi
