"""SARIF 2.1.0 for GitHub code scanning: one rule per check, one result per finding.

Within GitHub's limits: at most 5,000 results per run (what code scanning keeps; the hard
limit is 25,000), worst first, one location per result, at most 10 tags per rule. Each result
carries the finding's content fingerprint (fingerprints.py), not its line, so an alert survives
code moving around it. Waived findings stay in the log with an accepted suppression (inSource
for inline waivers, external for the configuration's); with a baseline, only new findings are
reported, marked baselineState "new".
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from prodready.model import CheckMeta, CheckResult, Evidence, Scorecard, Severity, Status
from prodready.reporters.common import blame_of, waiver_text
from prodready.reporters.json_report import commit_dict

MAX_RESULTS = 5000
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note"}
_SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "7.5", Severity.MEDIUM: "5.0", Severity.LOW: "2.5"}
_RANK = {"error": 0, "warning": 1, "note": 2}


def _rule(meta: CheckMeta) -> dict[str, Any]:
    help_lines = [meta.fix] + [f"- {stack}: {fix}" for stack, fix in sorted(meta.fix_by_stack.items())]
    help_lines += [f"\nReferences: {', '.join(meta.references)}"] if meta.references else []
    rule: dict[str, Any] = {
        "id": meta.id,
        "name": "".join(word.capitalize() for word in meta.id.replace("-", ".").split(".")),
        "shortDescription": {"text": meta.title},
        "fullDescription": {"text": meta.why or meta.title},
        "help": {"text": "\n".join(help_lines), "markdown": "\n".join(help_lines)},
        "defaultConfiguration": {"level": _LEVEL[meta.severity]},
        "properties": {"tags": [meta.category, "production-readiness"] + (["security"] if meta.category == "sec" else []),
                       "precision": "medium"},
    }
    if meta.references:
        rule["helpUri"] = meta.references[0]
    if meta.category == "sec":
        rule["properties"]["security-severity"] = _SECURITY_SEVERITY[meta.severity]
    return rule


def fingerprint(check_id: str, path: str, note: str, snippet: str, service: str | None) -> str:
    raw = "\x1f".join((check_id, path, note, snippet, service or ""))
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


def to_dict(card: Scorecard) -> dict[str, Any]:
    """The SARIF log: one run, every check as a rule, every open finding as a result."""
    metas = [r.meta for r in card.results]
    index = {m.id: i for i, m in enumerate(metas)}
    results = _distinct([found for result in card.results for found in _results_of(result, card, index[result.id])])
    results.sort(key=lambda r: (_RANK[r["level"]], r["ruleId"]))
    truncated = max(0, len(results) - MAX_RESULTS)
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "prodready",
            "version": card.tool_version,
            "semanticVersion": card.tool_version,
            "informationUri": "https://pypi.org/project/prodready/",
            "rules": [_rule(m) for m in metas],
        }},
        "automationDetails": {"id": "prodready/"},
        "columnKind": "utf16CodeUnits",
        "results": results[:MAX_RESULTS],
        "properties": {"score": card.score, "grade": card.grade, "level": card.level, "truncatedResults": truncated},
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _distinct(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One result per finding: a finding several services share (the root README judged for
    each of them) is the same alert, and code scanning would show it once per copy."""
    seen: set[tuple] = set()
    out = []
    for found in results:
        place = found["locations"][0]["physicalLocation"]
        key = (found["ruleId"], place["artifactLocation"]["uri"], place.get("region", {}).get("startLine"),
               found["partialFingerprints"]["prodreadyFinding/v1"], found["message"]["text"])
        if key not in seen:
            seen.add(key)
            out.append(found)
    return out


def _results_of(result: CheckResult, card: Scorecard, rule_index: int) -> list[dict[str, Any]]:
    """The SARIF results of one failing or partial check: one per finding not in the baseline,
    or one for the check as a whole when it has no finding evidence."""
    status = result.original_status if result.status is Status.WAIVED else result.status
    if status not in (Status.FAIL, Status.PARTIAL) or result.baselined:
        return []
    findings = [e for e in result.outcome.evidence if e.is_finding and not e.baselined]
    if not findings and any(e.is_finding for e in result.outcome.evidence):
        return []  # every finding is already known from the baseline
    base_level = _LEVEL[result.meta.severity] if status is Status.FAIL else "warning"
    return [_blamed(_one_result(result, status, base_level, e, card, rule_index), card, result.id)
            for e in findings or [None]]


def _blamed(sarif_result: dict[str, Any], card: Scorecard, check_id: str) -> dict[str, Any]:
    """With --blame, the result's properties name the commit that made the check fail (or why
    it is unknown)."""
    blamed = blame_of(card, check_id)
    if blamed is not None:
        sarif_result["properties"]["blame"] = {"commit": commit_dict(blamed.commit), "reason": blamed.reason or None}
    return sarif_result


def _one_result(result: CheckResult, status: Status, base_level: str, e: Evidence | None, card: Scorecard,
                rule_index: int) -> dict[str, Any]:
    level = base_level if e is None or e.severity is not Severity.LOW else "note"
    path = e.path if e is not None else card.anchor
    text = result.outcome.message if e is None else " - ".join(x for x in (e.note, e.snippet) if x) or result.outcome.message
    # a URI reference, so `#`, `?`, `%` and spaces in a file name are escaped (`a#1.py` is not a fragment)
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": quote(path, safe="/"), "uriBaseId": "%SRCROOT%"}}}
    if e is not None and e.line:
        location["physicalLocation"]["region"] = {"startLine": e.line}
    print_ = (e.fingerprint if e is not None else result.fingerprint) or fingerprint(
        result.id, path, e.note if e else text, e.snippet if e else "", e.service if e else None)
    sarif_result: dict[str, Any] = {
        "ruleId": result.id,
        "ruleIndex": rule_index,
        "level": level,
        "message": {"text": f"{result.meta.title}: {text}"},
        "locations": [location],
        "partialFingerprints": {"prodreadyFinding/v1": print_},
        "properties": {"status": status.value, "score": result.score},
    }

    waiver = (e.waiver if e is not None else None) or result.waiver
    if waiver is not None:
        # SARIF 2.1.0 §3.35: an accepted suppression keeps the result, marked, with its reason
        sarif_result["suppressions"] = [{
            "kind": "inSource" if waiver.inline else "external",
            "status": "accepted",
            "justification": waiver_text(waiver),
        }]
    elif card.baseline is not None:
        sarif_result["baselineState"] = "new"
    return sarif_result


def render(card: Scorecard, **_options: Any) -> str:
    return json.dumps(to_dict(card), indent=2, sort_keys=False, ensure_ascii=False) + "\n"
