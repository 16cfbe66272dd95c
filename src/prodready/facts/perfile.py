"""The per-file half of RepoFacts: answers computed from one file's text at a time.

Searches (`grep`, `first_match`), per-file functions (`per_file`, `per_python_file`) and the
worker batches (secrets, complexity, routes, maintainability) all depend on single files, so
all of them are remembered by file content in the fact cache (facts/memo.py, facts/batch.py)
and the heavy ones run on the audit's worker processes. RepoFacts inherits this mixin; it
provides `files`, `text`, `services`, `service_files` and `options`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Iterable

from prodready.cache import content_key
from prodready.facts.files import FileEntry
from prodready.facts.parsing import line_of

if TYPE_CHECKING:
    from prodready.facts import AuditOptions

_EMPTY_TEXT_KEY = content_key("")
SKIP_SECRET_SCAN = re.compile(r"(^|/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|go\.sum|Cargo\.lock|uv\.lock|Pipfile\.lock|composer\.lock)$")


@dataclass(frozen=True)
class Hit:
    """A line of production code matching a pattern."""

    path: str
    line: int
    text: str


class PerFileAnswers:
    """Per-file searches, functions and batches, remembered by content (mixed into RepoFacts)."""

    options: AuditOptions
    _pool: object
    _pending: dict[str, tuple[list, object]]

    # -- worker processes ------------------------------------------------------------------
    def pool(self):
        """The audit's worker processes (`--jobs`), or None for one job."""
        if self._pool is None and self.options.jobs > 1:
            from prodready.facts import batch

            self._pool = batch.worker_pool(self.options.jobs)
        return self._pool

    def close(self) -> None:
        """Keep what this audit learnt per file, and stop the worker processes (unfinished work
        is dropped)."""
        if "_memo" in self.__dict__:
            self._memo.save()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def prefetch(self, kinds: Iterable[str]) -> None:
        """Start the per-file batches the checks will ask for (`complexity`, `routes`,
        `secrets`) on the worker processes now, in the order given (the order the checks will
        need them: workers take batches first come, first served), so they run while this
        process works through the other checks. Nothing is started with one job: there it
        would only reorder the same work."""
        if self.pool() is None:
            return
        for kind in dict.fromkeys(kinds):
            if kind not in ("complexity", "routes", "secrets") or kind in self._pending or kind in self.__dict__:
                continue  # unknown, already started, or already computed
            name, version, items, work = self._batch_plan(kind)
            self._pending[kind] = (items, self._start_batch(name, version, items, work))

    def _batch_plan(self, kind: str) -> tuple:
        """(cache name, analysis version, items, work) of a per-file batch."""
        from prodready.facts import batch

        if kind == "routes":
            return "routes", batch.routes_version(), self._route_items(), batch.routes_work
        if kind == "secrets":
            return "secrets", batch.secrets_version(), self._secret_items(), batch.secrets_work
        production = (e for s in self.services for e in self.service_files(s) if e.is_production)
        return "complexity", batch.complexity_version(), self._complexity_items(production), batch.complexity_work

    def _start_batch(self, name: str, version: str, items: list, work, parallel_minimum: int | None = None):
        from prodready.facts import batch

        return batch.start(name, version, items, work, self.fact_cache, self.pool(), key_of=self._memo.content_key,
                           text_of=self.text, parallel_minimum=parallel_minimum or batch.PARALLEL_MINIMUM)

    def _batch_result(self, kind: str) -> tuple[list, dict]:
        """(items, {path: result}) of a per-file batch: the one prefetched, else run now."""
        if kind in self._pending:
            items, pending = self._pending.pop(kind)
            return items, pending.result()
        name, version, items, work = self._batch_plan(kind)
        return items, self._start_batch(name, version, items, work).result()

    def _route_items(self) -> list:
        return [(entry.path, entry.suffix) for entry in self.files
                if entry.is_production and entry.suffix in (".py", ".js", ".ts", ".mjs", ".cjs", ".go", ".java", ".kt")
                and self._has_text(entry.path)]

    def _has_text(self, path: str) -> bool:
        """Whether the file has non-empty text, known without reading it on a warm audit."""
        key = self._memo.content_key(path)
        return key is not None and key != _EMPTY_TEXT_KEY

    def grep(self, pattern: str | re.Pattern[str], files: Iterable[FileEntry], flags: int = 0,
             limit: int = 50) -> list[Hit]:
        """Matches of `pattern` in `files` (one hit per line, at the line where the match
        starts, so patterns may span lines), skipping matches on comment lines."""
        regex = re.compile(pattern, flags | re.M) if isinstance(pattern, str) else pattern
        files = list(files)
        # repo-wide searches are asked again by every service (load tests, gateways): answer once
        key = (regex.pattern, regex.flags, limit, tuple(e.path for e in files))
        if key not in self._grep_memo:
            self._grep_memo[key] = tuple(self._grep(regex, files, limit))
        return list(self._grep_memo[key])

    @cached_property
    def _grep_memo(self) -> dict:
        return {}

    def _grep(self, regex: re.Pattern[str], files: list[FileEntry], limit: int) -> list[Hit]:
        from prodready.facts.memo import MISSING

        memo = self._memo
        paths = [e.path for e in files]
        keys = [memo.content_key(path) for path in paths]
        name, located = memo.search_over(regex, paths, keys, limit)
        hits: list[Hit] = []
        if located is not MISSING:
            for index, starts in located:
                hits.extend(self._line_hits(files[index], starts))
            return hits[:limit]
        memo.load(key for key in keys if key is not None)
        located = []
        for index, entry in enumerate(files):
            starts = memo.match_starts(regex, entry.path)
            if not starts:
                continue
            located.append([index, starts])
            hits.extend(self._line_hits(entry, starts))
            if len(hits) >= limit:
                break
        memo.remember_search(name, located)
        return hits[:limit]

    def _line_hits(self, entry: FileEntry, starts: list[int]) -> list[Hit]:
        """One hit per line start, except on comment lines."""
        text = self.text(entry.path) or ""
        comments = comment_prefixes(entry)
        hits = []
        for start in starts:
            end = text.find("\n", start)
            line = text[start: end if end != -1 else len(text)]
            if comments and line.lstrip().startswith(comments):
                continue
            hits.append(Hit(entry.path, line_of(text, start), line.strip()))
        return hits

    @cached_property
    def _memo(self):
        from prodready.facts.memo import FileMemo

        return FileMemo(self.fact_cache, self.text, self.files)

    def first_match(self, regex: re.Pattern[str], path: str) -> re.Match[str] | None:
        """`regex.search` over one file, remembered across audits (a file known not to match is
        not searched again): use it for per-file searches instead of searching `text()`."""
        return self._memo.first_match(regex, path)

    def per_file(self, path: str, compute, *args: str | int):
        """`compute(text, *args)` for one file, remembered across audits by the file's content
        and the source of `compute`'s module (see FileMemo.per_file)."""
        return self._memo.per_file(path, compute, *args)

    def per_python_file(self, path: str, compute, *args: str | int):
        """`compute(tree, *args)` over one Python file's syntax tree (None when it does not
        parse), remembered like per_file: the tree is built (once per audit) only when needed."""
        return self._memo.per_file(path, compute, *args, source=lambda: self.python_tree(path))

    @cached_property
    def _complexity(self) -> dict:
        return {}

    def complexities(self, entries: Iterable[FileEntry]) -> None:
        """Compute the complexity of many files at once: cached, and on `jobs` processes."""
        from prodready.facts import batch

        if "complexity" in self._pending:
            started, pending = self._pending.pop("complexity")
            self._store_complexity(started, pending.result())
        items = self._complexity_items(entries)
        if items:
            pending = self._start_batch("complexity", batch.complexity_version(), items, batch.complexity_work)
            self._store_complexity(items, pending.result())

    def _complexity_items(self, entries: Iterable[FileEntry]) -> list:
        from prodready.facts.quality import LIZARD_SUFFIXES

        items = []
        for entry in entries:
            if entry.path in self._complexity:
                continue
            if entry.suffix != ".py" and entry.suffix not in LIZARD_SUFFIXES:
                self._complexity[entry.path] = ([], None)
                continue
            items.append((entry.path, entry.suffix))
        return items

    def _store_complexity(self, items: list, found: dict) -> None:
        from prodready.facts.quality import FunctionComplexity, cc_rank

        for path, _suffix in items:
            self._complexity[path] = ([FunctionComplexity(path, name, line, cc, cc_rank(cc)) for name, line, cc in found[path]], None)

    def complexity(self, entry: FileEntry):
        """(functions, maintainability) for one source file, computed once (through the batch,
        so a lone file is cached the same way)."""
        if entry.path not in self._complexity:
            self.complexities([entry])
        return self._complexity[entry.path]

    def maintainabilities(self, entries: Iterable[FileEntry]) -> dict:
        """radon's maintainability index of Python files {path: FileMaintainability | None}:
        heavy per file (it tokenizes again), so cached and spread over `jobs` from two files."""
        from prodready.facts import batch
        from prodready.facts.quality import FileMaintainability

        items = [(e.path, "") for e in entries]
        found = self._start_batch("maintainability", batch.complexity_version(), items, batch.maintainability_work,
                                  parallel_minimum=2).result()
        return {path: (None if found[path] is None else FileMaintainability(path, *found[path])) for path, _p in items}

    @cached_property
    def _python_trees(self) -> dict:
        return {}

    def python_tree(self, path: str):
        """The file's `ast` (parsed once, never executed), or None if it does not parse."""
        if path not in self._python_trees:
            from prodready.facts.code import parse_python

            text = self.text(path)
            self._python_trees[path] = parse_python(text) if text else None
        return self._python_trees[path]

    @cached_property
    def fact_cache(self):
        from prodready.cache import FactCache

        return FactCache(self.options.cache_dir)

    def _secret_items(self) -> list:
        return [(entry.path, "src" if entry.role == "source" else "test") for entry in self.files
                if not SKIP_SECRET_SCAN.search(entry.path) and self._has_text(entry.path)]


_HASH_COMMENTS = {".py", ".sh", ".yaml", ".yml", ".toml", ".properties", ".conf", ".ini", ".cfg", ".rb", ".tf", ".env", ""}
_SLASH_COMMENTS = {".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx", ".go", ".java", ".kt", ".kts", ".scala", ".gradle", ".c", ".rs", ".prisma"}


def comment_prefixes(entry: FileEntry) -> tuple[str, ...]:
    """Line-comment starts for a file's language (none for prose such as Markdown)."""
    if entry.suffix in _SLASH_COMMENTS:
        return ("//", "/*", "* ")
    if entry.suffix == ".sql":
        return ("--", "/*")
    if entry.suffix in _HASH_COMMENTS:
        return ("#",)
    return ()
