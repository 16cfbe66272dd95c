"""Broken inputs are findings, odd repositories are audited, unusable targets exit 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from prodready.testing import git, write_repo


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "prodready", *args], capture_output=True, text=True, timeout=300, cwd=cwd)


BROKEN = {
    "requirements.txt": "flask\n", "app.py": "from flask import Flask\n",
    "pyproject.toml": "[project\nname=\n",
    "package.json": "{,}",
    "pom.xml": '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<project>&xxe;</project>\n',
    "coverage.xml": '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<coverage line-rate="&lol2;"/>\n',
    "docker-compose.yml": "services: [\n",
    "Dockerfile": "RUN before from\n",
    ".github/workflows/ci.yml": "on: push\njobs: {{\n",
    "openapi.yaml": "openapi: 3.0.0\ninfo: {title: x\n",
    "lcov.info": "SF:x\nLF:abc\n",
    "k8s/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nspec: [\n",
}


def test_every_broken_file_is_a_finding_with_a_line(tmp_path):
    root = write_repo(tmp_path / "r", BROKEN, git_init=True)
    out = cli("audit", str(root), "-f", "json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    notes = "\n".join(report["notes"])
    for name in ("pyproject.toml", "package.json", "pom.xml", "docker-compose.yml", "Dockerfile", ".github/workflows/ci.yml"):
        assert f"could not parse {name}" in notes, name
    assert "could not parse pom.xml: refused" in notes  # the external entity was never resolved
    assert "root:x:0:0" not in out.stdout
    coverage = next(c for c in report["checks"] if c["id"] == "qa.coverage")
    assert "coverage.xml" in json.dumps(coverage["evidence"])
    assert not [c for c in report["checks"] if c["status"] == "error"]


@pytest.mark.parametrize("kind", ["empty-dir", "no-commits", "shallow", "detached", "submodule", "lfs", "bare"])
def test_odd_repositories_are_audited(tmp_path, kind):
    root = tmp_path / "r"
    if kind == "empty-dir":
        root.mkdir()
    elif kind == "no-commits":
        write_repo(root, {"app.py": "print(1)\n"}, git_init=True, commit=False)
    elif kind in ("shallow", "detached", "submodule", "lfs"):
        origin = write_repo(tmp_path / "origin", {"requirements.txt": "flask\n", "app.py": "from flask import Flask\n"}, git_init=True)
        (origin / "more.py").write_text("y = 2\n")
        git(origin, "add", "-A")
        git(origin, "commit", "-qm", "two")
        if kind == "shallow":
            subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(root)], check=True)
        else:
            subprocess.run(["git", "clone", "-q", str(origin), str(root)], check=True)
        if kind == "detached":
            git(root, "checkout", "-q", "--detach", "HEAD~1")
        if kind == "submodule":
            (root / ".gitmodules").write_text('[submodule "lib"]\n\tpath = lib\n\turl = https://example.invalid/lib.git\n')
            git(root, "update-index", "--add", "--cacheinfo", f"160000,{git(origin, 'rev-parse', 'HEAD').strip()},lib")
        if kind == "lfs":
            (root / "model.bin").write_text("version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 64 + "\nsize 12345\n")
    elif kind == "bare":
        origin = write_repo(tmp_path / "origin", {"app.py": "x = 1\n"}, git_init=True)
        subprocess.run(["git", "clone", "-q", "--bare", str(origin), str(root)], check=True)
    out = cli("audit", str(root), "-f", "json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert not [c for c in report["checks"] if c["status"] == "error"], [c for c in report["checks"] if c["status"] == "error"]
    if kind == "shallow":
        assert cli("audit", str(root), "--base", "HEAD~1", "-q").returncode == 2  # not in a depth-1 clone
    if kind == "detached":
        assert report["target"]["commit"] == git(root, "rev-parse", "HEAD").strip()


def test_unusable_targets_exit_2(tmp_path):
    a_file = tmp_path / "f.txt"
    a_file.write_text("x")
    for target in (a_file, tmp_path / "missing"):
        out = cli("audit", str(target))
        assert out.returncode == 2 and out.stderr.startswith("prodready: error: ") and "Traceback" not in out.stderr
