"""Choosing the commits a history audits: `--last`, `--since`, `--range`, `--every`, `--tags`,
`--first-parent`.

`--last N` counts points, after sampling: `--last 10 --every 5` audits ten commits five apart,
`--last 5 --tags` the five newest tagged commits. With `--since` or `--range` every commit in
it is a candidate, at most MAX_POINTS of the newest. Commits are walked newest first in git's
topological order (no parent before all its children) and returned oldest first. A walk that
git cannot finish (a missing commit object, the end of a shallow clone) keeps what it read,
with a note; one that read nothing is a HistoryError.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from prodready.history.gitrepo import (
    Commit,
    HistoryError,
    describe,
    head,
    is_repository_error,
    iter_commits,
    resolve,
    shallow_boundary,
    tags_by_commit,
)
from prodready.history.model import Selection
from prodready.history.refs import git_date, parse_range

if TYPE_CHECKING:
    import git

MAX_POINTS = 1000


@dataclass(frozen=True)
class Walk:
    """The commits chosen, oldest first, the tip the walk started from, and notes about what
    could not be walked."""

    commits: tuple[Commit, ...]
    tip: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Bounds:
    """Where a walk starts (`rev`: a sha or `sha..sha`) and how to name it in messages."""

    rev: str
    tip: str
    shown: str
    notes: tuple[str, ...] = ()


def choose(repo: git.Repo, selection: Selection) -> Walk:
    """The commits `selection` names in `repo`; HistoryError when none can be read."""
    bounds = _bounds(repo, selection)
    limit = selection.last if selection.last is not None and not (selection.since or selection.range) else MAX_POINTS
    tags = tags_by_commit(repo)
    picked, notes, last_seen, ended = _collect(repo, bounds, selection, tags, limit, topo=True)
    if not picked and notes:  # git sorts topologically only after reading every commit: walk as read
        picked, notes, last_seen, ended = _collect(repo, bounds, selection, tags, limit, topo=False)
    notes = list(bounds.notes) + notes
    if not picked:
        raise HistoryError(f"{bounds.shown} holds no commit to audit" + (f" ({notes[-1]})" if notes else ""))
    if ended and last_seen is not None and len(picked) < limit:
        notes += _shallow_note(repo, last_seen, selection)
    if len(picked) >= MAX_POINTS and (selection.since or selection.range):
        notes.append(f"the range holds more than {MAX_POINTS} commits to audit: only the newest {MAX_POINTS} are shown "
                     "(use --every N to sample a longer range)")
    return Walk(tuple(reversed(picked)), bounds.tip, tuple(notes))


def _bounds(repo: git.Repo, selection: Selection) -> _Bounds:
    """The rev-list argument of the selection, every revision resolved to a sha first."""
    if not selection.range:
        tip = head(repo)
        return _Bounds(tip, tip, selection.describe())
    start, end = parse_range(selection.range)
    tip = resolve(repo, end, "--range end")
    try:
        return _Bounds(f"{resolve(repo, start, '--range start')}..{tip}", tip, f"--range {selection.range}")
    except HistoryError:
        if not shallow_boundary(repo):
            raise
    # a shallow clone may not have the start: everything the clone has up to the end is after it
    note = (f"--range start {start.spec!r} is not in this clone (a shallow clone): the history starts at the "
            "oldest commit the clone has")
    return _Bounds(tip, tip, f"--range {selection.range}", (note,))


def _collect(repo: git.Repo, bounds: _Bounds, selection: Selection, tags: dict[str, tuple[str, ...]],
             limit: int, topo: bool) -> tuple[list[Commit], list[str], object, bool]:
    """(commits picked newest first, notes, the last commit walked, whether the walk reached
    its natural end rather than the limit)."""
    picked: list[Commit] = []
    notes: list[str] = []
    last_seen = None
    try:
        since = git_date(selection.since) if selection.since else None
        for number, commit in enumerate(iter_commits(repo, bounds.rev, selection.first_parent, since, topo)):
            last_seen = commit
            if selection.tags and commit.hexsha not in tags or not selection.tags and number % selection.every:
                continue
            picked.append(describe(commit, tags))
            if len(picked) >= limit:
                return picked, notes, last_seen, False
    except Exception as exc:  # noqa: BLE001 - only git's own failures are expected here
        if not is_repository_error(exc):
            raise
        where = f" after {last_seen.hexsha[:7]}" if last_seen is not None else ""
        notes.append(f"git could not walk the history further{where} (a missing or damaged commit object: "
                     f"{type(exc).__name__}); older commits are not shown")
    return picked, notes, last_seen, True


def _shallow_note(repo: git.Repo, last_seen, selection: Selection) -> list[str]:
    """A note when the walk stopped at the end of a shallow clone before the selection did."""
    if last_seen.hexsha not in shallow_boundary(repo):
        return []
    asked = "the range" if selection.range else ("the date" if selection.since else f"{selection.last} points")
    return [f"this is a shallow clone ending at {last_seen.hexsha[:7]}: its history stops there, before {asked} "
            "was covered (git fetch --unshallow to read more)"]
