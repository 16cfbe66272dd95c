"""The terminal report: a coloured table on a TTY, plain text when piped, no colour under NO_COLOR.

All repository-derived text passes through `clean`, so no escape sequence from a file name or
snippet ever reaches the terminal.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

from prodready.model import Scorecard, Status
from prodready.redact import clean
from prodready.reporters.common import (
    STATUS_LABEL,
    needs_attention,
    ordered,
    shown_evidence,
    waiver_problems,
    waiver_state_text,
    waiver_text,
)

_COLOURS = {Status.PASS: "32", Status.PARTIAL: "33", Status.FAIL: "31", Status.ERROR: "35", Status.NOT_APPLICABLE: "90", Status.WAIVED: "36"}
MAX_EVIDENCE = 5


def render(card: Scorecard, tty: bool = False, colour: bool | None = None, width: int | None = None,
           **_options: Any) -> str:
    if colour is None:
        colour = tty and "NO_COLOR" not in os.environ
    width = width or (shutil.get_terminal_size((100, 24)).columns if tty else 0)

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if colour else text

    def fit(text: str, room: int) -> str:
        text = clean(text, 10_000)
        return text if not width or len(text) <= room else text[: max(room - 1, 1)] + "…"

    out: list[str] = []
    score = "-" if card.score is None else str(card.score)
    out.append(paint(f"prodready {card.tool_version}", "1") + f"  {clean(card.target_path)}" + (f" @ {card.commit[:12]}" if card.commit else ""))
    out.append(f"Score {paint(score + '/100', '1')}  grade {card.grade}  level {card.level}"
               + (f"  (next: {card.next_level})" if card.next_level else ""))
    out.append("")
    if len(card.services) > 1 or (card.services and card.services[0].path != "."):
        out.append("Services:")
        for s in card.services:
            frameworks = ", ".join(s.frameworks) or "-"
            out.append(f"  {clean(s.path):<24} {s.stack:<7} {s.kind:<8} {frameworks:<20} {'-' if s.score is None else s.score:>4}  {s.grade}  {s.level}")
        out.append("")
    out.append("Categories: " + "  ".join(f"{c.id} {'-' if c.score is None else c.score}" for c in card.categories))
    out.append("")
    header = f"{'status':<8} {'check':<18} {'score':>5}  {'severity':<8}  message"
    out.append(paint(header, "1") if tty else header)
    if tty:
        out.append("─" * min(width or 100, 120))
    for r in ordered(card.results):
        label = STATUS_LABEL[r.status]
        score10 = "-" if r.score is None else f"{r.score:g}"
        room = (width or 10_000) - 46
        line = f"{label:<8} {r.id:<18} {score10:>5}  {r.meta.severity.value:<8}  {fit(r.outcome.message, room)}"
        out.append(paint(line, _COLOURS[r.status]) if colour else line)
    attention = [r for r in ordered(card.results) if needs_attention(r)]
    if attention:
        out.append("")
        out.append(paint("What to fix", "1") if tty else "What to fix")
        for r in attention:
            out.append(f"* {r.id} ({r.meta.severity.value}): {fit(r.outcome.message, (width or 10_000) - 10)}")
            visible = shown_evidence(r)
            shown = visible[:MAX_EVIDENCE]
            for e in shown:
                detail = " - ".join(x for x in (e.note, e.snippet, waiver_text(e.waiver)) if x)
                out.append(f"    {clean(e.location())}  {fit(detail, (width or 10_000) - 10 - len(e.location()))}")
            if len(visible) > len(shown):
                out.append(f"    ... and {len(visible) - len(shown)} more")
            if len(visible) < len(r.outcome.evidence):
                out.append(f"    ({len(r.outcome.evidence) - len(visible)} known finding(s) from the baseline not shown)")
            out.append(f"    fix: {fit(r.remediation, (width or 10_000) - 10)}")
            if r.meta.references:
                out.append(f"    docs: {r.meta.references[0]}")
    waived = [r for r in ordered(card.results) if r.waiver is not None]
    if waived or card.waivers:
        out.append("")
        out.append(paint("Waived", "1") if tty else "Waived")
        for r in waived:
            was = r.original_status.value if r.original_status else "?"
            out.append(f"* {r.id} (was {was}): {fit(waiver_text(r.waiver), (width or 10_000) - 20)}")
        for w in waiver_problems(card):
            out.append(f"  ! {fit(waiver_state_text(w), (width or 10_000) - 6)}")
    if card.baseline is not None:
        b = card.baseline
        out.append("")
        out.append(f"Baseline {clean(b.file)}: {b.new} new finding(s), {b.known} known (not shown), {b.fixed} fixed since")
    if card.next_steps:
        out.append("")
        out.append(f"Next level ({card.next_level}):")
        for step in card.next_steps[:5]:
            out.append(f"  +{step.gain:g} points  {step.check_id}  {fit(step.reason, (width or 10_000) - 30)}")
    if card.profile:
        out.append("")
        out.append("Profile (wall time; a fact counts where it was first needed):")
        for kind in ("facts", "checks"):
            top = list(card.profile.get(kind, {}).items())[:10]
            out.append(f"  {kind}: " + ", ".join(f"{name} {seconds:.3f}s" for name, seconds in top))
    if card.notes:
        out.append("")
        out.append(f"Notes ({len(card.notes)}):")
        for note in card.notes[:10]:
            out.append(f"  - {fit(note, (width or 10_000) - 4)}")
        if len(card.notes) > 10:
            out.append(f"  ... and {len(card.notes) - 10} more (see the JSON report)")
    return "\n".join(out) + "\n"
