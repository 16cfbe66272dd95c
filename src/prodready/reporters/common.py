"""Helpers every reporter shares: ordering, labels, and the jinja2 environment."""

from __future__ import annotations

import re
from functools import lru_cache

from prodready.model import Blame, CheckResult, Evidence, Scorecard, Status, WaiverNote, WaiverState
from prodready.redact import visible
from prodready.scoring import WEIGHTS

STATUS_LABEL = {
    Status.PASS: "pass", Status.PARTIAL: "partial", Status.FAIL: "fail",
    Status.NOT_APPLICABLE: "n/a", Status.ERROR: "error", Status.WAIVED: "waived",
}
STATUS_ICON = {
    Status.PASS: "✅", Status.PARTIAL: "🟡", Status.FAIL: "❌",
    Status.NOT_APPLICABLE: "➖", Status.ERROR: "⚠️", Status.WAIVED: "🔕",
}
_STATUS_ORDER = {Status.FAIL: 0, Status.ERROR: 1, Status.PARTIAL: 2, Status.WAIVED: 3, Status.PASS: 4, Status.NOT_APPLICABLE: 5}


def ordered(results) -> list[CheckResult]:
    """Worst first: failing before partial before passing, then by severity, then id."""
    return sorted(results, key=lambda r: (_STATUS_ORDER[r.status], -WEIGHTS[r.meta.severity], r.id))


def needs_attention(result: CheckResult) -> bool:
    """Failing, partial or broken, and not only findings already known from the baseline."""
    return result.status in (Status.FAIL, Status.PARTIAL, Status.ERROR) and not result.baselined


def shown_evidence(result: CheckResult) -> list[Evidence]:
    """Evidence to list: everything but findings already in the baseline."""
    return [e for e in result.outcome.evidence if not e.baselined]


def waiver_text(note: WaiverNote | None) -> str:
    """"waived: reason (owner, until date; source)" - how every report names a waiver."""
    if note is None:
        return ""
    extra = ", ".join(x for x in (note.owner, f"until {note.expires}" if note.expires else "") if x)
    where = ("inline at " if note.inline else "") + note.source
    return f"waived: {note.reason} ({(extra + '; ') if extra else ''}{where})"


def waiver_problems(card: Scorecard) -> list[WaiverState]:
    """Waivers that need someone's attention: expired, unused, refused."""
    return [w for w in card.waivers if w.state != "applied"]


def waiver_state_text(w: WaiverState) -> str:
    what = w.check_id + (f" {w.path}" if w.path else "") + (f" #{w.fingerprint[:12]}" if w.fingerprint else "")
    return f"{w.state}: {what} at {w.source}" + (f": {w.detail}" if w.detail else "") + (f" (reason: {w.reason})" if w.reason else "")


def blame_of(card: Scorecard, check_id: str) -> Blame | None:
    """The --blame entry of a check (None without --blame, or for a check not blamed)."""
    return card.blame.of(check_id) if card.blame is not None else None


def blame_text(entry: Blame | None) -> str:
    """"broke in 1a2b3c4 "subject" by name, 2026-03-01" or "broke in: unknown (why)": how the
    terminal, SARIF and notes name the commit that made a check fail."""
    if entry is None:
        return ""
    if entry.commit is None:
        return f"broke in: unknown ({entry.reason})"
    c = entry.commit
    return f"broke in {c.short} \"{c.subject}\" by {c.author}, {c.date[:10]}" + (f" ({entry.reason})" if entry.reason else "")


_MD_SPECIAL = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "*": "&#42;", "_": "&#95;",
    "[": "&#91;", "]": "&#93;", "`": "&#96;", "\\": "&#92;", "~": "&#126;", "#": "&#35;",
    "!": "&#33;", "@": "&#64;", "\n": " ", "\r": " ",
}
_MD_RE = re.compile("|".join(re.escape(k) for k in _MD_SPECIAL))


def md_text(value: object) -> str:
    """Text from the repository made inert in GitHub Markdown: no tags, links, tables broken."""
    text = _MD_RE.sub(lambda m: _MD_SPECIAL[m.group(0)], str(value))
    return text.replace("://", "&#58;//").replace("www.", "www&#46;")


@lru_cache(maxsize=2)
def environment(autoescape: bool):
    """The jinja2 environment over reports/templates (autoescape on for HTML)."""
    import jinja2

    from prodready.resources import templates_dir

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        # every value a template prints: control characters shown as \x1b, never passed raw
        finalize=lambda value: visible(value) if isinstance(value, str) else value,
    )
    env.filters["md"] = md_text
    env.filters["status"] = lambda s: STATUS_LABEL[s]
    env.filters["icon"] = lambda s: STATUS_ICON[s]
    env.filters["score10"] = lambda v: "-" if v is None else (f"{v:.1f}".rstrip("0").rstrip("."))
    env.filters["score100"] = lambda v: "-" if v is None else str(v)
    env.globals["needs_attention"] = needs_attention
    env.tests["needs_attention"] = needs_attention
    env.globals["ordered"] = ordered
    env.globals["shown_evidence"] = shown_evidence
    env.globals["waiver_problems"] = waiver_problems
    env.filters["waiver"] = waiver_text
    env.filters["waiver_state"] = waiver_state_text
    env.globals["blame_of"] = blame_of
    return env

