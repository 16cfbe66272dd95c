"""The fleet's SQLite history: trend and changes across runs, refusal of a database it must not
touch, concurrent writers, and its own migrations."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from prodready.fleet import Request, build
from prodready.fleet.store import MIGRATIONS, Store, StoreError
from tests.fleet_support import audit, commit_all, fleet_json, prodready, report_paths, validate
from tests.fleet_support import build as build_fleet


@pytest.fixture(scope="module")
def fleet(tmp_path_factory) -> tuple[Path, Path]:
    return build_fleet(tmp_path_factory.mktemp("fleet"))


def _runs(db: Path) -> list[tuple[int, int]]:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT runs.id, count(services.repo) FROM runs LEFT JOIN services ON services.run_id = runs.id "
                           "GROUP BY runs.id ORDER BY runs.id").fetchall()


def _healthy(db: Path) -> bool:
    with sqlite3.connect(db) as con:
        return con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_the_second_run_shows_the_trend_and_what_changed(fleet, tmp_path):
    source, _ = fleet
    repos = tmp_path / "repos"
    shutil.copytree(source, repos, symlinks=True)
    db = tmp_path / "history.sqlite"
    first, _ = fleet_json(*(str(repos / n) for n in ("payments", "orders", "search")), "--db", str(db))
    assert first["run"]["number"] == 1 and first["previous_run"] is None and first["changes"] == []
    before = {s["repo"]: s for s in first["services"]}
    assert "sec.secrets" in before["payments"]["failing"] and "ops.lockfile" not in before["orders"]["failing"]

    (repos / "payments" / "app" / "settings.py").unlink()
    commit_all(repos / "payments", "remove the hard-coded key")
    (repos / "orders" / "package-lock.json").unlink()
    commit_all(repos / "orders", "drop the lockfile")
    second, _ = fleet_json(*(str(repos / n) for n in ("payments", "orders", "shop")), "--db", str(db))
    validate(second)
    after = {(s["repo"], s["service"]): s for s in second["services"]}
    assert second["run"]["number"] == 2 and second["previous_run"]["number"] == 1
    assert second["previous_run"]["at"] == first["generated_at"]
    changes = {(c["repo"], c["service"]): c for c in second["changes"]}
    pay = changes[("payments", ".")]
    assert (pay["state"], pay["fixed"], pay["newly_failing"]) == ("changed", ["sec.secrets"], [])
    assert (pay["score_before"], pay["score_after"]) == (before["payments"]["score"], after[("payments", ".")]["score"])
    assert pay["score_after"] > pay["score_before"] and (pay["level_before"], pay["level_after"]) == ("none", "bronze")
    orders = changes[("orders", ".")]
    assert (orders["state"], orders["newly_failing"], orders["fixed"]) == ("changed", ["ops.lockfile"], [])
    assert orders["score_after"] < orders["score_before"]
    assert changes[("shop", "api")]["state"] == changes[("shop", "web")]["state"] == "new"
    assert (changes[("search", ".")]["state"], changes[("search", ".")]["score_before"]) == ("gone", before["search"]["score"])
    assert len(changes) == 5
    assert [c["repo"] for c in second["changes"][:2]] == ["orders", "payments"]  # the drop first, then the rise
    assert after[("payments", ".")]["trend"] == [{"run": 1, "at": first["generated_at"], "score": before["payments"]["score"]}]
    assert after[("shop", "api")]["trend"] == []
    assert _runs(db) == [(1, 3), (2, 4)] and _healthy(db)

    text = prodready("fleet", *(str(repos / n) for n in ("payments", "orders", "shop")), "--db", str(db), "-f", "md").stdout
    assert "### Since run 2 (" in text  # the third run compares with the second
    assert "No service changed." in text


def test_the_default_database_is_in_the_working_directory_and_no_db_keeps_none(fleet, tmp_path):
    _, reports = fleet
    data, _ = fleet_json(*report_paths(reports), cwd=tmp_path)
    assert data["database"] == ".prodready/fleet.sqlite" and data["run"]["number"] == 1
    assert (tmp_path / ".prodready" / "fleet.sqlite").is_file()
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    data, _ = fleet_json(*report_paths(reports), "--no-db", cwd=elsewhere)
    assert data["run"] is None and data["database"] is None and list(elsewhere.iterdir()) == []


def _refused(reports: Path, db: Path) -> subprocess.CompletedProcess:
    before = db.read_bytes()
    out = prodready("fleet", *report_paths(reports), "--db", str(db))
    assert out.returncode == 2 and out.stdout == ""
    assert "Traceback" not in out.stderr
    assert db.read_bytes() == before  # never rewritten
    return out


def test_a_file_that_is_not_sqlite_is_refused(fleet, tmp_path):
    db = tmp_path / "fleet.sqlite"
    db.write_text("these are my notes, not a database\n")
    out = _refused(fleet[1], db)
    assert out.stderr == (f"prodready: error: {db} is not a SQLite database (not a prodready fleet history); it was "
                          "left untouched: move it away, or pass another --db\n")


def test_a_damaged_database_is_refused(fleet, tmp_path):
    db = tmp_path / "fleet.sqlite"
    fleet_json(*report_paths(fleet[1]), "--db", str(db))
    data = bytearray(db.read_bytes())
    page = 4096
    assert len(data) >= 3 * page
    data[page + 8: 2 * page] = b"\x5a" * (page - 8)  # a table page overwritten, header intact
    db.write_bytes(bytes(data))
    out = _refused(fleet[1], db)
    assert len(out.stderr.splitlines()) == 1
    assert out.stderr.startswith(f"prodready: error: {db} is damaged (")
    assert out.stderr.endswith("it was left untouched: restore it from a backup, or move it away to start a new history\n")


def test_a_database_from_a_newer_prodready_is_refused(fleet, tmp_path):
    db = tmp_path / "fleet.sqlite"
    fleet_json(*report_paths(fleet[1]), "--db", str(db))
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA user_version = 99")
    con.close()
    out = _refused(fleet[1], db)
    assert out.stderr == (f"prodready: error: {db} was written by a newer prodready (history schema 99; this one reads "
                          f"up to {len(MIGRATIONS)}); it was left untouched: upgrade prodready, or pass another --db\n")


def test_another_programs_database_is_refused(fleet, tmp_path):
    db = tmp_path / "app.sqlite"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE users (name TEXT)")
        con.execute("INSERT INTO users VALUES ('ada')")
    con.close()
    out = _refused(fleet[1], db)
    assert out.stderr == (f"prodready: error: {db} is not a prodready fleet database (it holds other data); it was left "
                          "untouched: pass another --db\n")


def test_two_fleet_runs_at_once_share_one_history(fleet, tmp_path):
    db = tmp_path / "fleet.sqlite"
    command = [sys.executable, "-m", "prodready", "fleet", *report_paths(fleet[1]), "--db", str(db), "-f", "json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _, err in outputs]
    assert sorted(json.loads(out)["run"]["number"] for out, _ in outputs) == [1, 2]
    assert _runs(db) == [(1, 5), (2, 5)] and _healthy(db)


def _writer(db: str, view, count: int, ready) -> None:
    ready.wait()
    for _ in range(count):
        with Store(Path(db)) as store:
            store.record(view)


def test_two_processes_writing_one_database_lose_nothing(fleet, tmp_path):
    view = build(Request(tuple(Path(p) for p in report_paths(fleet[1]))))
    db = tmp_path / "fleet.sqlite"
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    writers = [context.Process(target=_writer, args=(str(db), view, 25, ready)) for _ in range(2)]
    for writer in writers:
        writer.start()
    ready.set()
    for writer in writers:
        writer.join(timeout=300)
    assert [w.exitcode for w in writers] == [0, 0]
    assert _runs(db) == [(number, len(view.services)) for number in range(1, 51)]
    assert _healthy(db)
    with Store(db) as store:
        history = store.history()
    assert [run.number for run in history.runs] == list(range(39, 51))
    assert all(len(points) == 12 for _, points in history.trends)


def test_migrations_bring_an_older_history_up_to_date(fleet, tmp_path):
    view = build(Request(tuple(Path(p) for p in report_paths(fleet[1]))))
    db = tmp_path / "fleet.sqlite"
    with Store(db) as store:
        assert store.version == len(MIGRATIONS)
        store.record(view)
    later = (*MIGRATIONS, "ALTER TABLE runs ADD COLUMN label TEXT; CREATE INDEX runs_by_label ON runs (label)")
    with Store(db, migrations=later) as store:  # what a newer prodready would do with this file
        assert store.version == len(later)
        assert [r.number for r in store.history().runs] == [1]
    with pytest.raises(StoreError, match="was written by a newer prodready"):
        Store(db)


def test_a_new_database_file_gets_the_current_schema_and_marks_itself(tmp_path):
    db = tmp_path / "deep" / "dir" / "fleet.sqlite"
    Store(db).close()
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA application_id").fetchone()[0] == 0x50524446
        assert con.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} >= {"runs", "services"}
    con.close()


def test_a_report_audited_again_is_compared_with_its_last_run(fleet, tmp_path):
    repos, reports = fleet
    db = tmp_path / "fleet.sqlite"
    fleet_json(str(reports / "search" / "prodready.json"), "--db", str(db))
    again = tmp_path / "again" / "search" / "prodready.json"
    audit(repos / "search", again)
    data, _ = fleet_json(str(again), "--db", str(db))
    assert data["changes"] == [] and data["previous_run"]["number"] == 1
    assert data["services"][0]["trend"][0]["score"] == data["services"][0]["score"]
