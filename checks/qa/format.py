"""qa.format: a code formatter is configured, so style is never a review topic."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.facts.usage import Usage
from prodready.model import Outcome
from prodready.registry import check

CONFIGS = (
    Usage("black", "python", ("black",), r"^\[tool\.black\]", suffixes=(".toml",), dev=True),
    Usage("ruff format", "python", (), r"^\[tool\.ruff\.format\]|ruff format|id:\s*ruff-format", suffixes=(".toml", ".yaml", ".yml"), dev=True),
    Usage("prettier", "node", ("prettier",), r"\"prettier\"\s*:\s*\{", suffixes=(".json",), files=r"(^|/)(\.prettierrc(\.[cm]?js|\.json|\.ya?ml|\.toml)?|prettier\.config\.[cm]?js)$", dev=True),
    Usage("biome", "node", ("@biomejs/biome",), files=r"(^|/)biome\.jsonc?$", dev=True),
    Usage("gofmt / goimports / gofumpt", "go", (), r"\b(gofmt|goimports|gofumpt)\b", suffixes=(".yml", ".yaml", ".toml", ".json", ".mk", ""), dev=True),
    Usage("spotless / google-java-format", "java", (), r"spotless|google-java-format|ktlint|fmt-maven-plugin", suffixes=(".xml", ".gradle", ".kts"), dev=True),
    Usage("editorconfig", "any", (), files=r"(^|/)\.editorconfig$", dev=True),
)


@check(
    id="qa.format",
    blind_spots="Formatting enforced only by editors is not seen; for Go, gofmt counts only when a config or CI runs it.",
    title="A formatter is configured",
    severity="low",
    why="""
    A formatter makes every file look the same, so diffs show behaviour changes only and
    reviews never argue about style.
    """,
    fix="Configure the stack's formatter and check it in CI (`--check`) or pre-commit.",
    fix_by_stack={
        "python": "Use `ruff format` (or black): add `[tool.ruff.format]` and `ruff format --check .` in CI.",
        "node": "Add a `.prettierrc` and `npx prettier --check .` in CI.",
        "go": "Run `gofmt -l .` (or enable gofmt/goimports in golangci-lint) in CI and fail on output.",
        "java": "Add the Spotless plugin with google-java-format and run `spotless:check` in CI.",
    },
    references=("https://docs.astral.sh/ruff/formatter/", "https://prettier.io/docs/en/", "https://github.com/diffplug/spotless"),
)
def format(ctx: CheckContext) -> Outcome:  # noqa: A001 - the check is about formatting
    if ctx.stack == "unknown":
        return Outcome.not_applicable("no recognised stack to format")
    report = ctx.usage(CONFIGS)
    real = [h for h in report.wired if h.usage.name != "editorconfig"]
    ev = [evidence(h.path, h.line, h.text, note=f"{h.usage.name} configured") for h in report.wired]
    if real:
        return Outcome.passed(f"formatter configured: {', '.join(sorted({h.usage.name for h in real}))}", ev)
    if report.wired:
        return Outcome.partial(3, "only an .editorconfig: whitespace rules, no formatter", ev)
    if report.listed_only:
        usage, dep = report.listed_only[0]
        return Outcome.partial(5, f"{usage.name} is a dependency but has no configuration or check", [evidence(dep.path, dep.line, note="listed only")])
    return Outcome.failed(f"no formatter configured for this {ctx.stack} code")
