"""Run an audit: select checks, gather facts, run each check per scope, score, freeze.

A check that raises becomes an `error` result with the reason, and the audit goes on.
"""

from __future__ import annotations

import datetime as _dt
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable, Sequence

from prodready import __version__
from prodready.facts import AuditOptions, CheckContext, RepoFacts
from prodready.facts.services import Service
from prodready.model import (
    BaselineSummary,
    Check,
    CheckResult,
    Outcome,
    Scorecard,
    ServiceCard,
    Status,
    WaiverNote,
)
from prodready.scanning.files import FileIndex
from prodready.scoring import category_scores, counted, grade, level, next_level, weighted_score
from prodready.waivers import Policy

Progress = Callable[[str], None]


def select(checks: Sequence[Check], only: Sequence[str] = (), skip: Sequence[str] = ()) -> list[Check]:
    """Checks matching `only` (ids or categories) minus `skip`; unknown names are an error."""
    known = {c.meta.id for c in checks} | {c.meta.category for c in checks}
    unknown = sorted((set(only) | set(skip)) - known)
    if unknown:
        raise ValueError(f"unknown check id or category: {', '.join(unknown)}")

    def matches(check: Check, names: Sequence[str]) -> bool:
        return check.meta.id in names or check.meta.category in names

    chosen = [c for c in checks if not only or matches(c, only)]
    return [c for c in chosen if not matches(c, skip)]


def run_check(check: Check, ctx: CheckContext) -> Outcome:
    try:
        outcome = check.run(ctx)
        if not isinstance(outcome, Outcome):
            return Outcome.error(f"check returned {type(outcome).__name__}, not an Outcome")
        if outcome.score is not None and not 0 <= outcome.score <= 10:
            return Outcome.error(f"check returned score {outcome.score} outside 0-10")
        return outcome
    except Exception as exc:  # noqa: BLE001 - one broken check must not stop the audit
        from prodready.redact import scrub

        return Outcome.error(f"check crashed: {type(exc).__name__}: {scrub(str(exc))[:200]}")


def _result(check: Check, outcome: Outcome, service: Service | None) -> CheckResult:
    label = service.display if service else None
    evidence = tuple(replace(e, service=label) for e in outcome.evidence)
    frameworks = service.frameworks if service else ()
    return CheckResult(
        meta=check.meta,
        outcome=replace(outcome, evidence=evidence),
        remediation=check.meta.fix_for(frameworks, service.stack if service else None),
        service=label,
    )


def combine(check: Check, results: Sequence[CheckResult]) -> CheckResult:
    """One repo-level result from per-service results of the same check."""
    if len(results) == 1:
        return replace(results[0], service=None)
    counted_scores = [r.score or 0.0 for r in results if counted(r)]
    score = round(sum(counted_scores) / len(counted_scores), 1) if counted_scores else None
    status, waiver = _combined_status(results)
    message = "; ".join(f"{r.service}: {r.outcome.message}" for r in results)
    evidence = tuple(e for r in results for e in r.outcome.evidence)
    failing = [r for r in results if r.status in (Status.FAIL, Status.PARTIAL)]
    worst = failing[0] if failing else results[0]
    original = worst.original_status if status is Status.WAIVED else None
    return CheckResult(check.meta, Outcome(status, score, message, evidence), worst.remediation, None,
                       waiver=waiver, original_status=original,
                       baselined=bool(failing) and all(r.baselined for r in failing))


def _combined_status(results: Sequence[CheckResult]) -> tuple[Status, WaiverNote | None]:
    """The services' shared status when they agree, else partial; waived only when no service
    was judged; error or not_applicable when none was."""
    judged = {r.status for r in results if r.status.scored}
    if judged:
        return (judged.pop() if len(judged) == 1 else Status.PARTIAL), None
    waived = [r for r in results if r.status is Status.WAIVED]
    if waived:
        return Status.WAIVED, waived[0].waiver
    return (Status.ERROR if any(r.status is Status.ERROR for r in results) else Status.NOT_APPLICABLE), None


def _switched_off(check: Check, service: Service, options: AuditOptions) -> Outcome | None:
    """not_applicable when the configuration's profile for this kind of service disables it."""
    for kind, names in options.profiles:
        if kind == service.kind and (check.meta.id in names or check.meta.category in names):
            return Outcome.not_applicable(f"switched off for {kind} services by the configuration (profiles.{kind}.disable)")
    return None


def audit(root: Path, checks: Sequence[Check], options: AuditOptions | None = None,
          progress: Progress | None = None, policy: Policy | None = None, index: FileIndex | None = None) -> Scorecard:
    """Audit the tree at `root` (or the files of `index`, such as a git revision's) with
    `checks` and return the frozen scorecard."""
    started = time.monotonic()
    options = options or AuditOptions()
    policy = policy or Policy()
    facts = RepoFacts(root, options, index)
    say = progress or (lambda _msg: None)
    say(f"indexing files in {root}")
    try:
        return _audit(root, checks, options, policy, facts, say, started)
    finally:
        facts.close()


def _audit(root: Path, checks: Sequence[Check], options: AuditOptions, policy: Policy, facts: RepoFacts,
           say: Progress, started: float) -> Scorecard:
    len(facts.files)
    services = sorted(facts.services, key=lambda s: s.path)
    facts.prefetch(kind for check in checks for kind in check.meta.prefetch)
    outcomes: dict[str, tuple[CheckResult, list[CheckResult]]] = {}
    check_times: dict[str, float] = {}
    for number, check in enumerate(_run_order(checks), 1):
        say(f"[{number}/{len(checks)}] {check.meta.id}")
        check_started = time.perf_counter()
        outcomes[check.meta.id] = _judge(check, facts, services, options, policy)
        check_times[check.meta.id] = time.perf_counter() - check_started
    repo_results = [outcomes[check.meta.id][0] for check in checks]
    per_service: dict[str, list[CheckResult]] = {s.path: [] for s in services}
    for check in checks:
        for service, result in zip(services, outcomes[check.meta.id][1]):
            per_service[service.path].append(result)

    cards = []
    for service in services:
        results = tuple(per_service[service.path])
        score = weighted_score(results)
        cards.append(ServiceCard(service.display, service.stack, service.kind, service.frameworks,
                                 score, grade(score), level(results), results))
    score = weighted_score(repo_results)
    target, steps = next_level(repo_results)
    notes = list(facts.notes) + list(facts.files.notes)
    notes += [e.message() for e in facts.parse_errors]
    notes += [f"{count} files left out: {reason}" for reason, count in sorted(facts.files.excluded.items())]
    for other in facts.other_packages:
        notes.append(f"{other.display}: {other.kind} package ({other.stack}), not audited as a service")
    from prodready.redact import scrub

    known, new, fixed = policy.baseline_counts()
    return Scorecard(
        tool_version=__version__,
        target_path=str(root),
        commit=facts.commit,
        score=score,
        grade=grade(score),
        level=level(repo_results),
        next_level=target,
        next_steps=steps,
        categories=category_scores(repo_results),
        services=tuple(cards),
        results=tuple(repo_results),
        notes=tuple(scrub(n) for n in notes),
        generated_at=_dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        duration_seconds=round(time.monotonic() - started, 3),
        anchor=_anchor(facts),
        profile=_profile(facts, check_times) if options.profile else None,
        waivers=policy.states(),
        baseline=BaselineSummary(policy.baseline_file, known, new, fixed) if policy.baseline is not None else None,
    )


def _run_order(checks: Sequence[Check]) -> list[Check]:
    """The checks in the order to run them: those that read a batch started on the workers at
    the start (Check.meta.prefetch) after all the others, in the order their batches were
    started, so this process works through the rest while the workers finish, and waits (if it
    must) only at the end. Fixed by the checks alone, never by timing, so facts are computed,
    and their notes written, in the same order on every run; results are reported in the
    checks' own order."""
    kinds = list(dict.fromkeys(kind for check in checks for kind in check.meta.prefetch))
    return sorted(checks, key=lambda c: min((kinds.index(k) + 1 for k in c.meta.prefetch), default=0))


def _judge(check: Check, facts: RepoFacts, services: Sequence[Service], options: AuditOptions,
           policy: Policy) -> tuple[CheckResult, list[CheckResult]]:
    """(the repository's result, each service's result in `services` order) of one check: a
    repo-scoped check gives every service the one result."""
    if check.meta.scope == "repo":
        result = policy.apply(_result(check, run_check(check, CheckContext(facts, None, options)), None), None, facts.lines)
        return result, [result] * len(services)
    results = []
    for service in services:
        outcome = _switched_off(check, service, options) or run_check(check, CheckContext(facts, service, options))
        results.append(policy.apply(_result(check, outcome, service), service.path, facts.lines))
    return combine(check, results), results


def _profile(facts: RepoFacts, check_times: dict[str, float]) -> dict[str, dict[str, float]]:
    """Wall times in seconds, largest first. A fact's time is counted where it was first
    needed, so a check's time includes the facts it was first to ask for."""
    def rounded(times: dict[str, float]) -> dict[str, float]:
        return {k: round(v, 4) for k, v in sorted(times.items(), key=lambda kv: (-kv[1], kv[0]))}

    return {"facts": rounded(facts.timings), "checks": rounded(check_times)}


def _anchor(facts: RepoFacts) -> str:
    """The root README, else the first manifest, else the first file: where findings about
    something missing are attached for tools that need a file (SARIF, annotations)."""
    for entry in facts.files:
        if "/" not in entry.path and entry.name.lower().startswith("readme"):
            return entry.path
    manifests = [m.path for m in facts.manifests]
    if manifests:
        return manifests[0]
    return facts.files.entries[0].path if len(facts.files) else "README.md"
