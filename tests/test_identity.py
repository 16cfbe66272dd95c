"""Content keys by identity: a warm audit does not read a file whose stat (work tree) or blob id
(--base) is the one its key was computed from, and anything that changes a file's bytes, or
makes a read worth a note, still gets it read.

The work-tree identity counts only for files settled for SETTLED_NS (2 s): the trees here are
written once, then the module waits that long once, before any test reads them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prodready.facts import AuditOptions, RepoFacts
from prodready.scanning.cache import FactCache
from prodready.scanning.files import SETTLED_NS, FileIndex
from prodready.scanning.listing import list_files
from prodready.scanning.memo import FileMemo
from prodready.scanning.revision import open_revision
from prodready.testing import write_repo

KEY = "AKIA" + "Q2XW7RZ4T5Y6U8I9"
FILES = {
    "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    "app/settings.py": f'AWS_KEY = "{KEY}"\n',
    "app/util.py": "def add(a, b):\n    return a + b\n",
    "static/logo.png": b"\x89PNG\r\n\x1a\n\x00\x00binary",
    "data/big.json": '{"k": "' + "x" * 3000 + '"}\n',
    "requirements.txt": "fastapi==0.110\n",
}


@pytest.fixture(scope="module")
def settled(tmp_path_factory) -> dict[str, Path]:
    """Trees written, committed, then left alone past the settling time."""
    base = tmp_path_factory.mktemp("settled")
    trees = {name: write_repo(base / name, FILES, git_init=True) for name in ("memo", "cli", "edit", "base")}
    time.sleep(SETTLED_NS / 1e9 + 0.2)
    return trees


class CountingReads:
    """A FileIndex's text, counting which paths were read."""

    def __init__(self, index: FileIndex):
        self.index, self.read = index, []

    def __call__(self, path: str) -> str | None:
        self.read.append(path)
        return self.index.text(path)


def memo_over(root: Path, cache_dir: Path) -> tuple[FileMemo, CountingReads, FileIndex]:
    paths, _from_git, _notes = list_files(root)
    index = FileIndex(root, paths)
    reads = CountingReads(index)
    return FileMemo(FactCache(cache_dir), reads, index), reads, index


def test_unchanged_files_are_not_read_again_and_a_changed_one_is(settled, tmp_path):
    root = settled["memo"]
    cold, cold_reads, index = memo_over(root, tmp_path)
    keys = {e.path: cold.content_key(e.path) for e in index}
    cold.save()
    assert sorted(cold_reads.read) == sorted(e.path for e in index)
    assert keys["static/logo.png"] is None  # binary: no text, and known to have none

    warm, warm_reads, index = memo_over(root, tmp_path)
    assert {e.path: warm.content_key(e.path) for e in index} == keys
    assert warm_reads.read == []

    # same size, same mtime: only the ctime tells, and it is enough
    target = root / "app/util.py"
    before = target.stat()
    target.write_text("def add(a, b):\n    return a - b\n")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size and target.stat().st_mtime_ns == before.st_mtime_ns
    edited, edited_reads, index = memo_over(root, tmp_path)
    assert edited.content_key("app/util.py") != keys["app/util.py"]
    assert edited.content_key("app/main.py") == keys["app/main.py"]
    assert edited_reads.read == ["app/util.py"]  # just changed: read, and not remembered until settled


def test_files_that_are_not_settled_are_always_read(tmp_path):
    root = write_repo(tmp_path / "fresh", {"a.py": "x = 1\n"}, git_init=True)
    for _attempt in range(2):
        memo, reads, _index = memo_over(root, tmp_path / "cache")
        memo.content_key("a.py")
        memo.save()
        assert reads.read == ["a.py"]


def test_oversized_files_are_still_read_so_their_notes_stay(settled, tmp_path):
    """Cold and warm audits give the same report, notes included, with files over the limit."""
    root = settled["cli"]
    cache = tmp_path / "cache"

    def audit() -> dict:
        out = subprocess.run([sys.executable, "-m", "prodready", "audit", str(root), "-f", "json", "--cache-dir", str(cache),
                              "--max-file-bytes", "2048"], capture_output=True, text=True, timeout=300)
        assert out.returncode in (0, 1), out.stderr
        card = json.loads(out.stdout)
        for timing in ("generated_at", "duration_seconds"):
            card.pop(timing, None)
        return card

    cold, warm = audit(), audit()
    assert cold == warm
    assert any("data/big.json: skipped" in note for note in cold["notes"])
    secrets = next(c for c in warm["checks"] if c["id"] == "sec.secrets")
    assert secrets["status"] == "fail" and secrets["evidence"][0]["path"] == "app/settings.py"


def test_an_edit_after_a_warm_audit_is_found(settled, tmp_path):
    root = settled["edit"]
    cache = tmp_path / "cache"
    options = AuditOptions(cache_dir=cache)
    for _run in range(2):
        facts = RepoFacts(root, options)
        assert [s.path for s in facts.secrets] == ["app/settings.py"]
        facts.close()
    (root / "app/util.py").write_text(f'TOKEN = "{KEY}"\n')
    facts = RepoFacts(root, options)
    assert sorted(s.path for s in facts.secrets) == ["app/settings.py", "app/util.py"]
    facts.close()


def test_base_revision_files_are_known_by_blob_id(settled, tmp_path):
    root = settled["base"]
    cache = tmp_path / "cache"
    reads: list[list[str]] = []
    for _run in range(2):
        with open_revision(root, "HEAD") as (_tmp, index, _sha):
            counting = CountingReads(index)
            memo = FileMemo(FactCache(cache), counting, index)
            keys = {e.path: memo.content_key(e.path) for e in index}
            memo.save()
            reads.append(counting.read)
    assert sorted(reads[0]) == sorted(keys) and reads[1] == []
    assert keys["app/settings.py"] is not None and keys["static/logo.png"] is None


def test_a_damaged_identity_map_is_ignored(settled, tmp_path):
    root = settled["memo"]
    cold, _reads, index = memo_over(root, tmp_path)
    keys = {e.path: cold.content_key(e.path) for e in index}
    cold.save()
    store = FactCache(tmp_path)
    namespace = next(ns for (ns,) in store._db.execute("SELECT DISTINCT ns FROM facts") if ns.startswith("where:"))
    scope = index.identity_scope
    damaged = {path: [seen[0], 12345] for path, seen in store.get_many(namespace, [scope])[scope].items()}
    damaged["app/main.py"] = "not a pair"
    store.put_many(namespace, {scope: damaged})
    store.close()
    again, reads, index = memo_over(root, tmp_path)
    assert {e.path: again.content_key(e.path) for e in index} == keys
    assert sorted(reads.read) == sorted(keys)  # nothing usable in the map: every file read again
