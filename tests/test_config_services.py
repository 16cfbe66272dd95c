"""Service definitions and per-kind profiles in the configuration, and `prodready init`."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

MONOREPO = {
    "services/api/requirements.txt": "fastapi\n",
    "services/api/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    "services/mailer/requirements.txt": "celery\n",
    "services/mailer/tasks.py": "from celery import Celery\n\napp = Celery('mailer')\n",
    "libs/common/pyproject.toml": '[project]\nname = "common"\nversion = "1"\n',
    "libs/common/common/__init__.py": "X = 1\n",
}


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prodready", *args], capture_output=True, text=True, timeout=120)


def audit(root, *args: str) -> dict:
    out = cli("audit", str(root), "-f", "json", *args)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def kinds(report: dict) -> dict[str, str]:
    return {s["path"]: s["kind"] for s in report["services"]}


def test_services_override_detection(make_repo):
    root = make_repo(MONOREPO)
    assert kinds(audit(root, "--only", "obs.health")) == {"services/api": "api"}  # the mailer has no entry point
    (root / ".prodready.yml").write_text(
        "services:\n  - path: services/api\n    kind: api\n  - path: services/mailer\n    kind: worker\n    stack: python\n")
    report = audit(root, "--only", "obs.health,api.openapi")
    assert kinds(report) == {"services/api": "api", "services/mailer": "worker"}
    mailer = next(s for s in report["services"] if s["path"] == "services/mailer")
    assert {c["id"]: c["status"] for c in mailer["checks"]} == {"api.openapi": "not_applicable", "obs.health": "not_applicable"}
    assert "libs/common: library package (python), not audited as a service" in report["notes"]


def test_profile_switches_checks_off_per_kind(make_repo):
    config = ("services:\n  - path: services/api\n    kind: api\n  - path: services/mailer\n    kind: worker\n"
              "profiles:\n  worker:\n    disable: [obs.metrics, qa]\n")
    root = make_repo({**MONOREPO, ".prodready.yml": config})
    report = audit(root, "--only", "obs.metrics,qa.lint")
    by_service = {s["path"]: {c["id"]: (c["status"], c["message"]) for c in s["checks"]} for s in report["services"]}
    off = ("not_applicable", "switched off for worker services by the configuration (profiles.worker.disable)")
    assert by_service["services/mailer"] == {"obs.metrics": off, "qa.lint": off}
    assert by_service["services/api"]["obs.metrics"][0] == "fail"  # the api profile is untouched


@pytest.mark.parametrize("text, error", [
    ("services:\n  - path: services/nope\n    kind: api\n", ".prodready.yml:2: services[0].path 'services/nope' is not a directory in the repository"),
    ("services:\n  - path: ../elsewhere\n    kind: api\n", ".prodready.yml:2: services[0].path '../elsewhere' points outside the repository"),
    ("services:\n  - path: services/api\n    kind: daemon\n", ".prodready.yml:3: services[0].kind must be one of api, worker, library, frontend, not 'daemon'"),
    ("services:\n  - path: services/api\n    kind: wroker\n", ".prodready.yml:3: services[0].kind must be one of api, worker, library, frontend, not 'wroker'; did you mean 'worker'?"),
    ("services:\n  - path: services/api\n    kind: api\n    stack: rust\n", ".prodready.yml:4: services[0].stack must be one of python, node, go, java, unknown, not 'rust'"),
    ("services:\n  - kind: api\n", ".prodready.yml:2: services[0] needs a path (a directory in the repository, \".\" for the root)"),
    ("services:\n  - path: services/api\n    kind: api\n    port: 80\n", ".prodready.yml:4: unknown field 'port' in services[0] (known: path, kind, stack)"),
    ("services:\n  - path: services/api\n    kind: api\n  - path: services/api/\n    kind: worker\n", ".prodready.yml:4: services[1].path 'services/api/' is listed twice"),
    ("services: services/api\n", ".prodready.yml:1: services must be a list of mappings"),
    ("profiles:\n  workers:\n    disable: [api]\n", ".prodready.yml:2: unknown service kind 'workers' in profiles; did you mean 'worker'? (known: api, worker, library, frontend)"),
    ("profiles:\n  worker:\n    disable: [obs.helth]\n", ".prodready.yml:3: unknown check id or category 'obs.helth' in profiles.worker.disable; did you mean 'obs.health'?"),
    ("profiles:\n  worker:\n    enable: [api]\n", ".prodready.yml:3: unknown field 'enable' in profiles.worker; did you mean 'disable'?"),
    ("profiles:\n  worker: [api]\n", ".prodready.yml:2: profiles.worker must be a mapping with disable: [check ids or categories]"),
    ("profiles: [worker]\n", ".prodready.yml:1: profiles must be a mapping of service kind to {disable: [...]}"),
    ("checks_paths: ci/checks\n", ".prodready.yml:1: checks_paths must be a list of directories"),
])
def test_service_and_profile_errors(make_repo, text, error):
    root = make_repo({**MONOREPO, ".prodready.yml": text})
    out = cli("config", "validate", str(root))
    assert out.returncode == 2
    assert out.stderr.strip() == f"prodready: config error: {error}"


def test_init_writes_a_valid_commented_config(make_repo):
    root = make_repo(MONOREPO)
    out = cli("init", str(root))
    assert out.returncode == 0, out.stderr
    text = (root / ".prodready.yml").read_text()
    assert '  - path: "services/api"\n    kind: api  # python: fastapi' in text
    assert '  # - path: "libs/common"\n  #   kind: library  # detected, not audited (python)' in text
    listed = re.findall(r"(?m)^#  ([a-z]+\.[a-z0-9-]+):", text)
    checks = [line.split()[0] for line in cli("checks").stdout.splitlines()]
    assert listed == checks and len(checks) >= 43
    assert cli("config", "validate", str(root)).stdout.strip() == "ok: .prodready.yml"
    # uncommenting a severity line gives a working configuration
    edited = text.replace("#  sec.secrets:", "  sec.secrets:", 1).replace("critical  #", "high  #", 1)
    (root / ".prodready.yml").write_text(edited)
    report = audit(root, "--only", "sec.secrets")
    assert report["checks"][0]["severity"] == "high"
    again = cli("init", str(root))
    assert again.returncode == 2 and "already exists (use --force to overwrite)" in again.stderr
    assert cli("init", str(root), "--force").returncode == 0
