"""GitPython is imported by `history` and `audit --blame` only: `--version`, `checks` and a plain
audit never pay for its import (0.11 s when it was measured)."""

from __future__ import annotations

import subprocess
import sys

from prodready.testing import write_repo

PROBE = """
import sys
from prodready.entry import main
sys.argv = ["prodready", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stderr.write("GIT-IMPORTED" if "git" in sys.modules else "GIT-NOT-IMPORTED")
"""


def run(*args: str) -> str:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=300)
    return out.stderr.rsplit("\n", 1)[-1]


def test_plain_audit_version_and_checks_do_not_import_gitpython(tmp_path):
    root = write_repo(tmp_path / "svc", {"app.py": "from flask import Flask\n", "requirements.txt": "flask\n"}, git_init=True)
    assert run("audit", str(root), "-q") == "GIT-NOT-IMPORTED"
    assert run("audit", str(root), "-q", "--base", "HEAD") == "GIT-NOT-IMPORTED"
    assert run("--version") == "GIT-NOT-IMPORTED"
    assert run("checks") == "GIT-NOT-IMPORTED"
    assert run("audit", str(root), "-q", "--blame") == "GIT-IMPORTED"  # the probe sees the import when it happens
