"""The benchmark's own parts keep working: the synthetic monorepo and the floors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"


def test_synthetic_monorepo_floors_and_audit(tmp_path):
    sys.path.insert(0, str(BENCH))
    try:
        from synth import generate
    finally:
        sys.path.remove(str(BENCH))
    root = tmp_path / "mono"
    files, size = generate(root, 0.6)
    assert files > 100 and size >= 0.6 * 1024 * 1024
    read = subprocess.run([sys.executable, str(BENCH / "floors.py"), "read", str(root)], capture_output=True, text=True, check=True)
    assert read.stdout.startswith(f"{files} files")
    scan = subprocess.run([sys.executable, str(BENCH / "floors.py"), "secrets", str(root), "--procs", "2"],
                          capture_output=True, text=True, check=True)
    assert int(scan.stdout.split()[0]) >= 1  # the planted secret
    radon = subprocess.run([sys.executable, str(BENCH / "floors.py"), "radon", str(root), "--procs", "2"],
                           capture_output=True, text=True, check=True)
    assert int(radon.stdout.split()[0]) > 0  # functions and classes of the generated Python services
    out = subprocess.run([sys.executable, "-m", "prodready", "audit", str(root), "-f", "json", "--only", "sec.secrets"],
                         capture_output=True, text=True, timeout=300)
    report = json.loads(out.stdout)
    assert {s["stack"] for s in report["services"]} >= {"python", "node", "go", "java"}
    assert report["checks"][0]["status"] == "fail"
