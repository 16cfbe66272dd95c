"""GitHub Actions environment: event payload, job summary, outputs and annotations."""

from __future__ import annotations

import json
import os
from pathlib import Path

from prodready.model import CheckResult, Evidence, Scorecard, Severity, Status

SUMMARY_LIMIT = 1024 * 1024  # GitHub's cap on $GITHUB_STEP_SUMMARY per step
MAX_ANNOTATIONS = 50  # GitHub shows at most 10 errors and 10 warnings per step, 50 per job


class ActionsEnvError(ValueError):
    """The Actions environment lacks what a command needs."""


def pull_request_number(event_path: str | None) -> int:
    if not event_path:
        raise ActionsEnvError("GITHUB_EVENT_PATH is not set (run inside GitHub Actions or pass --pr)")
    try:
        event = json.loads(Path(event_path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ActionsEnvError(f"cannot read the event payload {event_path}: {exc}") from exc
    number = (event.get("pull_request") or {}).get("number") or event.get("number")
    if not number and isinstance(event.get("workflow_run"), dict):
        prs = event["workflow_run"].get("pull_requests") or []
        number = prs[0].get("number") if prs else None
    if not number:
        raise ActionsEnvError("the event is not about a pull request (no pull_request.number)")
    return int(number)


def append_summary(markdown: str, path: str | None = None) -> bool:
    """Append the scorecard to $GITHUB_STEP_SUMMARY, within its 1 MiB cap."""
    target = path or os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    current = Path(target).stat().st_size if Path(target).exists() else 0
    room = SUMMARY_LIMIT - current - 1024
    text = markdown
    if len(text.encode("utf-8")) > room:
        text = text.encode("utf-8")[: max(room, 0)].decode("utf-8", "ignore") + "\n\n… cut to fit the job summary limit.\n"
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(text + "\n")
    return True


def set_outputs(values: dict[str, str], path: str | None = None) -> bool:
    target = path or os.environ.get("GITHUB_OUTPUT")
    if not target:
        return False
    with open(target, "a", encoding="utf-8") as handle:
        for key, value in values.items():
            value = str(value)
            if "\n" in value:
                delimiter = "prodready_EOF"
                handle.write(f"{key}<<{delimiter}\n{value}\n{delimiter}\n")
            else:
                handle.write(f"{key}={value}\n")
    return True


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotations(card: Scorecard, limit: int = MAX_ANNOTATIONS) -> list[str]:
    """Workflow commands (`::error file=...,line=...::...`) for findings, worst first."""
    lines = []
    for result in _worst_first(card):
        kind = _command(result)
        for e in _to_annotate(result):
            lines.append(_annotation(card, result, kind, e))
            if len(lines) >= limit:
                return lines
    return lines


_SEVERITY_ORDER = ("critical", "high", "medium", "low")


def _worst_first(card: Scorecard) -> list[CheckResult]:
    """Failing and partial results not already known from the baseline: failures first, then
    by severity (the sort is stable, so the card's order stays within a rank)."""
    return sorted((r for r in card.results if r.status in (Status.FAIL, Status.PARTIAL) and not r.baselined),
                  key=lambda r: (r.status is not Status.FAIL, _SEVERITY_ORDER.index(r.meta.severity.value)))


def _command(result: CheckResult) -> str:
    """`error` for a failed critical or high check (it fails the step's look), else `warning`."""
    if result.status is Status.FAIL and result.meta.severity in (Severity.CRITICAL, Severity.HIGH):
        return "error"
    return "warning"


def _to_annotate(result: CheckResult) -> list[Evidence | None]:
    """The result's open findings (not waived, not in the baseline); none when every finding
    is waived or known; [None] for a result without findings: one annotation for the result."""
    findings = [e for e in result.outcome.evidence if e.is_finding]
    evidence = [e for e in findings if e.waiver is None and not e.baselined]
    if findings and not evidence:
        return []
    return evidence or [None]


def _annotation(card: Scorecard, result: CheckResult, kind: str, e: Evidence | None) -> str:
    """One workflow command: at the finding's file and line, or at the card's anchor file."""
    path = e.path if e else card.anchor
    props = f"file={_escape_property(path)}" + (f",line={e.line}" if e and e.line else "") + f",title={_escape_property(result.id)}"
    text = f"{result.meta.title}: " + (" - ".join(x for x in (e.note, e.snippet) if x) if e else result.outcome.message)
    return f"::{kind} {props}::{_escape_data(text)}"
