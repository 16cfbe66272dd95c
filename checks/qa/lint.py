"""qa.lint: a linter is configured, and CI or a pre-commit hook enforces it."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.facts.usage import Usage
from prodready.model import Outcome
from prodready.registry import check

CONFIGS = (
    Usage("ruff", "python", ("ruff",), r"^\[tool\.ruff(\.lint)?\]", suffixes=(".toml",), files=r"(^|/)\.?ruff\.toml$", dev=True),
    Usage("flake8", "python", ("flake8",), r"^\[flake8\]", suffixes=(".cfg", ".ini"), files=r"(^|/)\.flake8$", dev=True),
    Usage("pylint", "python", ("pylint",), r"^\[tool\.pylint", suffixes=(".toml",), files=r"(^|/)\.?pylintrc$", dev=True),
    Usage("eslint", "node", ("eslint",), r"\"eslintConfig\"\s*:", suffixes=(".json",), files=r"(^|/)(\.eslintrc(\.[cm]?js|\.json|\.ya?ml)?|eslint\.config\.[cm]?[jt]s)$", dev=True),
    Usage("biome", "node", ("@biomejs/biome",), files=r"(^|/)biome\.jsonc?$", dev=True),
    Usage("golangci-lint", "go", (), files=r"(^|/)\.golangci\.(ya?ml|toml|json)$", dev=True),
    Usage("staticcheck", "go", (), files=r"(^|/)staticcheck\.conf$", dev=True),
    Usage("checkstyle / spotbugs / pmd", "java", (), r"maven-checkstyle-plugin|spotbugs|maven-pmd-plugin|id\s*\(?\s*['\"](checkstyle|pmd|com\.github\.spotbugs)['\"]|errorprone",
          suffixes=(".xml", ".gradle", ".kts"), dev=True),
)
_PRE_COMMIT = r"(^|/)\.pre-commit-config\.ya?ml$"


@check(
    id="qa.lint",
    blind_spots="Linters run only by a developer's editor are not seen.",
    title="A linter is configured and enforced",
    severity="medium",
    why="""
    Linters catch whole classes of bugs (unused variables, shadowed names, unsafe patterns)
    before review. A linter configured but never run in CI is a suggestion; enforced, it keeps
    the codebase from drifting.
    """,
    fix="Configure the stack's linter in the repo and run it in CI (and pre-commit) so a violation fails the build.",
    fix_by_stack={
        "python": "Add `[tool.ruff.lint]` to pyproject.toml and a CI step `ruff check .` (plus the ruff pre-commit hook).",
        "node": "Add `eslint.config.js` (typescript-eslint for TS) and a CI step `npx eslint .`.",
        "go": "Add `.golangci.yml` and the golangci/golangci-lint-action to CI.",
        "java": "Add the maven-checkstyle-plugin or SpotBugs (or Gradle's `checkstyle` plugin) with `failOnViolation` and run it in `verify`.",
    },
    references=("https://docs.astral.sh/ruff/linter/", "https://eslint.org/docs/latest/use/getting-started", "https://golangci-lint.run/"),
)
def lint(ctx: CheckContext) -> Outcome:
    report = ctx.usage(CONFIGS)
    if ctx.stack == "unknown":
        return Outcome.not_applicable("no recognised stack to lint")
    enforced = [(p, j) for p in ctx.repo.ci_pipelines for j in p.jobs_that("lint")]
    if ctx.stack == "java" and report.wired and not enforced:
        # checkstyle/spotbugs/pmd applied as build plugins run in every CI build or test job
        enforced = [(p, j) for p in ctx.repo.ci_pipelines for j in p.jobs if {"build", "test"} & set(j.kinds)]
    hooks = ctx.config_files(_PRE_COMMIT)
    ev = [evidence(h.path, h.line, h.text, note=f"{h.usage.name} configured") for h in report.wired]
    ev += [evidence(p.path, j.line, note=f"{p.system} job '{j.name}' runs a linter") for p, j in enforced]
    ev += [evidence(h.path, None, note="pre-commit hooks") for h in hooks]
    if report.wired and (enforced or hooks):
        return Outcome.passed(f"{', '.join(report.names)} configured and enforced", ev)
    if report.wired:
        return Outcome.partial(5, f"{', '.join(report.names)} configured but not run in CI or pre-commit", ev)
    if enforced:
        return Outcome.partial(6, "a lint step runs in CI with default settings (no configuration in the repo)", ev)
    if report.listed_only:
        usage, dep = report.listed_only[0]
        return Outcome.partial(3, f"{usage.name} is a dependency but not configured or run", [evidence(dep.path, dep.line, note="listed only")])
    return Outcome.failed(f"no linter configured for this {ctx.stack} code")
