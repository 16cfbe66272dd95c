"""Answers computed from one file's text at a time, remembered by the file's content.

Searches (`grep`, `first_match`), per-file functions (`per_file`, `per_python_file`) and the
worker batches all depend on single files, so all of them are remembered by file content in the
fact cache (scanning/memo.py, scanning/batch.py) and the heavy ones run on the audit's worker
processes. This knows nothing of what is looked for: RepoFacts (facts/repo.py) inherits it,
provides `files`, `text` and `options`, and says what its batches are (`batch_plan`).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable, Protocol

from prodready.scanning.batch import BatchPlan, Pending
from prodready.scanning.cache import analysis_version, content_key
from prodready.scanning.files import FileEntry, FileIndex
from prodready.scanning.languages import comment_prefixes
from prodready.scanning.parsing import line_of
from prodready.scanning.syntax import SUFFIX_LANGUAGE

_EMPTY_TEXT_KEY = content_key("")


class ScanSettings(Protocol):
    """The audit options the scanning layer reads."""

    @property
    def jobs(self) -> int: ...

    @property
    def cache_dir(self) -> Path | None: ...


@dataclass(frozen=True)
class Hit:
    """A line of production code matching a pattern."""

    path: str
    line: int
    text: str


class PerFileAnswers:
    """Per-file searches, functions and batches, remembered by content (mixed into RepoFacts)."""

    options: ScanSettings
    files: FileIndex
    notes: list[str]
    _pool: object
    _pending: dict[str, tuple[list, Pending]]
    batch_kinds: tuple[str, ...] = ()  # the batches `prefetch` may start: named by the subclass

    def text(self, path: str) -> str | None:
        return self.files.text(path)

    def batch_plan(self, kind: str) -> BatchPlan:
        """What the batch `kind` computes, over which files (given by the subclass)."""
        raise KeyError(kind)

    # -- worker processes ------------------------------------------------------------------
    def pool(self):
        """The audit's worker processes (`--jobs`), or None for one job."""
        if self._pool is None and self.options.jobs > 1:
            from prodready.scanning import batch

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
        """Start the per-file batches the checks will ask for on the worker processes now, in
        the order given (the order the checks will need them: workers take batches first come,
        first served), so they run while this process works through the other checks. Nothing
        is started with one job: there it would only reorder the same work."""
        if self.pool() is None:
            return
        for kind in dict.fromkeys(kinds):
            if kind not in self.batch_kinds or kind in self._pending or kind in self.__dict__:
                continue  # unknown, already started, or already computed
            plan = self.batch_plan(kind)
            self._pending[kind] = (plan.items, self.run_batch(plan))

    def run_batch(self, plan: BatchPlan) -> Pending:
        """Start `plan` (on the workers when it is big enough): cached by content."""
        from prodready.scanning import batch

        return batch.start(plan, self.fact_cache, self.pool(), key_of=self._memo.content_key, text_of=self.text)

    def batch_result(self, kind: str) -> tuple[list, dict]:
        """(items, {path: result}) of a per-file batch: the one prefetched, else run now."""
        if kind in self._pending:
            items, pending = self._pending.pop(kind)
            return items, pending.result()
        plan = self.batch_plan(kind)
        return plan.items, self.run_batch(plan).result()

    def has_text(self, path: str) -> bool:
        """Whether the file has non-empty text, known without reading it on a warm audit."""
        key = self._memo.content_key(path)
        return key is not None and key != _EMPTY_TEXT_KEY

    def grep(self, pattern: str | re.Pattern[str], files: Iterable[FileEntry], flags: int = 0,
             limit: int = 50, code_only: bool = True) -> list[Hit]:
        """Matches of `pattern` in `files` (one hit per line, at the line where the match
        starts, so patterns may span lines), skipping comment lines. In source files tree-sitter
        can read, `code_only` keeps only matches in code: a match inside a string, a comment or
        a doc block is a mention, not evidence (scanning/syntax.py)."""
        regex = re.compile(pattern, flags | re.M) if isinstance(pattern, str) else pattern
        files = list(files)
        # repo-wide searches are asked again by every service (load tests, gateways): answer once
        key = (regex.pattern, regex.flags, limit, code_only, tuple(e.path for e in files))
        if key not in self._grep_memo:
            self._grep_memo[key] = tuple(self._grep(regex, files, limit, code_only))
        return list(self._grep_memo[key])

    @cached_property
    def _grep_memo(self) -> dict:
        return {}

    def _grep(self, regex: re.Pattern[str], files: list[FileEntry], limit: int, code_only: bool) -> list[Hit]:
        from prodready.scanning.memo import MISSING

        memo = self._memo
        paths = [e.path for e in files]
        keys = [memo.content_key(path) for path in paths]
        name, located = memo.search_over(regex, paths, keys, limit, "code" if code_only else "")
        hits: list[Hit] = []
        if located is not MISSING:
            for index, starts, *error in located:
                if error:
                    self._note_unparsed(files[index], error[0])
                hits.extend(self._line_hits(files[index], starts))
            return hits[:limit]
        memo.load(key for key in keys if key is not None)
        located = []
        for index, entry in enumerate(files):
            starts, error_line = self._starts(regex, entry, code_only)
            if not starts:
                continue
            located.append([index, starts, error_line] if error_line else [index, starts])
            if error_line:
                self._note_unparsed(entry, error_line)
            hits.extend(self._line_hits(entry, starts))
            if len(hits) >= limit:
                break
        memo.remember_search(name, located)
        return hits[:limit]

    def _starts(self, regex: re.Pattern[str], entry: FileEntry, code_only: bool) -> tuple[list[int], int]:
        """(line starts of the matches that count in one file, the line that did not parse or 0)."""
        if code_only and entry.suffix in SUFFIX_LANGUAGE:
            return self._memo.code_match_starts(regex, entry.path, self._regions_of(SUFFIX_LANGUAGE[entry.suffix]))
        return self._memo.match_starts(regex, entry.path), 0

    def _regions_of(self, language: str):
        """(path, text) -> SyntaxRegions, parsed once per file for this audit."""
        def regions_of(path: str, text: str):
            if path not in self._syntax_regions:
                from prodready.scanning.syntax import regions

                self._syntax_regions[path] = regions(text, language)
            return self._syntax_regions[path]

        return regions_of

    @cached_property
    def _syntax_regions(self) -> dict:
        return {}

    def _note_unparsed(self, entry: FileEntry, error_line: int) -> None:
        """Say once per file that its matches were judged by line: tree-sitter could not read it."""
        if entry.path in self._unparsed:
            return
        self._unparsed.add(entry.path)
        language = SUFFIX_LANGUAGE.get(entry.suffix, entry.suffix)
        where = f"a syntax error at line {error_line}" if error_line > 0 else "it is too large to parse"
        self.notes.append(f"could not parse {entry.path} as {language} ({where}): its matches are judged by line, "
                          "mentions in strings and comments included")

    @cached_property
    def _unparsed(self) -> set[str]:
        return set()

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
        from prodready.scanning.memo import FileMemo

        # a search over many files is assembled into hits here: this module versions those answers
        return FileMemo(self.fact_cache, self.text, self.files, assembly=analysis_version(sys.modules[__name__]))

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
    def _python_trees(self) -> dict:
        return {}

    def python_tree(self, path: str):
        """The file's `ast` (parsed once, never executed), or None if it does not parse."""
        if path not in self._python_trees:
            from prodready.scanning.parsing import parse_python

            text = self.text(path)
            self._python_trees[path] = parse_python(text) if text else None
        return self._python_trees[path]

    @cached_property
    def fact_cache(self):
        from prodready.scanning.cache import FactCache

        return FactCache(self.options.cache_dir)
