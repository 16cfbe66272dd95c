"""`prodready fleet` on real reports and checkouts: exact per-check counts, shares, gains, owners."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.fleet_support import (
    REPOS,
    SERVICES,
    WEIGHTS,
    build,
    fleet_json,
    prodready,
    report_paths,
    validate,
)


@pytest.fixture(scope="module")
def fleet(tmp_path_factory) -> tuple[Path, Path]:
    return build(tmp_path_factory.mktemp("fleet"))


def _services_of_reports(reports: Path) -> dict[tuple[str, str], dict]:
    """Each service of each saved report, read straight from the JSON the audit wrote."""
    out = {}
    for name in REPOS:
        data = json.loads((reports / name / "prodready.json").read_text())
        severity = {c["id"]: c["severity"] for c in data["checks"]}
        for service in data["services"]:
            out[(name, service["path"])] = {"score": service["score"], "level": service["level"],
                                            "checks": {c["id"]: (c["status"], c["score"], severity[c["id"]])
                                                       for c in service["checks"]}}
    return out


def _score(checks: dict[str, tuple[str, float | None, str]]) -> int:
    """docs/scoring.md, written out: the severity-weighted mean of scored checks, times ten."""
    scored = [(WEIGHTS[sev], score) for status, score, sev in checks.values()
              if status in ("pass", "partial", "fail") and score is not None]
    return round(sum(w * s for w, s in scored) / sum(w for w, _ in scored) * 10)


def test_per_check_counts_and_shares_from_real_reports(fleet):
    _repos, reports = fleet
    data, out = fleet_json(*report_paths(reports), "--no-db")
    validate(data)
    assert out.stderr == ""
    assert [(s["repo"], s["service"]) for s in data["services"]] == SERVICES
    checks = {c["id"]: c for c in data["checks"]}
    # what the fixtures were built to show (tests/fleet_support.py)
    assert (checks["sec.secrets"]["failing"], checks["sec.secrets"]["applicable"], checks["sec.secrets"]["share"]) == (1, 5, 0.2)
    assert (checks["docs.readme"]["failing"], checks["docs.readme"]["pass"], checks["docs.readme"]["share"]) == (4, 1, 0.8)
    assert (checks["obs.health"]["failing"], checks["obs.health"]["pass"]) == (4, 1)
    assert (checks["ops.lockfile"]["failing"], checks["ops.lockfile"]["pass"], checks["ops.lockfile"]["share"]) == (2, 3, 0.4)
    assert (checks["api.rate-limit"]["failing"], checks["api.rate-limit"]["share"]) == (5, 1.0)
    assert (checks["data.migrations"]["failing"], checks["data.migrations"]["not_applicable"],
            checks["data.migrations"]["applicable"], checks["data.migrations"]["share"]) == (0, 5, 0, 0.0)
    failing = {(s["repo"], s["service"]): set(s["failing"]) for s in data["services"]}
    assert {key for key, ids in failing.items() if "sec.secrets" in ids} == {("payments", ".")}
    assert {key for key, ids in failing.items() if "ops.lockfile" in ids} == {("search", "."), ("shop", "web")}
    # and every check agrees with the statuses in the reports themselves
    truth = _services_of_reports(reports)
    for check_id, summary in checks.items():
        statuses = [t["checks"][check_id][0] for t in truth.values() if check_id in t["checks"]]
        counted = {status: statuses.count(status) for status in ("pass", "partial", "fail", "not_applicable", "error", "waived")}
        assert {k: summary[k] for k in counted} == counted, check_id
        applicable = counted["pass"] + counted["partial"] + counted["fail"] + counted["waived"]
        assert summary["failing"] == counted["fail"] + counted["partial"], check_id
        assert summary["share"] == (round((counted["fail"] + counted["partial"]) / applicable, 4) if applicable else 0.0)
    for service in data["services"]:
        assert service["score"] == truth[(service["repo"], service["service"])]["score"]
        assert service["statuses"] == {k: v[0] for k, v in truth[(service["repo"], service["service"])]["checks"].items()}


def test_gain_is_each_service_rescored_with_the_check_passing(fleet):
    _repos, reports = fleet
    data, _ = fleet_json(*report_paths(reports), "--no-db")
    truth = _services_of_reports(reports)
    assert all(_score(t["checks"]) == t["score"] for t in truth.values())  # the formula above is prodready's
    for summary in data["checks"]:
        check_id = summary["id"]
        gains = []
        for service in truth.values():
            status, _score_now, severity = service["checks"].get(check_id, ("absent", None, "low"))
            if status in ("fail", "partial"):
                fixed = {**service["checks"], check_id: ("pass", 10.0, severity)}
                gains.append(_score(fixed) - service["score"])
        assert summary["failing"] == len(gains), check_id
        assert summary["gain"] == (round(sum(gains) / len(gains), 2) if gains else 0.0), check_id
        assert summary["fleet_gain"] == round(sum(gains) / len(truth), 2), check_id
    ranked = [c["id"] for c in sorted(data["checks"], key=lambda c: (-c["fleet_gain"], -c["failing"], c["id"])) if c["failing"]]
    assert data["ranked"] == ranked
    secrets = next(c for c in data["checks"] if c["id"] == "sec.secrets")
    assert secrets["gain"] > 0  # a critical check: fixing it lifts payments
    markdown = prodready("fleet", *report_paths(reports), "--no-db", "-f", "md").stdout
    by_id = {c["id"]: c for c in data["checks"]}
    shown = re.findall(r"^\d+\. fix `([^`]+)` in (\d+) services?: \+([\d.]+) average", markdown, re.MULTILINE)
    assert shown == [(i, str(by_id[i]["failing"]), f"{by_id[i]['gain']:.1f}") for i in data["ranked"][:10]]
    assert ("api.rate-limit", "5", f"{by_id['api.rate-limit']['gain']:.1f}") in shown


def test_checkouts_are_audited_like_their_reports_and_owned_by_codeowners(fleet):
    repos, reports = fleet
    from_checkouts, out = fleet_json(*(str(repos / name) for name in REPOS), "--no-db", "--jobs", "2")
    from_reports, _ = fleet_json(*report_paths(reports), "--no-db")
    validate(from_checkouts)
    assert out.stderr == ""

    def verdicts(data):
        return [(s["repo"], s["service"], s["score"], s["level"], s["statuses"]) for s in data["services"]]

    assert verdicts(from_checkouts) == verdicts(from_reports)
    assert {(s["repo"], s["service"]): s["team"] for s in from_checkouts["services"]} == {
        ("payments", "."): "@acme/payments", ("orders", "."): "@acme/orders", ("search", "."): None,
        ("shop", "api"): "@acme/shop", ("shop", "web"): "@acme/shop"}
    assert {s["source_kind"] for s in from_checkouts["services"]} == {"checkout"}
    assert all(len(s["commit"]) == 40 for s in from_checkouts["services"])
    teams = {t["team"]: (t["services"], t["lowest"]) for t in from_checkouts["teams"]}
    scores = {(s["repo"], s["service"]): s["score"] for s in from_checkouts["services"]}
    assert teams == {"@acme/orders": (1, scores[("orders", ".")]), "@acme/payments": (1, scores[("payments", ".")]),
                     "@acme/shop": (2, min(scores[("shop", "api")], scores[("shop", "web")])),
                     None: (1, scores[("search", ".")])}
    assert [t["team"] for t in from_checkouts["teams"]] == ["@acme/orders", "@acme/payments", "@acme/shop", None]


def test_reports_take_their_owner_from_a_codeowners_beside_them_and_the_manifest_wins(fleet, tmp_path):
    _repos, reports = fleet
    layout = tmp_path / "reports"
    shutil.copytree(reports, layout)
    (layout / "orders" / "CODEOWNERS").write_text("* @acme/orders-team\n")
    manifest = tmp_path / "fleet.yml"
    manifest.write_text(
        "sources:\n"
        "  - path: reports/payments/prodready.json\n    name: pay\n    team: money\n    tier: 1\n    kind: worker\n"
        "  - path: reports/search/prodready.json\n    tier: '2'\n")
    data, out = fleet_json("--manifest", str(manifest), *(str(layout / n / "prodready.json") for n in ("orders", "search")),
                           "--no-db")
    assert out.stderr == ""
    rows = {s["repo"]: (s["team"], s["tier"], s["kind"]) for s in data["services"]}
    assert rows == {"pay": ("money", "1", "worker"), "search": (None, "2", "api"), "orders": ("@acme/orders-team", None, "api")}
    assert [t["tier"] for t in data["tiers"]] == ["1", "2", None]
    assert data["summary"]["sources"] == 3  # the search report named twice is one source


def test_the_order_workers_finish_in_changes_nothing(fleet):
    repos, reports = fleet
    names = [str(repos / name) for name in REPOS]

    def stable(data):
        data = dict(data, generated_at="")
        data["services"] = [dict(s, audited_at="") for s in data["services"]]
        return data

    one, _ = fleet_json(*names, "--no-db", "--jobs", "1")
    two, _ = fleet_json(*reversed(names), "--no-db", "--jobs", "2")
    assert stable(one) == stable(two)
    first = prodready("fleet", *report_paths(reports), "--no-db", "-f", "json", "--jobs", "2").stdout
    again = prodready("fleet", *report_paths(reports), "--no-db", "-f", "json", "--jobs", "1").stdout
    assert first.splitlines()[0:3] == again.splitlines()[0:3]
    assert [line for line in first.splitlines() if '"generated_at"' not in line] == \
           [line for line in again.splitlines() if '"generated_at"' not in line]


def test_several_formats_go_into_a_directory(fleet, tmp_path):
    _repos, reports = fleet
    out = prodready("fleet", *report_paths(reports), "--no-db", "-f", "json,md", "-f", "html", "-f", "term",
                    "-o", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["fleet.html", "fleet.json", "fleet.md", "fleet.txt"]
    data = json.loads((tmp_path / "out" / "fleet.json").read_text())
    validate(data)
    text = (tmp_path / "out" / "fleet.txt").read_text()
    assert text.startswith(f"prodready fleet: 5 services from 4 sources, average {data['summary']['average']:g}")
    assert "Fix first" in text and "@acme/shop" not in text  # reports carry no owners without a CODEOWNERS beside them


def test_a_downloaded_artifact_directory_is_read_as_its_report(fleet):
    repos, reports = fleet
    by_directory, _ = fleet_json(*(str(reports / name) for name in REPOS), "--no-db")
    by_file, _ = fleet_json(*report_paths(reports), "--no-db")
    assert by_directory["services"] == by_file["services"]
    assert {s["source_kind"] for s in by_directory["services"]} == {"report"}
    checkout, _ = fleet_json(str(repos / "search"), "--no-db")  # a git checkout stays a checkout
    assert checkout["services"][0]["source_kind"] == "checkout"
