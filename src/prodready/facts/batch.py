"""Per-file analyses run as one batch: cached by content, the rest spread over processes.

Secret scanning and function complexity are the two analyses whose cost grows with every byte
of the tree, and both depend only on one file's text. So they run here: results already in the
content-addressed cache are taken from it, the rest are computed (on `jobs` processes when the
batch is big enough to pay for starting them) and stored. Results come back keyed by path, so
the order in which workers finish never shows in a report.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Sequence

from prodready.cache import FactCache, analysis_version, content_key

PARALLEL_MINIMUM = 64  # below this many files, starting processes costs more than it saves
Item = tuple[str, str, Any]  # (path, text, a parameter that is part of the key)


def run(kind: str, version: str, items: Sequence[Item], work: Callable[[Item], Any],
        jobs: int, cache: FactCache, parallel_minimum: int = PARALLEL_MINIMUM) -> dict[str, Any]:
    """`work(item)` for every item, through the cache; {path: result}. `parallel_minimum`:
    how many uncached items make starting worker processes pay (fewer for heavy work)."""
    namespace = f"{kind}:{version}"
    keys = {path: f"{content_key(text)}:{param}" for path, text, param in items}
    known = cache.get_many(namespace, keys.values())
    todo = [item for item in items if keys[item[0]] not in known]
    computed = _compute(todo, work, jobs, parallel_minimum)
    fresh = {keys[item[0]]: result for item, result in zip(todo, computed)}
    cache.put_many(namespace, fresh)
    return {path: (known[keys[path]] if keys[path] in known else fresh[keys[path]]) for path, _text, _param in items}


def _compute(todo: Sequence[Item], work: Callable[[Item], Any], jobs: int,
             parallel_minimum: int = PARALLEL_MINIMUM) -> list[Any]:
    if jobs <= 1 or len(todo) < max(2, parallel_minimum) or "fork" not in multiprocessing.get_all_start_methods():
        return [work(item) for item in todo]
    # fork: workers start in milliseconds and inherit the loaded analysers; the parent runs no
    # threads at this point. Elsewhere (spawn only) the batch runs in this process.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        return list(pool.map(work, todo, chunksize=max(1 if len(todo) < PARALLEL_MINIMUM else 8, len(todo) // (jobs * 8))))


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
    from prodready.facts import code, quality

    return analysis_version(quality, code)


def maintainability_work(item: Item) -> list[Any] | None:
    """[index, rank] of one Python file (radon's maintainability index), or None."""
    from prodready.facts.quality import maintainability

    path, text, _ = item
    found = maintainability(path, text)
    return None if found is None else [found.index, found.rank]


def secrets_work(item: Item) -> list[list[Any]]:
    """The secret findings of one file, as plain lists (they hold masks and hashes only)."""
    from prodready.facts.secrets import scan_text

    path, text, in_test_code = item
    return [[f.detector, f.title, f.line, f.masked, f.snippet, f.fingerprint] for f in scan_text(path, text, in_test_code == "test")]


def secrets_version() -> str:
    from prodready import redact
    from prodready.facts import secrets

    return analysis_version(secrets, redact)
