"""The Markdown report (GitHub-flavoured), bounded in size for PR comments and job summaries."""

from __future__ import annotations

from typing import Any

from prodready.model import Scorecard
from prodready.reporters.common import environment

MAX_CHARS = 60_000


def render(card: Scorecard, max_chars: int = MAX_CHARS, **_options: Any) -> str:
    """Render, cutting evidence lists until the text fits `max_chars`."""
    template = environment(False).get_template("scorecard.md.j2")
    text = ""
    for evidence_limit in (10, 5, 3, 1, 0):
        text = template.render(card=card, evidence_limit=evidence_limit, show_passing=evidence_limit > 0)
        if len(text) <= max_chars:
            return text
    return text[: max_chars - 200] + "\n\n… report cut to fit; see the JSON or HTML report for everything.\n"
