"""The per-file fact cache and --jobs: results never depend on them, only the time does."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from prodready.facts import AuditOptions, RepoFacts, analyses
from prodready.scanning.cache import FILE_NAME, FactCache

KEY = "AKIA" + "Q2XW7RZ4T5Y6U8I9"
BRANCHY = "def f{n}(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(20)) + "    return -1\n"


def many_files(count: int = 80) -> dict[str, str]:
    """Enough files for the parallel path (scanning/batch.py PARALLEL_MINIMUM)."""
    files = {f"app/mod{n}.py": BRANCHY.format(n=n) for n in range(count)}
    files["app/settings.py"] = f'AWS_KEY = "{KEY}"\n'
    return files


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prodready", *args], capture_output=True, text=True, timeout=300)


def checks_of(root: Path, *args: str) -> str:
    out = cli("audit", str(root), "-f", "json", "--only", "sec.secrets,qa.complexity", *args)
    assert out.returncode == 0, out.stderr
    return json.dumps(json.loads(out.stdout)["checks"], sort_keys=True)


def facts(root: Path, cache_dir: Path, jobs: int = 1) -> RepoFacts:
    return RepoFacts(root, AuditOptions(cache_dir=cache_dir, jobs=jobs))


def test_cold_warm_and_jobs_give_identical_results(make_repo, tmp_path):
    root = make_repo(many_files(), base="fastapi")
    cache = tmp_path / "cache"
    uncached = checks_of(root, "--no-cache", "--jobs", "1")
    assert not cache.exists() or not any(cache.iterdir())
    assert checks_of(root, "--cache-dir", str(cache), "--jobs", "2") == uncached  # cold, two processes
    assert (cache / FILE_NAME).is_file()
    assert checks_of(root, "--cache-dir", str(cache), "--jobs", "2") == uncached  # warm
    assert checks_of(root, "--cache-dir", str(cache), "--jobs", "1") == uncached


def test_warm_audit_hits_and_a_changed_file_is_rescanned(make_repo, tmp_path):
    root = make_repo(many_files(), base="fastapi")
    cache = tmp_path / "cache"
    cold = facts(root, cache)
    assert len(cold.secrets) == 1
    assert cold.fact_cache.hits == 0 and cold.fact_cache.misses > 80
    warm = facts(root, cache)
    assert [s.line for s in warm.secrets] == [1]
    assert warm.fact_cache.misses == 0
    (root / "app/settings.py").write_text(f'\n\nAWS_KEY = "{KEY}"\nOTHER = "{KEY[:-1]}Z"\n')
    changed = facts(root, cache)
    assert [s.line for s in changed.secrets] == [3, 4]  # the new content was scanned
    assert changed.fact_cache.misses == 1  # and only that file


def test_complexity_is_cached_by_content(make_repo, tmp_path):
    root = make_repo(many_files(), base="fastapi")
    cache = tmp_path / "cache"
    cold = facts(root, cache, jobs=2)
    entries = [e for e in cold.files if e.path.startswith("app/mod")]
    cold.complexities(entries)
    first = {e.path: cold.complexity(e)[0] for e in entries}
    assert first["app/mod3.py"][0].complexity == 21
    warm = facts(root, cache)
    warm.complexities(entries)
    assert {e.path: warm.complexity(e)[0] for e in entries} == first
    assert warm.fact_cache.misses == 0


def test_prefetched_batches_are_computed_once_and_match_the_plain_path(make_repo, tmp_path):
    root = make_repo(many_files(), base="fastapi")
    ahead = facts(root, tmp_path / "ahead", jobs=2)
    ahead.prefetch(["routes", "complexity", "secrets"])  # what the engine does for the checks that need them
    started = ahead.fact_cache.misses
    assert started > 160  # both batches looked up, and what was missing sent to the workers
    entries = [e for e in ahead.files if e.path.startswith("app/")]
    ahead.complexities(entries)
    found = {e.path: ahead.complexity(e)[0] for e in entries}
    assert [s.path for s in ahead.secrets] == ["app/settings.py"]
    assert [(r.file, r.path, r.line) for r in ahead.routes] == [("app/main.py", "/items", 6)]
    assert ahead.fact_cache.misses == started  # nothing computed a second time
    ahead.close()
    plain = facts(root, tmp_path / "plain", jobs=1)
    plain.prefetch(["routes", "complexity", "secrets"])  # one job: nothing to overlap with, nothing started
    assert plain.fact_cache.misses == 0
    assert {e.path: plain.complexity(e)[0] for e in entries} == found
    assert plain.secrets == ahead.secrets
    assert plain.routes == ahead.routes


def test_routes_come_back_from_the_cache_with_their_snippets_read_again(make_repo, tmp_path):
    root = make_repo(many_files(10), base="fastapi")
    cache = tmp_path / "cache"
    cold = facts(root, cache).routes
    warm_facts = facts(root, cache)
    assert warm_facts.routes == cold and cold and cold[0].snippet.startswith("@app.get")
    assert warm_facts.fact_cache.misses == 0
    stored = sqlite3.connect(cache / FILE_NAME).execute("select value from facts").fetchall()
    assert not any("@app.get" in row[0] for row in stored)  # paths and line numbers, not code


def test_maintainability_is_computed_on_two_processes_and_cached(make_repo, tmp_path):
    root = make_repo(many_files(12), base="fastapi")
    cache = tmp_path / "cache"
    entries = [e for e in facts(root, cache).files if e.path.startswith("app/mod")]
    cold = facts(root, cache, jobs=2)
    first = cold.maintainabilities(entries)
    assert cold.fact_cache.misses == 12 and cold.fact_cache.hits == 0
    assert sorted(first) == sorted(e.path for e in entries)
    assert all(m is not None and 0 < m.index <= 100 and m.rank in "ABC" for m in first.values())
    assert facts(root, tmp_path / "uncached").maintainabilities(entries) == first  # one process, same answer
    warm = facts(root, cache)
    assert warm.maintainabilities(entries) == first
    assert warm.fact_cache.misses == 0 and warm.fact_cache.hits == 12


def test_a_changed_analysis_version_invalidates(make_repo, tmp_path, monkeypatch):
    root = make_repo(many_files(10), base="fastapi")
    cache = tmp_path / "cache"
    assert len(facts(root, cache).secrets) == 1
    monkeypatch.setattr(analyses, "secrets_version", lambda: "another-version")
    again = facts(root, cache)
    assert len(again.secrets) == 1
    assert again.fact_cache.hits == 0 and again.fact_cache.misses > 10


def test_corrupted_cache_is_ignored_and_rebuilt(make_repo, tmp_path):
    root = make_repo(many_files(10), base="fastapi")
    cache = tmp_path / "cache"
    expected = checks_of(root, "--no-cache")
    cache.mkdir()
    (cache / FILE_NAME).write_bytes(b"this is not a database\x00" * 100)
    assert checks_of(root, "--cache-dir", str(cache)) == expected
    assert FactCache(cache).get_many("x", ["y"]) == {}  # usable again
    # a damaged entry inside a sound database is a miss, and is rewritten
    with sqlite3.connect(cache / FILE_NAME) as db:
        db.execute("UPDATE facts SET value = '{broken'")
    assert checks_of(root, "--cache-dir", str(cache)) == expected
    assert len(facts(root, cache).secrets) == 1


def test_two_audits_at_once_share_the_cache(make_repo, tmp_path):
    root = make_repo(many_files(), base="fastapi")
    cache = tmp_path / "cache"
    command = [sys.executable, "-m", "prodready", "audit", str(root), "-f", "json", "--only", "sec.secrets,qa.complexity",
               "--cache-dir", str(cache)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert all(run.returncode == 0 for run in runs), [err for _out, err in outputs]
    first, second = (json.dumps(json.loads(out)["checks"], sort_keys=True) for out, _err in outputs)
    assert first == second == checks_of(root, "--no-cache")
