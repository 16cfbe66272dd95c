"""The real CLI, run as a subprocess on real repositories: formats, outputs, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from prodready.resources import schema_path


def prodready(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("NO_COLOR", None) if env is None or "NO_COLOR" not in env else None
    return subprocess.run([sys.executable, "-m", "prodready", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def service(make_repo):
    return make_repo({"app/health.py": "from fastapi import APIRouter\nr = APIRouter()\n\n@r.get('/healthz')\ndef h():\n    return {}\n"}, base="fastapi")


def test_version_and_python_dash_m():
    out = prodready("--version")
    assert out.returncode == 0
    assert out.stdout.strip() == "prodready 0.1.0"


def test_checks_lists_the_catalog():
    from tests.catalog import CATALOG

    out = prodready("checks")
    ids = [line.split()[0] for line in out.stdout.splitlines()]
    assert ids == CATALOG


def test_catalog_matches_the_checklist_when_it_is_beside_the_checkout():
    import re

    from tests.catalog import CATALOG

    checklist = Path(__file__).resolve().parents[2] / "shared" / "CHECKLIST.md"
    if not checklist.exists():
        pytest.skip("shared/CHECKLIST.md is not beside this checkout")
    ids = sorted(re.findall(r"^\| ([a-z]+\.[a-z0-9-]+)", checklist.read_text(), re.M))
    assert ids == CATALOG


@pytest.mark.parametrize("check_id", ["api.cors", "sec.sql-injection", "qa.complexity", "docs.changelog"])
def test_explain_every_kind_of_check(check_id):
    out = prodready("explain", check_id)
    assert out.returncode == 0
    assert out.stdout.startswith(f"{check_id}: ")
    assert "Why it matters:" in out.stdout and "References:" in out.stdout


def test_explain_and_unknown_id_suggests():
    out = prodready("explain", "obs.health")
    assert out.returncode == 0
    assert out.stdout.startswith("obs.health: Health and readiness endpoints\n")
    assert "fastapi: Add `@app.get(\"/healthz\")`" in out.stdout
    bad = prodready("explain", "obs.helth")
    assert bad.returncode == 2
    assert bad.stderr.strip() == "prodready: error: no check 'obs.helth'; did you mean 'obs.health'?"
    assert "Traceback" not in bad.stderr


def test_piped_terminal_report_is_plain_text(service):
    out = prodready("audit", str(service))
    assert out.returncode == 0, out.stderr
    assert "\x1b[" not in out.stdout
    assert out.stderr == ""  # no progress indicator when stderr is not a TTY
    lines = out.stdout.splitlines()
    assert lines[1].startswith("Score ")
    assert any(line.startswith("pass     obs.health") for line in lines)


def test_json_output_validates_against_the_shipped_schema(service):
    out = prodready("audit", str(service), "--format", "json")
    report = json.loads(out.stdout)
    jsonschema.validate(report, json.loads(schema_path().read_text()))
    assert report["target"]["commit"] and len(report["target"]["commit"]) == 40
    assert [c["id"] for c in report["checks"]] == sorted(c["id"] for c in report["checks"])
    health = next(c for c in report["checks"] if c["id"] == "obs.health")
    assert health["status"] == "pass" and health["evidence"][0]["path"] == "app/health.py"
    assert health["evidence"][0]["line"] == 4
    assert report["services"][0]["stack"] == "python" and report["services"][0]["frameworks"] == ["fastapi"]


def test_one_format_to_a_file_several_to_a_directory(service, tmp_path):
    single = tmp_path / "out" / "report.md"
    assert prodready("audit", str(service), "-f", "md", "-o", str(single)).returncode == 0
    assert single.read_text().startswith("## prodready scorecard: **")
    many = tmp_path / "many"
    assert prodready("audit", str(service), "-f", "md", "-f", "json,html", "-o", str(many)).returncode == 0
    assert sorted(p.name for p in many.iterdir()) == ["prodready.html", "prodready.json", "prodready.md"]


def test_only_and_skip_select_checks(service):
    only = json.loads(prodready("audit", str(service), "-f", "json", "--only", "obs,sec.secrets").stdout)
    assert [c["id"] for c in only["checks"]] == ["obs.errors", "obs.health", "obs.logging", "obs.metrics", "obs.tracing", "sec.secrets"]
    skip = json.loads(prodready("audit", str(service), "-f", "json", "--skip", "ops.dockerfile", "--skip", "qa").stdout)
    assert "ops.dockerfile" not in [c["id"] for c in skip["checks"]]
    assert "qa.coverage" not in [c["id"] for c in skip["checks"]]


@pytest.mark.parametrize("args, message", [
    (["--only", "nope.check"], "prodready: error: unknown check id or category: nope.check"),
    (["--format", "pdf"], "prodready: error: unknown format 'pdf'; choose from term, md, html, json, sarif"),
])
def test_bad_usage_exits_2_with_one_line(service, args, message):
    out = prodready("audit", str(service), *args)
    assert out.returncode == 2
    assert out.stderr.strip() == message


def test_unreadable_targets_exit_2(tmp_path):
    missing = prodready("audit", str(tmp_path / "nope"))
    assert missing.returncode == 2 and missing.stderr.strip().endswith("does not exist")
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    not_dir = prodready("audit", str(a_file))
    assert not_dir.returncode == 2 and not_dir.stderr.strip().endswith("is not a directory")
    assert "Traceback" not in missing.stderr + not_dir.stderr


def test_fail_under_exits_1(service):
    card = json.loads(prodready("audit", str(service), "-f", "json").stdout)
    assert prodready("audit", str(service), "-q", "--fail-under", str(card["score"])).returncode == 0
    below = prodready("audit", str(service), "-q", "--fail-under", str(card["score"] + 1))
    assert below.returncode == 1
    assert below.stdout == "" and below.stderr == ""


def test_same_tree_same_report_bytes_apart_from_timing(service):
    def stable(text: str) -> dict:
        data = json.loads(text)
        data.pop("generated_at")
        data.pop("duration_seconds")
        return data

    first = prodready("audit", str(service), "-f", "json").stdout
    second = prodready("audit", str(service), "-f", "json").stdout
    assert stable(first) == stable(second)
    md1 = prodready("audit", str(service), "-f", "md").stdout
    md2 = prodready("audit", str(service), "-f", "md").stdout
    assert md1 == md2


def test_progress_and_colour_on_a_tty(service):
    """Run under a pseudo-terminal: a table with colour, a progress line on stderr."""
    import pty

    out_parent, out_child = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    proc = subprocess.run([sys.executable, "-m", "prodready", "audit", str(service)], stdout=out_child,
                          stderr=out_child, env=env, timeout=120)
    os.close(out_child)
    chunks = []
    while True:
        try:
            data = os.read(out_parent, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    text = b"".join(chunks).decode()
    assert proc.returncode == 0
    assert "\x1b[32m" in text  # green for passing checks
    assert "[1/43] api.cors" in text  # progress
    no_colour = subprocess.run([sys.executable, "-m", "prodready", "audit", str(service)], stdout=subprocess.PIPE,
                               env={**env, "NO_COLOR": "1"}, timeout=120)
    assert b"\x1b[" not in no_colour.stdout


def test_markdown_stays_under_the_limit_on_a_huge_repo(make_repo):
    files = {f"svc/mod{i}.py": "\n".join(f'password_{j} = "Zx9-{i}-{j}-Qw7!abc"' for j in range(40)) for i in range(60)}
    root = make_repo(files, base="flask")
    out = prodready("audit", str(root), "-f", "md")
    assert len(out.stdout) < 60_000
    assert "2400 hard-coded secret(s) in 60 file(s)" in out.stdout
    assert "… and 190 more." in out.stdout  # 200 evidence items kept, 10 shown


def test_facts_text_and_json(make_repo):
    import json as _json

    from tests.conftest import STACKS

    files = {f"api/{k}": v for k, v in STACKS["fastapi"].items()}
    files.update({"web/package.json": '{"name": "web", "dependencies": {"react": "18"}}\n',
                  ".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    steps:\n      - run: pytest\n",
                  "api/Dockerfile": "FROM python:3.12 AS b\nFROM python:3.12-slim\n"})
    root = make_repo(files)
    text = prodready("facts", str(root))
    assert text.returncode == 0
    assert "  api: python api (audited); frameworks: fastapi" in text.stdout
    assert "  web: node frontend (not audited); frameworks: -" in text.stdout
    assert "    job test: test" in text.stdout
    assert "  api/Dockerfile: python:3.12 AS b -> python:3.12-slim" in text.stdout
    data = _json.loads(prodready("facts", str(root), "--json").stdout)
    assert [(s["path"], s["kind"], s["audited"]) for s in data["services"]] == [("api", "api", True), ("web", "frontend", False)]
    assert data["ci"][0]["jobs"] == [{"name": "test", "line": 3, "runs": ["test"]}]
    assert prodready("facts", str(root / "nope")).returncode == 2


def test_complexity_thresholds_are_flags(make_repo):
    import json as _json

    body = "def f(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(12)) + "    return 0\n"
    root = make_repo({"logic.py": body}, base="flask")
    strict = _json.loads(prodready("audit", str(root), "-f", "json", "--only", "qa.complexity", "--max-complexity", "5").stdout)
    loose = _json.loads(prodready("audit", str(root), "-f", "json", "--only", "qa.complexity").stdout)
    assert strict["checks"][0]["status"] == "fail" and loose["checks"][0]["status"] == "pass"


def test_profile_reports_facts_and_checks(service):
    report = json.loads(prodready("audit", str(service), "-f", "json", "--profile").stdout)
    jsonschema.validate(report, json.loads(schema_path().read_text()))
    assert {"files", "secrets", "routes", "manifests"} <= set(report["profile"]["facts"])
    assert set(report["profile"]["checks"]) == {c["id"] for c in report["checks"]}
    assert all(v >= 0 for v in report["profile"]["checks"].values())
    assert "profile" not in json.loads(prodready("audit", str(service), "-f", "json").stdout)
    assert "Profile (wall time" in prodready("audit", str(service), "--profile").stdout


def test_version_does_not_import_the_cli_framework():
    code = ("import sys; sys.argv = ['prodready', '--version']; from prodready.entry import main; main(); "
            "print('typer' in sys.modules, 'click' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.splitlines() == ["prodready 0.1.0", "False False"]
