"""Bad input to `prodready fleet`: each a clear line, exit 2 for usage, a note for one bad source
among many (the other services still reported), never a traceback; hostile text made inert."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from prodready.fleet.collect import audit_checkout
from prodready.fleet.sources import resolve
from tests.fleet_support import REPOS, audit, build, fleet_json, prodready, validate


@pytest.fixture(scope="module")
def fleet(tmp_path_factory) -> tuple[Path, Path]:
    return build(tmp_path_factory.mktemp("fleet"))


@pytest.fixture
def reports(fleet, tmp_path) -> Path:
    """A private copy of the four good reports, to spoil some of them."""
    shutil.copytree(fleet[1], tmp_path / "reports")
    return tmp_path / "reports"


def _good(reports: Path, *names: str) -> list[str]:
    return [str(reports / name / "prodready.json") for name in names]


def _no_traceback(out) -> None:
    assert "Traceback" not in out.stderr and "internal error" not in out.stderr, out.stderr


def test_a_report_of_another_schema_version_is_a_note_and_the_rest_is_reported(reports):
    bad = reports / "search" / "prodready.json"
    data = json.loads(bad.read_text())
    bad.write_text(json.dumps({**data, "schema_version": 2}))
    result, out = fleet_json(*_good(reports, *REPOS), "--no-db")
    note = (f"search: {bad}: is a report of schema_version 2; this prodready reads schema_version 1 only "
            "(a newer prodready wrote it: upgrade prodready to read it)")
    assert result["notes"] == [note]
    assert out.stderr == f"prodready: warning: {note}\n"
    assert [s["repo"] for s in result["services"]] == ["orders", "payments", "shop", "shop"]
    assert result["summary"]["sources"] == 4
    validate(result)


def test_a_truncated_report_is_a_note_naming_it(reports):
    bad = reports / "orders" / "prodready.json"
    text = bad.read_text()
    bad.write_text(text[: len(text) // 2])
    result, out = fleet_json(*_good(reports, *REPOS), "--no-db")
    assert len(result["notes"]) == 1
    assert result["notes"][0].startswith(f"orders: {bad}: is not valid JSON (the file is cut short): ")
    assert [s["repo"] for s in result["services"]] == ["payments", "search", "shop", "shop"]
    _no_traceback(out)


def test_a_source_that_does_not_exist_is_a_note(reports, tmp_path):
    missing = tmp_path / "gone" / "prodready.json"
    result, out = fleet_json(*_good(reports, "orders", "search"), str(missing), "--no-db")
    assert result["notes"] == [f"gone: {missing} does not exist"]
    assert out.stderr == f"prodready: warning: gone: {missing} does not exist\n"
    assert [s["repo"] for s in result["services"]] == ["orders", "search"]


def test_invalid_reports_of_every_kind_are_notes(reports, tmp_path):
    odd = tmp_path / "odd"
    odd.mkdir()
    cases = {
        "empty.json": ("", "is empty"),
        "list.json": ("[1, 2]", "is not a prodready report (a JSON object was expected)"),
        "other.json": ('{"name": "not ours"}', "is not a prodready report (no schema_version)"),
        "no-id.json": ('{"schema_version": 1, "checks": [{}]}', "is not a valid prodready report (checks[0].id is missing)"),
        "status.json": ('{"schema_version": 1, "checks": [{"id": "api.cors", "status": "great"}]}',
                        'is not a valid prodready report (checks[0].status is "great", expected one of pass, partial, '
                        "fail, not_applicable, error, waived)"),
        "score.json": ('{"schema_version": 1, "checks": [{"id": "api.cors", "status": "fail", "score": "low"}]}',
                       'is not a valid prodready report (checks[0].score is "low", expected a number from 0 to 10 '
                       "or null)"),
        "binary.json": (b"\xff\xfe\x00garbage", "is not valid JSON"),
    }
    for name, (content, _) in cases.items():
        (odd / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    result, out = fleet_json(*_good(reports, "search"), *(str(odd / n) for n in cases), "--no-db")
    _no_traceback(out)
    notes = dict(note.split(": ", 1) for note in result["notes"])
    assert sorted(notes) == sorted(Path(n).stem for n in cases)
    for name, (_, expected) in cases.items():
        assert expected in notes[Path(name).stem], (name, notes[Path(name).stem])
    assert [s["repo"] for s in result["services"]] == ["search"]


def test_a_report_listing_one_service_twice_is_a_note(reports):
    bad = reports / "shop" / "prodready.json"
    data = json.loads(bad.read_text())
    data["services"][1]["path"] = data["services"][0]["path"] + "\u200b"  # equal once cleaned
    bad.write_text(json.dumps(data))
    result, _ = fleet_json(*_good(reports, "orders", "shop"), "--no-db")
    assert result["notes"] == [f"shop: {bad}: lists the service 'api' twice"]
    assert [s["repo"] for s in result["services"]] == ["orders"]


def test_a_fleet_report_is_not_taken_for_an_audit_report(reports, tmp_path):
    data, _ = fleet_json(*_good(reports, "orders"), "--no-db")
    (tmp_path / "fleet.json").write_text(json.dumps(data))
    result, _ = fleet_json(*_good(reports, "search"), str(tmp_path / "fleet.json"), "--no-db")
    assert result["notes"] == [(f"fleet: {tmp_path / 'fleet.json'}: is a fleet report, not an audit report: "
                                "give the reports it was made from")]


def test_when_no_source_can_be_read_it_is_a_usage_error(tmp_path):
    (tmp_path / "cut.json").write_text('{"schema_version": 1, "checks": [')
    out = prodready("fleet", str(tmp_path / "cut.json"), str(tmp_path / "nowhere"), "--no-db")
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.splitlines()
    assert lines[0] == "prodready: error: no service could be read from the sources"
    assert lines[1].startswith(f"prodready: cut: {tmp_path / 'cut.json'}: is not valid JSON (the file is cut short): ")
    assert lines[2] == f"prodready: nowhere: {tmp_path / 'nowhere'} does not exist"
    assert len(lines) == 3


def test_two_sources_with_one_name_are_a_usage_error(reports, tmp_path):
    twin = tmp_path / "elsewhere" / "orders"
    twin.mkdir(parents=True)
    shutil.copy(reports / "orders" / "prodready.json", twin / "prodready.json")
    out = prodready("fleet", *_good(reports, "orders"), str(twin / "prodready.json"), "--no-db")
    assert out.returncode == 2
    assert out.stderr == (f"prodready: error: two sources are named 'orders': {reports / 'orders' / 'prodready.json'} "
                          f"(argument 1) and {twin / 'prodready.json'} (argument 2); give them different names in the "
                          "manifest\n")
    manifest = tmp_path / "fleet.yml"
    manifest.write_text(f"- path: {reports / 'orders' / 'prodready.json'}\n- path: {twin / 'prodready.json'}\n  name: orders-eu\n")
    result, _ = fleet_json("--manifest", str(manifest), "--no-db")
    assert [s["repo"] for s in result["services"]] == ["orders", "orders-eu"]


@pytest.mark.parametrize("text, message", [
    ("sources:\n  - path: a.json\n    owner: me\n",
     "prodready: error: {m}: sources[0]: unknown field 'owner' (known: path, name, team, tier, kind)"),
    ("sources:\n  - path: a.json\n    teem: x\n",
     "prodready: error: {m}: sources[0]: unknown field 'teem'; did you mean 'team'? (known: path, name, team, tier, kind)"),
    ("sources:\n  - path: a.json\n    kind: database\n",
     "prodready: error: {m}: sources[0].kind must be one of api, worker, library, frontend, not 'database'"),
    ("sources:\n  - name: a\n", "prodready: error: {m}: sources[0] needs a path (a checkout or a saved JSON report)"),
    ("sources:\n  - path: [a, b]\n", "prodready: error: {m}: sources[0].path must be text, not list"),
    ("sources: []\n", "prodready: error: {m}: expected a list of sources (sources: [{{path: ...}}, ...])"),
    ("repos:\n  - a\n", "prodready: error: {m}: unknown key 'repos' (a manifest has one key, sources)"),
    ("sources:\n  - path: 'a\n", "prodready: error: could not parse {m}: "),
])
def test_an_invalid_manifest_is_a_usage_error_naming_the_entry(tmp_path, text, message):
    manifest = tmp_path / "fleet.yml"
    manifest.write_text(text)
    out = prodready("fleet", "--manifest", str(manifest), "--no-db")
    assert out.returncode == 2
    assert out.stderr.startswith(message.format(m=manifest)), out.stderr
    assert len(out.stderr.splitlines()) == 1
    _no_traceback(out)


def test_usage_errors_on_the_command_line(tmp_path):
    none = prodready("fleet", "--no-db")
    assert (none.returncode, none.stderr) == (2, ("prodready: error: no sources: name checkouts or JSON reports, "
                                                  "or a manifest with --manifest FILE\n"))
    manifest = prodready("fleet", "--manifest", str(tmp_path / "nope.yml"))
    assert (manifest.returncode, manifest.stderr) == (2, f"prodready: error: --manifest {tmp_path / 'nope.yml'} does not exist\n")
    fmt = prodready("fleet", str(tmp_path), "-f", "sarif", "--no-db")
    assert (fmt.returncode, fmt.stderr) == (2, "prodready: error: unknown format 'sarif'; choose from term, md, html, json\n")
    big = tmp_path / "big.yml"
    big.write_text("#" * (1024 * 1024 + 1))
    too_big = prodready("fleet", "--manifest", str(big), "--no-db")
    assert (too_big.returncode, too_big.stderr) == (2, f"prodready: error: --manifest {big} is larger than 1,048,576 bytes\n")


def test_an_invalid_configuration_in_one_checkout_is_a_note(fleet, tmp_path, make_repo):
    repos, _ = fleet
    broken = make_repo({".prodready.yml": "disable: [no.such-check]\n"}, base="flask")
    result, out = fleet_json(str(repos / "search"), str(broken), "--no-db", "--jobs", "2")
    assert [s["repo"] for s in result["services"]] == ["search"]
    assert len(result["notes"]) == 1 and result["notes"][0].startswith(f"{broken.name}: {broken}: config error: ")
    _no_traceback(out)


def test_hostile_text_from_reports_and_manifests_is_cleaned_and_escaped(fleet, tmp_path, make_repo):
    hostile = "evil<img src=x onerror=alert(1)>|[x](https://evil.example)\x1b[31m"
    repo = make_repo({f"{hostile.replace('/', '_')[:40]}/requirements.txt": "fastapi\n",
                      f"{hostile.replace('/', '_')[:40]}/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"})
    report = audit(repo, tmp_path / "hostile" / "prodready.json")
    assert any("<img" in s["path"] for s in report["services"])
    manifest = tmp_path / "fleet.yml"
    manifest.write_text(json.dumps({"sources": [{"path": str(tmp_path / "hostile" / "prodready.json"),
                                                 "team": "<b>ops</b>\x1b[2J\u202e", "name": "h<i>x</i>"}]}))
    out = prodready("fleet", "--manifest", str(manifest), "--no-db", "-f", "html,md,json,term", "-o", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    html = (tmp_path / "out" / "fleet.html").read_text()
    markdown = (tmp_path / "out" / "fleet.md").read_text()
    data = json.loads((tmp_path / "out" / "fleet.json").read_text())
    everything = html + markdown + json.dumps(data, ensure_ascii=False) + (tmp_path / "out" / "fleet.txt").read_text()
    assert "\x1b" not in everything and "\u202e" not in everything
    assert "<img" not in html and "<b>ops" not in html and "<i>x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;b&gt;ops&lt;/b&gt;" in html
    assert "<img" not in markdown and "https://evil" not in markdown and "evil&lt;img" in markdown
    assert data["services"][0]["team"] == "<b>ops</b>[2J"


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="needs O_NOFOLLOW")
def test_codeowners_behind_a_symlink_is_never_read(tmp_path, make_repo):
    outside = tmp_path / "outside"
    (outside / ".github").mkdir(parents=True)
    (outside / ".github" / "CODEOWNERS").write_text("* @someone/else\n")
    (outside / "CODEOWNERS").write_text("* @someone/else\n")
    linked_file = make_repo({}, base="flask")
    os.symlink(outside / "CODEOWNERS", linked_file / "CODEOWNERS")
    linked_dir = make_repo({}, base="flask")
    os.symlink(outside / ".github", linked_dir / ".github")
    result, _ = fleet_json(str(linked_file), str(linked_dir), "--no-db")
    assert [(s["repo"], s["team"]) for s in result["services"]] == [(linked_file.name, None), (linked_dir.name, None)]


def _dies_on_search(index, source, options):
    """An audit whose worker process is killed (out of memory, say) when it reaches search."""
    if source.name == "search":
        os._exit(9)
    return audit_checkout(index, source, options)


def test_a_worker_process_that_dies_becomes_a_note(fleet, monkeypatch):
    import prodready.fleet.collect as collect_module

    repos, _ = fleet
    monkeypatch.setattr(collect_module, "audit_checkout", _dies_on_search)
    sources = resolve([repos / "orders", repos / "search"], None)
    rows, _catalog, notes = collect_module.collect(sources, collect_module.Options(jobs=2))
    assert f"search: {repos / 'search'}: its worker process stopped (BrokenProcessPool)" in notes
    # orders is reported, or noted too if the pool broke before it answered: never lost
    assert len(notes) + len({r.repo for r in rows}) == 2
