"""Per-file work run as one batch: cached by content, the rest spread over processes.

Work whose cost grows with every byte of the tree and that depends only on one file's text
(the facts layer runs secret scanning, function complexity and route discovery this way, see
facts/analyses.py) runs here: results already in the content-addressed cache are taken from it,
the rest are computed (on `jobs` processes when the batch is big enough to pay for starting
them) and stored. Results come back keyed by path, so the order in which workers finish never
shows in a report.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from prodready.scanning.cache import FactCache, content_key

PARALLEL_MINIMUM = 64  # below this many files, starting processes costs more than it saves
Item = tuple[str, str, Any]  # what work gets: (path, text, a parameter that is part of the key)
Wanted = tuple[str, Any]  # what a batch is asked for: (path, parameter)


@dataclass(frozen=True)
class BatchPlan:
    """One per-file batch: its cache name, the version of the work (a change retires its
    entries), the files wanted as (path, parameter), the work itself, and how many uncached
    files make worker processes pay (fewer for heavy work)."""

    name: str
    version: str
    items: list[Wanted]
    work: Callable[[Item], Any]
    parallel_minimum: int = PARALLEL_MINIMUM


def start(plan: BatchPlan, cache: FactCache, pool: Executor | None, key_of: Callable[[str], str | None],
          text_of: Callable[[str], str | None]) -> "Pending":
    """Begin `plan.work((path, text, param))` for every wanted file whose result is not in the
    cache: on `pool` (in the background) when there are at least `plan.parallel_minimum` of
    them, else at `result()` time in this process. `key_of(path)`: the content key of the file
    (known without reading it on a warm audit); only the files left to compute are read."""
    namespace = f"{plan.name}:{plan.version}"
    keys = {path: f"{key_of(path) or content_key('')}:{param}" for path, param in plan.items}
    known = cache.get_many(namespace, keys.values())
    todo = [(path, text_of(path) or "", param) for path, param in plan.items if keys[path] not in known]
    running = None
    if pool is not None and len(todo) >= max(2, plan.parallel_minimum):
        chunk = max(1 if len(todo) < PARALLEL_MINIMUM else 8, len(todo) // (getattr(pool, "_max_workers", 2) * 8))
        running = pool.map(plan.work, todo, chunksize=chunk)  # submitted now, collected in order later
    return Pending(namespace, [path for path, _p in plan.items], keys, known, todo, plan.work, running, cache)


class Pending:
    """A batch on its way: `result()` waits for it (once), stores what was computed, and gives
    {path: result} in the items' order, whatever order the workers finished in."""

    def __init__(self, namespace: str, paths: list[str], keys: dict[str, str], known: dict[str, Any],
                 todo: list[Item], work: Callable[[Item], Any], running: Iterator[Any] | None, cache: FactCache):
        self._namespace, self._paths, self._keys, self._known = namespace, paths, keys, known
        self._todo, self._work, self._running, self._cache = todo, work, running, cache
        self._result: dict[str, Any] | None = None

    def result(self) -> dict[str, Any]:
        if self._result is None:
            computed = list(self._running) if self._running is not None else [self._work(item) for item in self._todo]
            fresh = {self._keys[item[0]]: value for item, value in zip(self._todo, computed)}
            self._cache.put_many(self._namespace, fresh)
            merged = {**self._known, **fresh}
            self._result = {path: merged[self._keys[path]] for path in self._paths}
            self._todo = []
        return self._result


def worker_pool(jobs: int) -> Executor | None:
    """`jobs` forked worker processes, or None (one job, or no fork on this platform: then
    batches run in this process). Fork: workers start in milliseconds and inherit the loaded
    analysers; all workers are forked at once, before the pool starts its manager thread, and
    the audit itself runs no threads."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
