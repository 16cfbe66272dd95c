"""Read a JSON report back into a Scorecard, so saved reports can be diffed and posted.

The inverse of reporters/json_report.to_dict. Check metadata that a report does not carry
(why, per-stack fixes) is taken from the installed checks when the id is known.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from prodready.model import (
    BaselineSummary,
    Blame,
    BlameReport,
    CategoryScore,
    CheckChange,
    CheckMeta,
    CheckResult,
    CommitRef,
    Delta,
    Evidence,
    Finding,
    NextStep,
    Outcome,
    Scorecard,
    ServiceCard,
    Severity,
    Status,
    WaiverNote,
    WaiverState,
)


class ReportError(ValueError):
    """The file is not a prodready JSON report this version can read."""


@lru_cache(maxsize=1)
def _installed() -> Mapping[str, CheckMeta]:
    """Metadata of the built-in checks by id, discovered once per process: `prodready fleet`
    reads thousands of reports, and discovering the checks for each was two thirds of the time."""
    from prodready.registry import discover

    return MappingProxyType({c.meta.id: c.meta for c in discover()})


def _waiver(w: dict[str, Any] | None) -> WaiverNote | None:
    if not isinstance(w, dict):
        return None
    return WaiverNote(str(w.get("reason", "")), str(w.get("source", "")), bool(w.get("inline")), w.get("owner"), w.get("expires"))


def _evidence(e: dict[str, Any]) -> Evidence:
    return Evidence(path=str(e.get("path", "")), line=e.get("line"), snippet=str(e.get("snippet", "")),
                    note=str(e.get("note", "")), severity=Severity(e["severity"]) if e.get("severity") else None,
                    service=e.get("service"), fingerprint=str(e.get("fingerprint", "")), waiver=_waiver(e.get("waiver")),
                    baselined=e.get("baseline") == "known")


def _meta(check: dict[str, Any], known: Mapping[str, CheckMeta]) -> CheckMeta:
    if check["id"] in known:
        return known[check["id"]]
    return CheckMeta(id=check["id"], title=check.get("title", check["id"]), category=check.get("category", check["id"].split(".")[0]),
                     severity=Severity(check.get("severity", "medium")), why="", fix=check.get("remediation", ""),
                     references=tuple(check.get("references", ())))


def _result(check: dict[str, Any], known: Mapping[str, CheckMeta], metas: dict[str, CheckMeta], service: str | None = None) -> CheckResult:
    meta = metas.get(check["id"]) or _meta(check, known)
    outcome = Outcome(Status(check["status"]), check.get("score"), check.get("message", ""),
                      tuple(_evidence(e) for e in check.get("evidence", ())))
    original = check.get("original_status")
    return CheckResult(meta, outcome, check.get("remediation", meta.fix), service, waiver=_waiver(check.get("waiver")),
                       original_status=Status(original) if original else None,
                       fingerprint=str(check.get("fingerprint", "")), baselined=check.get("baseline") == "known")


def _delta(d: dict[str, Any] | None) -> Delta | None:
    if not d:
        return None
    def finding(f):
        return Finding(f["check"], f["path"], f.get("line"), f.get("note", ""), f.get("snippet", ""), f.get("service"),
                       f.get("fingerprint") or "")
    return Delta(d.get("base_ref"), d.get("base_commit"), d.get("score_before"), d.get("score_after"),
                 d.get("grade_before", "-"), d.get("grade_after", "-"), d.get("level_before", "none"), d.get("level_after", "none"),
                 tuple(CheckChange(c["id"], c.get("title", c["id"]), c.get("before_status"), c.get("before_score"),
                                   c.get("after_status"), c.get("after_score"), c["change"]) for c in d.get("checks", ())),
                 tuple(finding(f) for f in d.get("new_findings", ())), tuple(finding(f) for f in d.get("resolved_findings", ())))


def from_dict(data: dict[str, Any]) -> Scorecard:
    if not isinstance(data, dict) or data.get("schema_version") != 1 or "checks" not in data:
        raise ReportError("not a prodready JSON report (schema_version 1)")
    known = _installed()
    metas = {c["id"]: _meta(c, known) for c in data["checks"]}
    results = tuple(_result(c, known, metas) for c in data["checks"])
    services = tuple(
        ServiceCard(s["path"], s.get("stack", "unknown"), s.get("kind", "api"), tuple(s.get("frameworks", ())), s.get("score"),
                    s.get("grade", "-"), s.get("level", "none"), tuple(_result(c, known, metas, s["path"]) for c in s.get("checks", ())))
        for s in data.get("services", ())
    )
    return Scorecard(
        tool_version=data.get("tool", {}).get("version", "?"),
        target_path=data.get("target", {}).get("path", ""),
        commit=data.get("target", {}).get("commit"),
        score=data.get("score"), grade=data.get("grade", "-"), level=data.get("level", "none"),
        next_level=data.get("next_level"),
        next_steps=tuple(NextStep(n["check"], n.get("title", ""), n.get("gain", 0), n.get("reason", "")) for n in data.get("next_steps", ())),
        categories=tuple(CategoryScore(c["id"], c.get("title", c["id"]), c.get("score"), c.get("counts", {})) for c in data.get("categories", ())),
        services=services, results=results, notes=tuple(data.get("notes", ())),
        generated_at=data.get("generated_at", ""), duration_seconds=data.get("duration_seconds", 0.0),
        delta=_delta(data.get("delta")),
        anchor=data.get("anchor", "README.md"),
        config_source=data.get("config"),
        waivers=tuple(
            WaiverState(w["check"], w.get("source", ""), w.get("reason", ""), w.get("state", "applied"), w.get("matches", 0),
                        w.get("path"), w.get("fingerprint"), w.get("owner"), w.get("expires"), bool(w.get("inline")),
                        w.get("detail", ""))
            for w in data.get("waivers", ()) if isinstance(w, dict) and "check" in w
        ),
        baseline=BaselineSummary(b.get("file", ""), b.get("known", 0), b.get("new", 0), b.get("fixed", 0))
        if isinstance(b := data.get("baseline"), dict) else None,
        blame=_blame(data.get("blame")),
    )


def _blame(data: Any) -> BlameReport | None:
    """The `blame` of a report written with `audit --blame` (None without it)."""
    if not isinstance(data, dict):
        return None

    def commit(c: Any) -> CommitRef | None:
        if not isinstance(c, dict) or not isinstance(c.get("sha"), str):
            return None
        return CommitRef(c["sha"], str(c.get("date", "")), str(c.get("author", "")), str(c.get("subject", "")))

    entries = tuple(Blame(str(b["check"]), commit(b.get("commit")), b.get("reason") or "")
                    for b in data.get("checks", ()) if isinstance(b, dict) and "check" in b)
    return BlameReport(int(data.get("last", 0)), data.get("head"), entries)


def load(path: Path) -> Scorecard:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ReportError(f"cannot read {path}: {exc}") from exc
    return from_dict(data)
