"""Scores, grades and maturity levels: pure functions of check results (see docs/scoring.md).

Risk-weighted like OpenSSF Scorecard: each scored check contributes its 0-10 score with the
weight of its severity; not-applicable and error results are left out. Levels are gates, not
averages: bronze needs every critical check to pass, silver every critical and high check,
gold every check.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from prodready.model import CATEGORIES, CategoryScore, CheckResult, NextStep, Severity, Status

WEIGHTS = {Severity.CRITICAL: 10.0, Severity.HIGH: 7.5, Severity.MEDIUM: 5.0, Severity.LOW: 2.5}
GRADES = ((90, "A"), (80, "B"), (70, "C"), (60, "D"))
LEVELS = (
    ("bronze", (Severity.CRITICAL,)),
    ("silver", (Severity.CRITICAL, Severity.HIGH)),
    ("gold", (Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)),
)
NO_LEVEL = "none"


def counted(result: CheckResult) -> bool:
    """Whether a result enters the score: pass, partial and fail do; a waived result only keeps
    its score when the configuration says so (`score_waived: true`), otherwise it is None."""
    if result.score is None:
        return False
    return result.status.scored or result.status is Status.WAIVED


def weighted_score(results: Iterable[CheckResult]) -> int | None:
    """0-100: the severity-weighted mean of scored checks, or None if nothing was scored."""
    total = weight_sum = 0.0
    for result in results:
        if counted(result):
            weight = WEIGHTS[result.meta.severity]
            total += weight * result.score
            weight_sum += weight
    if not weight_sum:
        return None
    return int(round(total / weight_sum * 10))


def grade(score: int | None) -> str:
    if score is None:
        return "-"
    for floor, letter in GRADES:
        if score >= floor:
            return letter
    return "F"


def _blocks(result: CheckResult, severities: Sequence[Severity]) -> bool:
    if result.meta.severity not in severities:
        return False
    return result.status in (Status.FAIL, Status.PARTIAL, Status.ERROR)


def level(results: Sequence[CheckResult]) -> str:
    """The highest level whose gate every relevant check passes ("none" below bronze)."""
    reached = NO_LEVEL
    for name, severities in LEVELS:
        if any(_blocks(r, severities) for r in results):
            break
        reached = name
    return reached


def next_level(results: Sequence[CheckResult]) -> tuple[str | None, tuple[NextStep, ...]]:
    """The next level and what stands in its way, ordered by points gained per fix."""
    current = level(results)
    names = [name for name, _ in LEVELS]
    index = names.index(current) + 1 if current in names else 0
    if index >= len(LEVELS):
        return None, ()
    target, severities = LEVELS[index]
    scored = [r for r in results if counted(r)]
    weight_sum = sum(WEIGHTS[r.meta.severity] for r in scored) or 1.0
    steps = []
    for result in results:
        if _blocks(result, severities):
            missing = 10.0 - (result.score or 0.0)
            gain = round(WEIGHTS[result.meta.severity] * missing / weight_sum * 10, 1)
            steps.append(NextStep(result.id, result.meta.title, gain, result.outcome.message))
    steps.sort(key=lambda s: (-s.gain, s.check_id))
    return target, tuple(steps)


def category_scores(results: Sequence[CheckResult]) -> tuple[CategoryScore, ...]:
    out = []
    for category, title in CATEGORIES.items():
        members = [r for r in results if r.meta.category == category]
        if not members:
            continue
        counts: dict[str, int] = {}
        for r in members:
            counts[r.status.value] = counts.get(r.status.value, 0) + 1
        out.append(CategoryScore(category, title, weighted_score(members), counts))
    return tuple(out)
