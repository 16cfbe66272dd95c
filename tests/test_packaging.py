"""The wheel ships checks/ and reports/templates/ inside the package, and runs from there."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    return next(out.glob("prodready-*.whl"))


def test_wheel_contains_checks_and_templates(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for check_id in ("api/openapi", "data/migrations", "obs/health", "ops/dockerfile", "qa/coverage", "sec/secrets"):
        assert f"prodready/checks/{check_id}.py" in names
    assert "prodready/reports/templates/scorecard.md.j2" in names
    assert "prodready/reports/templates/scorecard.html.j2" in names
    assert "prodready/schema/report.schema.json" in names
    assert not any(n.startswith(("tests/", "checks/")) for n in names)


def test_installed_wheel_finds_its_folders_outside_the_checkout(wheel, tmp_path):
    """Unpacked wheel on sys.path, run from elsewhere: the resolver must use the package copy."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import prodready.resources as r, prodready.registry as g;"
            "print(r.checks_dir()); print(r.templates_dir()); print(len(g.discover()))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"})
    checks_dir, templates, count = out.stdout.split()
    assert checks_dir == str(site / "prodready" / "checks")
    assert templates == str(site / "prodready" / "reports" / "templates")
    assert count == "43"
