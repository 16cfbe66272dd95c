"""What moved between the points of a history: pure functions of the points.

Each readable point is compared with its first parent when that commit was audited (so in a
history with merges, a commit on a branch is compared with the commit it was made on, not with
whatever commit of another branch git listed before it), else with the previous readable
point. A check counts as failing when its status is fail, partial or error, as in `audit
--base`. The first readable point has no change: there is nothing before it to compare with.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from prodready.history.model import BAD, HistoryChange, HistoryPoint
from prodready.model import Status


def changes(points: Sequence[HistoryPoint]) -> tuple[HistoryChange, ...]:
    """One entry per readable point (after the first) where the score, level or any check's
    status moved, in commit order."""
    by_sha: dict[str, HistoryPoint] = {}
    previous: HistoryPoint | None = None
    out: list[HistoryChange] = []
    for point in points:
        if not point.readable:
            continue
        parent = by_sha.get(point.parents[0]) if point.parents else None
        before = parent or previous
        if before is not None:
            change = compare(before, point, adjacent=parent is not None)
            if moved(change):
                out.append(change)
        by_sha[point.commit.sha] = point
        previous = point
    return tuple(out)


def compare(before: HistoryPoint, after: HistoryPoint, adjacent: bool = True) -> HistoryChange:
    """The change from `before` to `after`; checks run in only one of them count as not
    failing on the other side (a check switched on and failing is newly failing)."""
    old, new = before.statuses, after.statuses
    newly, fixed, other = [], [], []
    for check_id in sorted(set(old) | set(new)):
        was, now = old.get(check_id), new.get(check_id)
        if was == now:
            continue
        if now in BAD and was not in BAD:
            newly.append(check_id)
        elif was in BAD and now not in BAD:
            fixed.append(check_id)
        elif was is not None and now is not None:
            other.append((check_id, was, now))
    return HistoryChange(after.commit, before.commit, before.score, after.score, before.grade, after.grade,
                         before.level, after.level, tuple(newly), tuple(fixed), tuple(other), adjacent)


def moved(change: HistoryChange) -> bool:
    """Whether anything a reader would want to see changed."""
    return bool(change.newly_failing or change.fixed or change.changed or change.score_before != change.score_after
                or change.level_before != change.level_after)


def failing(statuses: Mapping[str, Status]) -> list[str]:
    """The ids of the checks failing in `statuses`, sorted."""
    return sorted(check_id for check_id, status in statuses.items() if status in BAD)
