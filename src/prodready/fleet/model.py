"""The fleet view: frozen dataclasses that every fleet reporter reads and none can change.

A row is one service of one source (a repository checkout or a saved report): a monorepo
gives one row per service it holds. Everything in here has already been cleaned of control
characters and bounded in length when it was read (see collect.py), so reporters only escape.
"""

from __future__ import annotations

from dataclasses import dataclass

from prodready.model import Severity, Status

# a check "fails" in a service when it is scored below a pass: the level gates treat partial
# like fail, and both have points to gain (errors are unscored: nothing to compute a gain from)
FAILING = frozenset({Status.FAIL, Status.PARTIAL})
LEVEL_ORDER = ("none", "bronze", "silver", "gold")


@dataclass(frozen=True)
class Cell:
    """One check's verdict in one service, with the severity that service scored it with
    (a repository's configuration may change a check's severity)."""

    check_id: str
    status: Status
    score: float | None
    severity: Severity

    @property
    def failing(self) -> bool:
        """Scored below a pass: fail or partial."""
        return self.status in FAILING

    def __reduce__(self) -> tuple[type, tuple[str, Status, float | None, Severity]]:
        # workers send back tens of thousands of cells: as plain arguments they pickle and
        # unpickle several times faster than a dataclass's state dictionary
        return (Cell, (self.check_id, self.status, self.score, self.severity))


@dataclass(frozen=True)
class TrendPoint:
    """A service's score in one stored run."""

    run: int
    at: str
    score: int | None


@dataclass(frozen=True)
class ServiceRow:
    """One service in the fleet: who owns it, how it scored, and every check's verdict."""

    repo: str  # the source's name: unique in a run
    service: str  # the service's path inside the repository, "." for the root
    team: str | None
    tier: str | None
    kind: str
    stack: str
    source: str  # the checkout or report it was read from, as given
    source_kind: str  # "checkout" | "report"
    commit: str | None
    audited_at: str  # when the audit ran (the report's generated_at)
    score: int | None
    grade: str
    level: str
    cells: tuple[Cell, ...]  # sorted by check id
    gains: tuple[tuple[str, int], ...] = ()  # failing check -> points the score gains if it passed
    trend: tuple[TrendPoint, ...] = ()  # earlier stored runs, oldest first

    @property
    def key(self) -> tuple[str, str]:
        """What identifies the service across runs."""
        return (self.repo, self.service)

    @property
    def label(self) -> str:
        """How reports name the service: the repository, plus the path inside a monorepo."""
        return self.repo if self.service == "." else f"{self.repo}/{self.service}"

    @property
    def failing(self) -> tuple[str, ...]:
        """Ids of the checks that fail or are partial here, sorted."""
        return tuple(c.check_id for c in self.cells if c.failing)


@dataclass(frozen=True)
class CheckInfo:
    """What reports need to name a check: its title, category and (default) severity."""

    id: str
    title: str
    category: str
    severity: Severity


@dataclass(frozen=True)
class CheckSummary:
    """How one check fares across the fleet, and what fixing it everywhere would be worth."""

    info: CheckInfo
    failing: int  # services where it fails or is partial
    fail: int
    partial: int
    passing: int
    not_applicable: int
    error: int
    waived: int
    applicable: int  # services where it was judged: pass, partial, fail or waived
    share: float  # failing / applicable (0 when it applies nowhere)
    gain: float  # mean points a failing service's score gains if the check passed there
    fleet_gain: float  # points the fleet's mean service score gains if it passed everywhere

    @property
    def id(self) -> str:
        """The check's id."""
        return self.info.id


@dataclass(frozen=True)
class GroupSummary:
    """Services grouped by team or tier: how many, how they score, what fails most."""

    name: str | None  # None: services with no team (or no tier)
    services: int
    average: float | None
    lowest: int | None
    levels: tuple[tuple[str, int], ...]  # (level, services), none to gold
    top_failing: tuple[tuple[str, int], ...]  # (check id, services failing it), at most three


@dataclass(frozen=True)
class Distribution:
    """How scores and levels spread over the fleet."""

    buckets: tuple[tuple[str, int], ...]  # ("0-9", n) ... ("90-100", n)
    levels: tuple[tuple[str, int], ...]
    grades: tuple[tuple[str, int], ...]
    unscored: int


@dataclass(frozen=True)
class RunInfo:
    """One stored run of `prodready fleet`."""

    number: int
    at: str
    services: int
    average: float | None


@dataclass(frozen=True)
class ServiceChange:
    """What changed for one service since the previous stored run."""

    repo: str
    service: str
    state: str  # "changed" | "new" | "gone"
    score_before: int | None
    score_after: int | None
    level_before: str | None
    level_after: str | None
    newly_failing: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """As ServiceRow.label."""
        return self.repo if self.service == "." else f"{self.repo}/{self.service}"

    @property
    def score_change(self) -> int | None:
        """After minus before; None when either is missing (a new or a gone service)."""
        if self.score_before is None or self.score_after is None:
            return None
        return self.score_after - self.score_before


@dataclass(frozen=True)
class PastService:
    """A service as the previous stored run saw it."""

    repo: str
    service: str
    score: int | None
    level: str
    failing: tuple[str, ...]


@dataclass(frozen=True)
class History:
    """What the store knows before this run: recent runs, the last run's services, and each
    service's scores in the recent runs (oldest first)."""

    runs: tuple[RunInfo, ...] = ()  # oldest first
    past: tuple[PastService, ...] = ()  # the services of runs[-1]
    trends: tuple[tuple[tuple[str, str], tuple[TrendPoint, ...]], ...] = ()

    @property
    def previous(self) -> RunInfo | None:
        """The latest stored run: the one this run is compared with."""
        return self.runs[-1] if self.runs else None


@dataclass(frozen=True)
class FleetView:
    """The whole fleet after one run: what every reporter renders."""

    generated_at: str
    tool_version: str
    sources: int
    services: tuple[ServiceRow, ...]  # sorted by (repo, service)
    checks: tuple[CheckSummary, ...]  # sorted by id
    teams: tuple[GroupSummary, ...]
    tiers: tuple[GroupSummary, ...]
    distribution: Distribution
    average: float | None
    median: float | None
    notes: tuple[str, ...] = ()
    run: RunInfo | None = None  # this run, once stored
    previous: RunInfo | None = None  # the run the changes are measured against
    changes: tuple[ServiceChange, ...] = ()
    database: str | None = None

    @property
    def ranked(self) -> tuple[CheckSummary, ...]:
        """Checks failing somewhere, the largest gain for the fleet's mean score first."""
        return tuple(sorted((c for c in self.checks if c.failing),
                            key=lambda c: (-c.fleet_gain, -c.failing, c.id)))
