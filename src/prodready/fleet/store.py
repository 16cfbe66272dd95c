"""The fleet's history: every run stored in one SQLite database, with its own schema migrations.

Unlike the content cache (scanning/cache.py), which is disposable and rebuilt when damaged,
this database is the only copy of the history: a file that is not a SQLite database, one that
is damaged, one prodready did not create, or one written by a newer prodready is refused with
a clear error and left exactly as it was. Concurrent runs are safe: WAL lets readers go on
while one writer holds the lock, and a writer that finds the database locked waits and retries.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Callable, TypeVar

from prodready.fleet.model import FleetView, History, PastService, RunInfo, TrendPoint

APPLICATION_ID = 0x50524446  # "PRDF": marks a database as prodready's fleet history
HEADER = b"SQLite format 3\x00"
BUSY_SECONDS = 10.0
WRITE_ATTEMPTS = 6
TREND_RUNS = 12
# MIGRATIONS[n] takes the schema from version n to n + 1; never edit one that has shipped
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        generated_at TEXT NOT NULL,
        tool_version TEXT NOT NULL,
        sources INTEGER NOT NULL,
        services INTEGER NOT NULL,
        average REAL
    );
    CREATE TABLE services (
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        repo TEXT NOT NULL,
        service TEXT NOT NULL,
        team TEXT,
        tier TEXT,
        score INTEGER,
        grade TEXT NOT NULL,
        level TEXT NOT NULL,
        commit_sha TEXT,
        failing TEXT NOT NULL,
        PRIMARY KEY (run_id, repo, service)
    ) WITHOUT ROWID;
    CREATE INDEX services_by_name ON services (repo, service, run_id);
    """,
)
T = TypeVar("T")


class StoreError(Exception):
    """The history database cannot be used; the message says why and what to do."""


class Store:
    """The history database at `path`, opened, checked and migrated to the current schema."""

    def __init__(self, path: Path, migrations: tuple[str, ...] = MIGRATIONS):
        self.path = path
        self._migrations = migrations
        self._db = _connect(path)
        try:
            self._check()
            self._retry(self._wal)
            self._retry(self._migrate)
        except sqlite3.DatabaseError as exc:
            self.close()
            raise _damaged(path, exc) from None
        except StoreError:
            self.close()
            raise

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed by SQLite when the last one closes)."""
        self._db.close()

    def __enter__(self) -> Store:  # noqa: PYI034 - Store is final
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        """The schema version the database is at (PRAGMA user_version)."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _check(self) -> None:
        """Refuse what is not ours, what is newer than us, and what is damaged, before
        anything is written (switching to WAL writes the header)."""
        app_id = int(self._db.execute("PRAGMA application_id").fetchone()[0])
        version = self.version
        if app_id != APPLICATION_ID and (app_id != 0 or version != 0 or self._has_tables()):
            raise StoreError(f"{self.path} is not a prodready fleet database (it holds other data); it was left "
                             "untouched: pass another --db")
        if version > len(self._migrations):
            raise StoreError(f"{self.path} was written by a newer prodready (history schema {version}; this one reads "
                             f"up to {len(self._migrations)}); it was left untouched: upgrade prodready, or pass another --db")
        problems = [row[0] for row in self._db.execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            raise _damaged(self.path, problems[0])

    def _has_tables(self) -> bool:
        return bool(self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])

    def _wal(self) -> None:
        if self._db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self._db.execute("PRAGMA journal_mode=WAL")

    def _migrate(self) -> None:
        """Apply the missing migrations in one transaction; the version is read again once the
        write lock is held, since another process may have migrated in the meantime."""
        if self.version >= len(self._migrations):
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            current = self.version
            for number in range(current, len(self._migrations)):
                for statement in _statements(self._migrations[number]):
                    self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version = {len(self._migrations)}")
            self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def _retry(self, action: Callable[[], T]) -> T:
        """Run `action`, waiting and trying again while another process holds the write lock."""
        for attempt in range(WRITE_ATTEMPTS):
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if attempt == WRITE_ATTEMPTS - 1:
                    raise StoreError(f"{self.path} stayed locked by another process for over "
                                     f"{BUSY_SECONDS * WRITE_ATTEMPTS:.0f} s; try again") from None
                time.sleep(0.05 * 2 ** attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def history(self, depth: int = TREND_RUNS) -> History:
        """The last `depth` runs, the services of the latest one, and their scores in those runs."""
        try:
            self._db.execute("BEGIN")  # one snapshot, even while another process writes
            try:
                return self._history(depth)
            finally:
                self._db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.path, exc) from None

    def _history(self, depth: int) -> History:
        rows = self._db.execute("SELECT id, generated_at, services, average FROM runs ORDER BY id DESC LIMIT ?",
                                (depth,)).fetchall()
        runs = tuple(RunInfo(int(r[0]), str(r[1]), int(r[2]), r[3]) for r in reversed(rows))
        if not runs:
            return History()
        at = {run.number: run.at for run in runs}
        trends: dict[tuple[str, str], list[TrendPoint]] = {}
        past = []
        for run_id, repo, service, score, level, failing in self._db.execute(
                "SELECT run_id, repo, service, score, level, failing FROM services WHERE run_id >= ? "
                "ORDER BY repo, service, run_id", (runs[0].number,)):
            trends.setdefault((repo, service), []).append(TrendPoint(run_id, at.get(run_id, ""), score))
            if run_id == runs[-1].number:
                past.append(PastService(repo, service, score, level, tuple(_ids(failing))))
        return History(runs, tuple(past), tuple((key, tuple(points)) for key, points in trends.items()))

    def record(self, view: FleetView) -> RunInfo:
        """Store this run and its services in one transaction; the run's number comes back."""
        def write() -> int:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._db.execute(
                    "INSERT INTO runs (generated_at, tool_version, sources, services, average) VALUES (?, ?, ?, ?, ?)",
                    (view.generated_at, view.tool_version, view.sources, len(view.services), view.average))
                number = int(cursor.lastrowid or 0)
                self._db.executemany(
                    "INSERT INTO services (run_id, repo, service, team, tier, score, grade, level, commit_sha, failing) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(number, r.repo, r.service, r.team, r.tier, r.score, r.grade, r.level, r.commit,
                      json.dumps(list(r.failing), separators=(",", ":"))) for r in view.services])
                self._db.execute("COMMIT")
                return number
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

        try:
            number = self._retry(write)
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.path, exc) from None
        return RunInfo(number, view.generated_at, len(view.services), view.average)


def _connect(path: Path) -> sqlite3.Connection:
    """A connection to `path`, after making sure an existing file is a SQLite database at all
    (SQLite would otherwise fail late, or treat an empty file as a new database)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the directory of --db {path}: {exc.strerror or exc}") from None
    if path.exists() or path.is_symlink():
        if not path.is_file():
            raise StoreError(f"--db {path} is not a file")
        try:
            with open(path, "rb") as handle:
                head = handle.read(len(HEADER))
        except OSError as exc:
            raise StoreError(f"--db {path} cannot be read: {exc.strerror or exc}") from None
        if head and head != HEADER:
            raise StoreError(f"{path} is not a SQLite database (not a prodready fleet history); it was left "
                             "untouched: move it away, or pass another --db")
    try:
        db = sqlite3.connect(str(path), timeout=BUSY_SECONDS, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open --db {path}: {exc}") from None
    db.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
    return db


def _damaged(path: Path, problem: object) -> StoreError:
    """One line, whatever SQLite said (quick_check reports span lines)."""
    said = " ".join(str(problem).replace("*** in database main ***", "").split())[:200]
    return StoreError(f"{path} is damaged ({said}); it was left untouched: restore it from a backup, "
                      "or move it away to start a new history")


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _ids(text: str) -> list[str]:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
