"""The history of a repository's readiness, frozen: what every history report reads, and only it.

A HistoryPoint is one audited commit (or one that could not be read, with the reason); a
HistoryChange is what moved at one commit against the point it is compared with; History holds
them in commit order (oldest first) with the selection that chose them and the notes about
what could not be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from prodready.model import CommitRef, Severity, Status

BAD = (Status.FAIL, Status.PARTIAL, Status.ERROR)  # what "failing" means here, as in delta.py


@dataclass(frozen=True)
class CheckInfo:
    """A check as the history reports name it."""

    id: str
    title: str
    category: str
    severity: Severity


@dataclass(frozen=True)
class HistoryPoint:
    """One commit: its score, grade, level and every check's status; `readable` False (and no
    score) when git could not give its files, `reason` saying why."""

    commit: CommitRef
    parents: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    score: int | None = None
    grade: str = "-"
    level: str = "-"
    checks: Mapping[str, Status] | None = None
    readable: bool = True
    reason: str = ""
    config: str | None = None  # the configuration this commit was audited with, if any
    notes: tuple[str, ...] = ()

    @property
    def statuses(self) -> Mapping[str, Status]:
        return self.checks or {}


@dataclass(frozen=True)
class HistoryChange:
    """What moved at `commit` against `before` (its first parent when that was audited, else
    the previous point): checks that newly fail, checks fixed, other status changes, and the
    score and level on each side."""

    commit: CommitRef
    before: CommitRef
    score_before: int | None
    score_after: int | None
    grade_before: str
    grade_after: str
    level_before: str
    level_after: str
    newly_failing: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()
    changed: tuple[tuple[str, Status, Status], ...] = ()  # (check id, before, after): other moves
    adjacent: bool = True  # False: `before` is not its parent (sampled points, or an unreadable one between)

    @property
    def score_change(self) -> int | None:
        if self.score_before is None or self.score_after is None:
            return None
        return self.score_after - self.score_before


@dataclass(frozen=True)
class Selection:
    """Which commits the history covers, as asked: `last` points (None with since or range),
    commits since a date or in `A..B`, every Nth or only tagged ones, first parents only."""

    last: int | None = 20
    since: str | None = None
    range: str | None = None
    every: int = 1
    tags: bool = False
    first_parent: bool = False

    def describe(self) -> str:
        """"the last 20 commits", "commits since 2026-01-01, every 5th", ... for the reports."""
        what = "tagged commits" if self.tags else "commits"
        if self.range:
            text = f"{what} in {self.range}"
        elif self.since:
            text = f"{what} since {self.since}"
        else:
            text = f"the last {self.last} {what}"
        if self.every > 1:
            text += f", every {self.every}th"
        return text + (", first parents only" if self.first_parent else "")


@dataclass(frozen=True)
class History:
    """The frozen history: points oldest first, the changes between them, the checks' titles."""

    tool_version: str
    generated_at: str
    target_path: str
    tip: str  # the newest commit the walk started from
    selection: Selection
    points: tuple[HistoryPoint, ...]
    changes: tuple[HistoryChange, ...]
    checks: tuple[CheckInfo, ...]
    notes: tuple[str, ...] = ()
    duration_seconds: float = 0.0

    @property
    def readable(self) -> tuple[HistoryPoint, ...]:
        """The points that were audited."""
        return tuple(p for p in self.points if p.readable)

    @property
    def first(self) -> HistoryPoint | None:
        return next(iter(self.readable), None)

    @property
    def latest(self) -> HistoryPoint | None:
        return self.readable[-1] if self.readable else None

    def info(self, check_id: str) -> CheckInfo | None:
        return next((c for c in self.checks if c.id == check_id), None)
