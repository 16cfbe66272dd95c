"""Per-file answers remembered across audits (facts/memo.py): a remembered answer is the answer
the search or function gives, a changed file is asked again, and the report never depends on
whether the cache was cold, warm or off."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from prodready.facts import AuditOptions, RepoFacts
from prodready.facts.quality import count_lines, sizes_of_test_file
from prodready.scanning import memo
from prodready.scanning.cache import FactCache
from prodready.scanning.memo import MISSING, FileMemo, match_line_starts
from prodready.scanning.search import prefilter

SQL_INJECTION = 'def find(cursor, name):\n    cursor.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\n'
DEBUG_ON = "DEBUG = True\n"


def facts(root: Path, cache_dir: Path | None) -> RepoFacts:
    return RepoFacts(root, AuditOptions(cache_dir=cache_dir))


def audit_checks(root: Path, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "prodready", "audit", str(root), "-f", "json", *args],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)["checks"]


@pytest.mark.parametrize(("pattern", "flags", "text", "expected"), [
    (r"x", 0, "x x\nab\nx\n", [0, 7]),  # two matches on one line count once
    (r"a\nb", 0, "zz\na\nb\na\nb", [3, 7]),  # a match counts on the line where it starts
    (r"^def \w+", re.M, "x = 1\ndef f():\n    def g(): pass\ndef h(): pass", [6, 33]),
    (r"nothing", 0, "some text\n", []),
])
def test_match_line_starts(pattern, flags, text, expected):
    assert match_line_starts(re.compile(pattern, flags), text) == expected


@pytest.mark.parametrize(("pattern", "flags"), [
    (r"^\s*def test_\w*\(", re.M), (r"(?<=cursor\.)execute\(", 0), (r"^package main\b.*^func main\(\)", re.S | re.M),
    (r"(?i)\bcreate\s+table\b", 0), (r"b$", re.M), (r"absent", 0),
])
def test_first_match_is_what_search_finds_cold_and_warm(tmp_path, pattern, flags):
    text = "package main\nimport x\n\nfunc main() {}\ncursor.execute(q)\nCreate  Table t\n  def test_one(self):\na\nb\n"
    regex = re.compile(pattern, flags)
    expected = regex.search(text)
    for _ in ("cold", "warm"):
        remembered = FileMemo(FactCache(tmp_path), {"f.py": text}.get)
        found = remembered.first_match(regex, "f.py")
        assert (found and (found.span(), found.group(0))) == (expected and (expected.span(), expected.group(0)))
        remembered.save()


def test_remembered_searches_run_no_pattern_and_a_changed_file_is_searched_again(make_repo, tmp_path, monkeypatch):
    root = make_repo({"app/db.py": SQL_INJECTION, "app/other.py": "x = 1\n"}, base="fastapi")
    cache = tmp_path / "cache"
    cold = facts(root, cache)
    entries = [e for e in cold.files if e.path.startswith("app/")]
    first = cold.grep(r"cursor\.execute", entries)
    assert [(h.path, h.line) for h in first] == [("app/db.py", 2)]
    cold.close()

    def must_not_run(regex, text):
        if prefilter(regex.pattern, regex.flags & ~re.UNICODE).spans(text) != []:  # the regex would run
            raise AssertionError(f"searched {regex.pattern!r} again")
        return []

    monkeypatch.setattr(memo, "match_line_starts", must_not_run)
    warm = facts(root, cache)
    assert warm.grep(r"cursor\.execute", entries) == first  # snippets are cut from the file again
    assert warm.first_match(re.compile(r"cursor\.execute"), "app/other.py") is None
    monkeypatch.undo()

    (root / "app/other.py").write_text("x = 1\ncursor.execute(q)\n")
    changed = facts(root, cache)
    assert [(h.path, h.line) for h in changed.grep(r"cursor\.execute", entries)] == [("app/db.py", 2), ("app/other.py", 2)]


def test_the_cache_holds_offsets_and_counts_not_code(make_repo, tmp_path):
    root = make_repo({"app/db.py": SQL_INJECTION}, base="fastapi")
    cache = tmp_path / "cache"
    audit_checks(root, "--cache-dir", str(cache))
    import sqlite3

    db = sqlite3.connect(cache / "facts-v1.sqlite3")
    for kind in ("memo", "searches"):
        rows = db.execute(f"select value from facts where ns like '{kind}:%'").fetchall()
        assert rows and not any("SELECT" in value or "cursor" in value for (value,) in rows), kind


def test_a_search_over_many_files_is_remembered_whole_and_any_change_is_a_miss(make_repo, tmp_path, monkeypatch):
    root = make_repo({"app/db.py": SQL_INJECTION, "app/other.py": "x = 1\n", "app/more.py": "cursor.execute(q)\n"},
                     base="fastapi")
    cache = tmp_path / "cache"

    def grep(*limits: int) -> list[list[tuple[str, int]]]:
        """One audit's searches (a tree keeps the searches of its last audit)."""
        found = facts(root, cache)
        entries = [e for e in found.files if e.path.startswith("app/")]
        answers = [[(h.path, h.line) for h in found.grep(r"cursor\.execute", entries, limit=limit)] for limit in limits]
        found.close()
        return answers

    both = [[("app/db.py", 2), ("app/more.py", 1)], [("app/db.py", 2)]]
    assert grep(50, 1) == both

    def no_file_asked(self, regex, path):
        raise AssertionError(f"asked {path} again")

    monkeypatch.setattr(FileMemo, "match_starts", no_file_asked)
    assert grep(50, 1) == both  # one lookup for each search, the limit part of what is remembered
    with pytest.raises(AssertionError, match="asked"):
        grep(2)  # never asked before: answered file by file
    monkeypatch.undo()

    (root / "app/other.py").write_text("x = 1\ncursor.execute(q)\n")
    three = [("app/db.py", 2), ("app/more.py", 1), ("app/other.py", 2)]
    assert grep(50, 1) == [three, [("app/db.py", 2)]]

    import sqlite3

    db = sqlite3.connect(cache / "facts-v1.sqlite3")
    (namespace, scope, kept), = db.execute("select ns, key, value from facts where ns like 'searches:%'").fetchall()
    damaged = {name: [[99, [0]]] if n % 2 else "garbage" for n, name in enumerate(json.loads(kept))}
    db.execute("update facts set value = ? where ns = ? and key = ?", (json.dumps(damaged), namespace, scope))
    db.commit()
    db.close()
    assert grep(50, 1) == [three, [("app/db.py", 2)]]  # a damaged answer is a miss, not a crash


def test_per_file_answers_are_remembered_by_content_and_arguments(tmp_path):
    text = "def test_a():\n    pass\n\n# a comment\nx = 1\n"
    store = FactCache(tmp_path)
    cold = FileMemo(store, {"t.py": text}.get)
    assert cold.per_file("t.py", sizes_of_test_file, ".py") == [1, 3]
    assert cold.per_file("t.py", sizes_of_test_file, ".go") == [0, 3]  # the argument is part of the name
    assert cold.per_file("t.py", count_lines) == 3
    cold.save()
    built = []
    warm = FileMemo(store, {"t.py": text}.get)
    assert warm.per_file("t.py", sizes_of_test_file, ".py", source=lambda: built.append(1)) == [1, 3]
    assert built == []  # remembered: the source was not even built
    assert FileMemo(store, {"t.py": text + "x = 2\n"}.get).per_file("t.py", count_lines) == 4
    assert FileMemo(store, {"b.bin": None}.get).per_file("b.bin", count_lines) is None


def test_empty_answers_share_one_entry_without_mixing_names(tmp_path, monkeypatch):
    remembered = FileMemo(FactCache(None), {"f": "text"}.get)
    key = remembered.content_key("f")
    remembered.put(key, "gabc", [])
    remembered.put(key, "gabcdef", [3])
    remembered.put(key, "name with spaces", [])
    assert remembered.get(key, "gabc") == []
    assert remembered.get(key, "gab") is MISSING  # a prefix of a remembered name is not remembered
    assert remembered.get(key, "gabcdef") == [3]
    assert remembered.get(key, "name with spaces") == []
    monkeypatch.setattr(memo, "MAX_ANSWERS_PER_FILE", 4)
    remembered.put(key, "gxyz", [])
    assert remembered.get(key, "gxyz") == [] and remembered.get(key, "gabcdef") is MISSING  # the row started over


def test_cold_warm_and_uncached_audits_agree_and_a_new_finding_is_seen(make_repo, tmp_path):
    root = make_repo({"app/db.py": SQL_INJECTION, "app/settings.py": "DEBUG = False\n",
                      "tests/test_items.py": "def test_items():\n    assert True\n"}, base="fastapi")
    cache = tmp_path / "cache"
    uncached = audit_checks(root, "--no-cache")
    assert audit_checks(root, "--cache-dir", str(cache)) == uncached
    assert audit_checks(root, "--cache-dir", str(cache)) == uncached
    by_id = {c["id"]: c for c in uncached}
    assert by_id["sec.sql-injection"]["status"] == "fail" and by_id["sec.debug"]["status"] == "pass"

    (root / "app/settings.py").write_text(DEBUG_ON)
    again = {c["id"]: c for c in audit_checks(root, "--cache-dir", str(cache))}
    assert again["sec.debug"]["status"] == "fail"
    assert [e["path"] for e in again["sec.debug"]["evidence"]] == ["app/settings.py"]
