"""prodready history: readiness over a repository's past commits, and which commit moved it.

Every commit is read from git's object store (nothing is checked out, no hook, filter or
fsmonitor of the repository runs) and audited like `prodready audit`, with the configuration of
that commit; per-file answers come from the content cache by blob id, so consecutive commits
share most of the work.

    refs.py     what is accepted as a ref, a range, a date (checked before any git call)
    gitrepo.py  GitPython, opened safely: resolving refs, walking commits, tags, shallow ends
    walk.py     which commits: --last, --since, --range, --every, --tags, --first-parent
    config.py   each commit's own configuration, read from its tree
    audit.py    one commit -> a HistoryPoint (one cat-file reader for all commits)
    changes.py  pure: what moved between points
    blame.py    `audit --blame`: the commit that made each failing check fail
    render.py   JSON (schema/history.schema.json), Markdown, HTML (inline SVG), terminal
    command.py  what `prodready history` does around them: outputs, messages, exit code
"""

from __future__ import annotations

import datetime as _dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from prodready.history.gitrepo import HistoryError
from prodready.history.model import CheckInfo, History, Selection

if TYPE_CHECKING:
    from prodready.history.config import Settings

__all__ = ["HistoryError", "Request", "Selection", "build"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Request:
    """A history to build: the repository, which commits, and how each is audited."""

    root: Path
    selection: Selection
    settings: Settings  # the checks, the command line's selection, --config
    shown_path: str = "."


def build(request: Request, progress: Progress | None = None) -> History:
    """Walk, audit every chosen commit, compare: the frozen History. Raises HistoryError when
    nothing can be read (not a repository, unknown ref, empty range)."""
    from prodready import __version__
    from prodready.history.audit import audit_all
    from prodready.history.changes import changes
    from prodready.history.gitrepo import close_repo, open_repo
    from prodready.history.walk import choose

    started = time.monotonic()
    say = progress or (lambda _message: None)
    repo = open_repo(request.root)
    try:
        walk = choose(repo, request.selection)
    finally:
        close_repo(repo)
    points = audit_all(request.root, request.settings, walk.commits, say)
    notes = list(walk.notes) + _point_notes(points)
    if not any(p.readable for p in points):
        raise HistoryError("no commit of the history could be read: " + notes[-1])
    now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
    return History(__version__, now, request.shown_path, walk.tip, request.selection, tuple(points),
                   changes(points), _catalog(request.settings.checks), tuple(notes),
                   round(time.monotonic() - started, 3))


def _point_notes(points) -> list[str]:
    """Each commit that could not be read, and each note about a configuration at the first
    commit it appeared at (commits sharing a configuration share its notes)."""
    notes: list[str] = []
    seen: set[str] = set()
    for p in points:
        if not p.readable:
            notes.append(f"{p.commit.short}: {p.reason}")
        for note in p.notes:
            if note not in seen:
                seen.add(note)
                notes.append(f"{p.commit.short}: {note}")
    return notes


def _catalog(checks) -> tuple[CheckInfo, ...]:
    """The title, category and severity of every loaded check, by id."""
    return tuple(sorted((CheckInfo(c.meta.id, c.meta.title, c.meta.category, c.meta.severity) for c in checks),
                        key=lambda c: c.id))
