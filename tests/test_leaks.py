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
    proc = subprocess.run([sys.executable, "-m", "prodready", "audit", str(root), "-f", "term,md,html,json,sarif", "-o", str(out_dir)],
                          capture_output=True, text=True, timeout=120)
    term = subprocess.run([sys.executable, "-m", "prodready", "audit", str(root)], capture_output=True, text=True, timeout=120)
    facts = subprocess.run([sys.executable, "-m", "prodready", "facts", str(root), "--json"], capture_output=True, text=True, timeout=120)
    from prodready.testing import git

    git(root, "init", "-q") if not (root / ".git").exists() else None
    (root / "late.py").write_text("API_KEY = 'Lq7-added-L4ter!x'\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "add a secret")
    delta = subprocess.run([sys.executable, "-m", "prodready", "audit", str(root), "--base", "HEAD~1", "-f", "md,json", "-o", str(tmp_path / "delta")],
                           capture_output=True, text=True, timeout=120)
    annotations = subprocess.run([sys.executable, "-m", "prodready", "github", "annotations", str(out_dir / "prodready.json"), "--limit", "500"],
                                 capture_output=True, text=True, timeout=120)
    outputs = {p.name: p.read_text() for p in out_dir.iterdir()}
    outputs.update({f"delta/{p.name}": p.read_text() for p in (tmp_path / "delta").iterdir()})
    outputs["stdout"] = term.stdout + proc.stdout + delta.stdout + annotations.stdout
    outputs["stderr"] = term.stderr + proc.stderr + facts.stderr + delta.stderr + annotations.stderr
    outputs["facts"] = facts.stdout
    assert len(outputs) == 10
    assert "new failure" in outputs["delta/prodready.md"] or "Lq7" in outputs["delta/prodready.md"]
    secrets.append("Lq7-added-L4ter!x")
    assert "hard-coded secret(s)" in outputs["prodready.json"]
    for name, text in outputs.items():
        for secret in secrets:
            assert secret not in text, f"{secret[:6]}… leaked into {name}"


def test_no_secret_in_baselines_or_waivers(make_repo, tmp_path):
    """Baseline files hold fingerprints, never values; an inline waiver's reason is scrubbed."""
    files = {f"{name}/{path}": content for name, (path, content, _secret) in CASES.items()}
    files["waived.py"] = ('TOKEN = "ghp_' + 'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zB6"  '
                          '# prodready: ignore[sec.secrets] reason="old ghp_' + 'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zB6"\n')
    root = make_repo(files, base="flask")
    secrets = [secret for _p, _c, secret in CASES.values()] + ["aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zB6"]
    baseline = tmp_path / "baseline.json"
    made = subprocess.run([sys.executable, "-m", "prodready", "baseline", str(root), "-o", str(baseline)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    out_dir = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "prodready", "audit", str(root), "--baseline", str(baseline),
                           "-f", "term,md,html,json,sarif", "-o", str(out_dir)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    texts = [baseline.read_text(), made.stdout, made.stderr, proc.stdout, proc.stderr]
    texts += [p.read_text() for p in out_dir.iterdir()]
    assert '"inline": true' in (out_dir / "prodready.json").read_text()  # the waiver was applied
    for secret in secrets:
        for text in texts:
            assert secret not in text
