"""The organisation workflow of docs/fleet.md: shown verbatim, linted, and its steps run the way
the runner would, from the Action's audit of each repository to the fleet report."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.fleet_support import REPOS, build
from tests.github.test_action import tool

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / "docs" / "workflows" / "fleet.yml"
BIN = Path(sys.executable).parent


def _steps(job: str) -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text())["jobs"][job]["steps"]


def _step(job: str, name: str) -> dict:
    return next(step for step in _steps(job) if step.get("name") == name)


def test_the_docs_show_the_workflow_verbatim():
    blocks = re.findall(r"```yaml\n(.*?)```", (ROOT / "docs" / "fleet.md").read_text(), re.DOTALL)
    assert WORKFLOW.read_text() in blocks


def test_actionlint_and_the_workflow_schema_pass():
    lint = subprocess.run([tool("actionlint"), str(WORKFLOW)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    schema = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                            capture_output=True, text=True, check=False)
    assert schema.returncode == 0, schema.stdout


def test_every_run_script_is_bash_without_inline_expressions():
    for job in ("audit", "fleet"):
        for step in _steps(job):
            if "run" in step:
                assert "${{" not in step["run"], "inputs reach scripts through env, never inline"
                syntax = subprocess.run(["bash", "-n"], input=step["run"], capture_output=True, text=True, check=False)
                assert syntax.returncode == 0, syntax.stderr


def test_the_steps_turn_audited_repositories_into_the_fleet_report(tmp_path):
    """Each audit job as the runner runs it (checkout into a directory named after the
    repository, the Action's audit script, the owners step), the artifacts merged as
    download-artifact does, then the fleet job's script."""
    repos, _ = build(tmp_path / "fixtures")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    uploaded = tmp_path / "artifacts"
    for name in REPOS:
        workspace = tmp_path / "audit" / name
        shutil.copytree(repos / name, workspace / name, symlinks=True)
        action = yaml.safe_load((ROOT / "action.yml").read_text())
        audit_step = next(s for s in action["runs"]["steps"] if s.get("id") == "audit")
        assert audit_step["run"] == 'bash "$GITHUB_ACTION_PATH/scripts/action-audit.sh"'
        step_env = {**env, "GITHUB_ACTION_PATH": str(ROOT), "GITHUB_OUTPUT": str(workspace / "output.txt"),
                    "INPUT_PATH": name, "INPUT_FORMATS": "json", "INPUT_SARIF": "false",
                    "INPUT_OUTPUT_DIR": f"report/{name}"}
        audited = subprocess.run(["bash", "-c", audit_step["run"]], cwd=workspace, env=step_env, capture_output=True,
                                 text=True, timeout=300, check=False)
        assert audited.returncode == 0, audited.stderr
        owners = _step("audit", "Keep the repository's owners beside its report")
        kept = subprocess.run(["bash", "-e", "-c", owners["run"]], cwd=workspace, env={**env, "NAME": name},
                              capture_output=True, text=True, check=False)
        assert kept.returncode == 0, kept.stderr
        shutil.copytree(workspace / "report", uploaded, dirs_exist_ok=True)  # merge-multiple: true
    assert sorted(p.name for p in (uploaded / "payments").iterdir()) == ["CODEOWNERS", "prodready.json", "prodready.md"]
    assert not (uploaded / "search" / "CODEOWNERS").exists()

    platform = tmp_path / "platform"
    platform.mkdir()
    shutil.copytree(uploaded, platform / "reports")
    (platform / "fleet.yml").write_text("sources:\n  - path: reports/search/prodready.json\n    team: discovery\n    tier: 2\n"
                                        "  - path: reports/billing/prodready.json\n")
    summary = tmp_path / "summary.md"
    fleet = _step("fleet", "Bring the reports together")
    ran = subprocess.run(["bash", "-e", "-c", fleet["run"]], cwd=platform, env={**env, "GITHUB_STEP_SUMMARY": str(summary)},
                         capture_output=True, text=True, timeout=300, check=False)
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr == "prodready: warning: billing: reports/billing/prodready.json does not exist\n"
    data = json.loads((platform / "fleet" / "fleet.json").read_text())
    owners = {(s["repo"], s["service"]): (s["team"], s["tier"]) for s in data["services"]}
    assert owners == {("payments", "."): ("@acme/payments", None), ("orders", "."): ("@acme/orders", None),
                      ("search", "."): ("discovery", "2"), ("shop", "api"): ("@acme/shop", None),
                      ("shop", "web"): ("@acme/shop", None)}
    assert data["run"]["number"] == 1 and (platform / ".prodready" / "fleet.sqlite").is_file()
    assert summary.read_text() == (platform / "fleet" / "fleet.md").read_text()
    assert summary.read_text().startswith("## prodready fleet: 5 services")
