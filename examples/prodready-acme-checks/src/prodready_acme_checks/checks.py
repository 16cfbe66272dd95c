"""docs.codeowners: every change has an owner who reviews it (an ACME rule, not a built-in).

A pack check is written exactly like a built-in one: `@check` metadata, then a pure function
of the facts prodready already gathered. It never reads the disk itself.
"""

from __future__ import annotations

import re

from prodready.facts import CheckContext, evidence
from prodready.model import Outcome
from prodready.registry import check

_LOCATIONS = ("CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")
_RULE = re.compile(r"^\s*(\S+)\s+(@\S+|\S+@\S+)")


@check(
    id="docs.codeowners",
    title="Code owners are declared (ACME rule)",
    severity="low",
    scope="repo",
    why="""
    ACME routes every pull request to the team that owns the code; without a CODEOWNERS file
    changes wait for whoever happens to notice them.
    """,
    fix="Add .github/CODEOWNERS with a default rule (`* @acme/your-team`) and rules per directory.",
    references=("https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners",),
    blind_spots="Ownership declared outside the repository (a service catalog) is not seen.",
)
def codeowners(ctx: CheckContext) -> Outcome:
    for location in _LOCATIONS:
        text = ctx.repo.text(location)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            match = _RULE.match(line)
            if match and not line.lstrip().startswith("#"):
                return Outcome.passed(f"{location} assigns owners", [evidence(location, number, line, note="ok owner rule")])
        return Outcome.partial(3, f"{location} has no owner rules", [evidence(location, None, note="CODEOWNERS without rules")])
    return Outcome.failed("no CODEOWNERS file: nobody is asked to review changes")
