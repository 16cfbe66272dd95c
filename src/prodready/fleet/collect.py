"""Turn each source into service rows: audit checkouts and read saved reports, on worker processes.

Checkouts are audited the way `prodready audit` does (runner.prepare + runner.run, so each
checkout's own configuration applies), one audit per worker process with `jobs=1` inside it,
so N workers keep N cores busy without oversubscribing them; every worker shares the content
cache. Saved reports are read in batches on the same workers. Results are put back in source
order, so nothing depends on which worker finishes first. A source that cannot be used gives
a note naming it, never an exception: the other services are still reported.
"""

from __future__ import annotations

import math
import os
import re
import sys
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Sequence

from prodready.fleet.aggregate import as_result, service_gains
from prodready.fleet.model import LEVEL_ORDER, Cell, CheckInfo, ServiceRow
from prodready.fleet.sources import Source
from prodready.model import CheckResult, Scorecard
from prodready.redact import clean, scrub
from prodready.scoring import grade, level, weighted_score

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
        rows, checks = rows_of(card, source)
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
            card = read_report(source.path)
            rows, checks = rows_of(card, source, named)
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


def read_report(path: Path) -> Scorecard:
    """A saved JSON report as a Scorecard (report_io reads it bounded and checks every field,
    keeping the severities it was scored with). Raises ReportProblem saying what is wrong."""
    from prodready.report_io import ReportError, read

    try:
        return read(path)
    except ReportError as exc:
        raise ReportProblem(str(exc)) from None


def rows_of(card: Scorecard, source: Source, named: frozenset[str] | set[str] = frozenset()) -> tuple[tuple[ServiceRow, ...], tuple[CheckInfo, ...]]:
    """One row per service of the scorecard (one for the repository when none was detected),
    with every text cleaned and bounded, and every score checked; and the checks it names that
    are not `named` already."""
    checks = tuple(CheckInfo(_check_id(r.id), clean(r.meta.title, 200), clean(r.meta.category, 40),
                             r.meta.severity) for r in card.results if r.id not in named)
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
        cells = tuple(sorted((_cell(r) for r in results), key=lambda c: c.check_id))
        score = _score(score, cells)
        rows.append(ServiceRow(
            repo=source.name, service=service, team=source.team, tier=source.tier,
            kind=source.service_kind or clean(str(kind), 40), stack=clean(str(stack), 40),
            source=clean(str(source.path), 300), source_kind=source.kind, commit=commit, audited_at=audited_at,
            score=score, grade=grade(score), level=_level(reached, cells),
            cells=cells, gains=service_gains(cells)))
    return tuple(rows), checks


def _cell(result: CheckResult) -> Cell:
    score = result.score
    if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))
                              or not 0 <= score <= 10):
        raise ReportProblem(f"check {clean(str(result.id), 100)} has score {clean(repr(score), 40)}, not 0-10")
    if not isinstance(result.id, str) or not result.id:
        raise ReportProblem("a check has no id")
    return Cell(_check_id(result.id), result.status, None if score is None else float(score), result.meta.severity)


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
