"""Pure functions from service rows to the fleet view: per-check counts, shares, gains, groups.

The gain of fixing a check is never estimated: a service's score is recomputed with
prodready.scoring as if that one check passed (score 10, the severity the service scored it
with), and the gain is the difference from the score recomputed the same way. The fleet's gain
is the sum over the services failing the check divided by all scored services: how much the
fleet's mean service score would rise.
"""

from __future__ import annotations

import statistics
from dataclasses import replace
from functools import lru_cache
from typing import Callable, Iterable, Mapping, Sequence

from prodready.fleet.model import (
    LEVEL_ORDER,
    Cell,
    CheckInfo,
    CheckSummary,
    Distribution,
    FleetView,
    GroupSummary,
    History,
    PastService,
    ServiceChange,
    ServiceRow,
)
from prodready.model import CheckMeta, CheckResult, Outcome, Severity, Status
from prodready.scoring import grade, weighted_score

GRADES = ("A", "B", "C", "D", "F", "-")
BUCKETS = tuple((f"{low}-{low + 9 if low < 90 else 100}", low) for low in range(0, 100, 10))


@lru_cache(maxsize=4096)
def _meta(check_id: str, severity: Severity) -> CheckMeta:
    return CheckMeta(id=check_id, title=check_id, category=check_id.split(".", 1)[0], severity=severity, why="", fix="")


def as_result(cell: Cell) -> CheckResult:
    """A cell as the scoring functions take it (metadata shared, no evidence)."""
    return CheckResult(_meta(cell.check_id, cell.severity), Outcome(cell.status, cell.score, ""), "")


def service_gains(cells: Sequence[Cell]) -> tuple[tuple[str, int], ...]:
    """For each failing check of one service: the points its score gains if that check alone
    passed, recomputed with prodready.scoring.weighted_score."""
    results = [as_result(c) for c in cells]
    before = weighted_score(results)
    gains = []
    # the gain depends on the service and on the failing check's weight and score only: checks
    # alike (every high-severity fail at 0, say) are rescored once
    known: dict[tuple[Severity, Status, float | None], int] = {}
    for index, cell in enumerate(cells):
        if not cell.failing:
            continue
        alike = (cell.severity, cell.status, cell.score)
        if alike not in known:
            fixed = list(results)
            fixed[index] = CheckResult(results[index].meta, Outcome(Status.PASS, 10.0, ""), "")
            known[alike] = (weighted_score(fixed) or 0) - (before or 0)
        gains.append((cell.check_id, known[alike]))
    return tuple(gains)


def summarise_checks(rows: Sequence[ServiceRow], catalog: Mapping[str, CheckInfo]) -> tuple[CheckSummary, ...]:
    """One summary per check id seen in any service, sorted by id."""
    counts: dict[str, dict[Status, int]] = {}
    gains: dict[str, int] = {}
    for row in rows:
        for cell in row.cells:
            per = counts.setdefault(cell.check_id, {})
            per[cell.status] = per.get(cell.status, 0) + 1
        for check_id, gain in row.gains:
            gains[check_id] = gains.get(check_id, 0) + gain
    scored_services = sum(1 for r in rows if r.score is not None) or 1
    out = []
    for check_id in sorted(counts):
        per = counts[check_id]
        fail, partial = per.get(Status.FAIL, 0), per.get(Status.PARTIAL, 0)
        failing = fail + partial
        applicable = failing + per.get(Status.PASS, 0) + per.get(Status.WAIVED, 0)
        total_gain = gains.get(check_id, 0)
        info = catalog.get(check_id) or CheckInfo(check_id, check_id, check_id.split(".", 1)[0], Severity.MEDIUM)
        out.append(CheckSummary(
            info=info, failing=failing, fail=fail, partial=partial, passing=per.get(Status.PASS, 0),
            not_applicable=per.get(Status.NOT_APPLICABLE, 0), error=per.get(Status.ERROR, 0),
            waived=per.get(Status.WAIVED, 0), applicable=applicable,
            share=round(failing / applicable, 4) if applicable else 0.0,
            gain=round(total_gain / failing, 2) if failing else 0.0,
            fleet_gain=round(total_gain / scored_services, 2),
        ))
    return tuple(out)


def _mean(values: Iterable[int | None]) -> float | None:
    scored = [v for v in values if v is not None]
    return round(statistics.fmean(scored), 1) if scored else None


def group(rows: Sequence[ServiceRow], key: Callable[[ServiceRow], str | None]) -> tuple[GroupSummary, ...]:
    """Services grouped by `key` (team, tier), named groups first in name order, then None."""
    members: dict[str | None, list[ServiceRow]] = {}
    for row in rows:
        members.setdefault(key(row), []).append(row)
    out = []
    for name in sorted(members, key=lambda n: (n is None, n or "")):
        group_rows = members[name]
        scores = [r.score for r in group_rows if r.score is not None]
        failing: dict[str, int] = {}
        for row in group_rows:
            for check_id in row.failing:
                failing[check_id] = failing.get(check_id, 0) + 1
        top = sorted(failing.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        out.append(GroupSummary(name, len(group_rows), _mean(scores), min(scores) if scores else None,
                                _count(r.level for r in group_rows), tuple(top)))
    return tuple(out)


def _count(levels: Iterable[str]) -> tuple[tuple[str, int], ...]:
    found: dict[str, int] = {}
    for value in levels:
        found[value] = found.get(value, 0) + 1
    return tuple((name, found.get(name, 0)) for name in LEVEL_ORDER)


def distribution(rows: Sequence[ServiceRow]) -> Distribution:
    """Scores in ten buckets (90-100 is the last), services per level and per grade."""
    buckets = {label: 0 for label, _ in BUCKETS}
    for row in rows:
        if row.score is not None:
            label = BUCKETS[min(row.score // 10, 9)][0]
            buckets[label] += 1
    grades = {g: 0 for g in GRADES}
    for row in rows:
        grades[row.grade if row.grade in grades else grade(row.score)] += 1
    return Distribution(tuple(buckets.items()), _count(r.level for r in rows), tuple(grades.items()),
                        sum(1 for r in rows if r.score is None))


_STATE_ORDER = {"changed": 0, "new": 1, "gone": 2}


def changes(rows: Sequence[ServiceRow], past: Sequence[PastService]) -> tuple[ServiceChange, ...]:
    """What changed since the previous run: services whose score, level or failing checks
    moved (largest drop first), services that are new, and services that are gone."""
    before = {(p.repo, p.service): p for p in past}
    out = []
    for row in rows:
        old = before.pop(row.key, None)
        if old is None:
            out.append(ServiceChange(row.repo, row.service, "new", None, row.score, None, row.level, row.failing))
            continue
        now, then = set(row.failing), set(old.failing)
        if row.score != old.score or row.level != old.level or now != then:
            out.append(ServiceChange(row.repo, row.service, "changed", old.score, row.score, old.level, row.level,
                                     tuple(sorted(now - then)), tuple(sorted(then - now))))
    out += [ServiceChange(p.repo, p.service, "gone", p.score, None, p.level, None) for p in before.values()]
    return tuple(sorted(out, key=lambda c: (_STATE_ORDER[c.state], c.score_change or 0, c.repo, c.service)))


def build_view(rows: Sequence[ServiceRow], catalog: Mapping[str, CheckInfo], sources: int, notes: Sequence[str],
               generated_at: str, tool_version: str, history: History | None = None,
               database: str | None = None) -> FleetView:
    """The fleet view of one run: rows sorted, checks summarised, groups, spread, trend and the
    change since the previous stored run (none without a history)."""
    history = history or History()
    trends = dict(history.trends)
    ordered = tuple(sorted((replace(r, trend=trends.get(r.key, ())) for r in rows), key=lambda r: r.key))
    scores = [r.score for r in ordered if r.score is not None]
    return FleetView(
        generated_at=generated_at,
        tool_version=tool_version,
        sources=sources,
        services=ordered,
        checks=summarise_checks(ordered, catalog),
        teams=group(ordered, lambda r: r.team),
        tiers=group(ordered, lambda r: r.tier) if any(r.tier for r in ordered) else (),
        distribution=distribution(ordered),
        average=_mean(scores),
        median=float(statistics.median(scores)) if scores else None,
        notes=tuple(notes),
        previous=history.previous,
        changes=changes(ordered, history.past) if history.previous else (),
        database=database,
    )
