"""SARIF 2.1.0: validates against the official schema, stable fingerprints, GitHub's limits."""

from __future__ import annotations

import json
import os
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


def test_real_repository_sarif_validates(schema):
    """The SARIF of a real repository with findings (fetched during development, optional here)."""
    real = Path("/tmp/real/gothinkster+node-express-realworld-example-app")
    if not real.exists():
        pytest.skip("real repository not fetched on this machine")
    doc = sarif(real)
    jsonschema.validate(doc, schema)
    assert any(r["ruleId"] == "sec.secrets" for r in doc["runs"][0]["results"])
