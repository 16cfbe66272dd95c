"""action.yml and the workflows: linted, schema-checked, and run end to end as the runner would."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from prodready.testing import git, write_repo
from tests.github.fake_api import FakeGitHub, Spec, load_spec

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = [ROOT / ".github" / "workflows" / "prodready.yml", *sorted((ROOT / "docs" / "workflows").glob("*.yml"))]
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    path = shutil.which(name, path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is a test dependency (pip install -e '.[test]')")
        pytest.skip(f"{name} is not installed")
    return path


def test_actionlint_passes_on_every_workflow():
    out = subprocess.run([tool("actionlint"), *map(str, WORKFLOWS)], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr


def test_action_and_workflows_validate_against_the_published_schemas():
    check = tool("check-jsonschema")
    action = subprocess.run([check, "--builtin-schema", "vendor.github-actions", str(ROOT / "action.yml")], capture_output=True, text=True)
    assert action.returncode == 0, action.stdout
    flows = subprocess.run([check, "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert flows.returncode == 0, flows.stdout


def test_docs_show_the_example_workflows_verbatim():
    docs = {name: (ROOT / "docs" / name).read_text() for name in ("github-action.md", "fleet.md")}
    for workflow in (ROOT / "docs" / "workflows").glob("*.yml"):
        shown_in = "fleet.md" if workflow.name == "fleet.yml" else "github-action.md"
        assert workflow.read_text().strip() in docs[shown_in], workflow.name


_EXPR = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


def _evaluate(expression: str, inputs: dict, event: dict, steps: dict) -> str:
    if expression.startswith("inputs."):
        return str(inputs[expression[7:]])
    if expression.startswith("steps."):
        _, step, _, key = expression.split(".", 3)
        return steps.get(step, {}).get(key, "")
    if expression == "github.token":
        return "ghs_" + "E2Etoken0123456789abcdefghijklmnopqrst"
    if expression.startswith("github.event."):
        node = event
        for part in expression[len("github.event."):].split("."):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        return "" if node == {} else str(node)
    raise AssertionError(f"expression not simulated: {expression}")


def _outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line) if path.exists() else {}


def test_composite_action_end_to_end(tmp_path):
    """The runner's view: event JSON, GITHUB_* files, each `run` step in order with its env."""
    fake = FakeGitHub(Spec(load_spec()))
    try:
        repo = write_repo(tmp_path / "workspace", {
            "requirements.txt": "fastapi\n",
            "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n\n\n@app.get('/healthz')\ndef h():\n    return {}\n",
        }, git_init=True)
        base_sha = git(repo, "rev-parse", "HEAD").strip()
        (repo / "app" / "pay.py").write_text("STRIPE = 'sk_live_" + "51HxAbCdEfGhIjKlMnOpQrStUv'\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "head")
        event = {"pull_request": {"number": 7, "base": {"sha": base_sha}}}
        event_path = tmp_path / "event.json"
        event_path.write_text(json.dumps(event))
        summary = tmp_path / "summary.md"
        action = yaml.safe_load((ROOT / "action.yml").read_text())
        inputs = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
        inputs["fail-under"] = "10"
        (repo / "team.yml").write_text("disable: [docs]\n")
        inputs["config"] = "team.yml"
        steps: dict[str, dict[str, str]] = {}
        logs = []
        for index, step in enumerate(action["runs"]["steps"]):
            if "uses" in step or "Install prodready" in step.get("name", ""):
                continue  # setup-python and the pip install: this test environment already has them
            output_file = tmp_path / f"output-{index}.txt"
            env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "GITHUB_ACTION_PATH": str(ROOT),
                   "GITHUB_OUTPUT": str(output_file), "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_EVENT_PATH": str(event_path),
                   "GITHUB_REPOSITORY": "octo/shop", "GITHUB_API_URL": fake.url, "GITHUB_WORKSPACE": str(repo)}
            env.update({k: _EXPR.sub(lambda m: _evaluate(m.group(1), inputs, event, steps), str(v)) for k, v in step.get("env", {}).items()})
            assert "${{" not in step["run"], "inputs must reach scripts through env, never inline"
            proc = subprocess.run(["bash", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True, timeout=300)
            logs.append(proc.stdout + proc.stderr)
            assert proc.returncode == 0, logs[-1]
            if "id" in step:
                steps[step["id"]] = _outputs(output_file)
        outputs = {name: _EXPR.sub(lambda m: _evaluate(m.group(1), inputs, event, steps), spec["value"]) for name, spec in action["outputs"].items()}
        report = json.loads((repo / outputs["json-report"]).read_text())
        assert outputs["score"] == str(report["score"]) and outputs["grade"] == report["grade"] and outputs["level"] == report["level"]
        assert outputs["delta"] == f"{report['delta']['score_change']:+d}" and report["delta"]["score_change"] < 0
        assert (repo / outputs["sarif-report"]).exists()
        assert report["config"] == "team.yml" and not any(c["id"].startswith("docs.") for c in report["checks"])
        text = summary.read_text()
        assert "### Change against " in text and "| `sec.secrets` No hard-coded secrets | pass 10 | fail 0 | new failure |" in text
        assert "::error file=app/pay.py,line=1,title=sec.secrets::" in logs[-1]
        posts = [body for method, path, _, body in fake.requests if method == "POST"]
        assert len(posts) == 1 and posts[0]["body"].startswith("<!-- prodready-scorecard -->\n## prodready scorecard")
        assert "sk_live_51HxAbCdEfGhIjKlMnOpQrStUv" not in "".join(logs) + text + posts[0]["body"]
    finally:
        fake.close()
