"""Helpers for testing checks against small real repositories (ours, and check packs').

    root = write_repo(tmp_path, {"main.py": "...", "requirements.txt": "fastapi\\n"}, git=True)
    result = run_check(root, "obs.health")
    assert result.status is Status.PASS
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from prodready.engine import audit, select
from prodready.facts import AuditOptions
from prodready.model import CheckResult, Scorecard
from prodready.registry import load_all

_GIT_ENV = {
    "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(root: Path, *args: str) -> str:
    """Run git in `root` with a fixed identity; returns stdout."""
    env = {**os.environ, **_GIT_ENV, "HOME": str(root)}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def write_repo(root: Path, files: Mapping[str, str | bytes], git_init: bool = False, commit: bool = True) -> Path:
    """Write `files` (path -> content) under `root`; optionally `git init` and commit them."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if git_init:
        git(root, "init", "-q", "-b", "main")
        if commit:
            git(root, "add", "-A")
            git(root, "commit", "-q", "--allow-empty", "-m", "initial")
    return root


@dataclass(frozen=True)
class CheckRun:
    """One check's results: for the repo as a whole and per service."""

    repo: CheckResult
    services: Mapping[str, CheckResult]
    card: Scorecard

    @property
    def status(self):
        return self.repo.status

    @property
    def score(self):
        return self.repo.score

    @property
    def message(self) -> str:
        return self.repo.outcome.message

    def locations(self) -> list[str]:
        """Evidence as `path:line` strings (just `path` when there is no line)."""
        return [e.location() for e in self.repo.outcome.evidence]


def run_audit(root: Path, only: Sequence[str] = (), coverage: Sequence[Path] = (),
              coverage_threshold: float = 80.0, checks_dirs: Sequence[Path] = ()) -> Scorecard:
    """Audit `root` with the built-in checks, installed check packs and `checks_dirs`."""
    available, _notes = load_all(list(checks_dirs))
    checks = select(available, list(only))
    return audit(root, checks, AuditOptions(coverage_files=tuple(coverage), coverage_threshold=coverage_threshold))


def run_check(root: Path, check_id: str, **options) -> CheckRun:
    """Run one check over `root` and return its repo-level and per-service results."""
    card = run_audit(root, [check_id], **options)
    repo = next(r for r in card.results if r.id == check_id)
    services = {s.path: next(r for r in s.results if r.id == check_id) for s in card.services}
    return CheckRun(repo, services, card)
