"""Turn each source into service rows: audit checkouts and read saved reports, on worker processes.

Checkouts are audited the way `prodready audit` does (runner.prepare + runner.run, so each
checkout's own configuration applies), one audit per worker process with `jobs=1` inside it,
so N workers keep N cores busy without oversubscribing them; every worker shares the content
cache. Saved reports are read in batches on the same workers. Results are put back in source
order, so nothing depends on which worker finishes first. A source that cannot be used gives
a note naming it, never an exception: the other services are still reported.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import sys
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Sequence

from prodready.fleet.aggregate import as_result, service_gains
from prodready.fleet.model import LEVEL_ORDER, Cell, CheckInfo, ServiceRow
from prodready.fleet.sources import Source
from prodready.model import CheckResult, Scorecard, Severity
from prodready.redact import clean, scrub
from prodready.scoring import grade, level, weighted_score

MAX_REPORT_BYTES = 64 * 1024 * 1024
REPORTS_PER_PROCESS = 100  # reading a report takes ~1-2 ms: fewer are read faster without a pool
_COMMIT = re.compile(r"^[0-9a-f]{7,64}$")
Progress = Callable[[str], None]


class ReportProblem(ValueError):
    """A saved report that cannot be used; the message says why (without the source's name)."""


@dataclass(frozen=True)
class Collected:
    """What one source gave: its service rows and check names, or the note saying why not."""

    index: int
    rows: tuple[ServiceRow, ...] = ()
    checks: tuple[CheckInfo, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Options:
    """How checkouts are audited: worker processes and the shared content cache."""

    jobs: int = 0  # 0: one per core, at most 8
    cache_dir: Path | None = None
    no_cache: bool = False


Task = tuple[Callable[..., Any], tuple[Any, ...], str]  # function, arguments, what it is


def collect(sources: Sequence[Source], options: Options,
            progress: Progress | None = None) -> tuple[list[ServiceRow], dict[str, CheckInfo], list[str]]:
    """Rows of every usable source (in source order), the checks they name (first source that
    names a check wins), and a note for each source that could not be used."""
    found: dict[int, Collected] = {index: Collected(index, note=f"{s.name}: {s.path} does not exist")
                                   for index, s in enumerate(sources) if s.kind == "missing"}
    tasks, workers = plan(sources, options)
    for done, (label, results) in enumerate(_run(tasks, workers), 1):
        if progress:
            progress(f"[{done}/{len(tasks)}] {label}")
        found.update((c.index, c) for c in results)
    return _in_source_order(found)


def plan(sources: Sequence[Source], options: Options) -> tuple[list[Task], int]:
    """The work and how many processes share it: one task per checkout (the slow ones, first),
    saved reports in batches of up to 50, enough batches to keep every worker busy; a single
    process when starting others would cost more than it saves."""
    tasks: list[Task] = [(audit_checkout, (index, s, options), s.name)
                         for index, s in enumerate(sources) if s.kind == "checkout"]
    reports = [(index, s) for index, s in enumerate(sources) if s.kind == "report"]
    workers = max(1, min(options.jobs or min(os.cpu_count() or 1, 8), len(tasks) + len(reports)))
    if len(tasks) + len(reports) / REPORTS_PER_PROCESS <= 1:
        workers = 1
    size = max(1, min(50, math.ceil(len(reports) / (workers * 4))))
    for start in range(0, len(reports), size):
        batch = reports[start:start + size]
        tasks.append((read_reports, (batch,), f"{len(batch)} report(s)"))
    return tasks, workers


def _in_source_order(found: dict[int, Collected]) -> tuple[list[ServiceRow], dict[str, CheckInfo], list[str]]:
    rows: list[ServiceRow] = []
    catalog: dict[str, CheckInfo] = {}
    notes: list[str] = []
    for index in sorted(found):
        item = found[index]
        rows += item.rows
        for info in item.checks:
            catalog.setdefault(info.id, info)
        if item.note:
            notes.append(item.note)
    return rows, catalog, notes


def _run(tasks: list[Task], workers: int):
    """Yield (label, [Collected]) per task as tasks finish: in this process with one worker,
    else on forked worker processes (fork: no re-import, the checks are already loaded)."""
    if workers <= 1 or len(tasks) <= 1:
        for func, args, label in tasks:
            yield label, _as_list(func(*args))
        return
    from prodready.registry import discover

    discover()  # load the check modules once, before the fork: every worker inherits them
    with _pool(workers) as pool:
        futures = {pool.submit(func, *args): (args, label) for func, args, label in tasks}
        for future in as_completed(futures):
            args, label = futures[future]
            try:
                yield label, _as_list(future.result())
            except Exception as exc:  # noqa: BLE001 - a worker that died (killed, out of memory)
                yield label, _stopped(args, exc)


def _stopped(args: tuple[Any, ...], exc: Exception) -> list[Collected]:
    """A note for each source of a task whose worker process stopped before answering."""
    pairs = [(args[0], args[1])] if isinstance(args[0], int) else list(args[0])
    return [Collected(index, note=f"{source.name}: {source.path}: its worker process stopped ({type(exc).__name__})")
            for index, source in pairs]


def _pool(workers: int) -> Executor:
    import multiprocessing

    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _as_list(value: Collected | list[Collected]) -> list[Collected]:
    return value if isinstance(value, list) else [value]


def audit_checkout(index: int, source: Source, options: Options) -> Collected:
    """Audit one checkout with its own configuration, on one core; a note if it cannot be."""
    from prodready.runner import Overrides, UsageError, prepare, run

    overrides = Overrides(jobs=1, cache_dir=options.cache_dir, no_cache=options.no_cache)
    try:
        prepared = prepare(source.path, overrides=overrides)
        card = run(source.path, prepared, shown_path=source.name)
        rows, checks = rows_of(card, source, {})
    except UsageError as exc:
        return Collected(index, note=f"{source.name}: {source.path}: " + "; ".join(clean(line, 300) for line in exc.lines))
    except OSError as exc:
        return Collected(index, note=f"{source.name}: cannot read {source.path}: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - one broken audit must not hide the rest of the fleet
        return Collected(index, note=f"{source.name}: the audit of {source.path} failed: "
                                     f"{type(exc).__name__}: {scrub(str(exc))[:200]}")
    return Collected(index, rows, checks)


def read_reports(batch: Sequence[tuple[int, Source]]) -> list[Collected]:
    """Read a batch of saved reports; each one that cannot be used gives a note. A check's name
    comes back with the first report of the batch that names it (the rest would be repeats)."""
    out = []
    named: set[str] = set()
    for index, source in batch:
        try:
            card, severities = read_report(source.path)
            rows, checks = rows_of(card, source, severities, named)
            named.update(c.id for c in checks)
        except ReportProblem as exc:
            out.append(Collected(index, note=f"{source.name}: {source.path}: {exc}"))
            continue
        except (KeyError, TypeError, ValueError, AttributeError) as exc:  # a field of the wrong type
            out.append(Collected(index, note=f"{source.name}: {source.path}: is not a valid prodready report "
                                             f"({type(exc).__name__}: {clean(str(exc), 120)})"))
            continue
        out.append(Collected(index, rows, checks))
    return out


def read_report(path: Path) -> tuple[Scorecard, dict[str, Severity]]:
    """A saved JSON report as a Scorecard (through report_io), and the severity the report
    scored each check with. Raises ReportProblem saying what is wrong with it."""
    from prodready.report_io import ReportError, from_dict
    from prodready.reporters.json_report import SCHEMA_VERSION

    data = _parse(_read_bounded(path))
    if "fleet_schema_version" in data:
        raise ReportProblem("is a fleet report, not an audit report: give the reports it was made from")
    version = data.get("schema_version")
    if version is None:
        raise ReportProblem("is not a prodready report (no schema_version)")
    if version != SCHEMA_VERSION:
        raise ReportProblem(f"is a report of schema_version {clean(json.dumps(version), 20)}; this prodready "
                            f"reads schema_version {SCHEMA_VERSION} (audit again with this version, or upgrade it)")
    try:
        card = from_dict(data)
    except ReportError as exc:
        raise ReportProblem(str(exc)) from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # report_io trusts the shape of a report; one edited by hand or by another tool is refused here
        raise ReportProblem(f"is not a valid prodready report ({type(exc).__name__}: {clean(str(exc), 120)})") from None
    return card, _severities(data)


def _read_bounded(path: Path) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ReportProblem(f"cannot be read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ReportProblem("is not a regular file")
        if info.st_size > MAX_REPORT_BYTES:
            raise ReportProblem(f"is larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB")
        data = handle.read(MAX_REPORT_BYTES + 1)
    if len(data) > MAX_REPORT_BYTES:
        raise ReportProblem(f"is larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB")
    return data


def _parse(raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        raise ReportProblem("is empty")
    text = raw.decode("utf-8", errors="replace")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # a download or an upload that stopped half-way: the text ends before the value does
        rest = text[exc.pos:].rstrip()
        short = not rest or exc.msg.startswith("Unterminated string") or any(w.startswith(rest) for w in ("true", "false", "null"))
        cut = " (the file is cut short)" if short else ""
        raise ReportProblem(f"is not valid JSON{cut}: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise ReportProblem("is not valid JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise ReportProblem("is not a prodready report (a JSON object was expected)")
    return data


def _severities(data: dict[str, Any]) -> dict[str, Severity]:
    """report_io gives known checks their installed metadata; the report's own severity is the
    one its score was computed with (a configuration can change it), so it is kept here."""
    out = {}
    for check in data.get("checks") or ():
        if isinstance(check, dict) and isinstance(check.get("id"), str):
            try:
                out[check["id"]] = Severity(check.get("severity"))
            except ValueError:
                continue
    return out


def rows_of(card: Scorecard, source: Source, severities: dict[str, Severity],
            named: frozenset[str] | set[str] = frozenset()) -> tuple[tuple[ServiceRow, ...], tuple[CheckInfo, ...]]:
    """One row per service of the scorecard (one for the repository when none was detected),
    with every text cleaned and bounded, and every score checked; and the checks it names that
    are not `named` already."""
    checks = tuple(CheckInfo(_check_id(r.id), clean(r.meta.title, 200), clean(r.meta.category, 40),
                             severities.get(r.id, r.meta.severity)) for r in card.results if r.id not in named)
    commit = card.commit if isinstance(card.commit, str) and _COMMIT.match(card.commit) else None
    audited_at = clean(str(card.generated_at), 40)
    if card.services:
        parts = [(s.path, s.stack, s.kind, s.score, s.level, s.results) for s in card.services]
    else:
        parts = [(".", "unknown", "unknown", card.score, card.level, card.results)]
    rows = []
    for path, stack, kind, score, reached, results in parts:
        service = clean(str(path), 200) or "."
        if any(row.service == service for row in rows):  # it would be two histories under one name
            raise ReportProblem(f"lists the service {service!r} twice")
        cells = tuple(sorted((_cell(r, severities) for r in results), key=lambda c: c.check_id))
        score = _score(score, cells)
        rows.append(ServiceRow(
            repo=source.name, service=service, team=source.team, tier=source.tier,
            kind=source.service_kind or clean(str(kind), 40), stack=clean(str(stack), 40),
            source=clean(str(source.path), 300), source_kind=source.kind, commit=commit, audited_at=audited_at,
            score=score, grade=grade(score), level=_level(reached, cells),
            cells=cells, gains=service_gains(cells)))
    return tuple(rows), checks


def _cell(result: CheckResult, severities: dict[str, Severity]) -> Cell:
    score = result.score
    if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))
                              or not 0 <= score <= 10):
        raise ReportProblem(f"check {clean(str(result.id), 100)} has score {clean(repr(score), 40)}, not 0-10")
    if not isinstance(result.id, str) or not result.id:
        raise ReportProblem("a check has no id")
    return Cell(_check_id(result.id), result.status, None if score is None else float(score),
                severities.get(result.id, result.meta.severity))


@lru_cache(maxsize=4096)
def _check_id(text: str) -> str:
    """A check id from a report, cleaned once per worker and interned: one string per id,
    however many services name it (and pickled once per batch)."""
    return sys.intern(clean(text, 100))


def _score(value: Any, cells: tuple[Cell, ...]) -> int | None:
    """The score the report gives, when it is one; else recomputed from the checks."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100:
        return value
    return weighted_score(as_result(c) for c in cells)


def _level(value: Any, cells: tuple[Cell, ...]) -> str:
    if isinstance(value, str) and value in LEVEL_ORDER:
        return value
    return level([as_result(c) for c in cells])
