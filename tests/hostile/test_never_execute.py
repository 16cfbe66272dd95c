"""The audit imports, runs or installs nothing from the target, including with --base, --blame and
in `history` (commits read from the object store through GitPython and cat-file)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from prodready.testing import write_repo


def plant(root: Path, marker: Path) -> None:
    touch = f"touch {marker}"
    files = {
        "conftest.py": f"import pathlib\npathlib.Path({str(marker)!r}).touch()\n",
        "setup.py": f"import pathlib\npathlib.Path({str(marker)!r}).touch()\nfrom setuptools import setup\nsetup()\n",
        "pkg/__init__.py": f"import pathlib\npathlib.Path({str(marker)!r}).touch()\n",
        "manage.py": f"import os\nos.system({touch!r})\n",
        "package.json": '{"name": "x", "scripts": {"preinstall": "%s", "postinstall": "%s", "start": "%s", "test": "%s"}}\n' % ((touch,) * 4),
        "Makefile": f"all:\n\t{touch}\n",
        "requirements.txt": "flask\n-e git+https://example.invalid/evil#egg=evil\n",
        ".gitattributes": "* filter=evil diff=evil\n",
        "Dockerfile": f"FROM python:3.12\nRUN {touch}\n",
        "gradlew": f"#!/bin/sh\n{touch}\n",
        "mvnw": f"#!/bin/sh\n{touch}\n",
        "app.py": "from flask import Flask\napp = Flask(__name__)\n",
    }
    write_repo(root, files, git_init=True)
    hooks = root / ".git" / "hooks"
    for hook in ("pre-commit", "post-checkout", "post-merge", "pre-push", "fsmonitor-watchman", "reference-transaction"):
        (hooks / hook).write_text(f"#!/bin/sh\n{touch}\n")
        (hooks / hook).chmod(0o755)
    evil_hooks = root / "evil-hooks"
    evil_hooks.mkdir()
    for hook in ("post-checkout", "post-index-change", "reference-transaction"):
        (evil_hooks / hook).write_text(f"#!/bin/sh\n{touch}\n")
        (evil_hooks / hook).chmod(0o755)
    with open(root / ".git" / "config", "a") as config:
        config.write(f'[filter "evil"]\n\tclean = {touch}\n\tsmudge = {touch}\n\tprocess = {touch}\n\trequired = true\n'
                     f'[diff "evil"]\n\ttextconv = {touch}\n'
                     f'[core]\n\tfsmonitor = {root / "evil-hooks" / "post-checkout"}\n\thooksPath = {evil_hooks}\n')
    # a second commit so --base has something to read; committing runs our own git, with hooks off
    (root / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\nDEBUG = True\n")
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e.invalid", "HOME": str(root)}
    subprocess.run(["git", "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "filter.evil.clean=cat",
                    "-c", "filter.evil.smudge=cat", "-c", "filter.evil.process=", "-c", "filter.evil.required=false",
                    "commit", "-qam", "second"], cwd=root, env=env, check=True)
    subprocess.run(["git", "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "tag", "-a", "v1", "-m", "one"],
                   cwd=root, env=env, check=True)
    if marker.exists():
        marker.unlink()  # our own setup must not count


def test_nothing_from_the_target_runs(tmp_path):
    marker = tmp_path / "PWNED"
    root = tmp_path / "repo"
    plant(root, marker)
    assert not marker.exists()
    (root / "untracked.py").write_text("x = 1\n")  # makes git consider the work tree
    for args in (["audit", str(root), "-f", "json,md,html,sarif,term", "-o", str(tmp_path / "out")],
                 ["audit", str(root), "--base", "HEAD~1", "-f", "json", "-o", str(tmp_path / "out.json")],
                 ["audit", str(root), "--blame", "-f", "json,md", "-o", str(tmp_path / "blamed")],
                 ["history", str(root), "-f", "json,md,html,term", "-o", str(tmp_path / "history")],
                 ["history", str(root), "--tags", "-f", "json"],
                 ["facts", str(root)]):
        out = subprocess.run([sys.executable, "-m", "prodready", *args], capture_output=True, text=True, timeout=300,
                             env={**os.environ, "HOME": str(tmp_path)})
        assert out.returncode == 0, out.stderr
        assert not marker.exists(), f"something from the target ran during: prodready {' '.join(args[:1])}"
