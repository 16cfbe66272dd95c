"""Per-file analyses run as one batch: cached by content, the rest spread over processes.

Secret scanning, function complexity and route discovery are the analyses whose cost grows with
every byte of the tree, and each depends only on one file's text. So they run here: results already in the
content-addressed cache are taken from it, the rest are computed (on `jobs` processes when the
batch is big enough to pay for starting them) and stored. Results come back keyed by path, so
the order in which workers finish never shows in a report.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor
from functools import lru_cache
from typing import Any, Callable, Iterator, Sequence

from prodready.cache import FactCache, analysis_version, content_key

PARALLEL_MINIMUM = 64  # below this many files, starting processes costs more than it saves
Item = tuple[str, str, Any]  # what work gets: (path, text, a parameter that is part of the key)
Wanted = tuple[str, Any]  # what a batch is asked for: (path, parameter)


def start(kind: str, version: str, wanted: Sequence[Wanted], work: Callable[[Item], Any],
          cache: FactCache, pool: Executor | None, key_of: Callable[[str], str | None],
          text_of: Callable[[str], str | None], parallel_minimum: int = PARALLEL_MINIMUM) -> "Pending":
    """Begin `work((path, text, param))` for every wanted file whose result is not in the cache:
    on `pool` (in the background) when there are at least `parallel_minimum` of them, else at
    `result()` time in this process. `key_of(path)`: the content key of the file (known
    without reading it on a warm audit); only the files left to compute are read.
    `parallel_minimum`: how many uncached items make worker processes pay (fewer for heavy work)."""
    namespace = f"{kind}:{version}"
    keys = {path: f"{key_of(path) or content_key('')}:{param}" for path, param in wanted}
    known = cache.get_many(namespace, keys.values())
    todo = [(path, text_of(path) or "", param) for path, param in wanted if keys[path] not in known]
    running = None
    if pool is not None and len(todo) >= max(2, parallel_minimum):
        chunk = max(1 if len(todo) < PARALLEL_MINIMUM else 8, len(todo) // (getattr(pool, "_max_workers", 2) * 8))
        running = pool.map(work, todo, chunksize=chunk)  # submitted now, collected in order later
    return Pending(namespace, [path for path, _p in wanted], keys, known, todo, work, running, cache)


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


# -- the analyses ------------------------------------------------------------------------------
def complexity_work(item: Item) -> list[list[Any]]:
    """[[function name, line, complexity], ...] for one source file."""
    from prodready.facts.code import parse_python
    from prodready.facts.quality import lizard_complexity, python_complexity

    path, text, suffix = item
    if suffix == ".py":
        found, _ = python_complexity(path, parse_python(text) if text else None)
    else:
        found = lizard_complexity(path, text)
    return [[f.name, f.line, f.complexity] for f in found]


def complexity_version() -> str:
    from prodready.facts import code, lizard_run, quality

    # radon's and lizard's own versions too: an upgrade of either may count differently
    return f"{analysis_version(quality, code, lizard_run)}:{_analyser_versions()}"


@lru_cache(maxsize=1)
def _analyser_versions() -> str:
    """"radon,lizard" versions as the imported modules state them (importlib.metadata would say
    the same for ~90 ms: its import and a scan of every installed distribution)."""
    try:
        from radon import __version__ as radon_version
    except ImportError:
        radon_version = "-"
    try:
        from lizard_ext import version as lizard_version
    except ImportError:
        lizard_version = "-"
    return f"{radon_version},{lizard_version}"


def maintainability_work(item: Item) -> list[Any] | None:
    """[index, rank] of one Python file (radon's maintainability index), or None."""
    from prodready.facts.quality import maintainability

    path, text, _ = item
    found = maintainability(path, text)
    return None if found is None else [found.index, found.rank]


def routes_work(item: Item) -> list[list[Any]]:
    """[[route path, line, style], ...] declared in one production source file."""
    from prodready.facts.files import FileEntry
    from prodready.facts.routes import find_routes

    path, text, _suffix = item
    return [[r.path, r.line, r.style] for r in find_routes(FileEntry(path, len(text), "source"), text)]


def routes_version() -> str:
    from prodready.facts import files, routes

    return analysis_version(routes, files)


def secrets_work(item: Item) -> list[list[Any]]:
    """The secret findings of one file, as plain lists (they hold masks and hashes only)."""
    from prodready.facts.secrets import scan_text

    path, text, in_test_code = item
    return [[f.detector, f.title, f.line, f.masked, f.snippet, f.fingerprint] for f in scan_text(path, text, in_test_code == "test")]


def secrets_version() -> str:
    from prodready import redact
    from prodready.facts import secrets

    return analysis_version(secrets, redact)
