"""The vocabulary every layer shares: severities, statuses, evidence, check metadata, results.

Everything here is a frozen dataclass so that reporters can never change a verdict after
scoring, and so that the same inputs compare equal (determinism is tested byte for byte).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Callable, Mapping


class Severity(str, enum.Enum):
    """How much a failing check puts production at risk; drives the score weight."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Status(str, enum.Enum):
    """A check's verdict. Only pass/partial/fail are scored; the rest are shown with a reason."""

    PASS = "pass"
    PARTIAL = "partial"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    ERROR = "error"
    WAIVED = "waived"  # a waiver in the configuration or the code accepted this result

    @property
    def scored(self) -> bool:
        return self in (Status.PASS, Status.PARTIAL, Status.FAIL)


CATEGORIES: Mapping[str, str] = {
    "api": "API contract",
    "sec": "Security",
    "data": "Data",
    "obs": "Observability",
    "qa": "Tests and quality",
    "ops": "Build and run",
    "docs": "Documentation",
}


@dataclass(frozen=True)
class WaiverNote:
    """Why a result or a finding is accepted as it is: shown next to it in every report."""

    reason: str
    source: str  # ".prodready.yml:12" or, for an inline waiver, "app/settings.py:40"
    inline: bool = False
    owner: str | None = None
    expires: str | None = None  # ISO date


@dataclass(frozen=True)
class Evidence:
    """One place in the repo that supports a verdict. `snippet` is already redacted."""

    path: str
    line: int | None = None
    snippet: str = ""
    note: str = ""
    severity: Severity | None = None
    service: str | None = None
    fingerprint: str = ""  # content-based id of a finding (see fingerprints.py); "" for context
    waiver: WaiverNote | None = None
    baselined: bool = False  # already in the --baseline file: known, not new

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    @property
    def is_finding(self) -> bool:
        """Evidence of a problem, as opposed to context such as "ok: ..." lines."""
        return not self.note.startswith("ok ")


@dataclass(frozen=True)
class CheckMeta:
    """Everything a reader needs to understand a check; `explain`, HTML and SARIF render it."""

    id: str
    title: str
    category: str
    severity: Severity
    why: str
    fix: str
    fix_by_stack: Mapping[str, str] = field(default_factory=dict)
    references: tuple[str, ...] = ()
    # "service": run once per detected service; "repo": run once over the whole tree.
    scope: str = "service"
    blind_spots: str = ""  # what the check cannot see, said plainly (docs/checks.md shows it)
    # per-file batches ("complexity", "secrets") worth starting on the worker processes as soon
    # as the audit begins, so they overlap with the checks that run before this one
    prefetch: tuple[str, ...] = ()

    def fix_for(self, frameworks: tuple[str, ...] | list[str], stack: str | None = None) -> str:
        """The most specific remedy we know: framework first, then stack, then generic."""
        for key in list(frameworks) + ([stack] if stack else []):
            if key in self.fix_by_stack:
                return self.fix_by_stack[key]
        return self.fix


@dataclass(frozen=True)
class Outcome:
    """What a check function returns: status, 0-10 score (None when unscored), evidence."""

    status: Status
    score: float | None
    message: str
    evidence: tuple[Evidence, ...] = ()

    @staticmethod
    def passed(message: str, evidence: tuple[Evidence, ...] | list[Evidence] = ()) -> Outcome:
        return Outcome(Status.PASS, 10.0, message, tuple(evidence))

    @staticmethod
    def failed(message: str, evidence: tuple[Evidence, ...] | list[Evidence] = ()) -> Outcome:
        return Outcome(Status.FAIL, 0.0, message, tuple(evidence))

    @staticmethod
    def partial(
        score: float, message: str, evidence: tuple[Evidence, ...] | list[Evidence] = ()
    ) -> Outcome:
        return Outcome(Status.PARTIAL, float(score), message, tuple(evidence))

    @staticmethod
    def not_applicable(message: str) -> Outcome:
        return Outcome(Status.NOT_APPLICABLE, None, message, ())

    @staticmethod
    def error(message: str) -> Outcome:
        return Outcome(Status.ERROR, None, message, ())


@dataclass(frozen=True)
class Check:
    """A registered check: its metadata and the pure function of facts that decides it."""

    meta: CheckMeta
    run: Callable[..., Outcome]
    source: str = ""
    origin: str = "built-in"  # or the check pack (distribution or directory) it came from


@dataclass(frozen=True)
class CheckResult:
    """A check's outcome for one scope (a service, or the whole repo), with its remedy."""

    meta: CheckMeta
    outcome: Outcome
    remediation: str
    service: str | None = None
    waiver: WaiverNote | None = None  # set when the whole result is waived
    original_status: Status | None = None  # what the check said before the waiver
    fingerprint: str = ""  # the result as one finding, for results without finding evidence
    baselined: bool = False

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def status(self) -> Status:
        return self.outcome.status

    @property
    def score(self) -> float | None:
        return self.outcome.score


@dataclass(frozen=True)
class ServiceCard:
    """One detected service and how it scored."""

    path: str
    stack: str
    kind: str
    frameworks: tuple[str, ...]
    score: int | None
    grade: str
    level: str
    results: tuple[CheckResult, ...]


@dataclass(frozen=True)
class CategoryScore:
    id: str
    title: str
    score: int | None
    counts: Mapping[str, int]


@dataclass(frozen=True)
class NextStep:
    """One fix on the way to the next maturity level, with the points it would gain."""

    check_id: str
    title: str
    gain: float
    reason: str


@dataclass(frozen=True)
class Scorecard:
    """The frozen result of an audit; reporters only read it."""

    tool_version: str
    target_path: str
    commit: str | None
    score: int | None
    grade: str
    level: str
    next_level: str | None
    next_steps: tuple[NextStep, ...]
    categories: tuple[CategoryScore, ...]
    services: tuple[ServiceCard, ...]
    results: tuple[CheckResult, ...]
    notes: tuple[str, ...]
    generated_at: str
    duration_seconds: float
    delta: "Delta | None" = None  # set by `audit --base` or `prodready diff`
    anchor: str = "README.md"  # an existing file to attach repo-wide findings to (SARIF)
    config_source: str | None = None  # which configuration was applied, if any
    profile: "Mapping[str, Mapping[str, float]] | None" = None  # --profile: facts and checks, seconds
    waivers: "tuple[WaiverState, ...]" = ()  # every configured or inline waiver and what became of it
    baseline: "BaselineSummary | None" = None  # set by --baseline
    blame: "BlameReport | None" = None  # set by --blame: which commit made each failing check fail


@dataclass(frozen=True)
class WaiverState:
    """A waiver after the audit: applied (to how many results and findings), expired, unused
    (matched nothing), or refused (inline waivers switched off, or no reason given)."""

    check_id: str
    source: str
    reason: str
    state: str  # applied | expired | unused | refused
    matches: int = 0
    path: str | None = None
    fingerprint: str | None = None
    owner: str | None = None
    expires: str | None = None
    inline: bool = False
    detail: str = ""


@dataclass(frozen=True)
class BaselineSummary:
    """What `--baseline FILE` did: findings already known (not shown), new ones, and fixed ones."""

    file: str
    known: int
    new: int
    fixed: int


@dataclass(frozen=True)
class Finding:
    """One piece of evidence of a failing or partial check, identified without its line number
    so that moving code does not make it look new."""

    check_id: str
    path: str
    line: int | None
    note: str
    snippet: str
    service: str | None
    fingerprint: str = ""

    @property
    def key(self) -> tuple[str, ...]:
        if self.fingerprint:
            return (self.check_id, self.fingerprint)
        return (self.check_id, self.path, self.note, self.snippet, self.service or "")


@dataclass(frozen=True)
class CheckChange:
    check_id: str
    title: str
    before_status: str | None
    before_score: float | None
    after_status: str | None
    after_score: float | None
    change: str  # new failure | fixed | worse | better | new check | removed | same


@dataclass(frozen=True)
class Delta:
    """What a change did to the scorecard, against a base revision or report."""

    base_ref: str | None
    base_commit: str | None
    score_before: int | None
    score_after: int | None
    grade_before: str
    grade_after: str
    level_before: str
    level_after: str
    checks: tuple[CheckChange, ...]
    new_findings: tuple[Finding, ...]
    resolved_findings: tuple[Finding, ...]
    base_config: str | None = None  # the configuration the base was judged with (its own)
    base_notes: tuple[str, ...] = ()  # what the base audit noted (files it could not parse, ...)

    @property
    def score_change(self) -> int | None:
        if self.score_before is None or self.score_after is None:
            return None
        return self.score_after - self.score_before


@dataclass(frozen=True)
class CommitRef:
    """A commit as reports name it. Author and subject come from the repository: they are
    scrubbed (secrets masked, control characters gone) before they get here."""

    sha: str
    date: str  # the author date, ISO 8601 with its offset
    author: str
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True)
class Blame:
    """The commit that made one check fail: the first failing commit after the last passing one.
    `commit` is None when that is not known, and `reason` says why (failing in every commit
    examined, only in uncommitted changes, history unreadable)."""

    check_id: str
    commit: CommitRef | None
    reason: str = ""


@dataclass(frozen=True)
class BlameReport:
    """`audit --blame`: one entry per failing or partial check, and how far back was looked."""

    last: int  # at most this many commits were examined per check
    head: str | None  # the commit the walk started from
    entries: tuple[Blame, ...] = ()

    def of(self, check_id: str) -> Blame | None:
        """The entry of `check_id`, if it was blamed."""
        return next((b for b in self.entries if b.check_id == check_id), None)
