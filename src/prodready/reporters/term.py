"""The terminal report: a coloured table on a TTY, plain text when piped, no colour under NO_COLOR.

All repository-derived text passes through `clean`, so no escape sequence from a file name or
snippet ever reaches the terminal.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from typing import Any

from prodready.model import CheckResult, Scorecard, Status
from prodready.redact import clean, one_line
from prodready.reporters.common import (
    STATUS_LABEL,
    blame_of,
    blame_text,
    needs_attention,
    ordered,
    shown_evidence,
    waiver_problems,
    waiver_state_text,
    waiver_text,
)

_COLOURS = {Status.PASS: "32", Status.PARTIAL: "33", Status.FAIL: "31", Status.ERROR: "35", Status.NOT_APPLICABLE: "90", Status.WAIVED: "36"}
MAX_EVIDENCE = 5


@dataclass(frozen=True)
class _Style:
    """How text is laid out: colour codes on or off, and the width lines are cut to (0: none)."""

    colour: bool
    tty: bool
    width: int

    def paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour else text

    def bold(self, text: str) -> str:
        """Section titles: bold on a terminal, plain when piped."""
        return self.paint(text, "1") if self.tty else text

    def fit(self, text: str, margin: int) -> str:
        """`text` cleaned of control characters and cut to the width less `margin`."""
        text = clean(text, 10_000)
        room = (self.width or 10_000) - margin
        return text if not self.width or len(text) <= room else text[: max(room - 1, 1)] + "…"


def render(card: Scorecard, tty: bool = False, colour: bool | None = None, width: int | None = None,
           **_options: Any) -> str:
    """The whole report: header, services, the table of checks, then the sections that apply."""
    if colour is None:
        colour = tty and "NO_COLOR" not in os.environ
    style = _Style(colour, tty, width or (shutil.get_terminal_size((100, 24)).columns if tty else 0))
    out = _header(card, style) + _services(card) + _table(card, style)
    for section in (_change, _attention, _waived, _baseline, _next_steps, _profile, _notes):
        lines = section(card, style)
        if lines:
            out += [""] + lines
    return "\n".join(out) + "\n"


def _change(card: Scorecard, style: _Style) -> list[str]:
    """With --base: the score before and after, the checks that moved, new and resolved findings."""
    d = card.delta
    if d is None:
        return []
    score = lambda v: "-" if v is None else str(v)  # noqa: E731 - local formatting only
    change = "" if d.score_change is None else f" ({d.score_change:+d})"
    base = one_line(d.base_ref or "base") + (f" ({d.base_commit[:12]})" if d.base_commit else "")
    out = [style.bold(f"Change against {base}:") + f" {score(d.score_before)} -> {score(d.score_after)}{change}"
           f"  grade {d.grade_before} -> {d.grade_after}  level {d.level_before} -> {d.level_after}"]
    for c in (c for c in d.checks if c.change != "same"):
        before = f"{c.before_status or '-'} {'-' if c.before_score is None else f'{c.before_score:g}'}"
        after = f"{c.after_status or '-'} {'-' if c.after_score is None else f'{c.after_score:g}'}"
        out.append(f"  {c.check_id:<18} {before:<12} -> {after:<12} {c.change}")
    if d.new_findings:
        out.append(f"  New findings ({len(d.new_findings)}):")
        for f in d.new_findings[:5]:
            where = one_line(f.path) + (f":{f.line}" if f.line else "")
            out.append(f"    {where}  {f.check_id}  {style.fit(f.note, 10 + len(where) + len(f.check_id))}")
        if len(d.new_findings) > 5:
            out.append(f"    ... and {len(d.new_findings) - 5} more")
    if d.resolved_findings:
        out.append(f"  {len(d.resolved_findings)} finding(s) resolved")
    if len(out) == 1:
        out.append("  No change in any check or finding.")
    return out


def _header(card: Scorecard, style: _Style) -> list[str]:
    score = "-" if card.score is None else str(card.score)
    return [style.paint(f"prodready {card.tool_version}", "1") + f"  {one_line(card.target_path)}"
            + (f" @ {card.commit[:12]}" if card.commit else ""),
            f"Score {style.paint(score + '/100', '1')}  grade {card.grade}  level {card.level}"
            + (f"  (next: {card.next_level})" if card.next_level else ""),
            ""]


def _services(card: Scorecard) -> list[str]:
    """The services of a monorepo (nothing for one service at the root)."""
    if not (len(card.services) > 1 or (card.services and card.services[0].path != ".")):
        return []
    out = ["Services:"]
    for s in card.services:
        frameworks = ", ".join(s.frameworks) or "-"
        score = "-" if s.score is None else s.score
        out.append(f"  {one_line(s.path):<24} {s.stack:<7} {s.kind:<8} {frameworks:<20} {score:>4}  {s.grade}  {s.level}")
    return out + [""]


def _table(card: Scorecard, style: _Style) -> list[str]:
    """Category scores, then one line per check, worst first."""
    out = ["Categories: " + "  ".join(f"{c.id} {'-' if c.score is None else c.score}" for c in card.categories), ""]
    header = f"{'status':<8} {'check':<18} {'score':>5}  {'severity':<8}  message"
    out.append(style.bold(header))
    if style.tty:
        out.append("─" * min(style.width or 100, 120))
    for r in ordered(card.results):
        score10 = "-" if r.score is None else f"{r.score:g}"
        line = f"{STATUS_LABEL[r.status]:<8} {r.id:<18} {score10:>5}  {r.meta.severity.value:<8}  {style.fit(r.outcome.message, 46)}"
        out.append(style.paint(line, _COLOURS[r.status]) if style.colour else line)
    return out


def _attention(card: Scorecard, style: _Style) -> list[str]:
    """What to fix: each failing or partial check with its evidence, fix and first reference."""
    attention = [r for r in ordered(card.results) if needs_attention(r)]
    if not attention:
        return []
    out = [style.bold("What to fix")]
    for r in attention:
        out.append(f"* {r.id} ({r.meta.severity.value}): {style.fit(r.outcome.message, 10)}")
        out += _evidence_lines(r, style)
        blamed = blame_text(blame_of(card, r.id))
        if blamed:
            out.append(f"    {style.fit(blamed, 4)}")
        out.append(f"    fix: {style.fit(r.remediation, 10)}")
        if r.meta.references:
            out.append(f"    docs: {r.meta.references[0]}")
    return out


def _evidence_lines(result: CheckResult, style: _Style) -> list[str]:
    visible = shown_evidence(result)
    shown = visible[:MAX_EVIDENCE]
    out = []
    for e in shown:
        detail = " - ".join(x for x in (e.note, e.snippet, waiver_text(e.waiver)) if x)
        out.append(f"    {one_line(e.location())}  {style.fit(detail, 10 + len(e.location()))}")
    if len(visible) > len(shown):
        out.append(f"    ... and {len(visible) - len(shown)} more")
    if len(visible) < len(result.outcome.evidence):
        out.append(f"    ({len(result.outcome.evidence) - len(visible)} known finding(s) from the baseline not shown)")
    return out


def _waived(card: Scorecard, style: _Style) -> list[str]:
    waived = [r for r in ordered(card.results) if r.waiver is not None]
    if not (waived or card.waivers):
        return []
    out = [style.bold("Waived")]
    for r in waived:
        was = r.original_status.value if r.original_status else "?"
        out.append(f"* {r.id} (was {was}): {style.fit(waiver_text(r.waiver), 20)}")
    out += [f"  ! {style.fit(waiver_state_text(w), 6)}" for w in waiver_problems(card)]
    return out


def _baseline(card: Scorecard, _style: _Style) -> list[str]:
    b = card.baseline
    if b is None:
        return []
    return [f"Baseline {clean(b.file)}: {b.new} new finding(s), {b.known} known (not shown), {b.fixed} fixed since"]


def _next_steps(card: Scorecard, style: _Style) -> list[str]:
    if not card.next_steps:
        return []
    return [f"Next level ({card.next_level}):"] + [
        f"  +{step.gain:g} points  {step.check_id}  {style.fit(step.reason, 30)}" for step in card.next_steps[:5]]


def _profile(card: Scorecard, _style: _Style) -> list[str]:
    if not card.profile:
        return []
    out = ["Profile (wall time; a fact counts where it was first needed):"]
    for kind in ("facts", "checks"):
        top = list(card.profile.get(kind, {}).items())[:10]
        out.append(f"  {kind}: " + ", ".join(f"{name} {seconds:.3f}s" for name, seconds in top))
    return out


def _notes(card: Scorecard, style: _Style) -> list[str]:
    if not card.notes:
        return []
    out = [f"Notes ({len(card.notes)}):"] + [f"  - {style.fit(note, 4)}" for note in card.notes[:10]]
    if len(card.notes) > 10:
        out.append(f"  ... and {len(card.notes) - 10} more (see the JSON report)")
    return out
