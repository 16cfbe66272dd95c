"""Baselines: `prodready baseline` records today's findings; `audit --baseline` shows only new ones.
Fingerprints follow content, not line numbers: moved code stays known, a new secret on an old
line is new."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

KEY_A = "AKIA" + "Q2XW7RZ4T5Y6U8I9"
KEY_B = "AKIA" + "J7Q2ZP3L5XKM4RTA"
KEY_C = "AKIA" + "ZZ4Q7W2E9R3T6Y8U"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prodready", *args], capture_output=True, text=True, timeout=120)


def audit(root: Path, *args: str) -> dict:
    out = cli("audit", str(root), "-f", "json", *args)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def secrets(report: dict) -> dict:
    return next(c for c in report["checks"] if c["id"] == "sec.secrets")


def make_baseline(root: Path) -> Path:
    out = cli("baseline", str(root), "--only", "sec.secrets,obs.metrics")
    assert out.returncode == 0, out.stderr
    target = root / ".prodready-baseline.json"
    assert out.stdout.strip() == f"wrote 2 finding(s) to {target}"
    return target


def test_baseline_file_holds_fingerprints_and_no_secret(make_repo):
    root = make_repo({"app/settings.py": f'AWS_KEY = "{KEY_A}"\n'}, base="fastapi")
    data = json.loads(make_baseline(root).read_text())
    assert data["format"] == "prodready-baseline/1"
    assert [(f["check"], f.get("path")) for f in data["findings"]] == [("obs.metrics", None), ("sec.secrets", "app/settings.py")]
    assert all(len(f["fingerprint"]) == 32 for f in data["findings"])
    assert KEY_A not in json.dumps(data)


def test_moved_finding_stays_known_and_new_secret_on_old_line_is_new(make_repo):
    settings = f'AWS_KEY = "{KEY_A}"\n'
    root = make_repo({"app/settings.py": settings}, base="fastapi")
    baseline = make_baseline(root)
    # the same secret moved 30 lines down: still known
    (root / "app/settings.py").write_text("import os\n" + "\n" * 30 + settings)
    moved = audit(root, "--only", "sec.secrets,obs.metrics", "--baseline", str(baseline))
    assert moved["baseline"] == {"file": str(baseline), "known": 2, "new": 0, "fixed": 0}
    assert [e.get("baseline") for e in secrets(moved)["evidence"]] == ["known"]
    term = cli("audit", str(root), "--only", "sec.secrets,obs.metrics", "--baseline", str(baseline)).stdout
    assert "What to fix" not in term and "2 known (not shown)" in term
    # another secret pasted on that same line: new, and shown
    (root / "app/settings.py").write_text("import os\n" + "\n" * 30 + f'AWS_KEY = "{KEY_B}"\n')
    swapped = audit(root, "--only", "sec.secrets,obs.metrics", "--baseline", str(baseline))
    assert swapped["baseline"] == {"file": str(baseline), "known": 1, "new": 1, "fixed": 1}
    assert [(e["line"], e.get("baseline")) for e in secrets(swapped)["evidence"]] == [(32, None)]
    term = cli("audit", str(root), "--only", "sec.secrets,obs.metrics", "--baseline", str(baseline)).stdout
    assert "app/settings.py:32" in term and "1 new finding(s), 1 known (not shown), 1 fixed since" in term


def test_new_finding_beside_known_ones_in_every_format(make_repo, tmp_path):
    root = make_repo({"app/settings.py": f'AWS_KEY = "{KEY_A}"\n'}, base="fastapi")
    baseline = make_baseline(root)
    (root / "app/extra.py").write_text(f'OTHER = "{KEY_C}"\n')
    out = tmp_path / "r"
    args = ["audit", str(root), "--only", "sec.secrets,obs.metrics", "--baseline", str(baseline)]
    assert cli(*args, "-f", "md,html,sarif,json", "-o", str(out)).returncode == 0
    md = (out / "prodready.md").read_text()
    assert "app/extra.py:1" in md and "app/settings.py:1" not in md and "1 known finding(s) from the baseline not shown." in md
    assert "app/settings.py:1" not in (out / "prodready.html").read_text()
    sarif = json.loads((out / "prodready.sarif").read_text())
    results = sarif["runs"][0]["results"]
    assert [(r["ruleId"], r["baselineState"]) for r in results] == [("sec.secrets", "new")]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app/extra.py"
    # --fail-on-new turns new findings into exit 1; without new ones it is 0
    failed = cli(*args, "--fail-on-new")
    assert failed.returncode == 1 and "1 new finding(s) not in the baseline" in failed.stderr
    (root / "app/extra.py").unlink()
    assert cli(*args, "--fail-on-new", "-q").returncode == 0


def test_bad_baseline_files_are_usage_errors(make_repo, tmp_path):
    root = make_repo({}, base="flask")
    missing = cli("audit", str(root), "--baseline", str(tmp_path / "none.json"))
    assert missing.returncode == 2 and "cannot read baseline" in missing.stderr
    (tmp_path / "x.json").write_text('{"findings": 3}')
    wrong = cli("audit", str(root), "--baseline", str(tmp_path / "x.json"))
    assert wrong.returncode == 2 and "is not a prodready baseline" in wrong.stderr
    (tmp_path / "y.json").write_text("{nope")
    broken = cli("audit", str(root), "--baseline", str(tmp_path / "y.json"))
    assert broken.returncode == 2 and "is not JSON" in broken.stderr and "Traceback" not in broken.stderr
