"""Verdict shapes shared by checks, so the same situation reads the same in every check."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.facts.usage import UsageReport
from prodready.model import Outcome, Severity


def usage_outcome(report: UsageReport, what: str, missing: str, partial_score: float = 4.0) -> Outcome:
    """Wired: pass. Listed but never wired: partial. Neither: fail with `missing`."""
    if report.wired:
        ev = [evidence(h.path, h.line, h.text, note=f"{h.usage.name}: {what}") for h in report.wired]
        return Outcome.passed(f"{what}: {', '.join(report.names)}", ev)
    if report.listed_only:
        ev = [evidence(dep.path, dep.line, note=f"{usage.name} is a dependency but is never wired in production code",
                       severity=Severity.MEDIUM) for usage, dep in report.listed_only]
        names = ", ".join(sorted({u.name for u, _ in report.listed_only}))
        return Outcome.partial(partial_score, f"{names} listed but never wired in production code", ev)
    return Outcome.failed(missing)


def needs_http_service(ctx: CheckContext, what: str) -> Outcome | None:
    """not_applicable unless the scope is an HTTP API service."""
    if ctx.service is None or ctx.service.kind != "api":
        kind = ctx.service.kind if ctx.service else "repository"
        return Outcome.not_applicable(f"no HTTP API in this {kind}: {what} does not apply")
    return None


def needs_deployable(ctx: CheckContext, what: str) -> Outcome | None:
    """not_applicable for libraries and frontends."""
    if ctx.service is None or not ctx.service.deployable:
        kind = ctx.service.kind if ctx.service else "repository"
        return Outcome.not_applicable(f"this {kind} is not a deployable service: {what} does not apply")
    return None


def needs_sql(ctx: CheckContext, what: str) -> Outcome | None:
    """not_applicable unless the service uses a SQL database."""
    if ctx.service is None or not ctx.repo.database(ctx.service).uses_sql:
        return Outcome.not_applicable(f"no SQL database in the dependencies: {what} does not apply")
    return None
