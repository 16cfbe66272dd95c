"""Auditing past commits from git's object store, one after another, with one reader.

Each commit's files are listed by `git ls-tree` and read through one `git cat-file --batch`
process shared by every commit (scanning/revision.py): nothing is checked out or written, so
no filter, hook or fsmonitor of the repository runs. Files are known by their blob id
(RevisionIndex.identity), so per-file answers of a blob that an earlier commit already had
come from the content cache: consecutive commits share almost every blob, and a history costs
a little more than one cold audit per commit that changed much. The audit of a commit is the
same as `prodready audit` (runner.run), with the configuration of that commit (config.py).
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path
from typing import Callable, Sequence

from prodready.history.config import Settings, identity, prepared_for
from prodready.history.gitrepo import Commit
from prodready.history.model import HistoryPoint
from prodready.model import Scorecard
from prodready.runner import Prepared, run
from prodready.scanning.revision import BlobReader, RevisionIndex, list_revision

Progress = Callable[[str], None]
_WORKER: dict = {}  # what a forked worker audits with: set before the fork, inherited


class CommitAuditor:
    """Audits commits of the repository at `root`; `close()` ends its git reader."""

    def __init__(self, root: Path, settings: Settings):
        self.root = root
        self.settings = settings
        self._reader = BlobReader(root)
        self._prepared: dict[tuple, tuple[Prepared, list[str]]] = {}

    def close(self) -> None:
        self._reader.close()

    def __enter__(self) -> CommitAuditor:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def card(self, commit: Commit, progress: Progress | None = None, only: tuple[str, ...] | None = None) -> Scorecard:
        """The scorecard of `commit` (checks limited to `only` when given); OSError when git
        cannot list its tree or read one of its blobs."""
        listing = self._listing(commit.sha)
        with tempfile.TemporaryDirectory(prefix="prodready-history-") as tmp:
            stand_in = Path(tmp)
            prepared, notes = self._prepare(listing, stand_in)
            if only is not None:
                wanted = set(only)
                prepared = replace(prepared, checks=tuple(c for c in prepared.checks if c.meta.id in wanted))
            index = RevisionIndex(stand_in, listing, self._reader, prepared.options.max_file_bytes, repository=self.root)
            card = run(stand_in, prepared, str(self.root), progress, index=index)
        missing = [n for n in index.notes if "missing from this clone" in n]
        if missing:
            raise OSError(f"{len(missing)} file(s) could not be read: {missing[0]}")
        return replace(card, commit=commit.sha, notes=tuple(notes) + card.notes)

    def point(self, commit: Commit, progress: Progress | None = None) -> HistoryPoint:
        """The history point of `commit`: audited, or unreadable with the reason."""
        try:
            card = self.card(commit, progress)
        except OSError as exc:
            return HistoryPoint(commit.ref, commit.parents, commit.tags, readable=False,
                                reason=f"git could not read this commit's files ({exc}); a missing object or a partial clone")
        statuses = {r.id: r.status for r in card.results}
        return HistoryPoint(commit.ref, commit.parents, commit.tags, card.score, card.grade, card.level, statuses,
                            config=card.config_source, notes=tuple(n for n in card.notes if _worth_keeping(n)))

    def _listing(self, sha: str) -> dict[str, tuple[int, int, str]]:
        try:
            return list_revision(self.root, sha)
        except subprocess.TimeoutExpired as exc:
            raise OSError(f"git did not list the tree within {exc.timeout:g} s") from exc
        except subprocess.SubprocessError as exc:
            raise OSError(type(exc).__name__) from exc

    def _prepare(self, listing, stand_in: Path) -> tuple[Prepared, list[str]]:
        """The commit's preparation, shared by commits whose configuration blobs are the same."""
        key = identity(listing)
        if key not in self._prepared:
            def read(name: str) -> bytes:
                return self._reader.read(listing[name][2])

            self._prepared[key] = prepared_for(self.settings, listing, read, stand_in)
        return self._prepared[key]


def _worth_keeping(note: str) -> bool:
    """Notes a history shows per commit: the configuration's, not every skipped file's."""
    return note.startswith(("configuration ", "checks_paths "))


def audit_all(root: Path, settings: Settings, commits: Sequence[Commit], progress: Progress | None = None) -> list[HistoryPoint]:
    """Every commit's point, in the order given. The newest commit is audited first, here, with
    `--jobs` workers for its per-file batches: it fills the content cache with nearly every blob
    the others have. The rest are then audited side by side on `--jobs` forked processes (one
    commit each at a time, one cat-file reader each): a warm commit's audit is mostly this
    process's checks, which one process cannot spread over cores."""
    say = progress or (lambda _message: None)
    jobs = settings.overrides.jobs or min(os.cpu_count() or 1, 8)
    points: dict[str, HistoryPoint] = {}
    with CommitAuditor(root, settings) as auditor:
        newest = commits[-1]
        say(f"[1/{len(commits)}] {newest.ref.short} {newest.ref.subject}")
        points[newest.sha] = auditor.point(newest, lambda message: say(f"[1/{len(commits)}] {newest.ref.short} {message}"))
        rest = list(reversed(commits[:-1]))
        if jobs <= 1 or len(rest) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            for number, commit in enumerate(rest, 2):
                say(f"[{number}/{len(commits)}] {commit.ref.short} {commit.ref.subject}")
                points[commit.sha] = auditor.point(commit)
            return [points[c.sha] for c in commits]
    points.update(_in_workers(root, settings, rest, min(jobs, len(rest)), say, len(commits)))
    return [points[c.sha] for c in commits]


def _in_workers(root: Path, settings: Settings, commits: list[Commit], workers: int, say: Progress,
                total: int) -> dict[str, HistoryPoint]:
    """{sha: point} of `commits`, audited on `workers` forked processes (one job inside each)."""
    single = replace(settings, overrides=replace(settings.overrides, jobs=1))
    if settings.fixed is not None:
        single = replace(single, fixed=replace(settings.fixed, options=replace(settings.fixed.options, jobs=1)))
    _WORKER.update(root=root, settings=single, commits=commits)
    found: dict[str, HistoryPoint] = {}
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_audit_in_worker, index) for index in range(len(commits))]
            for number, future in enumerate(as_completed(futures), total - len(commits) + 1):
                point = future.result()
                say(f"[{number}/{total}] {point.commit.short} {point.commit.subject}")
                found[point.commit.sha] = point
    finally:
        _WORKER.clear()
    return found


def _audit_in_worker(index: int) -> HistoryPoint:
    """In a forked worker: the point of the `index`th commit, with this worker's own reader."""
    auditor = _WORKER.get("auditor")
    if auditor is None:
        auditor = _WORKER["auditor"] = CommitAuditor(_WORKER["root"], _WORKER["settings"])
    return auditor.point(_WORKER["commits"][index])
