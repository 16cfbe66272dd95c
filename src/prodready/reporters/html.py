"""The HTML report: one self-contained file (inline CSS and SVG, no scripts, fonts or URLs)."""

from __future__ import annotations

from typing import Any

from prodready.model import Scorecard
from prodready.reporters.common import environment

BAR_WIDTH = 320


def render(card: Scorecard, **_options: Any) -> str:
    template = environment(True).get_template("scorecard.html.j2")
    bars = [
        {"id": c.id, "title": c.title, "score": c.score, "width": 0 if c.score is None else round(BAR_WIDTH * c.score / 100),
         "y": 8 + index * 28}
        for index, c in enumerate(card.categories)
    ]
    return template.render(card=card, bars=bars, bar_width=BAR_WIDTH, chart_height=16 + 28 * len(bars))
