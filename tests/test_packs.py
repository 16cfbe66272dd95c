"""Check packs: installed packages (entry points), --checks-dir and checks_paths; same API as the
built-in checks, in every report and in `prodready checks`, never taking a built-in id."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "prodready-acme-checks"
PACK_MODULES = EXAMPLE / "src" / "prodready_acme_checks"

OWN_CHECK = '''
from prodready.facts import CheckContext, evidence
from prodready.model import Outcome
from prodready.registry import check


@check(id="ops.acme-port", title="Listens on the ACME port", severity="low", scope="service",
       why="ACME load balancers only route to port 8080.", fix="Listen on 8080.")
def acme_port(ctx: CheckContext) -> Outcome:
    hits = ctx.grep(r"8080")
    if hits:
        return Outcome.passed("listens on 8080", [evidence(h.path, h.line, h.text, note="ok port") for h in hits])
    return Outcome.failed("8080 appears nowhere in the production code")
'''


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prodready", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def installed_pack(tmp_path_factory) -> Path:
    """The example pack installed with pip (into a target directory put on PYTHONPATH)."""
    target = tmp_path_factory.mktemp("site")
    build = tmp_path_factory.mktemp("build")
    out = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                          "--no-cache-dir", "--target", str(target), str(EXAMPLE)],
                         capture_output=True, text=True, timeout=300, cwd=build)
    assert out.returncode == 0, out.stderr
    return target


def test_installed_pack_shows_in_checks_explain_and_audit(installed_pack, make_repo, tmp_path):
    env = {"PYTHONPATH": str(installed_pack)}
    listed = cli("checks", env=env).stdout.splitlines()
    assert any(line.startswith("docs.codeowners") and "[prodready-acme-checks (entry point acme)]" in line for line in listed)
    assert "from prodready-acme-checks (entry point acme)" in cli("explain", "docs.codeowners", env=env).stdout
    root = make_repo({".github/CODEOWNERS": "* @acme/payments\n"}, base="fastapi")
    out = tmp_path / "r"
    assert cli("audit", str(root), "-f", "json,md,sarif", "-o", str(out), env=env).returncode == 0
    report = json.loads((out / "prodready.json").read_text())
    owners = next(c for c in report["checks"] if c["id"] == "docs.codeowners")
    assert owners["status"] == "pass" and owners["evidence"][0]["path"] == ".github/CODEOWNERS"
    assert "docs.codeowners" in (out / "prodready.md").read_text()
    rules = json.loads((out / "prodready.sarif").read_text())["runs"][0]["tool"]["driver"]["rules"]
    assert "docs.codeowners" in [r["id"] for r in rules]
    # configuration knows the pack's ids: they can be disabled, re-weighted and waived
    (root / ".prodready.yml").write_text("severity:\n  docs.codeowners: high\n")
    assert cli("config", "validate", str(root), env=env).returncode == 0
    assert cli("config", "validate", str(root)).returncode == 2  # without the pack the id is unknown


def test_pack_tests_run_with_prodready_testing(installed_pack):
    out = subprocess.run([sys.executable, "-m", "pytest", "-o", "addopts=", "-p", "no:cacheprovider", str(EXAMPLE / "tests")],
                         capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(installed_pack)})
    assert out.returncode == 0, out.stdout + out.stderr
    assert "3 passed" in out.stdout


def test_checks_dir_loads_without_packaging(make_repo, tmp_path):
    pack = tmp_path / "acme"
    pack.mkdir()
    (pack / "port.py").write_text(OWN_CHECK)
    root = make_repo({}, base="express")
    assert "ops.acme-port" in cli("checks", "--checks-dir", str(pack)).stdout
    report = json.loads(cli("audit", str(root), "--checks-dir", str(pack), "-f", "json", "--only", "ops").stdout)
    port = next(c for c in report["checks"] if c["id"] == "ops.acme-port")
    assert port["status"] == "fail" and port["message"] == "8080 appears nowhere in the production code"
    assert cli("audit", str(root), "--checks-dir", str(tmp_path / "missing")).returncode == 2


def test_pack_cannot_take_a_builtin_id_and_a_broken_pack_is_a_note(make_repo, tmp_path):
    pack = tmp_path / "bad"
    pack.mkdir()
    (pack / "clash.py").write_text(OWN_CHECK.replace("ops.acme-port", "sec.secrets"))
    (pack / "broken.py").write_text("raise RuntimeError('boom')\n")
    root = make_repo({}, base="flask")
    out = cli("audit", str(root), "--checks-dir", str(pack), "-f", "json", "--only", "sec.secrets")
    assert out.returncode == 0
    report = json.loads(out.stdout)
    secrets = next(c for c in report["checks"] if c["id"] == "sec.secrets")
    assert secrets["title"] == "No hard-coded secrets"  # the built-in one ran
    assert f"check sec.secrets from {pack} not loaded: the id belongs to a built-in check" in report["notes"]
    assert any(n.startswith(f"check module {pack / 'broken.py'} not loaded: RuntimeError: boom") for n in report["notes"])
    assert "prodready: warning: check sec.secrets" in out.stderr


def test_checks_paths_in_the_repo_run_only_when_trusted(make_repo):
    root = make_repo({"ci/checks/port.py": OWN_CHECK, ".prodready.yml": "checks_paths: [ci/checks]\n"}, base="express")
    untrusted = json.loads(cli("audit", str(root), "-f", "json", "--only", "ops").stdout)
    assert "ops.acme-port" not in [c["id"] for c in untrusted["checks"]]
    assert any(n.startswith("checks_paths of the configuration not loaded: they are code from the audited repository")
               for n in untrusted["notes"])
    trusted = json.loads(cli("audit", str(root), "-f", "json", "--only", "ops", "--trust-repo-checks").stdout)
    assert "ops.acme-port" in [c["id"] for c in trusted["checks"]]
    (root / ".prodready.yml").write_text("checks_paths: [nowhere]\n")
    bad = cli("config", "validate", str(root))
    assert bad.stderr.strip() == "prodready: config error: .prodready.yml:1: checks_paths[0] 'nowhere' is not a directory"


def test_checks_paths_from_a_config_outside_the_repo_are_trusted(make_repo, tmp_path):
    team = tmp_path / "team"
    (team / "checks").mkdir(parents=True)
    (team / "checks" / "port.py").write_text(OWN_CHECK)
    (team / "prodready.yml").write_text("checks_paths: [checks]\n")
    root = make_repo({}, base="express")
    report = json.loads(cli("audit", str(root), "--config", str(team / "prodready.yml"), "-f", "json", "--only", "ops").stdout)
    assert "ops.acme-port" in [c["id"] for c in report["checks"]]


def test_a_cheap_look_at_installed_metadata_decides_whether_importlib_metadata_is_asked(tmp_path):
    """`_may_declare` spares `prodready checks` importlib.metadata when no distribution names the
    group; it must never say no where a pack could be, so anything it cannot read is a yes."""
    from prodready.registry import ENTRY_POINT_GROUP, _may_declare

    site = tmp_path / "site"
    (site / "other-1.0.dist-info").mkdir(parents=True)
    (site / "other-1.0.dist-info" / "entry_points.txt").write_text("[console_scripts]\nother = other:main\n")
    (site / "plain-2.0.dist-info").mkdir()  # no entry points at all
    (site / "legacy.egg-info").write_text("Metadata-Version: 1.0\n")  # an egg-info file, not a folder
    missing = str(tmp_path / "gone")
    assert not _may_declare(ENTRY_POINT_GROUP, [missing, str(site)])

    (site / "pack-0.1.dist-info").mkdir()
    (site / "pack-0.1.dist-info" / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\nacme = pack.checks\n")
    assert _may_declare(ENTRY_POINT_GROUP, [str(site)])

    archive = tmp_path / "bundle.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip: only importlib.metadata can look inside
    assert _may_declare(ENTRY_POINT_GROUP, [missing, str(archive)])
    egg_site = tmp_path / "eggs"
    (egg_site / "old-1.0-py3.11.egg").mkdir(parents=True)
    assert _may_declare(ENTRY_POINT_GROUP, [str(egg_site)])
