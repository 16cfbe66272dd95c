"""SARIF 2.1.0: validates against the official schema, stable fingerprints, GitHub's limits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from prodready.reporters import render
from prodready.testing import run_audit

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def schema():
    if not SCHEMA.exists():
        if os.environ.get("CI"):
            pytest.fail("shared/schemas/sarif-schema-2.1.0.json must be beside the checkout in CI")
        pytest.skip("the official SARIF schema (shared/schemas) is not beside this checkout")
    return json.loads(SCHEMA.read_text())


def sarif(root):
    return json.loads(render(run_audit(root), "sarif"))


def test_valid_sarif_with_rules_results_and_locations(make_repo, schema):
    root = make_repo({"Dockerfile": "FROM python:latest\n", "app/keys.py": "KEY = 'AKIA" + "Q2XW7RZ4T5Y6U8I9'\n"}, base="fastapi")
    doc = sarif(root)
    jsonschema.validate(doc, schema)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(rules) == 43 and rules[0]["id"] == "api.cors"
    secret = next(r for r in run["results"] if r["ruleId"] == "sec.secrets")
    assert secret["level"] == "error"
    assert secret["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "app/keys.py", "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 1}}
    assert "AKIAQ2XW7RZ4T5Y6U8I9" not in json.dumps(doc)
    sec_rule = next(r for r in rules if r["id"] == "sec.secrets")
    assert sec_rule["properties"]["security-severity"] == "9.5" and sec_rule["helpUri"].startswith("https://")
    missing = next(r for r in run["results"] if r["ruleId"] == "obs.health")
    assert missing["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "requirements.txt"


def test_fingerprints_survive_moving_code(make_repo):
    one = make_repo({"app/keys.py": "KEY = 'AKIA" + "Q2XW7RZ4T5Y6U8I9'\n"}, base="flask")
    two = make_repo({"app/keys.py": "\n\n\nKEY = 'AKIA" + "Q2XW7RZ4T5Y6U8I9'\n"}, base="flask")

    def prints(root):
        return {r["partialFingerprints"]["prodreadyFinding/v1"] for r in sarif(root)["runs"][0]["results"] if r["ruleId"] == "sec.secrets"}

    assert prints(one) == prints(two)


def test_results_are_capped_worst_first(make_repo, schema, monkeypatch):
    from prodready.reporters import sarif as sarif_module

    monkeypatch.setattr(sarif_module, "MAX_RESULTS", 5)
    doc = sarif(make_repo({}, base="express"))
    jsonschema.validate(doc, schema)
    run = doc["runs"][0]
    assert len(run["results"]) == 5 and run["properties"]["truncatedResults"] > 0
    assert all(r["level"] == "error" for r in run["results"])


# A monorepo as teams have them: three services on three stacks, a container, a compose file, a
# workflow that no longer parses, and a cloud key committed in one service's code.
MONOREPO = {
    "README.md": "# shop\n",
    "services/orders/requirements.txt": "fastapi==0.110.0\nuvicorn==0.29.0\nsqlalchemy==2.0.0\n",
    "services/orders/app/main.py": ("from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/healthz')\n"
                                    "def health():\n    return {}\n\n\n@app.get('/orders')\ndef orders():\n    return []\n"),
    "services/orders/Dockerfile": "FROM python:latest\nCOPY . /app\nRUN pip install -r /app/requirements.txt\nCMD [\"uvicorn\", \"app.main:app\"]\n",
    "services/web/package.json": '{"name": "web", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^4.19.0"}}\n',
    "services/web/server.js": "const express = require('express');\nconst app = express();\napp.get('/items', (req, res) => res.json([]));\napp.listen(3000);\n",
    "services/billing/go.mod": "module example.com/billing\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.1\n)\n",
    "services/billing/main.go": 'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\tr := gin.Default()\n\tr.GET("/invoices", invoices)\n\tr.Run()\n}\n',
    "services/billing/config.go": 'package main\n\n// TODO move to the vault\nconst awsKeyID = "AKIA' + 'Q2XW7RZ4T5Y6U8I9"\n',
    "docker-compose.yml": "services:\n  orders:\n    build: services/orders\n  web:\n    build: services/web\n",
    ".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [\n      - run: pytest\n",
}


def test_sarif_of_a_realistic_monorepo_from_the_cli_validates(make_repo, schema, tmp_path):
    """The real CLI on a git repository with several stacks, a secret, a Dockerfile and a broken
    workflow: the SARIF validates against the official 2.1.0 schema, and says the right things
    about the right files."""
    root = make_repo(MONOREPO)
    out = subprocess.run([sys.executable, "-m", "prodready", "audit", str(root), "-f", "sarif,json", "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    text = (tmp_path / "out" / "prodready.sarif").read_text()
    doc = json.loads(text)
    jsonschema.validate(doc, schema, format_checker=jsonschema.FormatChecker())
    report = json.loads((tmp_path / "out" / "prodready.json").read_text())
    assert sorted((s["path"], s["stack"]) for s in report["services"]) == [
        ("services/billing", "go"), ("services/orders", "python"), ("services/web", "node")]

    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [c["id"] for c in report["checks"]]
    results = run["results"]
    assert results and run["properties"]["truncatedResults"] == 0
    for result in results:  # each result names its rule, and points into the repository
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert (root / uri).is_file(), uri
    # a fingerprint names one finding: results that share one are the same place and message
    # (a root README judged once per service is the same finding three times)
    same: dict[str, set[str]] = {}
    for r in results:
        same.setdefault(r["partialFingerprints"]["prodreadyFinding/v1"], set()).add(
            json.dumps([r["ruleId"], r["locations"], r["message"]], sort_keys=True))
    assert all(len(kinds) == 1 for kinds in same.values())

    def located(check_id: str) -> set[tuple[str, int | None]]:
        return {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                 r["locations"][0]["physicalLocation"].get("region", {}).get("startLine"))
                for r in results if r["ruleId"] == check_id}

    assert ("services/billing/config.go", 4) in located("sec.secrets")
    assert next(r for r in results if r["ruleId"] == "sec.secrets")["level"] == "error"
    assert "AKIAQ2XW7RZ4T5Y6U8I9" not in text and "AKIAQ2XW7RZ4T5Y6U8I9" not in out.stdout + out.stderr
    assert ("services/orders/Dockerfile", 1) in located("ops.dockerfile")  # FROM python:latest
    broken = [r for r in results if r["ruleId"] == "ops.ci"]
    assert any(r["message"]["text"].startswith("CI runs the tests on every change: could not parse .github/workflows/ci.yml")
               for r in broken), [r["message"]["text"] for r in broken]


def test_uris_are_escaped_and_a_shared_finding_is_one_result(make_repo, schema, tmp_path):
    """A file name with `#`, `%` and a space is a URI reference in SARIF (`#` would start a
    fragment); a finding two services share (the root README, judged for each) is one alert."""
    files = {
        "svc a/requirements.txt": "flask\n", "svc a/app.py": "from flask import Flask\napp = Flask(__name__)\n",
        "svc b/requirements.txt": "flask\n", "svc b/app.py": "from flask import Flask\napp = Flask(__name__)\n",
        "svc a/keys #1%.py": "KEY = 'AKIA" + "Q2XW7RZ4T5Y6U8I9'\n",
        "README.md": "# two services\n",
    }
    root = make_repo(files)
    out = tmp_path / "out.sarif"
    subprocess.run([sys.executable, "-m", "prodready", "audit", str(root), "-f", "sarif", "-o", str(out)],
                   check=False, capture_output=True)
    doc = json.loads(out.read_text())
    jsonschema.validate(doc, schema)
    results = doc["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results if r["ruleId"] == "sec.secrets"}
    assert uris == {"svc%20a/keys%20%231%25.py"}
    keys = [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             r["locations"][0]["physicalLocation"].get("region", {}).get("startLine"),
             r["partialFingerprints"]["prodreadyFinding/v1"], r["message"]["text"]) for r in results]
    assert len(keys) == len(set(keys))
    assert any(k[1] == "README.md" for k in keys)  # the shared README finding is there, once
