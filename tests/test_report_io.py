"""Saved JSON reports read back (`prodready diff`, `prodready github ...`, fleet sources): read
bounded, every field checked, a bad file one line and exit 2 (never an internal error), and the
report keeps what it said when it was written, its severities included."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from prodready.github.actions import annotations
from prodready.report_io import MAX_REPORT_BYTES, ReportError, from_dict
from prodready.reporters import FORMATS, render
from prodready.testing import git, write_repo

KEY = "AKIA" + "Q2XW7RZ4T5Y6U8I9"
MAIN = "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/healthz')\ndef health():\n    return {}\n"
CONFIG = ("severity:\n  obs.health: low\n  sec.secrets: medium\n"
          "waivers:\n  - check: obs.metrics\n    reason: the mesh sidecar exports them\n")


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prodready", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> Path:
    """A real report with every part a report can have: services, evidence, a secret finding, a
    configured waiver and severities, a change against a base commit, and blame."""
    tmp = tmp_path_factory.mktemp("saved")
    files = {"requirements.txt": "fastapi\n", "app/main.py": MAIN, ".prodready.yml": CONFIG,
             "worker/requirements.txt": "celery\n", "worker/tasks.py": "from celery import Celery\napp = Celery()\n"}
    root = write_repo(tmp / "svc", files, git_init=True)
    (root / "app" / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\nTOKEN = '" + KEY + "'\n")
    git(root, "commit", "-qam", "a token, and no health route")
    report = tmp / "head.json"
    out = cli("audit", str(root), "-q", "--base", "HEAD~1", "--blame", "-f", "json", "-o", str(report))
    assert out.returncode == 0, out.stderr
    return report


def _one_line_usage_error(out: subprocess.CompletedProcess, start: str) -> None:
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert out.stderr.startswith(f"prodready: error: {start}"), out.stderr
    assert len(out.stderr.splitlines()) == 1 and "Traceback" not in out.stderr and "internal error" not in out.stderr


def test_a_report_with_fields_of_the_wrong_type_is_a_usage_error_naming_the_field(saved, tmp_path):
    data = json.loads(saved.read_text())
    bad = tmp_path / "bad.json"
    cases = [
        (lambda d: d["checks"][0].__setitem__("status", "great"),
         'is not a valid prodready report (checks[0].status is "great", expected one of pass, partial, fail, '
         "not_applicable, error, waived)"),
        (lambda d: d["checks"][1]["evidence"].append({"path": "a.py", "line": "ten"}),
         'is not a valid prodready report (checks[1].evidence[0].line is "ten", expected a line number (1 or more) or null)'),
        (lambda d: d["services"][0].__setitem__("checks", {"id": "x"}),
         "is not a valid prodready report (services[0].checks is an object, expected a list)"),
        (lambda d: d.__setitem__("score", "95"),
         'is not a valid prodready report (score is "95", expected an integer from 0 to 100 or null)'),
        (lambda d: d["delta"].__setitem__("score_before", 55.5),
         "is not a valid prodready report (delta.score_before is 55.5, expected an integer from 0 to 100 or null)"),
        (lambda d: d["checks"][2].pop("id"), "is not a valid prodready report (checks[2].id is missing)"),
        (lambda d: d["checks"][2].__setitem__("status", None), "is not a valid prodready report (checks[2].status is null)"),
        (lambda d: d.__setitem__("duration_seconds", float("nan")),
         "is not a valid prodready report (duration_seconds is nan, expected a number of at least 0)"),
        (lambda d: d.__setitem__("target", []), "is not a valid prodready report (target is a list, not an object)"),
        (lambda d: d["blame"]["checks"][0].__setitem__("commit", {"sha": 7}),
         "is not a valid prodready report (blame.checks[0].commit.sha is 7, expected text)"),
    ]
    for spoil, message in cases:
        spoiled = copy.deepcopy(data)
        spoil(spoiled)
        bad.write_text(json.dumps(spoiled))
        _one_line_usage_error(cli("diff", str(saved), str(bad)), f"{bad} {message}")
        _one_line_usage_error(cli("github", "annotations", str(bad)), f"{bad} {message}")


def _paths(value: Any, path: tuple = ()) -> Iterator[tuple]:
    """Every place in a report (the first two items of each list)."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:2]):
            yield from _paths(item, (*path, index))


def _spoiled(data: dict, path: tuple, value: Any) -> dict:
    spoiled = copy.deepcopy(data)
    parent = spoiled
    for step in path[:-1]:
        parent = parent[step]
    if value is _DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return spoiled


_DELETE = object()
WRONG = (None, "x", -1, 2.5, 10**6, True, [], {}, [{}], _DELETE)


def test_any_field_of_any_wrong_type_is_refused_or_rendered_never_a_crash(saved):
    """Each field of a real report replaced by each kind of wrong value: reading it either
    refuses with ReportError, or gives a scorecard every reporter and the GitHub commands can
    render. Nothing else may escape (that would be exit 3 on the command line)."""
    data = json.loads(saved.read_text())
    refused = rendered = 0
    for path in list(_paths(data))[1:]:
        for value in WRONG:
            if value is _DELETE and isinstance(path[-1], int):
                continue
            try:
                card = from_dict(_spoiled(data, path, value))
            except ReportError as exc:
                assert str(exc) and "\n" not in str(exc), (path, value)
                refused += 1
                continue
            for fmt in FORMATS:
                render(card, fmt)
            list(annotations(card, 50))
            if card.delta and card.delta.score_change is not None:
                f"{card.delta.score_change:+d}"  # what `github outputs` writes
            rendered += 1
    assert refused > 500 and rendered > 100, (refused, rendered)


def test_a_report_larger_than_the_bound_is_refused_before_it_is_read(saved, tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:  # sparse: no disk is used, the size alone must refuse it
        handle.truncate(MAX_REPORT_BYTES + 1)
    _one_line_usage_error(cli("diff", str(big), str(saved)), f"{big} is larger than 64 MB, the most a report is read to")
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    _one_line_usage_error(cli("diff", str(saved), str(fifo)), f"{fifo} is not a regular file")
    fleet = cli("fleet", str(big), str(saved), "--no-db", "-f", "json")
    assert fleet.returncode == 0, fleet.stderr
    assert json.loads(fleet.stdout)["notes"] == [f"big: {big}: is larger than 64 MB, the most a report is read to"]


def test_the_schema_version_message_says_what_was_found_and_what_is_read(saved, tmp_path):
    data = json.loads(saved.read_text())
    other = tmp_path / "other.json"
    for version, expected in [
        (2, "is a report of schema_version 2; this prodready reads schema_version 1 only (a newer prodready wrote "
            "it: upgrade prodready to read it)"),
        (0, "is a report of schema_version 0; this prodready reads schema_version 1 only (an older prodready "
            "wrote it: audit again with this version)"),
        ("1", 'has schema_version "1"; this prodready reads schema_version 1 (a whole number), so it was not '
              "written by prodready"),
        (True, "has schema_version true; this prodready reads schema_version 1 (a whole number), so it was not "
               "written by prodready"),
    ]:
        other.write_text(json.dumps({**data, "schema_version": version}))
        _one_line_usage_error(cli("diff", str(other), str(saved)), f"{other} {expected}")
    other.write_text(json.dumps({k: v for k, v in data.items() if k != "schema_version"}))
    _one_line_usage_error(cli("diff", str(other), str(saved)), f"{other} is not a prodready report (no schema_version)")
    history = tmp_path / "history.json"
    history.write_text(json.dumps({"schema_version": 1, "repository": {}, "points": [], "checks": []}))
    _one_line_usage_error(cli("github", "outputs", str(history), env={"GITHUB_OUTPUT": str(tmp_path / "o")}),
                          f"{history} is a history report (prodready history), not an audit report")


def test_a_saved_report_keeps_the_severities_it_was_scored_with(saved, tmp_path):
    """The configuration of the audited repository made obs.health low and sec.secrets medium
    (the catalog says high and critical): read back, the report still says low and medium,
    in every format that shows a severity."""
    data = json.loads(saved.read_text())
    written = {c["id"]: c["severity"] for c in data["checks"]}
    assert written["obs.health"] == "low" and written["sec.secrets"] == "medium"
    out = cli("diff", str(saved), str(saved), "-f", "json,sarif", "-o", str(tmp_path / "again"))
    assert out.returncode == 0, out.stderr
    again = json.loads((tmp_path / "again" / "prodready.json").read_text())
    assert {c["id"]: c["severity"] for c in again["checks"]} == written
    sarif = json.loads((tmp_path / "again" / "prodready.sarif").read_text())
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["sec.secrets"]["properties"]["security-severity"] == "5.0"  # medium, not critical's 9.5
    assert rules["obs.health"]["defaultConfiguration"]["level"] == "note"  # low
    # a check this prodready does not know keeps the report's own metadata
    data["checks"][0] = {**data["checks"][0], "id": "ext.custom", "title": "A pack's check", "severity": "high"}
    card = from_dict(data)
    assert (card.results[0].meta.title, card.results[0].meta.severity.value) == ("A pack's check", "high")
