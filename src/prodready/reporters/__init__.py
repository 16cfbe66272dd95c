"""Reporters turn a frozen Scorecard into text. Each one is `render(card, **options) -> str`."""

from __future__ import annotations

from typing import Callable

from prodready.model import Scorecard

FORMATS = ("term", "md", "html", "json", "sarif")
EXTENSIONS = {"term": "txt", "md": "md", "html": "html", "json": "json", "sarif": "sarif"}


def renderer(fmt: str) -> Callable[..., str]:
    """The render function of a format; imports only the reporter that is used."""
    if fmt == "json":
        from prodready.reporters.json_report import render
    elif fmt == "md":
        from prodready.reporters.markdown import render
    elif fmt == "html":
        from prodready.reporters.html import render
    elif fmt == "term":
        from prodready.reporters.term import render
    elif fmt == "sarif":
        from prodready.reporters.sarif import render
    else:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return render


def render(card: Scorecard, fmt: str, **options) -> str:
    return renderer(fmt)(card, **options)
