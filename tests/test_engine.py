"""Registry, engine and scoring: ids are unique, crashes are contained, scores are weighted."""

from __future__ import annotations

import types

import pytest

from prodready.model import CheckMeta, CheckResult, Outcome, Severity, Status
from prodready.registry import DuplicateCheckError, check, collect, discover
from prodready.scoring import grade, level, next_level, weighted_score


def test_duplicate_ids_are_refused():
    one = types.SimpleNamespace(a=check(id="api.dup", title="t", severity="low", why="w", fix="f")(lambda ctx: None))
    two = types.SimpleNamespace(b=check(id="api.dup", title="t2", severity="low", why="w", fix="f")(lambda ctx: None))
    with pytest.raises(DuplicateCheckError, match="'api.dup' is declared twice"):
        collect([one, two])


def test_unknown_category_is_refused():
    with pytest.raises(ValueError, match="unknown category"):
        check(id="foo.bar", title="t", severity="low", why="w", fix="f")


def test_every_builtin_check_has_complete_metadata():
    checks = discover()
    from tests.catalog import CATALOG

    assert [c.meta.id for c in checks] == CATALOG
    for c in checks:
        assert c.meta.why and c.meta.fix and c.meta.references, c.meta.id
        assert c.meta.title[0].isupper()


def _result(id: str, severity: Severity, status: Status, score: float | None) -> CheckResult:
    meta = CheckMeta(id=id, title=id, category=id.split(".")[0], severity=severity, why="", fix="")
    return CheckResult(meta, Outcome(status, score, ""), "")


def test_weighted_score_grade_and_levels():
    results = [
        _result("sec.a", Severity.CRITICAL, Status.PASS, 10),
        _result("ops.b", Severity.HIGH, Status.FAIL, 0),
        _result("api.c", Severity.MEDIUM, Status.PARTIAL, 5),
        _result("docs.d", Severity.LOW, Status.NOT_APPLICABLE, None),
        _result("qa.e", Severity.LOW, Status.ERROR, None),
    ]
    # (10*10 + 7.5*0 + 5*5) / (10 + 7.5 + 5) = 125 / 22.5 = 5.56 -> 56
    assert weighted_score(results) == 56
    assert grade(56) == "F" and grade(90) == "A" and grade(89) == "B" and grade(None) == "-"
    assert level(results) == "bronze"
    target, steps = next_level(results)
    assert target == "silver"
    assert [(s.check_id, s.gain) for s in steps] == [("ops.b", 33.3)]


def test_levels_need_every_gate():
    passing = [_result("sec.a", Severity.CRITICAL, Status.PASS, 10), _result("ops.b", Severity.HIGH, Status.PASS, 10)]
    assert level(passing) == "gold"
    assert level(passing + [_result("qa.c", Severity.LOW, Status.PARTIAL, 8)]) == "silver"
    assert level([_result("sec.a", Severity.CRITICAL, Status.ERROR, None)]) == "none"


def test_a_service_per_root_and_combined_repo_result(make_repo):
    from prodready.testing import run_check
    from tests.conftest import STACKS

    files = {f"api/{k}": v for k, v in STACKS["fastapi"].items()}
    files.update({f"gw/{k}": v for k, v in STACKS["gin"].items()})
    files["gw/health.go"] = 'package main\n\nfunc r() {\n\tr.GET("/healthz", ok)\n}\n'
    run = run_check(make_repo(files), "obs.health")
    assert run.services["api"].status is Status.FAIL
    assert run.services["gw"].status is Status.PASS
    assert run.status is Status.PARTIAL and run.score == 5.0
    assert run.message.startswith("api: no health or readiness route found")
    assert [e.service for e in run.repo.outcome.evidence] == ["gw"]


def test_checks_reading_a_prefetched_batch_run_last_and_results_keep_the_checks_order(make_repo):
    """The engine runs the checks whose batch started on the workers (qa.complexity,
    sec.secrets, the route readers) after all the others, always in that order, and reports
    every result in the checks' id order, the same on every run."""
    import json
    import subprocess
    import sys

    from prodready.engine import _run_order
    from tests.conftest import STACKS

    checks = discover()
    order = [c.meta.id for c in _run_order(checks)]
    prefetching = [c.meta.id for c in checks if c.meta.prefetch]
    assert {"qa.complexity", "sec.secrets", "api.versioning", "obs.health"} <= set(prefetching)
    assert order[-len(prefetching):] == ["api.versioning", "obs.health", "qa.complexity", "sec.secrets"]
    assert order[:-len(prefetching)] == [c.meta.id for c in checks if not c.meta.prefetch]

    repo = make_repo({f"svc/{k}": v for k, v in STACKS["gin"].items()})
    reports = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-m", "prodready", "audit", str(repo), "-f", "json", "--no-cache"],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode in (0, 1), done.stderr
        report = json.loads(done.stdout)
        reports.append({k: v for k, v in report.items() if k not in ("generated_at", "duration_seconds")})
    ids = [c["id"] for c in reports[0]["checks"]]
    assert ids == sorted(ids) == [c.meta.id for c in checks]
    assert [r["id"] for r in reports[0]["services"][0]["checks"]] == ids
    assert reports[0] == reports[1]
