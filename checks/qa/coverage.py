"""qa.coverage: a coverage report shows the tests exercise enough of the code."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.model import Outcome, Severity, Status
from prodready.registry import check


def _judge(usable: list, broken: list, threshold: float, unusable: str) -> Outcome:
    """The line coverage of the usable reports against the threshold; a stale report, or an
    inconsistent one beside them (`unusable`), keeps it from passing."""
    covered = sum(r.covered for r in usable)
    total = sum(r.total for r in usable)
    rate = round(100.0 * covered / total, 1) if total else round(min(r.line_rate or 0 for r in usable), 1)
    ev = [_report_evidence(r) for r in usable] + broken
    stale = any(r.stale for r in usable)
    suffix = " (report is stale: it describes files that are not in this tree)" if stale else ""
    score = max(0.0, min(10.0, round(10 * rate / threshold, 1))) if threshold else 10.0
    if rate >= threshold and not stale and not unusable:
        return Outcome.passed(f"line coverage {rate}% (threshold {threshold:g}%)", ev)
    if rate >= threshold:
        return Outcome.partial(6, f"line coverage {rate}% meets {threshold:g}%{suffix}{unusable}", ev)
    if rate >= threshold - 20:
        return Outcome.partial(min(score, 9.0), f"line coverage {rate}% is below the {threshold:g}% threshold{suffix}", ev)
    return Outcome(Status.FAIL, min(score, 3.9), f"line coverage {rate}% is far below the {threshold:g}% threshold{suffix}", tuple(ev))


def _report_evidence(report):
    note = f"{report.format}: {report.line_rate:.1f}% of lines ({report.covered}/{report.total})"
    if report.stale:
        note += f"; stale: {report.stale_files} of {len(report.files)} reported files are not in the tree"
    return evidence(report.path, None, note=note, severity=Severity.MEDIUM if report.stale else None)


def _why_unusable(report) -> str:
    if report.inconsistent:
        return f"{report.error}; counted as no usable report"
    return report.error or "report holds no line data"


@check(
    id="qa.coverage",
    blind_spots="Never runs tests: without a report in the tree or --coverage the check can only credit a configured gate.",
    title="Test coverage meets the threshold",
    severity="medium",
    scope="repo",
    why="""
    Coverage does not prove tests are good, but low coverage proves that much of the code has
    never run before it reaches production. A gate in CI keeps it from sliding.
    """,
    fix="""
    Produce a coverage report in CI, fail the build under a threshold, and hand the report to
    prodready with `--coverage FILE` (the audit never runs your tests).
    """,
    fix_by_stack={
        "python": "Run `pytest --cov --cov-report=xml --cov-fail-under=80` (pytest-cov) and pass `--coverage coverage.xml`; or set `[tool.coverage.report] fail_under = 80`.",
        "node": "Run `jest --coverage` with `coverageThreshold: { global: { lines: 80 } }` (or `c8 --check-coverage --lines 80`) and pass `--coverage coverage/lcov.info`.",
        "go": "Run `go test -coverprofile=coverage.out ./...`, gate it (for example go-test-coverage), and pass `--coverage coverage.out`.",
        "java": "Add the jacoco-maven-plugin with a `check` goal and a LINE `<minimum>0.80</minimum>` rule; pass `--coverage target/site/jacoco/jacoco.xml`.",
    },
    references=(
        "https://coverage.readthedocs.io/en/latest/config.html#report-fail-under",
        "https://jestjs.io/docs/configuration#coveragethreshold-object",
        "https://go.dev/blog/cover",
        "https://www.eclemma.org/jacoco/trunk/doc/check-mojo.html",
    ),
)
def coverage(ctx: CheckContext) -> Outcome:
    reports = ctx.repo.coverage_reports
    usable = [r for r in reports if r.line_rate is not None and not r.error]
    inconsistent = sum(1 for r in reports if r.inconsistent)
    broken = [evidence(r.path, None, note=_why_unusable(r), severity=Severity.MEDIUM) for r in reports if r not in usable]
    unusable = f" ({inconsistent} inconsistent report(s) not used)" if inconsistent else ""
    if usable:
        return _judge(usable, broken, ctx.options.coverage_threshold, unusable)
    if not any(f.suffix in (".py", ".js", ".ts", ".go", ".java", ".kt") for f in ctx.files()):
        return Outcome.not_applicable("no source code to cover")
    gates = ctx.repo.coverage_gates
    if gates:
        ev = [evidence(g.path, g.line, g.text, note="coverage gate configured") for g in gates] + broken
        return Outcome.partial(4, f"a coverage gate is configured but no usable report was found{unusable} (pass one with --coverage)", ev)
    if inconsistent:
        return Outcome.failed(f"no usable coverage report{unusable} and no coverage gate (pass --coverage FILE)", broken)
    return Outcome.failed("no coverage report and no coverage gate (the audit never runs tests; pass --coverage FILE)", broken)
