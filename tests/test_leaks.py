"""A repo full of planted secrets: no output format, and no stderr, ever contains one."""

from __future__ import annotations

import subprocess
import sys

from tests.checks.test_secrets import CASES


def test_no_secret_in_any_output(make_repo, tmp_path):
    files = {}
    for name, (path, content, _secret) in CASES.items():
        files[f"{name}/{path}"] = content
    files["Dockerfile"] = "FROM python:3.12\nENV API_TOKEN=Vq7-" + "hidden-Dock3r!\n"
    files["docker-compose.yml"] = "services:\n  api:\n    build: .\n    environment:\n      DB_PASSWORD: \"Cz4-" + "compose-s3cret\"\n"
    files["openapi.yaml"] = "openapi: 3.0.0\ninfo:\n  title: 'tok ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5'\n"
    root = make_repo(files, base="flask")
    secrets = [secret for _p, _c, secret in CASES.values()] + ["Vq7-hidden-Dock3r!", "Cz4-compose-s3cret"]
    out_dir = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "prodready", "audit", str(root), "-f", "term,md,html,json", "-o", str(out_dir)],
                          capture_output=True, text=True, timeout=120)
    term = subprocess.run([sys.executable, "-m", "prodready", "audit", str(root)], capture_output=True, text=True, timeout=120)
    outputs = {p.name: p.read_text() for p in out_dir.iterdir()}
    outputs["stdout"] = term.stdout + proc.stdout
    outputs["stderr"] = term.stderr + proc.stderr
    assert len(outputs) == 6
    assert "hard-coded secret(s)" in outputs["prodready.json"]
    for name, text in outputs.items():
        for secret in secrets:
            assert secret not in text, f"{secret[:6]}… leaked into {name}"
