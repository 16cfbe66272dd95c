"""Waivers: check-level, path-level, finding-level and inline; expiry, unused, refused; and how
every report shows them (JSON, Markdown, HTML, SARIF suppressions, terminal)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from prodready.fingerprints import with_fingerprints
from prodready.model import Evidence
from prodready.resources import schema_path

KEY_A = "AKIA" + "Q2XW7RZ4T5Y6U8I9"
KEY_B = "AKIA" + "J7Q2ZP3L5XKM4RTA"
SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def sarif_schema() -> dict:
    """The official SARIF schema beside the checkout (as tests/test_sarif.py reads it): required
    in CI, a skip elsewhere."""
    if not SARIF_SCHEMA.exists():
        if os.environ.get("CI"):
            pytest.fail("shared/schemas/sarif-schema-2.1.0.json must be beside the checkout in CI")
        pytest.skip("the official SARIF schema (shared/schemas) is not beside this checkout")
    return json.loads(SARIF_SCHEMA.read_text())


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prodready", *args], capture_output=True, text=True, timeout=120)


def audit(root: Path, *args: str, fmt: str = "json"):
    out = cli("audit", str(root), "-f", fmt, *args)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout) if fmt in ("json", "sarif") else out.stdout


def check(report: dict, check_id: str) -> dict:
    return next(c for c in report["checks"] if c["id"] == check_id)


def states(report: dict) -> dict[str, str]:
    return {w["check"] + (f" {w['path']}" if w["path"] else ""): w["state"] for w in report["waivers"]}


SECRETS = {
    "app/settings.py": f'AWS_KEY = "{KEY_A}"\n',
    "tests/fixtures/keys.py": f'FIXTURE = "{KEY_B}"\n',
}


def test_check_level_waiver_leaves_the_score_and_is_shown(make_repo):
    config = ("waivers:\n  - check: obs.metrics\n    reason: metrics come from the mesh sidecar\n"
              "    owner: platform-team\n    expires: 2999-12-31\n")
    root = make_repo({".prodready.yml": config}, base="fastapi")
    plain = make_repo({}, base="fastapi")
    only = ("--only", "obs.metrics,api.openapi")  # one failing check and one passing one
    report, before = audit(root, *only), audit(plain, *only)
    metrics = check(report, "obs.metrics")
    assert check(before, "obs.metrics")["status"] == "fail"
    assert metrics["status"] == "waived" and metrics["original_status"] == "fail" and metrics["score"] is None
    assert metrics["waiver"] == {"reason": "metrics come from the mesh sidecar", "source": ".prodready.yml:2",
                                 "inline": False, "owner": "platform-team", "expires": "2999-12-31"}
    assert report["score"] > before["score"]  # left out of the score, like not applicable
    assert states(report) == {"obs.metrics": "applied"}
    jsonschema.validate(report, json.loads(schema_path().read_text()))
    # score_waived: true keeps the check's own score
    (root / ".prodready.yml").write_text(config + "score_waived: true\n")
    kept = audit(root, *only)
    assert check(kept, "obs.metrics")["score"] == 0 and kept["score"] == before["score"]


def test_path_level_waiver_covers_only_matching_findings(make_repo):
    config = "waivers:\n  - check: sec.secrets\n    path: tests/fixtures/**\n    reason: revoked keys used as fixtures\n"
    root = make_repo({**SECRETS, ".prodready.yml": config}, base="fastapi")
    secrets = check(audit(root, "--only", "sec.secrets"), "sec.secrets")
    assert secrets["status"] == "fail"  # the real key in app/settings.py is still a failure
    by_path = {e["path"]: e for e in secrets["evidence"]}
    assert by_path["tests/fixtures/keys.py"]["waiver"]["reason"] == "revoked keys used as fixtures"
    assert "waiver" not in by_path["app/settings.py"]
    assert "(1 of 2 findings waived)" in secrets["message"]
    # once every finding is waived, the check is waived
    (root / ".prodready.yml").write_text(config + "  - check: sec\n    path: app/settings.py\n    reason: rotated, removal in PR 12\n")
    both = audit(root, "--only", "sec.secrets")
    assert check(both, "sec.secrets")["status"] == "waived"
    assert states(both) == {"sec.secrets tests/fixtures/**": "applied", "sec app/settings.py": "applied"}


def test_path_waiver_on_a_service_directory_waives_a_result_without_findings(make_repo):
    files = {"services/api/requirements.txt": "fastapi\n", "services/api/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
             "services/batch/requirements.txt": "flask\n", "services/batch/app.py": "from flask import Flask\napp = Flask(__name__)\n"}
    config = "waivers:\n  - check: obs.health\n    path: services/batch/**\n    reason: batch jobs are checked by the scheduler\n"
    root = make_repo({**files, ".prodready.yml": config})
    report = audit(root, "--only", "obs.health")
    by_service = {s["path"]: s["checks"][0]["status"] for s in report["services"]}
    assert by_service == {"services/api": "fail", "services/batch": "waived"}


def test_finding_level_waiver_by_fingerprint(make_repo):
    root = make_repo(SECRETS, base="fastapi")
    first = check(audit(root, "--only", "sec.secrets"), "sec.secrets")
    target = next(e for e in first["evidence"] if e["path"] == "app/settings.py")["fingerprint"]
    (root / ".prodready.yml").write_text(f"waivers:\n  - check: sec.secrets\n    fingerprint: {target[:16]}\n    reason: accepted risk, ticket SEC-9\n")
    secrets = check(audit(root, "--only", "sec.secrets"), "sec.secrets")
    waived = [e["path"] for e in secrets["evidence"] if "waiver" in e]
    assert waived == ["app/settings.py"]


def test_expired_and_unused_waivers_are_reported(make_repo):
    config = ("waivers:\n  - check: obs.metrics\n    reason: until the sidecar lands\n    expires: 2020-01-31\n"
              "  - check: api.cors\n    path: nothing/**\n    reason: stale\n")
    root = make_repo({".prodready.yml": config}, base="fastapi")
    report = audit(root, "--only", "obs.metrics,api.cors")
    assert check(report, "obs.metrics")["status"] == "fail"  # expired: no longer applied
    by_check = {w["check"]: w for w in report["waivers"]}
    assert by_check["obs.metrics"]["state"] == "expired" and "expired on 2020-01-31" in by_check["obs.metrics"]["detail"]
    assert by_check["api.cors"]["state"] == "unused" and by_check["api.cors"]["matches"] == 0
    term = audit(root, "--only", "obs.metrics,api.cors", fmt="term")
    assert "! expired: obs.metrics at .prodready.yml:2" in term and "! unused: api.cors nothing/** at .prodready.yml:5" in term


def test_inline_waiver_on_the_line_or_above(make_repo):
    files = {"app/settings.py": f'# prodready: ignore[sec.secrets] reason="revoked test key"\nAWS_KEY = "{KEY_A}"\n',
             "app/other.py": f'TOKEN = "{KEY_B}"  # prodready: ignore[sec] reason="sandbox account"\n'}
    root = make_repo(files, base="fastapi")
    report = audit(root, "--only", "sec.secrets")
    secrets = check(report, "sec.secrets")
    assert secrets["status"] == "waived"
    notes = {e["path"]: e["waiver"] for e in secrets["evidence"]}
    assert notes["app/settings.py"] == {"reason": "revoked test key", "source": "app/settings.py:1", "inline": True,
                                        "owner": None, "expires": None}
    assert notes["app/other.py"]["source"] == "app/other.py:1"
    assert {w["source"]: w["state"] for w in report["waivers"]} == {"app/other.py:1": "applied", "app/settings.py:1": "applied"}


def test_inline_waiver_needs_a_reason_and_can_be_refused(make_repo):
    files = {"app/settings.py": f'AWS_KEY = "{KEY_A}"  # prodready: ignore[sec.secrets]\n',
             "app/other.py": f'TOKEN = "{KEY_B}"  # prodready: ignore[sec.secrets] reason="sandbox"\n'}
    root = make_repo({**files, ".prodready.yml": "inline_waivers: false\n"}, base="fastapi")
    report = audit(root, "--only", "sec.secrets")
    assert check(report, "sec.secrets")["status"] == "fail"
    refused = {w["source"]: w["detail"] for w in report["waivers"]}
    off = "inline waivers are switched off (inline_waivers: false)"
    assert refused == {"app/other.py:1": off, "app/settings.py:1": off}
    assert all(w["state"] == "refused" for w in report["waivers"])
    (root / ".prodready.yml").unlink()
    allowed = audit(root, "--only", "sec.secrets")
    secrets = check(allowed, "sec.secrets")
    assert secrets["status"] == "fail" and "(1 of 2 findings waived)" in secrets["message"]
    assert {w["source"]: (w["state"], w["detail"]) for w in allowed["waivers"]} == {
        "app/other.py:1": ("applied", ""), "app/settings.py:1": ("refused", 'no reason="..." given')}


def test_waivers_in_markdown_html_and_sarif(make_repo, tmp_path):
    config = ("waivers:\n  - check: obs.metrics\n    reason: scraped from the mesh\n    owner: sre\n"
              "  - check: sec.secrets\n    path: tests/fixtures/**\n    reason: revoked fixtures\n")
    files = {**SECRETS, "app/x.py": f'K = "{KEY_B[:-1]}Z"  # prodready: ignore[sec.secrets] reason="sandbox"\n'}
    root = make_repo({**files, ".prodready.yml": config}, base="fastapi")
    out = tmp_path / "reports"
    assert cli("audit", str(root), "--only", "obs.metrics,sec.secrets", "-f", "md,html,sarif", "-o", str(out)).returncode == 0
    md = (out / "prodready.md").read_text()
    assert "### 🔕 Waived (1)" in md and "`obs.metrics` Metrics are exposed (the check said fail): waived: scraped from the mesh (sre; .prodready.yml:2)" in md
    assert "🔕 waived: revoked fixtures (.prodready.yml:5)" in md
    html = (out / "prodready.html").read_text()
    assert '<span class="status waived">waived</span> <code>obs.metrics</code>' in html
    assert "waived: sandbox (inline at app/x.py:1)" in html
    sarif = json.loads((out / "prodready.sarif").read_text())
    jsonschema.validate(sarif, sarif_schema())
    suppressed = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]): r["suppressions"][0]
                  for r in sarif["runs"][0]["results"] if "suppressions" in r}
    assert suppressed[("sec.secrets", "tests/fixtures/keys.py")] == {
        "kind": "external", "status": "accepted", "justification": "waived: revoked fixtures (.prodready.yml:5)"}
    assert suppressed[("sec.secrets", "app/x.py")]["kind"] == "inSource"
    metrics = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "obs.metrics"]
    assert metrics[0]["suppressions"][0]["justification"].startswith("waived: scraped from the mesh (sre;")
    unsuppressed = [r for r in sarif["runs"][0]["results"] if "suppressions" not in r]
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in unsuppressed] == ["app/settings.py"]
    for text in (md, html, json.dumps(sarif)):
        assert KEY_A not in text and KEY_B not in text


def test_waivers_survive_a_json_round_trip(make_repo, tmp_path):
    root = make_repo({".prodready.yml": "waivers:\n  - check: obs.metrics\n    reason: mesh\n"}, base="fastapi")
    report = tmp_path / "r.json"
    assert cli("audit", str(root), "--only", "obs", "-f", "json", "-o", str(report)).returncode == 0
    md = cli("diff", str(report), str(report), "-f", "md").stdout
    assert "### 🔕 Waived (1)" in md and "waived: mesh (.prodready.yml:2)" in md


def test_fingerprints_ignore_line_numbers_but_not_content():
    def prints(lines: list[str], line: int) -> str:
        e = Evidence("a.py", line, note="AWS access key id (AKIA…[20 chars])")
        return with_fingerprints("sec.secrets", [e], lambda _p: lines)[0].fingerprint

    moved = prints(["", "", f'K = "{KEY_A}"'], 3)
    assert moved == prints([f'K = "{KEY_A}"'], 1)  # same content, another line
    assert moved != prints([f'K = "{KEY_B}"'], 1)  # another secret on the same line
    context = Evidence("a.py", 1, note="ok something")
    assert with_fingerprints("x.y", [context], lambda _p: ["z"])[0].fingerprint == ""


@pytest.mark.parametrize("text, error", [
    ("waivers:\n  - check: obs.metric\n    reason: x\n", ".prodready.yml:2: waivers[0].check must be a check id or category, not 'obs.metric'; did you mean 'obs.metrics'?"),
    ("waivers:\n  - check: obs.metrics\n", ".prodready.yml:2: waivers[0] needs a reason: say why this is accepted"),
    ("waivers:\n  - check: obs.metrics\n    reason: x\n    expires: 2026-13-45\n", ".prodready.yml:4: waivers[0].expires must be a date like 2026-12-31, not '2026-13-45'"),
    ("waivers:\n  - check: obs.metrics\n    reason: x\n    expires: next week\n", ".prodready.yml:4: waivers[0].expires must be a date like 2026-12-31, not 'next week'"),
    ("waivers:\n  - check: obs.metrics\n    reason: x\n    fingerprint: XYZ\n", ".prodready.yml:4: waivers[0].fingerprint must be 8 to 64 lowercase hex characters (from the JSON or SARIF report)"),
    ("waivers:\n  - check: obs.metrics\n    reason: x\n    ownr: me\n", ".prodready.yml:4: unknown field 'ownr' in waivers[0]; did you mean 'owner'? (known: check, reason, path, fingerprint, owner, expires)"),
    ("waivers:\n  - check: obs.metrics\n    reason: x\n    path: ../etc/*\n", ".prodready.yml:4: waivers[0].path '../etc/*' points outside the repository"),
    ("waivers: obs.metrics\n", ".prodready.yml:1: waivers must be a list of mappings"),
    ("inline_waivers: no-thanks\n", ".prodready.yml:1: inline_waivers must be true or false, not 'no-thanks'"),
    ("score_waived: 1\n", ".prodready.yml:1: score_waived must be true or false, not 1"),
])
def test_waiver_config_errors(make_repo, text, error):
    root = make_repo({".prodready.yml": text}, base="flask")
    out = cli("config", "validate", str(root))
    assert out.returncode == 2
    assert out.stderr.strip() == f"prodready: config error: {error}"


def test_waivers_in_pyproject_toml(make_repo):
    toml = ('[project]\nname = "x"\nversion = "1"\n\n[tool.prodready]\nscore_waived = false\n\n'
            '[[tool.prodready.waivers]]\ncheck = "obs.metrics"\nreason = "mesh"\nexpires = 2999-01-01\n\n'
            '[[tool.prodready.waivers]]\ncheck = "obs.tracing"\nreason = "later"\nexpires = "someday"\n')
    root = make_repo({"pyproject.toml": toml}, base="flask")
    out = cli("config", "validate", str(root))
    assert out.stderr.strip() == "prodready: config error: pyproject.toml:16: waivers[1].expires must be a date like 2026-12-31, not 'someday'"
    (root / "pyproject.toml").write_text(toml.replace('"someday"', "2999-01-01"))
    report = audit(root, "--only", "obs.metrics,obs.tracing")
    assert check(report, "obs.metrics")["waiver"]["source"] == "pyproject.toml:8"
    assert check(report, "obs.tracing")["waiver"]["expires"] == "2999-01-01"


def test_a_waiver_path_too_long_to_match_safely_is_refused_and_says_so(make_repo, tmp_path):
    """A waiver's path glob meets repository paths in the bounded matcher only: a pattern past
    its size limit matches nothing, and the report says why instead of hanging."""
    import json
    import subprocess
    import sys

    long_glob = "*a" * 600 + "x"
    root = make_repo({"app/settings.py": 'password = "hunter2hunter2Q"\n',
                      ".prodready.yml": f"waivers:\n  - check: sec.secrets\n    path: '{long_glob}'\n    reason: too broad\n"},
                     base="flask")
    out = subprocess.run([sys.executable, "-m", "prodready", "audit", str(root), "--only", "sec.secrets", "-f", "json", "-q"],
                         capture_output=True, text=True, timeout=120)
    report = json.loads(out.stdout)
    state = next(w for w in report["waivers"] if w["check"] == "sec.secrets")
    assert state["state"] == "refused" and "1,024" in state["detail"]
    assert report["checks"][0]["status"] == "fail"
