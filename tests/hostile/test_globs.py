"""Patterns that make regex and wildmatch matchers backtrack, and coverage figures that cannot be
true, through the real CLI in every format: git and non-git trees, and `--base`.

A .gitignore and a .prodready.yml `exclude` made of many wildcards separated by a letter, next
to files whose long names are made of that letter, hung the audit (pathspec took about a minute
for one match with 8 wildcards). The subprocess timeout is a hang guard only; how the work grows
is asserted by counting it, in tests/test_ignore.py.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from prodready.testing import git, write_repo

from ..checks.test_coverage import COBERTURA, COVERAGE_JSON, GO_PROFILE, ISTANBUL_SUMMARY, LCOV
from ..checks.test_coverage_figures import CALC, JACOCO_PACKAGES, coverage_data, istanbul_final

FORMATS = ("term", "md", "html", "json", "sarif")
SECRET = "KEY = 'AKIA" + "Q2XW7RZ4T5Y6U8I9'\n"
LONG_NAME = "a" * 200  # a name made of the letter the wildcards are separated by
REFUSED = "*a" * 600 + "x"  # 1,201 characters: over the limit, refused with a note
GITIGNORE = "\n".join(["*a" * 30 + "x", "*a" * 8 + "x", REFUSED, "*a" * 30 + "*b*", "/**/" + "*a" * 20 + "/x", ""])
CONFIG = f"exclude:\n  - '{'*a' * 30}*c*'\n  - '{REFUSED}'\n  - legacy/\n"


def audit(root, out_dir, *args, timeout: int = 120) -> dict:
    """Run `prodready audit` in every format at once; the JSON report, once each file is written."""
    done = subprocess.run([sys.executable, "-m", "prodready", "audit", str(root), "-f", ",".join(FORMATS), "-o", str(out_dir), *args],
                          capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, done.stderr
    for name in ("prodready.txt", "prodready.md", "prodready.html", "prodready.json", "prodready.sarif"):
        text = (out_dir / name).read_text()
        assert text.strip(), name
        assert "prodready-cov" not in text and "prodready-base" not in text, name  # no private path leaks
    return json.loads((out_dir / "prodready.json").read_text())


def hostile_tree(root, use_git: bool):
    """A flask service, backtracking ignore and exclude patterns, and files with long names of
    `a`s: ignored ones (ending in b, or under an x directory) hold a secret that must stay unseen,
    and excluded ones (ending in c) too; one plain long name is audited."""
    files = {
        "requirements.txt": "flask\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n",
        ".gitignore": GITIGNORE, "sub/.gitignore": GITIGNORE, ".prodready.yml": CONFIG,
        f"{LONG_NAME}.py": "x = 1\n", f"sub/{LONG_NAME}.py": "y = 2\n",
        f"{LONG_NAME}b.py": SECRET, f"sub/{LONG_NAME}b.py": SECRET, f"{LONG_NAME}/x/{LONG_NAME}.py": SECRET,
        f"{LONG_NAME}c.py": SECRET, "legacy/old.py": SECRET,
    }
    write_repo(root, files, git_init=use_git, commit=False)
    if use_git:  # the ignored files stay untracked: a tracked file is never ignored
        git(root, "add", "requirements.txt", "app.py", ".gitignore", "sub/.gitignore", ".prodready.yml", "legacy/old.py")
        git(root, "commit", "-qm", "service")
    return root


def assert_refusals_named(report: dict) -> None:
    notes = report["notes"]
    assert ".gitignore:3: pattern ignored, over 1,024 characters (1,201)" in notes
    assert "sub/.gitignore:3: pattern ignored, over 1,024 characters (1,201)" in notes
    assert ".prodready.yml:3 (exclude): pattern ignored, over 1,024 characters (1,201)" in notes


@pytest.mark.parametrize("use_git", [False, True], ids=["walk", "git"])
def test_backtracking_ignore_and_exclude_patterns_finish_in_every_format(tmp_path, use_git):
    root = hostile_tree(tmp_path / "repo", use_git)
    report = audit(root, tmp_path / "out")
    assert_refusals_named(report)
    secrets = next(c for c in report["checks"] if c["id"] == "sec.secrets")
    assert secrets["status"] == "pass", secrets["evidence"]  # every file holding one was ignored or excluded
    assert "2 files left out: excluded by configuration" in report["notes"]


def test_base_revision_carrying_the_patterns_finishes_and_is_excluded_alike(tmp_path):
    root = hostile_tree(tmp_path / "repo", use_git=True)
    git(root, "add", "-f", ".")  # the base commit tracks every hostile file: ls-tree lists them all
    git(root, "commit", "-qm", "everything")
    git(root, "rm", "-q", "legacy/old.py", f"{LONG_NAME}c.py")
    git(root, "commit", "-qm", "drop what the configuration excludes")
    (root / f"sub/{LONG_NAME}bb.py").write_text(SECRET)  # untracked: the .gitignore files are consulted
    report = audit(root, tmp_path / "out", "--base", "HEAD~1")
    assert_refusals_named(report)
    assert report["delta"]["base_ref"] == "HEAD~1"
    # the configuration's exclude reached the base: its excluded secrets are not "resolved" now
    assert not [f for f in report["delta"]["resolved_findings"] if f["check"] == "sec.secrets"]


def coverage_reports(tmp_path) -> dict[str, str | bytes]:
    """One report per format, each stating a figure that cannot be true."""
    return {
        "lcov.info": LCOV.replace("LH:3", "LH:1000000"),
        "coverage.xml": COBERTURA.replace('lines-covered="9"', 'lines-covered="12"'),
        "jacoco.xml": JACOCO_PACKAGES.format(pm=0, pc=1, m=-50, c=1),
        "coverage/coverage-summary.json": ISTANBUL_SUMMARY.replace('"pct": 85', '"pct": 99'),
        "web/coverage/coverage-final.json": istanbul_final(-3),
        "coverage.out": GO_PROFILE.replace(" 3 0\n", " -3 0\n"),
        "coverage.json": COVERAGE_JSON.replace('"covered_lines": 45', '"covered_lines": 60'),
        ".coverage": coverage_data(tmp_path, {"/ci/build/calc.py": [1, 2, 500]}),
    }


@pytest.mark.parametrize("use_git", [False, True], ids=["walk", "git"])
def test_inconsistent_coverage_in_seven_formats_never_passes(tmp_path, use_git):
    files = {"requirements.txt": "flask\n", "app.py": "from flask import Flask\n", "calc.py": CALC, **coverage_reports(tmp_path)}
    root = write_repo(tmp_path / "repo", files, git_init=use_git)
    report = audit(root, tmp_path / "out")
    check = next(c for c in report["checks"] if c["id"] == "qa.coverage")
    assert check["status"] == "fail"
    assert check["message"].startswith("no usable coverage report (8 inconsistent report(s) not used)"), check["message"]
    notes = {e["path"]: e["note"] for e in check["evidence"]}
    assert sorted(notes) == sorted(p for p in files if p not in ("requirements.txt", "app.py", "calc.py"))
    assert all(f"coverage report {path} is inconsistent: " in note and note.endswith("; counted as no usable report")
               for path, note in notes.items()), notes
    assert "LH 1000000 > LF 4, line 6" in notes["lcov.info"]
    for name in ("prodready.md", "prodready.sarif", "prodready.txt"):
        assert "inconsistent" in (tmp_path / "out" / name).read_text(), name


def test_inconsistent_report_handed_in_with_coverage_flag(tmp_path):
    root = write_repo(tmp_path / "repo", {"requirements.txt": "flask\n", "app.py": "from flask import Flask\n"})
    given = tmp_path / "lcov.info"
    given.write_text("SF:app.py\nLF:-5\nLH:-5\nend_of_record\n")
    report = audit(root, tmp_path / "out", "--coverage", str(given))
    check = next(c for c in report["checks"] if c["id"] == "qa.coverage")
    assert check["status"] == "fail"
    assert check["evidence"][0]["note"].startswith(f"coverage report {given} is inconsistent: LF = -5 is negative, line 2")
