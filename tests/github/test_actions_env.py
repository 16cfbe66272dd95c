"""Job summary, outputs and annotations, as GitHub Actions reads them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from prodready.github.actions import annotations
from prodready.testing import run_audit


def cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "prodready", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_summary_outputs_and_annotations(make_repo, tmp_path):
    root = make_repo({"Dockerfile": "FROM python:latest\n", "app/k.py": "KEY = 'AKIA" + "Q2XW7RZ4T5Y6U8I9'\n"}, base="fastapi")
    report = tmp_path / "r.json"
    cli("audit", str(root), "-f", "json", "-o", str(report))
    summary, outputs = tmp_path / "summary.md", tmp_path / "output.txt"
    summary.write_text("# earlier step\n")
    assert cli("github", "summary", str(report), env={"GITHUB_STEP_SUMMARY": str(summary)}).returncode == 0
    text = summary.read_text()
    assert text.startswith("# earlier step\n## prodready scorecard: **")
    assert cli("github", "outputs", str(report), env={"GITHUB_OUTPUT": str(outputs)}).returncode == 0
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    data = json.loads(report.read_text())
    assert values == {"score": str(data["score"]), "grade": data["grade"], "level": data["level"], "delta": ""}
    lines = cli("github", "annotations", str(report), "--limit", "3").stdout.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("::error file=app/k.py,line=1,title=sec.secrets::No hard-coded secrets: ")
    assert "AKIAQ2XW7RZ4T5Y6U8I9" not in "".join(lines)
    assert cli("github", "summary", str(report), env={"GITHUB_STEP_SUMMARY": ""}).returncode == 2


def test_annotation_text_is_escaped(make_repo):
    root = make_repo({"we,ird:name%.py": "password = 'Zq9-S3cret-value!'\n"}, base="flask")
    line = next(l for l in annotations(run_audit(root, only=["sec.secrets"])) if "sec.secrets" in l)
    assert line.startswith("::error file=we%2Cird%3Aname%25.py,line=1,title=sec.secrets::")
