"""qa.coverage on real little repos: every report format, thresholds, gates, staleness."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from prodready.model import Status
from prodready.testing import run_check

COBERTURA = '<?xml version="1.0" ?>\n<coverage line-rate="0.9" lines-valid="10" lines-covered="9"><packages><package><classes><class filename="app.py"><lines/></class></classes></package></packages></coverage>\n'
JACOCO = '<?xml version="1.0"?>\n<report name="demo"><package name="com/example"><sourcefile name="App.java"/></package><counter type="INSTRUCTION" missed="5" covered="5"/><counter type="LINE" missed="50" covered="50"/></report>\n'
LCOV = "TN:\nSF:server.js\nDA:1,1\nDA:2,0\nLF:4\nLH:3\nend_of_record\n"
GO_PROFILE = "mode: set\nexample.com/svc/main.go:5.13,7.2 2 1\nexample.com/svc/main.go:9.13,11.2 3 0\nexample.com/svc/main.go:5.13,7.2 2 0\n"
ISTANBUL_SUMMARY = json.dumps({"total": {"lines": {"total": 200, "covered": 170, "skipped": 0, "pct": 85}}, "server.js": {"lines": {"pct": 85}}})
ISTANBUL_FINAL = json.dumps({"server.js": {"path": "server.js", "statementMap": {"0": {"start": {"line": 1}}, "1": {"start": {"line": 2}}, "2": {"start": {"line": 3}}},
                                           "s": {"0": 1, "1": 1, "2": 0}}})
COVERAGE_JSON = json.dumps({"meta": {}, "files": {"app/main.py": {}}, "totals": {"covered_lines": 45, "num_statements": 50, "percent_covered": 90.0}})

REPORTS = {
    "cobertura": ("flask", "coverage.xml", COBERTURA, 90.0),
    "jacoco": ("spring", "target/site/jacoco/jacoco.xml", JACOCO, 50.0),
    "lcov": ("express", "coverage/lcov.info", LCOV, 75.0),
    "go-cover": ("nethttp", "coverage.out", GO_PROFILE, 40.0),
    "istanbul-summary": ("express", "coverage/coverage-summary.json", ISTANBUL_SUMMARY, 85.0),
    "istanbul-final": ("express", "coverage/coverage-final.json", ISTANBUL_FINAL, 66.7),
    "coverage.py-json": ("fastapi", "coverage.json", COVERAGE_JSON, 90.0),
}


@pytest.mark.parametrize("fmt", sorted(REPORTS))
def test_each_report_format_in_the_repo(make_repo, fmt):
    base, path, content, rate = REPORTS[fmt]
    run = run_check(make_repo({path: content}, base=base), "qa.coverage")
    assert f"line coverage {rate}%" in run.message, run.message
    assert run.repo.outcome.evidence[0].path == path
    assert run.repo.outcome.evidence[0].note.startswith(f"{fmt}: ")
    expected = Status.PASS if rate >= 80 else (Status.PARTIAL if rate >= 60 else Status.FAIL)
    assert run.status is expected


def test_report_handed_in_with_coverage_flag_and_threshold(make_repo, tmp_path):
    report = tmp_path / "lcov.info"
    report.write_text(LCOV)
    root = make_repo({}, base="express")
    assert run_check(root, "qa.coverage", coverage=[report]).status is Status.PARTIAL
    assert run_check(root, "qa.coverage", coverage=[report], coverage_threshold=70).status is Status.PASS


def test_coveragepy_data_file_is_read_through_the_coverage_library(make_repo, tmp_path):
    root = make_repo({"calc.py": "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n"}, base="flask")
    # produce a real .coverage file by running coverage on OUR OWN script importing a copy
    work = tmp_path / "work"
    work.mkdir()
    (work / "calc.py").write_text((root / "calc.py").read_text())
    (work / "run.py").write_text("import calc\ncalc.add(1, 2)\n")
    subprocess.run([sys.executable, "-m", "coverage", "run", "--data-file", str(work / ".coverage"), "run.py"], cwd=work, check=True)
    run = run_check(root, "qa.coverage", coverage=[work / ".coverage"])
    # calc.py has 4 statements (2 defs, 2 returns); sub's body never ran: 3/4 = 75%
    assert "line coverage 75.0%" in run.message, run.message
    assert run.status is Status.PARTIAL


def test_stale_report_is_called_stale(make_repo):
    stale = COBERTURA.replace('filename="app.py"', 'filename="gone/old_module.py"')
    run = run_check(make_repo({"coverage.xml": stale}, base="flask"), "qa.coverage")
    assert run.status is Status.PARTIAL
    assert "stale" in run.message


def test_gate_without_report_is_partial(make_repo):
    files = {"pyproject.toml": "[tool.coverage.report]\nfail_under = 85\n"}
    run = run_check(make_repo(files, base="fastapi"), "qa.coverage")
    assert run.status is Status.PARTIAL
    assert run.locations() == ["pyproject.toml:2"]


@pytest.mark.parametrize("base, files, location", [
    ("express", {"package.json": '{"name": "s", "dependencies": {"express": "4"},\n "jest": {"coverageThreshold": {"global": {"lines": 80}}}}\n'}, "package.json:2"),
    ("fastapi", {"pytest.ini": "[pytest]\naddopts = --cov=app --cov-fail-under=80\n"}, "pytest.ini:2"),
    ("spring", {"build.gradle": "plugins { id 'jacoco' }\njacocoTestCoverageVerification {\n  violationRules { rule { limit { minimum = 0.8 } } }\n}\n"}, "build.gradle:2"),
])
def test_gates_per_stack(make_repo, base, files, location):
    run = run_check(make_repo(files, base=base), "qa.coverage")
    assert run.status is Status.PARTIAL
    assert location in run.locations()


@pytest.mark.parametrize("base", ["flask", "express", "gin", "spring"])
def test_nothing_fails(make_repo, base):
    run = run_check(make_repo({}, base=base), "qa.coverage")
    assert run.status is Status.FAIL
    assert run.message.startswith("no coverage report and no coverage gate")


def test_no_source_code_is_not_applicable(make_repo):
    run = run_check(make_repo({"README.md": "# docs only\n"}), "qa.coverage")
    assert run.status is Status.NOT_APPLICABLE


def test_broken_report_is_a_finding(make_repo):
    run = run_check(make_repo({"coverage.xml": "<coverage><unclosed>\n"}, base="flask"), "qa.coverage")
    assert run.status is Status.FAIL
    assert run.repo.outcome.evidence[0].path == "coverage.xml"
    assert "could not parse coverage.xml" in run.repo.outcome.evidence[0].note
