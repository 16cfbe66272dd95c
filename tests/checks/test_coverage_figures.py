"""qa.coverage on reports whose figures cannot be true, in each of the seven formats: the report is
a finding naming what is wrong and where, counts as no usable report, and never passes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from prodready.model import Status
from prodready.testing import run_check

from .test_coverage import COBERTURA, COVERAGE_JSON, ISTANBUL_SUMMARY, LCOV

JACOCO_PACKAGES = ('<?xml version="1.0"?>\n<report name="demo">\n<package name="p"><sourcefile name="A.java"/>'
                   '<counter type="LINE" missed="{pm}" covered="{pc}"/></package>\n'
                   '<counter type="LINE" missed="{m}" covered="{c}"/>\n</report>\n')


def istanbul_final(count: int, sid: str = "1") -> str:
    return json.dumps({"server.js": {"path": "server.js", "statementMap": {"0": {"start": {"line": 1}, "end": {"line": 1}},
                                                                            "1": {"start": {"line": 2}, "end": {"line": 2}}},
                                     "s": {"0": 1, sid: count}}})


# format -> (base stack, report path, content, what the finding says)
INCONSISTENT = {
    "lcov": ("express", "coverage/lcov.info", "SF:server.js\nDA:1,1\nLF:1\nLH:1000000\nend_of_record\n", "LH 1000000 > LF 1, line 4"),
    "lcov-negative": ("express", "coverage/lcov.info", "SF:server.js\nLF:-5\nLH:-6\nend_of_record\n", "LF = -5 is negative, line 2"),
    "lcov-da": ("express", "coverage/lcov.info", "SF:server.js\nDA:3,-1\nLF:1\nLH:0\n", "DA hits = -1 is negative, line 2"),
    "lcov-huge": ("express", "lcov.info", f"SF:server.js\nLF:1{'0' * 400}\nLH:1\nend_of_record\n",
                  "LF = 100000000000… (401 digits) is more than a 64-bit counter holds, line 2"),
    "lcov-branches": ("express", "lcov.info", "SF:server.js\nLF:2\nLH:1\nBRF:1\nBRH:4\nend_of_record\n", "BRH 4 > BRF 1, line 5"),
    "cobertura": ("flask", "coverage.xml", COBERTURA.replace('lines-covered="9"', 'lines-covered="12"'), "lines-covered 12 > lines-valid 10, line 2"),
    "cobertura-rate": ("flask", "coverage.xml", COBERTURA.replace('line-rate="0.9"', 'line-rate="1.5"'), "line-rate 1.5 is outside 0..1, line 2"),
    "cobertura-disagrees": ("flask", "coverage.xml", COBERTURA.replace('lines-covered="9"', 'lines-covered="2"'),
                            "line-rate 0.9 disagrees with lines-covered 2 / lines-valid 10, line 2"),
    "cobertura-hits": ("flask", "coverage.xml", COBERTURA.replace("<lines/>", '<lines><line number="1" hits="-7"/></lines>'), "hits = -7 is negative, line 2"),
    "jacoco": ("spring", "jacoco.xml", JACOCO_PACKAGES.format(pm=0, pc=1, m=-50, c=1), "counter missed = -50 is negative, line 4"),
    "jacoco-sum": ("spring", "jacoco.xml", JACOCO_PACKAGES.format(pm=10, pc=1, m=0, c=1000), "the report's LINE missed 0 is not the sum of its packages' (10), line 4"),
    "istanbul-summary": ("express", "coverage/coverage-summary.json", ISTANBUL_SUMMARY.replace('"covered": 170', '"covered": 300'),
                         "total.lines covered 300 > total.lines total 200, line 1"),
    "istanbul-summary-pct": ("express", "coverage/coverage-summary.json", ISTANBUL_SUMMARY.replace('"pct": 85', '"pct": 99'),
                             "total.lines pct 99 disagrees with covered 170 / total 200, line 1"),
    "istanbul-final": ("express", "coverage/coverage-final.json", istanbul_final(-3), "server.js: count of statement 1 = -3 is negative, line 1"),
    "istanbul-final-unknown": ("express", "coverage/coverage-final.json", istanbul_final(1, "9"),
                               "server.js: statement 9 is counted but not in statementMap, line 1"),
    "go-cover": ("nethttp", "coverage.out", "mode: set\nexample.com/svc/main.go:5.13,7.2 2 -1\n", "count = -1 is negative, line 2"),
    "go-cover-range": ("nethttp", "coverage.out", "mode: set\nexample.com/svc/main.go:9.13,5.2 2 1\n", "block 9.13,5.2 is not a range of the file, line 2"),
    "go-cover-set": ("nethttp", "coverage.out", "mode: set\nexample.com/svc/main.go:5.13,7.2 2 5\n", "count 5 in mode set (0 or 1), line 2"),
    "coverage.py-json": ("fastapi", "coverage.json", COVERAGE_JSON.replace('"covered_lines": 45', '"covered_lines": 60'),
                         "totals covered_lines 60 > num_statements 50, line 1"),
    "coverage.py-json-missing": ("fastapi", "coverage.json", json.dumps({"files": {}, "totals": {
        "covered_lines": 45, "num_statements": 50, "missing_lines": 1, "percent_covered": 90.0}}),
        "totals covered_lines 45 + missing_lines 1 != num_statements 50, line 1"),
}


@pytest.mark.parametrize("case", sorted(INCONSISTENT))
def test_inconsistent_report_is_a_finding_and_never_passes(make_repo, case):
    base, path, content, what = INCONSISTENT[case]
    run = run_check(make_repo({path: content}, base=base), "qa.coverage")
    assert run.status is Status.FAIL, run.message
    assert run.message.startswith("no usable coverage report (1 inconsistent report(s) not used)"), run.message
    note = run.repo.outcome.evidence[0].note
    assert run.repo.outcome.evidence[0].path == path
    assert note == f"coverage report {path} is inconsistent: {what}; counted as no usable report"


def test_an_inconsistent_report_keeps_a_good_one_from_passing(make_repo):
    bad = LCOV.replace("LH:3", "LH:99")
    run = run_check(make_repo({"coverage.xml": COBERTURA, "lcov.info": bad}, base="flask"), "qa.coverage")
    assert run.status is Status.PARTIAL
    assert run.message == "line coverage 90.0% meets 80% (1 inconsistent report(s) not used)"


def test_the_reports_that_are_consistent_still_pass(make_repo):
    consistent = COVERAGE_JSON.replace('"totals": {', '"totals": {"missing_lines": 5, "num_branches": 0, "covered_branches": 0, ')
    assert run_check(make_repo({"coverage.json": consistent}, base="fastapi"), "qa.coverage").status is Status.PASS


def coverage_data(tmp_path, lines_by_file: dict[str, list[int]]) -> bytes:
    """A real .coverage (SQLite) file written by the coverage library itself."""
    target = tmp_path / "made" / ".coverage"
    target.parent.mkdir(exist_ok=True)
    script = ("import sys, json\nfrom coverage import CoverageData\n"
              "data = CoverageData(basename=sys.argv[1])\ndata.add_lines(json.loads(sys.argv[2]))\ndata.write()\n")
    subprocess.run([sys.executable, "-c", script, str(target), json.dumps(lines_by_file)], check=True)
    return target.read_bytes()


CALC = "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n"


@pytest.mark.parametrize("lines, what", [([1, 2, 500], "line 500 of calc.py executed, but calc.py has 6 lines"),
                                         ([0, 1], "line 0 of calc.py executed, but calc.py has 6 lines")])
def test_coveragepy_data_with_lines_the_file_does_not_have(make_repo, tmp_path, lines, what):
    data = coverage_data(tmp_path, {"/work/src/calc.py": lines})
    run = run_check(make_repo({"calc.py": CALC, ".coverage": data}, base="flask"), "qa.coverage")
    assert run.status is Status.FAIL
    assert run.repo.outcome.evidence[0].note == f"coverage report .coverage is inconsistent: {what}; counted as no usable report"


def test_a_broken_coverage_data_file_is_named_by_its_own_path(make_repo):
    run = run_check(make_repo({".coverage": b"SQLite format 3\x00" + b"\x07" * 300}, base="flask"), "qa.coverage")
    note = run.repo.outcome.evidence[0].note
    assert note.startswith("could not read .coverage: ") and "'.coverage'" in note, note
    assert "prodready-cov" not in note and "/tmp" not in note and "data.coverage" not in note
