"""Configuration: sources, every key, and the error messages for bad configurations."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def cli(*args):
    return subprocess.run([sys.executable, "-m", "prodready", *args], capture_output=True, text=True, timeout=120)


def audit_json(root, *args):
    out = cli("audit", str(root), "-f", "json", *args)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_yaml_config_applies_every_key(make_repo):
    config = ("disable: [docs, qa.load-tests]\nseverity:\n  ops.dockerfile: critical\nthresholds:\n  coverage: 50\n"
              "  max_complexity: 30\nexclude:\n  - legacy/\n")
    lcov = "SF:server.js\nLF:10\nLH:6\nend_of_record\n"
    root = make_repo({".prodready.yml": config, "coverage/lcov.info": lcov, "legacy/old.py": "KEY = 'AKIA" + "Q2XW7RZ4T5Y6U8I9'\n"}, base="express")
    report = audit_json(root)
    ids = [c["id"] for c in report["checks"]]
    assert not any(i.startswith("docs.") for i in ids) and "qa.load-tests" not in ids
    assert next(c for c in report["checks"] if c["id"] == "ops.dockerfile")["severity"] == "critical"
    assert next(c for c in report["checks"] if c["id"] == "qa.coverage")["status"] == "pass"  # 60% against 50
    assert next(c for c in report["checks"] if c["id"] == "sec.secrets")["status"] == "pass"  # legacy/ excluded
    assert report["config"] == ".prodready.yml"
    assert "1 files left out: excluded by configuration" in report["notes"]
    # command-line flags win over the configuration
    flag = audit_json(root, "--coverage-threshold", "90")
    assert next(c for c in flag["checks"] if c["id"] == "qa.coverage")["status"] == "fail"  # 60% is over 20 points short of 90


def test_file_size_limit_from_config_and_flag(make_repo):
    root = make_repo({".prodready.yml": "limits:\n  max_file_bytes: 2048\n", "big.py": "x = 1\n" * 1000}, base="flask")
    assert "big.py: skipped, 6000 bytes is over the 2048-byte limit" in audit_json(root)["notes"]
    assert not any("big.py" in n for n in audit_json(root, "--max-file-bytes", "100000")["notes"])
    bad = make_repo({".prodready.yml": "limits:\n  max_file_size: 10\n"}, base="flask")
    assert cli("config", "validate", str(bad)).stderr.strip() == "prodready: config error: .prodready.yml:2: unknown limit 'max_file_size'; did you mean 'max_file_bytes'?"


def test_enable_runs_only_those(make_repo):
    root = make_repo({".prodready.yml": "enable: [sec]\n"}, base="flask")
    assert {c["id"].split(".")[0] for c in audit_json(root)["checks"]} == {"sec"}


def test_pyproject_table_and_which_source_wins(make_repo):
    root = make_repo({"pyproject.toml": '[project]\nname = "x"\nversion = "1"\n\n[tool.prodready]\ndisable = ["qa"]\n'}, base="flask")
    report = audit_json(root)
    assert report["config"] == "pyproject.toml [tool.prodready]"
    assert not any(c["id"].startswith("qa.") for c in report["checks"])
    (root / ".prodready.yml").write_text("disable: [docs]\n")
    both = audit_json(root)
    assert both["config"] == ".prodready.yml"
    assert "configuration pyproject.toml ignored: .prodready.yml wins" in both["notes"]
    assert any(c["id"].startswith("qa.") for c in both["checks"])


@pytest.mark.parametrize("name, text, errors", [
    ("unknown-key", "disabel: [docs]\n", [".prodready.yml:1: unknown key 'disabel'; did you mean 'disable'? (known: enable, disable, severity, thresholds, exclude, limits, services, profiles, waivers, inline_waivers, score_waived, checks_paths)"]),
    ("unknown-id", "disable:\n  - sec.secret\n", [".prodready.yml:2: unknown check id or category 'sec.secret' in disable; did you mean 'sec.secrets'?"]),
    ("wrong-type", "disable: docs\n", [".prodready.yml:1: disable must be a list of check ids or categories"]),
    ("bad-severity", "severity:\n  sec.secrets: urgent\n", [".prodready.yml:2: severity of sec.secrets must be critical, high, medium or low, not 'urgent'"]),
    ("bad-threshold", "thresholds:\n  coverage: 120\n  complexity: 3\n", [".prodready.yml:2: threshold coverage must be between 0 and 100",
                                                                         ".prodready.yml:3: unknown threshold 'complexity'; did you mean 'max_complexity'?"]),
    ("yaml-syntax", "disable: [docs\nseverity: {}\n", [".prodready.yml:2: syntax error: did not find expected ',' or ']'"]),
    ("outside-root", "exclude: ['../secrets']\n", [".prodready.yml:1: exclude pattern '../secrets' points outside the repository"]),
])
def test_bad_yaml_configs(make_repo, name, text, errors):
    root = make_repo({".prodready.yml": text}, base="flask")
    out = cli("config", "validate", str(root))
    assert out.returncode == 2
    assert [line.removeprefix("prodready: config error: ") for line in out.stderr.strip().splitlines()] == errors
    audit = cli("audit", str(root), "-q")
    assert audit.returncode == 2 and "Traceback" not in audit.stderr


def test_toml_errors_have_lines(make_repo):
    root = make_repo({"pyproject.toml": '[project]\nname = "x"\n\n[tool.prodready]\nthresholds = { coverage = "high" }\n'}, base="flask")
    out = cli("config", "validate", str(root))
    assert out.stderr.strip() == "prodready: config error: pyproject.toml:5: threshold coverage must be a number, not str"
    broken = make_repo({"pyproject.toml": '[tool.prodready]\ndisable = ["qa"\n'}, base="flask")
    message = cli("config", "validate", str(broken)).stderr.strip()
    assert message.startswith("prodready: config error: pyproject.toml:") and "syntax error" in message


def test_validate_ok_explicit_file_and_none(make_repo, tmp_path):
    root = make_repo({".prodready.yml": "disable: [docs]\n"}, base="flask")
    assert cli("config", "validate", str(root)).stdout.strip() == "ok: .prodready.yml"
    other = tmp_path / "team.yml"
    other.write_text("enable: [sec]\n")
    assert cli("config", "validate", str(root), "--config", str(other)).stdout.strip() == f"ok: {other} (.prodready.yml ignored)"
    bare = make_repo({}, base="flask")
    assert cli("config", "validate", str(bare)).stdout.startswith("no configuration found")
    assert cli("audit", str(bare), "--config", str(tmp_path / "missing.yml")).returncode == 2
