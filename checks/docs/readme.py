"""docs.readme: the README says how to set up, run and test the service."""

from __future__ import annotations

import re

from prodready.facts import CheckContext, evidence
from prodready.model import Outcome
from prodready.registry import check
from prodready.scanning.parsing import line_of

_README = re.compile(r"(?i)(^|/)readme(\.(md|rst|txt|adoc|markdown))?$")
TOPICS = {
    "setup": re.compile(r"(?im)^(#{1,6}|={1,6}|\*\*)?[ \t]{0,8}[^\n]{0,120}?\b(install(ation|ing)?|set ?up|getting started|prerequisites|requirements|quick ?start)\b|pip install|npm (ci|install)|go mod download|mvn install|uv sync|poetry install"),
    "run": re.compile(r"(?im)^(#{1,6}|={1,6}|\*\*)?[ \t]{0,8}[^\n]{0,120}?\b(run(ning)?|usage|start(ing)?|launch|deploy(ing|ment)?)\b|docker( |-)compose up|uvicorn |manage\.py runserver|npm (run )?start|go run|spring-boot:run|bootRun|flask run"),
    "test": re.compile(r"(?im)^(#{1,6}|={1,6}|\*\*)?[ \t]{0,8}[^\n]{0,120}?\btest(s|ing)?\b|pytest|npm (run )?test|go test|mvn (test|verify)|gradlew? test"),
}


@check(
    id="docs.readme",
    blind_spots="Topics are found by headings and commands; the accuracy of the instructions is not checked.",
    title="README explains setup, run and test",
    severity="medium",
    why="""
    The README is the first thing a new engineer, an on-call responder or a reviewer reads.
    If it does not say how to set the service up, run it and test it, each of them
    rediscovers it from the code, differently.
    """,
    fix="Give the README three short sections with copy-pastable commands: setup (dependencies, env vars), run (locally and with compose), test.",
    references=("https://www.makeareadme.com/",),
)
def readme(ctx: CheckContext) -> Outcome:
    base = ctx.service.path if ctx.service else ""
    candidates = [f for f in ctx.repo.files if _README.search(f.path) and f.role != "test"]
    mine = [f for f in candidates if (f.path.rsplit("/", 1)[0] if "/" in f.path else "") == base]
    root = [f for f in candidates if "/" not in f.path]
    chosen = (mine or root)
    if not chosen:
        return Outcome.failed("no README")
    entry = chosen[0]
    text = ctx.repo.text(entry.path) or ""
    found, ev = [], []
    for topic, pattern in TOPICS.items():
        match = pattern.search(text)
        if match:
            found.append(topic)
            line = line_of(text, match.start())
            ev.append(evidence(entry.path, line, text.splitlines()[line - 1] if text else "", note=f"covers {topic}"))
    missing = [t for t in TOPICS if t not in found]
    if not missing:
        return Outcome.passed(f"{entry.path} covers setup, run and test", ev)
    if found:
        return Outcome.partial(round(10 * len(found) / 3, 1), f"{entry.path} does not say how to {', '.join(missing)}", ev)
    return Outcome.failed(f"{entry.path} does not say how to set up, run or test the service", [evidence(entry.path, None, note="README without instructions")])
