"""A content-addressed cache of per-file facts, shared across audits and repositories.

Entries are keyed by what was analysed (a hash of the file's bytes), by what analysed it (the
tool version and a hash of the analysing module's own source, so any change to an analysis
invalidates its entries), and by the kind of fact. Nothing about where a file lives is part of
the key: a file that moved, or the same file in the base and head of a pull request, hits.

Storage is one SQLite database in the user's cache directory: concurrent audits are serialised
by SQLite's locking (a writer that cannot get the lock in time just skips writing), and a
corrupted database is deleted and rebuilt. The cache only ever saves time: any failure to read
or write it falls back to computing.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any, Iterable

from prodready import __version__

FILE_NAME = "facts-v1.sqlite3"


def default_directory() -> Path:
    """$PRODREADY_CACHE_DIR, else $XDG_CACHE_HOME/prodready, else ~/.cache/prodready."""
    explicit = os.environ.get("PRODREADY_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "prodready"


def analysis_version(*modules: object) -> str:
    """The tool version plus a hash of the source of the modules that compute a fact."""
    digest = hashlib.sha256(__version__.encode())
    for module in modules:
        source = getattr(module, "__file__", None)
        if source:
            digest.update(Path(source).read_bytes())
    return digest.hexdigest()[:16]


def content_key(data: str | bytes) -> str:
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


class FactCache:
    """get_many / put_many of JSON values by (namespace, key). `directory=None` disables it."""

    def __init__(self, directory: Path | None):
        self.directory = directory
        self.hits = self.misses = 0
        self._db: sqlite3.Connection | None = None
        if directory is not None:
            self._db = self._open(directory / FILE_NAME)

    def _open(self, path: Path) -> sqlite3.Connection | None:
        for _attempt in (1, 2):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, timeout=5, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("CREATE TABLE IF NOT EXISTS facts (ns TEXT, key TEXT, value TEXT, PRIMARY KEY (ns, key))")
                db.execute("SELECT count(*) FROM facts WHERE ns = ''").fetchone()
                return db
            except sqlite3.DatabaseError:
                # not a database, or damaged: the cache is disposable, start again once
                for suffix in ("", "-wal", "-shm"):
                    try:
                        Path(str(path) + suffix).unlink()
                    except OSError:
                        pass
            except OSError:
                return None
        return None

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def get_many(self, namespace: str, keys: Iterable[str]) -> dict[str, Any]:
        wanted = list(dict.fromkeys(keys))
        found: dict[str, Any] = {}
        if self._db is None or not wanted:
            self.misses += len(wanted)
            return found
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"SELECT key, value FROM facts WHERE ns = ? AND key IN ({marks})", [namespace, *chunk])
                for key, value in rows:
                    try:
                        found[key] = json.loads(value)
                    except (TypeError, ValueError):
                        continue  # a damaged entry is a miss; it is rewritten below
        except sqlite3.DatabaseError:
            found = {}
        self.hits += len(found)
        self.misses += len(wanted) - len(found)
        return found

    def put_many(self, namespace: str, items: dict[str, Any]) -> None:
        if self._db is None or not items:
            return
        rows = [(namespace, key, json.dumps(value, separators=(",", ":"))) for key, value in items.items()]
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR REPLACE INTO facts (ns, key, value) VALUES (?, ?, ?)", rows)
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.DatabaseError:
                pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
