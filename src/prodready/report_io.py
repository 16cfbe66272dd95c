"""Read a JSON report back into a Scorecard, so saved reports can be diffed, posted and gathered.

The inverse of reporters/json_report.to_dict. A saved report is input like any other: it may be
cut short, edited by hand, written by another version or by another tool. It is read bounded
(MAX_REPORT_BYTES), and every field is checked for its type as it is read, so whatever is wrong
ends as one ReportError naming the field, never as an exception deeper down (`prodready diff`
and `prodready github ...` turn it into exit 2, `prodready fleet` into a note). Fields a report
does not carry are given their defaults: reports only ever gain fields (schema_version stays 1),
and an older report must stay readable.

A report keeps what it said when it was written: its statuses, scores and severities (the
severity its score was weighed with: a configuration may have changed it, and the installed
catalog may have since). Only what a report does not carry (why a check matters, per-stack
fixes) is taken from the installed checks, when the id is known.
"""

from __future__ import annotations

import enum
import json
import math
import os
import stat
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, TypeVar

from prodready.model import (
    BaselineSummary,
    Blame,
    BlameReport,
    CategoryScore,
    CheckChange,
    CheckMeta,
    CheckResult,
    CommitRef,
    Delta,
    Evidence,
    Finding,
    NextStep,
    Outcome,
    Scorecard,
    ServiceCard,
    Severity,
    Status,
    WaiverNote,
    WaiverState,
)
from prodready.redact import clean

# A report is about 50 kB (a 1,000-report fleet is 55 MB, docs/fleet.md) and a big monorepo's a
# few MB. 64 MiB is ten times more than any real one needs, and small enough that reading it
# fits a CI runner: a 63 MiB report (24 services, 1,000 findings per check) peaked at 340 MB of
# memory while parsed. Anything larger is not a report, or not one worth that memory (and the
# same bound that `prodready fleet` always had).
MAX_REPORT_BYTES = 64 * 1024 * 1024
_E = TypeVar("_E", bound=enum.Enum)


class ReportError(ValueError):
    """The file is not a prodready JSON report this version can read. The message says why,
    starting with a verb ("is not valid JSON ..."), without the file's name: callers put the
    name in front."""


@lru_cache(maxsize=1)
def _installed() -> Mapping[str, CheckMeta]:
    """Metadata of the built-in checks by id, discovered once per process: `prodready fleet`
    reads thousands of reports, and discovering the checks for each was two thirds of the time."""
    from prodready.registry import discover

    return MappingProxyType({c.meta.id: c.meta for c in discover()})


def _described(value: Any) -> str:
    """A value of the report as an error message shows it: short, and inert."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return clean(repr(value), 40)
    if isinstance(value, str):
        return clean(json.dumps(value, ensure_ascii=True), 40)
    return "a list" if isinstance(value, list) else "an object"


class _Fields:
    """One JSON object of a report, read field by field. Each accessor gives the field, or its
    default when the field is absent, and raises ReportError naming the field (`checks[3].status`)
    when it is there with the wrong type: a default for a wrong value would hide a broken file."""

    def __init__(self, data: Any, where: str):
        if not isinstance(data, dict):
            raise ReportError(f"{where} is {_described(data)}, not an object")
        self.data = data
        self.where = where

    def _at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def _wrong(self, key: str, expected: str) -> ReportError:
        return ReportError(f"{self._at(key)} is {_described(self.data[key])}, expected {expected}")

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str):
            raise self._wrong(key, "text")
        return value

    def required_text(self, key: str) -> str:
        if key not in self.data:
            raise ReportError(f"{self._at(key)} is missing")
        return self.text(key)

    def optional_text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is not None and not isinstance(value, str):
            raise self._wrong(key, "text or null")
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise self._wrong(key, "true or false")
        return value

    def number(self, key: str, default: float | None, high: float | None = None, integer: bool = False) -> Any:
        """A number from 0 (to `high`), an integer if asked; None only where `default` is None."""
        value = self.data.get(key, default)
        if value is None and default is None:
            return None
        kind = int if integer else (int, float)
        # json.loads takes NaN and Infinity, which no comparison below would catch
        if (isinstance(value, bool) or not isinstance(value, kind) or not math.isfinite(value) or value < 0
                or (high is not None and value > high)):
            span = f" from 0 to {high:g}" if high is not None else " of at least 0"
            raise self._wrong(key, f"{'an integer' if integer else 'a number'}{span}" + (" or null" if default is None else ""))
        return value

    def line(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise self._wrong(key, "a line number (1 or more) or null")
        return value

    def choice(self, key: str, kind: type[_E]) -> _E | None:
        """One of the values of `kind`, or None when absent or null."""
        value = self.data.get(key)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            raise self._wrong(key, "one of " + ", ".join(str(m.value) for m in kind)) from None

    def required_choice(self, key: str, kind: type[_E]) -> _E:
        value = self.choice(key, kind)
        if value is None:
            raise ReportError(f"{self._at(key)} is {'null' if key in self.data else 'missing'}")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        items = self._list(key)
        for number, item in enumerate(items):
            if not isinstance(item, str):
                raise ReportError(f"{self._at(key)}[{number}] is {_described(item)}, expected text")
        return tuple(items)

    def objects(self, key: str) -> list[_Fields]:
        return [_Fields(item, f"{self._at(key)}[{number}]") for number, item in enumerate(self._list(key))]

    def object(self, key: str) -> _Fields | None:
        value = self.data.get(key)
        return None if value is None else _Fields(value, self._at(key))

    def counts(self, key: str) -> dict[str, int]:
        value = self.object(key)
        if value is None:
            return {}
        return {name: value.number(name, 0, integer=True) for name in value.data}

    def _list(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._wrong(key, "a list")
        return value


def _waiver(parent: _Fields, key: str = "waiver") -> WaiverNote | None:
    w = parent.object(key)
    if w is None:
        return None
    return WaiverNote(w.text("reason"), w.text("source"), w.flag("inline"), w.optional_text("owner"), w.optional_text("expires"))


def _evidence(e: _Fields) -> Evidence:
    return Evidence(path=e.text("path"), line=e.line("line"), snippet=e.text("snippet"),
                    note=e.text("note"), severity=e.choice("severity", Severity), service=e.optional_text("service"),
                    fingerprint=e.text("fingerprint"), waiver=_waiver(e), baselined=e.text("baseline") == "known")


def _meta(check: _Fields, known: Mapping[str, CheckMeta]) -> CheckMeta:
    """The check's metadata: the report's own title, category and severity for a check this
    prodready does not know; for one it knows, the installed description with the report's
    severity (what its score was weighed with when it was written)."""
    check_id = check.required_text("id")
    if not check_id:
        raise ReportError(f"{check._at('id')} is empty")
    severity = check.choice("severity", Severity)
    if check_id in known:
        meta = known[check_id]
        return meta if severity is None or severity is meta.severity else replace(meta, severity=severity)
    return CheckMeta(id=check_id, title=check.text("title", check_id), category=check.text("category", check_id.split(".")[0]),
                     severity=severity or Severity.MEDIUM, why="", fix=check.text("remediation"),
                     references=check.texts("references"))


def _result(check: _Fields, known: Mapping[str, CheckMeta], metas: dict[str, CheckMeta], service: str | None = None) -> CheckResult:
    check_id = check.required_text("id")
    meta = metas.get(check_id) or _meta(check, known)
    outcome = Outcome(check.required_choice("status", Status), check.number("score", None, high=10), check.text("message"),
                      tuple(_evidence(e) for e in check.objects("evidence")))
    return CheckResult(meta, outcome, check.text("remediation", meta.fix), service, waiver=_waiver(check),
                       original_status=check.choice("original_status", Status),
                       fingerprint=check.text("fingerprint"), baselined=check.text("baseline") == "known")


def _finding(f: _Fields) -> Finding:
    return Finding(f.required_text("check"), f.required_text("path"), f.line("line"), f.text("note"), f.text("snippet"),
                   f.optional_text("service"), f.optional_text("fingerprint") or "")


def _change(c: _Fields) -> CheckChange:
    check_id = c.required_text("id")
    return CheckChange(check_id, c.text("title", check_id), c.optional_text("before_status"), c.number("before_score", None, high=10),
                       c.optional_text("after_status"), c.number("after_score", None, high=10), c.required_text("change"))


def _delta(d: _Fields | None) -> Delta | None:
    if d is None or not d.data:
        return None
    return Delta(d.optional_text("base_ref"), d.optional_text("base_commit"),
                 d.number("score_before", None, high=100, integer=True), d.number("score_after", None, high=100, integer=True),
                 d.text("grade_before", "-"), d.text("grade_after", "-"), d.text("level_before", "none"),
                 d.text("level_after", "none"), tuple(_change(c) for c in d.objects("checks")),
                 tuple(_finding(f) for f in d.objects("new_findings")),
                 tuple(_finding(f) for f in d.objects("resolved_findings")),
                 d.optional_text("base_config"), d.texts("base_notes"))


def _service(s: _Fields, known: Mapping[str, CheckMeta], metas: dict[str, CheckMeta]) -> ServiceCard:
    path = s.required_text("path")
    return ServiceCard(path, s.text("stack", "unknown"), s.text("kind", "api"), s.texts("frameworks"),
                       s.number("score", None, high=100, integer=True), s.text("grade", "-"), s.text("level", "none"),
                       tuple(_result(c, known, metas, path) for c in s.objects("checks")))


def _waiver_state(w: _Fields) -> WaiverState:
    return WaiverState(w.required_text("check"), w.text("source"), w.text("reason"), w.text("state", "applied"),
                       w.number("matches", 0, integer=True), w.optional_text("path"), w.optional_text("fingerprint"),
                       w.optional_text("owner"), w.optional_text("expires"), w.flag("inline"), w.text("detail"))


def _baseline(b: _Fields | None) -> BaselineSummary | None:
    if b is None:
        return None
    return BaselineSummary(b.text("file"), b.number("known", 0, integer=True), b.number("new", 0, integer=True),
                           b.number("fixed", 0, integer=True))


def _commit(c: _Fields | None) -> CommitRef | None:
    if c is None:
        return None
    return CommitRef(c.required_text("sha"), c.text("date"), c.text("author"), c.text("subject"))


def _blame(b: _Fields | None) -> BlameReport | None:
    """The `blame` of a report written with `audit --blame` (None without it)."""
    if b is None:
        return None
    entries = tuple(Blame(e.required_text("check"), _commit(e.object("commit")), e.optional_text("reason") or "")
                    for e in b.objects("checks"))
    return BlameReport(b.number("last", 0, integer=True), b.optional_text("head"), entries)


def check_version(data: Any) -> None:
    """Raise ReportError unless `data` is an audit report of the schema version this prodready
    reads; the message says what the file is instead (another version, a fleet or history report)."""
    from prodready.reporters.json_report import SCHEMA_VERSION

    if not isinstance(data, dict):
        raise ReportError("is not a prodready report (a JSON object was expected)")
    if "fleet_schema_version" in data:
        raise ReportError("is a fleet report, not an audit report: give the reports it was made from")
    if "points" in data and "repository" in data:
        raise ReportError("is a history report (prodready history), not an audit report")
    if "schema_version" not in data:
        raise ReportError("is not a prodready report (no schema_version)")
    version = data["schema_version"]
    if type(version) is not int:
        raise ReportError(f"has schema_version {_described(version)}; this prodready reads schema_version "
                          f"{SCHEMA_VERSION} (a whole number), so it was not written by prodready")
    if version != SCHEMA_VERSION:
        hint = ("a newer prodready wrote it: upgrade prodready to read it" if version > SCHEMA_VERSION
                else "an older prodready wrote it: audit again with this version")
        raise ReportError(f"is a report of schema_version {version}; this prodready reads schema_version "
                          f"{SCHEMA_VERSION} only ({hint})")


def from_dict(data: Any) -> Scorecard:
    """The Scorecard of a report already parsed; ReportError saying what is wrong with it."""
    check_version(data)
    try:
        return _scorecard(_Fields(data, ""))
    except ReportError as exc:
        raise ReportError(f"is not a valid prodready report ({exc})") from None
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        # each field is checked above; this is a safety net, so a shape no check foresaw is still
        # the report's fault said in one line, not an internal error
        raise ReportError(f"is not a valid prodready report ({type(exc).__name__}: {clean(str(exc), 120)})") from None


def _scorecard(report: _Fields) -> Scorecard:
    if "checks" not in report.data:
        raise ReportError("checks is missing")
    known = _installed()
    checks = report.objects("checks")
    metas: dict[str, CheckMeta] = {}
    for check in checks:
        metas.setdefault(check.required_text("id"), _meta(check, known))
    tool, target = report.object("tool"), report.object("target")
    return Scorecard(
        tool_version=tool.text("version", "?") if tool else "?",
        target_path=target.text("path") if target else "",
        commit=target.optional_text("commit") if target else None,
        score=report.number("score", None, high=100, integer=True), grade=report.text("grade", "-"),
        level=report.text("level", "none"), next_level=report.optional_text("next_level"),
        next_steps=tuple(NextStep(n.required_text("check"), n.text("title"), n.number("gain", 0), n.text("reason"))
                         for n in report.objects("next_steps")),
        categories=tuple(CategoryScore(c.required_text("id"), c.text("title", c.required_text("id")),
                                       c.number("score", None, high=100, integer=True), c.counts("counts"))
                         for c in report.objects("categories")),
        services=tuple(_service(s, known, metas) for s in report.objects("services")),
        results=tuple(_result(c, known, metas) for c in checks), notes=report.texts("notes"),
        generated_at=report.text("generated_at"), duration_seconds=report.number("duration_seconds", 0.0),
        delta=_delta(report.object("delta")), anchor=report.text("anchor", "README.md"),
        config_source=report.optional_text("config"),
        waivers=tuple(_waiver_state(w) for w in report.objects("waivers")),
        baseline=_baseline(report.object("baseline")), blame=_blame(report.object("blame")),
    )


def read_bounded(path: Path) -> bytes:
    """The bytes of the report at `path`: a regular file (never a FIFO or a device, which would
    block or never end) of at most MAX_REPORT_BYTES."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ReportError(f"cannot be read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ReportError("is not a regular file")
        if info.st_size > MAX_REPORT_BYTES:
            raise ReportError(f"is larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB, the most a report is read to")
        data = handle.read(MAX_REPORT_BYTES + 1)
    if len(data) > MAX_REPORT_BYTES:  # it grew while being read
        raise ReportError(f"is larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB, the most a report is read to")
    return data


def parse(raw: bytes) -> Any:
    """The JSON value of a report's bytes; ReportError saying how they are not JSON."""
    if not raw.strip():
        raise ReportError("is empty")
    text = raw.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        # a download or an upload that stopped half-way: the text ends before the value does
        rest = text[exc.pos:].rstrip()
        short = not rest or exc.msg.startswith("Unterminated string") or any(w.startswith(rest) for w in ("true", "false", "null"))
        cut = " (the file is cut short)" if short else ""
        raise ReportError(f"is not valid JSON{cut}: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise ReportError("is not valid JSON: nested too deeply") from None


def read(path: Path) -> Scorecard:
    """The report at `path`; ReportError (its message without the path) when it cannot be used."""
    return from_dict(parse(read_bounded(path)))


def load(path: Path) -> Scorecard:
    """The report at `path`; ReportError with a message that names the file, for a usage error."""
    try:
        return read(path)
    except ReportError as exc:
        raise ReportError(f"{path} {exc}") from None
