"""The change between two scorecards: per check and overall, and which findings are new.

Findings are compared by their content fingerprints (see fingerprints.py), never by line
numbers, so code that merely moved is neither new nor resolved. Waived findings are left out.
The base's configuration and notes travel with the delta: the head's scorecard is the report,
and without them what the base audit could not read would be lost.
"""

from __future__ import annotations

from dataclasses import replace

from prodready.model import CheckChange, CheckResult, Delta, Finding, Scorecard, Status

_BAD = (Status.FAIL, Status.PARTIAL, Status.ERROR)


def scoped_results(card: Scorecard) -> list[CheckResult]:
    """Each result once, at the scope it was judged: per service for service checks, once for
    repo checks (the repo-level results when a report carries no per-service ones)."""
    per_service = [r for s in card.services for r in s.results if r.meta.scope == "service"]
    if not per_service:
        return list(card.results)
    return per_service + [r for r in card.results if r.meta.scope == "repo"]


def findings(card: Scorecard) -> list[Finding]:
    """Evidence of failing and partial checks (positive 'ok ...' context is left out)."""
    out = []
    for result in scoped_results(card):
        if result.status not in (Status.FAIL, Status.PARTIAL):
            continue
        for e in result.outcome.evidence:
            if not e.is_finding or e.waiver is not None:
                continue
            out.append(Finding(result.id, e.path, e.line, e.note, e.snippet, e.service, e.fingerprint))
    unique = {f.key: f for f in out}
    return list(unique.values())


def _change(before: CheckResult | None, after: CheckResult | None) -> str:
    if before is None:
        return "new check"
    if after is None:
        return "removed"
    if after.status in _BAD and before.status not in _BAD:
        return "new failure"
    if before.status in _BAD and after.status not in _BAD:
        return "fixed"
    b, a = before.score, after.score
    if a is not None and b is not None and a != b:
        return "better" if a > b else "worse"
    if before.status != after.status:
        return "changed"
    return "same"


def compute(base: Scorecard, head: Scorecard, base_ref: str | None = None) -> Delta:
    before = {r.id: r for r in base.results}
    after = {r.id: r for r in head.results}
    changes = []
    for check_id in sorted(set(before) | set(after)):
        b, a = before.get(check_id), after.get(check_id)
        meta = (a or b).meta
        changes.append(CheckChange(
            check_id, meta.title,
            b.status.value if b else None, b.score if b else None,
            a.status.value if a else None, a.score if a else None,
            _change(b, a),
        ))
    base_list, head_list = findings(base), findings(head)
    # reports from before fingerprints existed are compared by content without the line
    by_print = all(f.fingerprint for f in base_list + head_list)

    def key(f: Finding) -> tuple[str, ...]:
        return f.key if by_print else (f.check_id, f.path, f.note, f.snippet, f.service or "")

    base_findings = {key(f): f for f in base_list}
    head_findings = {key(f): f for f in head_list}
    return Delta(
        base_ref=base_ref,
        base_commit=base.commit,
        score_before=base.score,
        score_after=head.score,
        grade_before=base.grade,
        grade_after=head.grade,
        level_before=base.level,
        level_after=head.level,
        checks=tuple(changes),
        new_findings=tuple(head_findings[k] for k in head_findings if k not in base_findings),
        resolved_findings=tuple(base_findings[k] for k in base_findings if k not in head_findings),
        base_config=base.config_source,
        base_notes=base.notes,
    )


def attach(head: Scorecard, base: Scorecard, base_ref: str | None = None) -> Scorecard:
    return replace(head, delta=compute(base, head, base_ref))
