"""A git repository built in the test whose commits tell a known story, for the history tests.

    1 "flask service"        (Ana)   a Flask app with SQLAlchemy and Alembic in requirements.txt
    2 "settings with a key"  (Bob)   settings.py with a hard-coded AWS key and DEBUG = True:
                                     sec.secrets and sec.debug start failing
    3 "dockerfile"           (Ana)   a Dockerfile: ops.dockerfile goes from fail to partial
    4 "drop the key"         (Bob)   the key lines removed (DEBUG = True stays): sec.secrets fixed
    5 "first migration"      (Cem)   an Alembic migration: data.migrations fixed

Dates are fixed (2026-03-01 to 2026-03-05, noon UTC) and hooks are off for our own commits.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from prodready.testing import write_repo

KEY_ID = "AKIA" + "Q3EGRKQ7ZJ5NXV2P"  # split so this file is not a finding itself
KEY_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYzq9Lm3Tk8WvH"
APP = 'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route("/items")\ndef items():\n    return []\n'
SETTINGS = f'AWS_ACCESS_KEY_ID = "{KEY_ID}"\nAWS_SECRET_ACCESS_KEY = "{KEY_SECRET}"\nDEBUG = True\n'
MIGRATION = ('revision = "0001"\ndown_revision = None\n\nfrom alembic import op\n\n\ndef upgrade():\n'
             '    op.create_table("items")\n\n\ndef downgrade():\n    op.drop_table("items")\n')
STORY: list[tuple[str, str, dict[str, str | None]]] = [
    ("flask service", "Ana", {"requirements.txt": "flask==3.0.0\nsqlalchemy==2.0.0\nalembic==1.13.0\n", "app.py": APP}),
    ("settings with a key", "Bob", {"settings.py": SETTINGS}),
    ("dockerfile", "Ana", {"Dockerfile": 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "app.py"]\n'}),
    ("drop the key", "Bob", {"settings.py": "DEBUG = True\n"}),
    ("first migration", "Cem", {"alembic.ini": "[alembic]\nscript_location = migrations\n",
                                "migrations/versions/0001_items.py": MIGRATION}),
]


def git_env(root: Path, author: str = "Ana", day: int = 1) -> dict[str, str]:
    """Our own git, with a fixed identity and date, no system or global config."""
    when = f"2026-03-{day:02d}T12:00:00+00:00"
    return {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": f"{author.lower()}@example.invalid",
            "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": f"{author.lower()}@example.invalid",
            "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root)}


def run_git(root: Path, *args: str, author: str = "Ana", day: int = 1) -> str:
    """git with hooks and fsmonitor off (our setup must never fire a planted trap)."""
    return subprocess.run(["git", "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", *args], cwd=root,
                          env=git_env(root, author, day), check=True, capture_output=True, text=True).stdout


def commit(root: Path, subject: str, author: str, day: int, files: dict[str, str | None]) -> str:
    """Write (or delete, for None) `files` and commit them; the new sha."""
    for rel, text in files.items():
        path = root / rel
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    run_git(root, "add", "-A", author=author, day=day)
    run_git(root, "commit", "-q", "-m", subject, author=author, day=day)
    return run_git(root, "rev-parse", "HEAD").strip()


def story(root: Path, steps: int = len(STORY)) -> list[str]:
    """The story repository at `root` (its first `steps` commits); the shas, oldest first."""
    write_repo(root, {})
    run_git(root, "init", "-q", "-b", "main")
    return [commit(root, subject, author, day, files) for day, (subject, author, files) in enumerate(STORY[:steps], 1)]


def prodready(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real CLI in a fresh process."""
    return subprocess.run([sys.executable, "-m", "prodready", *args], capture_output=True, text=True, timeout=300,
                          cwd=cwd, env={**os.environ, **(env or {})})
