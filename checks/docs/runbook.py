"""docs.runbook: an operations runbook says how to deploy, roll back and handle incidents."""

from __future__ import annotations

import re

from prodready.facts import CheckContext, evidence
from prodready.model import Outcome
from prodready.registry import check
from prodready.scanning.parsing import line_of

_RUNBOOK_FILE = re.compile(r"(?i)(^|/)(runbooks?|playbooks?|operations|ops|on-?call|incident[\w-]*|sre)(/|[\w-]*\.(md|rst|adoc)$)")
TOPICS = {
    "deploy": re.compile(r"(?i)\b(deploy(ing|ment)?|release|roll ?out)\b"),
    "rollback": re.compile(r"(?i)\b(roll ?back|revert|roll back)\b"),
    "incidents": re.compile(r"(?i)\b(incidents?|on-?call|alert(s|ing)?|outages?|escalat(e|ion)|troubleshoot(ing)?|pager)\b"),
}


@check(
    id="docs.runbook",
    blind_spots="Runbooks kept outside the repository are not seen.",
    title="An operations runbook exists",
    severity="low",
    scope="repo",
    why="""
    At 3 a.m. the person on call did not write the service. A runbook (how to deploy, how to
    roll back, what each alert means and what to do) turns an incident from archaeology into a
    checklist.
    """,
    fix="Add docs/runbook.md: how to deploy, how to roll back, dashboards and alerts with what to do for each, and common incidents with their fixes.",
    references=("https://sre.google/workbook/on-call/", "https://www.pagerduty.com/resources/learn/what-is-a-runbook/"),
)
def runbook(ctx: CheckContext) -> Outcome:
    docs = [f for f in ctx.repo.files if f.role != "test" and f.suffix in (".md", ".rst", ".adoc") and _RUNBOOK_FILE.search(f.path)]
    if not docs:
        return Outcome.failed("no runbook (deploy, rollback, on-call, incidents)")
    covered, ev = set(), []
    for entry in docs:
        text = ctx.repo.text(entry.path) or ""
        for topic, pattern in TOPICS.items():
            match = pattern.search(text)
            if match and topic not in covered:
                covered.add(topic)
                line = line_of(text, match.start())
                ev.append(evidence(entry.path, line, text.splitlines()[line - 1], note=f"covers {topic}"))
    missing = [t for t in TOPICS if t not in covered]
    if not missing:
        return Outcome.passed(f"runbook covers deploy, rollback and incidents ({', '.join(d.path for d in docs[:3])})", ev)
    return Outcome.partial(round(10 * len(covered) / 3, 1) if covered else 2, f"runbook does not cover {', '.join(missing)}", ev or [evidence(docs[0].path, None, note="runbook")])
