"""bench/fleet.py keeps working: its generated reports are valid, varied, and the fleet reads them
all (no timing is asserted here; the numbers are in docs/fleet.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema

BENCH = Path(__file__).resolve().parents[1] / "bench"
REPORT_SCHEMA = Path(__file__).resolve().parents[1] / "src" / "prodready" / "schema" / "report.schema.json"


def test_the_fleet_benchmark_generates_valid_varied_reports_and_measures_them(tmp_path):
    table, raw = tmp_path / "table.md", tmp_path / "raw.json"
    out = subprocess.run([sys.executable, str(BENCH / "fleet.py"), "--reports", "24", "--checkouts", "2",
                          "--keep", str(tmp_path / "work"), "--markdown", str(table), "--json", str(raw)],
                         capture_output=True, text=True, timeout=600, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    reports = sorted((tmp_path / "work" / "fleet" / "reports").glob("*/prodready.json"))
    assert len(reports) == 24
    validator = jsonschema.Draft202012Validator(json.loads(REPORT_SCHEMA.read_text()),
                                                format_checker=jsonschema.FormatChecker())
    loaded = [json.loads(p.read_text()) for p in reports]
    for report in loaded:
        validator.validate(report)
    assert len({r["score"] for r in loaded}) > 5  # scores spread, not one template copied
    assert {len(r["services"]) for r in loaded} >= {1, 2, 3}  # every tenth is a monorepo
    numbers = json.loads(raw.read_text())
    assert numbers["reports"] == 24 and numbers["services"] == sum(len(r["services"]) for r in loaded)
    text = table.read_text()
    for row in ("24 reports, new history, json+md+html", "24 reports, second run (trend and changes), json+md+html",
                "24 reports, --jobs 1, --no-db", "2 small checkouts audited, --jobs 1, cold cache",
                "2 small checkouts audited, --jobs 2, cold cache"):
        assert f"| {row} |" in text
    fleet = json.loads((tmp_path / "work" / "out" / "fleet.json").read_text())
    assert fleet["notes"] == [] and len(fleet["services"]) == numbers["services"]
    assert {s["tier"] for s in fleet["services"]} == {"1", "2", "3"}
