"""docs.changelog: changes are recorded for the people who deploy and depend on the service."""

from __future__ import annotations

import re

from prodready.facts import CheckContext, evidence
from prodready.model import Outcome
from prodready.registry import check
from prodready.scanning.parsing import line_of

_FILE = re.compile(r"(?i)^(changelog|changes|history|releases?|news|release[-_]notes)(\.(md|rst|txt|adoc))?$")
_TOOLING = re.compile(r"(^|/)(\.changeset/config\.json|release-please-config\.json|\.release-please-manifest\.json|\.releaserc(\.json|\.ya?ml|\.js)?|release\.config\.[cm]?js|cliff\.toml|towncrier\.toml|\.goreleaser\.ya?ml|CHANGELOG\.d/)")
_VERSION = re.compile(r"(?m)^(#+\s*\[?v?\d+\.\d+|v?\d+\.\d+(\.\d+)?\s*[-(]|\[\d+\.\d+\.\d+\]|=+\s*v?\d+\.\d+|#+\s*unreleased)", re.I)


@check(
    id="docs.changelog",
    blind_spots="Release notes kept only on a hosting platform's releases page are not seen.",
    title="A changelog is kept",
    severity="low",
    scope="repo",
    why="""
    Whoever deploys, rolls back or upgrades a client needs to know what changed between two
    versions. A changelog (or generated release notes) answers that without reading the diff.
    """,
    fix="Keep a CHANGELOG.md in the Keep a Changelog format, or generate release notes with release-please, changesets, semantic-release or git-cliff.",
    references=("https://keepachangelog.com/", "https://github.com/googleapis/release-please"),
)
def changelog(ctx: CheckContext) -> Outcome:
    files = [f for f in ctx.repo.files if f.role != "test"]
    logs = [f for f in files if _FILE.match(f.name)]
    tooling = [f for f in files if _TOOLING.search(f.path)]
    ev = []
    for entry in logs:
        text = ctx.repo.text(entry.path) or ""
        match = _VERSION.search(text)
        if match:
            line = line_of(text, match.start())
            ev.append(evidence(entry.path, line, text.splitlines()[line - 1], note="version entry"))
    ev += [evidence(f.path, None, note="release-notes tooling") for f in tooling[:2]]
    if ev:
        return Outcome.passed(f"changes recorded ({', '.join(sorted({e.path for e in ev}))})", ev)
    if logs:
        return Outcome.partial(4, f"{logs[0].path} has no version entries", [evidence(logs[0].path, None, note="empty changelog")])
    return Outcome.failed("no changelog or release-notes tooling")
