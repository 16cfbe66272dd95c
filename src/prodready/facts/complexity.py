"""Function complexity and maintainability of source files, as RepoFacts answers them.

Both run as per-file batches (facts/analyses.py), so they are cached by content and spread over
the worker processes; `qa.complexity` asks for many files at once, other facts for one.
"""

from __future__ import annotations

from functools import cached_property
from typing import Iterable

from prodready.facts.quality import (
    LIZARD_SUFFIXES,
    FileMaintainability,
    FunctionComplexity,
    cc_rank,
)
from prodready.scanning.batch import BatchPlan
from prodready.scanning.files import FileEntry
from prodready.scanning.perfile import PerFileAnswers


class ComplexityFacts(PerFileAnswers):
    """Complexity per file, remembered for the audit (RepoFacts is one)."""

    @cached_property
    def _complexity(self) -> dict[str, tuple[list[FunctionComplexity], None]]:
        return {}

    def complexities(self, entries: Iterable[FileEntry]) -> None:
        """Compute the complexity of many files at once: cached, and on `jobs` processes."""
        from prodready.facts import analyses

        if "complexity" in self._pending:
            started, pending = self._pending.pop("complexity")
            self._store_complexity(started, pending.result())
        items = self.complexity_items(entries)
        if items:
            plan = BatchPlan("complexity", analyses.complexity_version(), items, analyses.complexity_work)
            self._store_complexity(items, self.run_batch(plan).result())

    def complexity_items(self, entries: Iterable[FileEntry]) -> list[tuple[str, str]]:
        """(path, suffix) of the files whose complexity is not known yet and can be measured."""
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
        for path, _suffix in items:
            self._complexity[path] = ([FunctionComplexity(path, name, line, cc, cc_rank(cc)) for name, line, cc in found[path]], None)

    def complexity(self, entry: FileEntry) -> tuple[list[FunctionComplexity], None]:
        """(functions, maintainability) for one source file, computed once (through the batch,
        so a lone file is cached the same way)."""
        if entry.path not in self._complexity:
            self.complexities([entry])
        return self._complexity[entry.path]

    def maintainabilities(self, entries: Iterable[FileEntry]) -> dict[str, FileMaintainability | None]:
        """radon's maintainability index of Python files {path: FileMaintainability | None}:
        heavy per file (it tokenizes again), so cached and spread over `jobs` from two files."""
        from prodready.facts import analyses

        items = [(e.path, "") for e in entries]
        plan = BatchPlan("maintainability", analyses.complexity_version(), items, analyses.maintainability_work,
                         parallel_minimum=2)
        found = self.run_batch(plan).result()
        return {path: (None if found[path] is None else FileMaintainability(path, *found[path])) for path, _p in items}
