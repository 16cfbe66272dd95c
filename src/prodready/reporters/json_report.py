"""The JSON report: the stable contract other tools build on (schema in schema/report.schema.json).

Extend, never break: fields are only ever added. Keys are sorted so output is byte-stable.
"""

from __future__ import annotations

import json
from typing import Any

from prodready.model import BlameReport, CheckResult, CommitRef, Evidence, Scorecard, WaiverNote

SCHEMA_VERSION = 1


def waiver_dict(note: WaiverNote | None) -> dict[str, Any] | None:
    if note is None:
        return None
    return {"reason": note.reason, "source": note.source, "inline": note.inline, "owner": note.owner, "expires": note.expires}


def _evidence(e: Evidence) -> dict[str, Any]:
    out: dict[str, Any] = {"path": e.path, "line": e.line, "snippet": e.snippet}
    if e.note:
        out["note"] = e.note
    if e.severity:
        out["severity"] = e.severity.value
    if e.service:
        out["service"] = e.service
    if e.fingerprint:
        out["fingerprint"] = e.fingerprint
    if e.waiver:
        out["waiver"] = waiver_dict(e.waiver)
    if e.baselined:
        out["baseline"] = "known"
    return out


def _check(result: CheckResult, full: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": result.id,
        "status": result.status.value,
        "score": result.score,
        "message": result.outcome.message,
        "evidence": [_evidence(e) for e in result.outcome.evidence],
    }
    if result.waiver:
        out["waiver"] = waiver_dict(result.waiver)
        out["original_status"] = result.original_status.value if result.original_status else None
    if result.fingerprint:
        out["fingerprint"] = result.fingerprint
    if result.baselined:
        out["baseline"] = "known"
    if full:
        out.update({
            "title": result.meta.title,
            "category": result.meta.category,
            "severity": result.meta.severity.value,
            "remediation": result.remediation,
            "references": list(result.meta.references),
        })
    return out


def to_dict(card: Scorecard) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "prodready", "version": card.tool_version},
        "target": {"path": card.target_path, "commit": card.commit},
        "generated_at": card.generated_at,
        "duration_seconds": card.duration_seconds,
        "score": card.score,
        "grade": card.grade,
        "level": card.level,
        "next_level": card.next_level,
        "next_steps": [
            {"check": s.check_id, "title": s.title, "gain": s.gain, "reason": s.reason} for s in card.next_steps
        ],
        "categories": [
            {"id": c.id, "title": c.title, "score": c.score, "counts": dict(sorted(c.counts.items()))}
            for c in card.categories
        ],
        "services": [
            {"path": s.path, "stack": s.stack, "kind": s.kind, "frameworks": list(s.frameworks),
             "score": s.score, "grade": s.grade, "level": s.level,
             "checks": [_check(r, full=False) for r in s.results]}
            for s in card.services
        ],
        "checks": [_check(r) for r in card.results],
        "notes": list(card.notes),
        "anchor": card.anchor,
        "config": card.config_source,
        **({"delta": delta_dict(card.delta)} if card.delta else {}),
        **({"profile": {k: dict(v) for k, v in card.profile.items()}} if card.profile else {}),
        "waivers": [
            {"check": w.check_id, "source": w.source, "reason": w.reason, "state": w.state, "matches": w.matches,
             "path": w.path, "fingerprint": w.fingerprint, "owner": w.owner, "expires": w.expires,
             "inline": w.inline, "detail": w.detail}
            for w in card.waivers
        ],
        **({"baseline": {"file": card.baseline.file, "known": card.baseline.known, "new": card.baseline.new,
                         "fixed": card.baseline.fixed}} if card.baseline else {}),
        **({"blame": blame_dict(card.blame)} if card.blame is not None else {}),
    }


def commit_dict(ref: CommitRef | None) -> dict[str, Any] | None:
    """A commit as every report names it (history's too)."""
    if ref is None:
        return None
    return {"sha": ref.sha, "short": ref.short, "date": ref.date, "author": ref.author, "subject": ref.subject}


def blame_dict(report: BlameReport) -> dict[str, Any]:
    """`audit --blame`: per failing check, the commit that made it fail, or null and why."""
    return {"last": report.last, "head": report.head,
            "checks": [{"check": b.check_id, "commit": commit_dict(b.commit), "reason": b.reason or None}
                       for b in report.entries]}


def delta_dict(delta) -> dict[str, Any]:
    def finding(f):
        return {"check": f.check_id, "path": f.path, "line": f.line, "note": f.note, "snippet": f.snippet, "service": f.service,
                "fingerprint": f.fingerprint}
    return {
        "base_ref": delta.base_ref, "base_commit": delta.base_commit,
        "score_before": delta.score_before, "score_after": delta.score_after, "score_change": delta.score_change,
        "grade_before": delta.grade_before, "grade_after": delta.grade_after,
        "level_before": delta.level_before, "level_after": delta.level_after,
        "checks": [{"id": c.check_id, "title": c.title, "before_status": c.before_status, "before_score": c.before_score,
                    "after_status": c.after_status, "after_score": c.after_score, "change": c.change}
                   for c in delta.checks if c.change != "same"],
        "new_findings": [finding(f) for f in delta.new_findings],
        "resolved_findings": [finding(f) for f in delta.resolved_findings],
        "base_config": delta.base_config,
        "base_notes": list(delta.base_notes),
    }


def render(card: Scorecard, **_options: Any) -> str:
    return json.dumps(to_dict(card), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
