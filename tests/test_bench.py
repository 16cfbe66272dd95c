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


def test_median_keeps_one_whole_run():
    sys.path.insert(0, str(BENCH))
    try:
        from run import median
    finally:
        sys.path.remove(str(BENCH))
    runs = [{"wall": 9.0, "cpu": 1.0, "rss_mb": 5.0}, {"wall": 2.0, "cpu": 2.0, "rss_mb": 6.0}, {"wall": 4.0, "cpu": 3.0, "rss_mb": 7.0}]
    assert median(runs) == {"wall": 4.0, "cpu": 3.0, "rss_mb": 7.0, "runs": 3}
    assert median(runs[:2])["wall"] == 2.0  # an even count keeps the faster of the middle two


def test_the_benchmark_runs_end_to_end_and_writes_its_table(tmp_path):
    table, raw = tmp_path / "table.md", tmp_path / "raw.json"
    out = subprocess.run([sys.executable, str(BENCH / "run.py"), "--synthetic", "0.3", "--no-scaling", "--repeat", "2",
                          "--label", "tiny", "--markdown", str(table), "--json", str(raw)],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    text = table.read_text()
    assert "Each row is the median of 2 runs." in text
    for row in ("secret scan, prefiltered, 2 processes", "radon cc alone, every Python file, 2 processes",
                "prodready audit, cold (empty cache)", "prodready audit, warm (same cache)", "prodready checks"):
        assert f"| {row} |" in text
    numbers = json.loads(raw.read_text())
    assert numbers["repeat"] == 2 and numbers["rows"]["prodready audit, cold (empty cache)"]["runs"] == 2
    assert numbers["rows"]["prodready audit, warm (same cache)"]["wall"] > 0
