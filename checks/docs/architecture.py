"""docs.architecture: architecture or design documentation exists (docs, ADRs, diagrams)."""

from __future__ import annotations

import re

from prodready.facts import CheckContext, Hit, evidence
from prodready.model import Evidence, Outcome
from prodready.registry import check
from prodready.scanning.files import FileEntry

_ADR = re.compile(r"(?i)(^|/)(adrs?|decisions|architecture[-_]decisions?)/[^/]+\.(md|rst|adoc)$|(^|/)\d{3,4}-[\w-]+\.md$")
_ARCH = re.compile(r"(?i)(^|/)(architecture|design|system[-_]design|overview)[\w-]*\.(md|rst|adoc)$|(^|/)docs?/(architecture|design)/")
_DIAGRAM = re.compile(r"(?i)\.(puml|plantuml|mmd|mermaid|drawio|dsl|c4|excalidraw)$")
_DOCS_DIR = re.compile(r"(?i)^docs?/[^/]+\.(md|rst|adoc)$")


@check(
    id="docs.architecture",
    blind_spots="Documentation hosted outside the repository (wiki, Notion) is not seen.",
    title="Architecture is documented",
    severity="low",
    scope="repo",
    why="""
    Code shows what the system does, not why it is shaped that way. Architecture notes and
    decision records keep the reasons (and the rejected alternatives) for the next engineer,
    so decisions are revisited on purpose rather than by accident.
    """,
    fix="Add docs/architecture.md with a diagram of components and data flows, and record significant decisions as ADRs in docs/adr/.",
    references=("https://adr.github.io/", "https://c4model.com/"),
)
def architecture(ctx: CheckContext) -> Outcome:
    files = [f for f in ctx.repo.files if f.role != "test"]
    adrs, arch, diagrams = _matching(files, _ADR), _matching(files, _ARCH), _matching(files, _DIAGRAM)
    mermaid = ctx.repo.grep(r"^```mermaid", [f for f in files if f.suffix == ".md"], limit=3)
    if adrs or arch or diagrams or mermaid:
        return Outcome.passed(_what_is_documented(adrs, arch, diagrams, mermaid),
                              _documents_evidence(adrs, arch, diagrams, mermaid))
    docs = _matching(files, _DOCS_DIR)
    if docs:
        return Outcome.partial(4, f"a docs/ folder ({len(docs)} page(s)) but no architecture document, ADR or diagram",
                               [evidence(f.path, None, note="documentation page") for f in docs[:3]])
    return Outcome.failed("no architecture documentation, decision records or diagrams")


def _matching(files: list[FileEntry], pattern: re.Pattern[str]) -> list[FileEntry]:
    return [f for f in files if pattern.search(f.path)]


def _what_is_documented(adrs: list[FileEntry], arch: list[FileEntry], diagrams: list[FileEntry], mermaid: list[Hit]) -> str:
    """`1 ADR(s), 2 diagram(s)`: each kind found, counted (mermaid blocks are diagrams too)."""
    parts = [f"{len(adrs)} ADR(s)" if adrs else "", f"{len(arch)} architecture doc(s)" if arch else "",
             f"{len(diagrams) + len(mermaid)} diagram(s)" if diagrams or mermaid else ""]
    return ", ".join(p for p in parts if p)


def _documents_evidence(adrs: list[FileEntry], arch: list[FileEntry], diagrams: list[FileEntry], mermaid: list[Hit]) -> list[Evidence]:
    """Up to three files of each kind, then the mermaid blocks."""
    ev = [evidence(f.path, None, note="architecture decision record") for f in adrs[:3]]
    ev += [evidence(f.path, None, note="architecture document") for f in arch[:3]]
    ev += [evidence(f.path, None, note="diagram") for f in diagrams[:3]]
    return ev + [evidence(h.path, h.line, note="mermaid diagram") for h in mermaid]
