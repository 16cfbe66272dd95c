"""`prodready history` and `audit --blame` on a repository whose story is known (history_support.py),
through the real CLI: the exact points and changes, blame, and the work tree left alone."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.history_support import KEY_ID, KEY_SECRET, STORY, commit, prodready, run_git, story

SCHEMA = Path(__file__).resolve().parents[1] / "src" / "prodready" / "schema"
INVOLVED = ("sec.secrets", "sec.debug", "ops.dockerfile", "data.migrations")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("history") / "svc"
    return root, story(root)


def history_json(*args: str) -> dict:
    out = prodready("history", *args, "-f", "json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_points_and_changes_tell_the_story(repo):
    root, shas = repo
    data = history_json(str(root))
    jsonschema.validate(data, json.loads((SCHEMA / "history.schema.json").read_text()))
    assert [p["commit"] for p in data["points"]] == shas  # commit order, oldest first
    assert [(p["subject"], p["author"], p["date"]) for p in data["points"]] == [
        (subject, author, f"2026-03-0{day}T12:00:00+00:00") for day, (subject, author, _) in enumerate(STORY, 1)]
    assert [[p["checks"][i] for i in INVOLVED] for p in data["points"]] == [
        ["pass", "pass", "fail", "partial"],     # 1 flask service: no Dockerfile, no migration
        ["fail", "fail", "fail", "partial"],     # 2 the key and DEBUG = True
        ["fail", "fail", "partial", "partial"],  # 3 a Dockerfile (not hardened)
        ["pass", "fail", "partial", "partial"],  # 4 the key removed, DEBUG stays
        ["pass", "fail", "partial", "pass"],     # 5 an Alembic migration
    ]
    assert [(p["level"], p["readable"]) for p in data["points"]] == [
        ("bronze", True), ("none", True), ("none", True), ("bronze", True), ("bronze", True)]
    changes = [(c["commit"], c["newly_failing"], c["fixed"], [(m["check"], m["before"], m["after"]) for m in c["changed"]])
               for c in data["changes"]]
    assert changes == [
        (shas[1], ["sec.debug", "sec.secrets"], [], []),
        (shas[2], [], [], [("ops.dockerfile", "fail", "partial")]),
        (shas[3], [], ["sec.secrets"], []),
        (shas[4], [], ["data.migrations"], []),
    ]
    scores = {p["commit"]: p["score"] for p in data["points"]}
    for c in data["changes"]:  # each change's scores are its two points'
        assert (c["score_before"], c["score_after"]) == (scores[c["before"]], scores[c["commit"]])
        assert c["adjacent"] is True and c["before"] == shas[shas.index(c["commit"]) - 1]
    assert data["summary"]["worst"]["commit"] == shas[1] and data["notes"] == []
    assert KEY_ID not in json.dumps(data) and KEY_SECRET not in json.dumps(data)


def test_markdown_names_who_broke_what(repo):
    root, shas = repo
    out = prodready("history", str(root), "-f", "md")
    assert out.returncode == 0, out.stderr
    assert (f"- ❌ `sec.debug` broke in `{shas[1][:7]}` *settings with a key* by Bob, 2026-03-02 (score "
            in out.stdout)
    assert f"- ❌ `sec.secrets` broke in `{shas[1][:7]}` *settings with a key* by Bob, 2026-03-02\n" in out.stdout
    assert f"- ✅ `sec.secrets` fixed in `{shas[3][:7]}` *drop the key* by Bob, 2026-03-04" in out.stdout
    assert out.stdout.count("\n| `") == 5  # one table row per commit


def test_selection_last_every_range_since_and_first_parent(repo):
    root, shas = repo
    assert [p["commit"] for p in history_json(str(root), "--last", "2")["points"]] == shas[3:]
    assert [p["commit"] for p in history_json(str(root), "--last", "2", "--every", "2")["points"]] == [shas[2], shas[4]]
    ranged = history_json(str(root), "--range", f"{shas[1][:10]}..HEAD~1")
    assert [p["commit"] for p in ranged["points"]] == shas[2:4]
    assert [c["commit"] for c in ranged["changes"]] == [shas[3]]  # the first point has no change entry
    since = history_json(str(root), "--since", "2026-03-04")
    assert [p["commit"] for p in since["points"]] == shas[3:]
    assert [p["commit"] for p in history_json(str(root), "--first-parent")["points"]] == shas


def test_tags_and_sampled_changes_name_the_commit_compared_with(tmp_path):
    root = tmp_path / "tagged"
    shas = story(root)
    run_git(root, "tag", "v1", shas[0])
    run_git(root, "tag", "-a", "v2", "-m", "release 2", shas[3])
    data = history_json(str(root), "--tags")
    assert [(p["commit"], p["tags"]) for p in data["points"]] == [(shas[0], ["v1"]), (shas[3], ["v2"])]
    (change,) = data["changes"]
    assert change["before"] == shas[0] and change["adjacent"] is False
    assert change["newly_failing"] == ["sec.debug"] and change["fixed"] == []


def test_a_merge_is_compared_with_its_first_parent(tmp_path):
    root = tmp_path / "merged"
    shas = story(root, steps=3)
    run_git(root, "checkout", "-q", "-b", "topic", shas[0])
    branch = commit(root, "topic: key in config", "Dee", 6, {"config.py": f'KEY = "{KEY_ID}"\n'})
    run_git(root, "checkout", "-q", "main")
    run_git(root, "merge", "-q", "--no-ff", "-m", "merge topic", "topic", day=7)
    data = history_json(str(root))
    by_commit = {c["commit"]: c for c in data["changes"]}
    assert by_commit[branch]["before"] == shas[0] and by_commit[branch]["newly_failing"] == ["sec.secrets"]
    merge = data["points"][-1]
    assert merge["subject"] == "merge topic" and merge["parents"][0] == shas[2]
    # against its first parent (main, which already failed sec.secrets) nothing moved at the merge
    assert merge["commit"] not in by_commit
    assert [p["commit"] for p in data["points"]].index(branch) > 0


def test_blame_names_the_commit_that_made_each_check_fail(repo):
    root, shas = repo
    out = prodready("audit", str(root), "--blame", "-f", "json", "--only", "sec.debug,api.rate-limit,sec.secrets")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    jsonschema.validate(data, json.loads((SCHEMA / "report.schema.json").read_text()))
    blame = {b["check"]: b for b in data["blame"]["checks"]}
    assert data["blame"]["last"] == 50 and data["blame"]["head"] == shas[-1]
    assert set(blame) == {"sec.debug", "api.rate-limit"}  # sec.secrets passes now
    assert blame["sec.debug"]["commit"] == {"sha": shas[1], "short": shas[1][:7], "date": "2026-03-02T12:00:00+00:00",
                                            "author": "Bob", "subject": "settings with a key"}
    assert blame["sec.debug"]["reason"] is None
    assert blame["api.rate-limit"]["commit"]["sha"] == shas[0]
    assert blame["api.rate-limit"]["reason"] == "failing since the repository's first commit"
    short = json.loads(prodready("audit", str(root), "--blame", "--last", "2", "-f", "json", "--only", "sec.debug").stdout)
    assert short["blame"]["checks"] == [{"check": "sec.debug", "commit": None,
                                         "reason": "failing in each of the 2 commits examined (--last 2)"}]


def test_blame_in_every_format(repo, tmp_path):
    root, shas = repo
    out = prodready("audit", str(root), "--blame", "--only", "sec.debug", "-f", "term,md,html,sarif,json", "-o", str(tmp_path))
    assert out.returncode == 0, out.stderr
    short = shas[1][:7]
    assert f'broke in {short} "settings with a key" by Bob, 2026-03-02' in (tmp_path / "prodready.txt").read_text()
    assert f"**Broke in:** `{short}` *settings with a key* by Bob, 2026-03-02" in (tmp_path / "prodready.md").read_text()
    assert f"<code>{short}</code> <em>settings with a key</em> by Bob, 2026-03-02" in (tmp_path / "prodready.html").read_text()
    sarif = json.loads((tmp_path / "prodready.sarif").read_text())
    blamed = [r["properties"]["blame"] for r in sarif["runs"][0]["results"]]
    assert blamed and all(b["commit"]["sha"] == shas[1] for b in blamed)
    from prodready.report_io import load

    card = load(tmp_path / "prodready.json")  # read back (prodready diff, github comment)
    assert card.blame is not None and card.blame.of("sec.debug").commit.sha == shas[1]


def test_blame_of_a_failure_only_in_uncommitted_changes(tmp_path):
    root = tmp_path / "dirty"
    story(root)
    (root / "local.py").write_text(f'SECRET = "{KEY_SECRET}"\nKEY = "{KEY_ID}"\n')
    data = json.loads(prodready("audit", str(root), "--blame", "-f", "json", "--only", "sec.secrets").stdout)
    (entry,) = data["blame"]["checks"]
    assert entry["commit"] is None and entry["reason"].startswith("fails only in uncommitted changes (it is pass at HEAD")


def test_work_tree_index_and_head_are_left_alone(repo):
    root, _shas = repo
    (root / "scratch.txt").write_text("untracked\n")
    (root / "app.py").write_text((root / "app.py").read_text() + "# edited\n")
    index = root / ".git" / "index"
    before = (run_git(root, "status", "--porcelain"), run_git(root, "rev-parse", "HEAD"), index.stat().st_mtime_ns,
              sorted(p.name for p in root.iterdir()))
    assert prodready("history", str(root), "-q").returncode == 0
    assert prodready("audit", str(root), "--blame", "-q").returncode == 0
    after = (run_git(root, "status", "--porcelain"), run_git(root, "rev-parse", "HEAD"), index.stat().st_mtime_ns,
             sorted(p.name for p in root.iterdir()))
    assert after == before
    run_git(root, "checkout", "-q", "--", "app.py")
    (root / "scratch.txt").unlink()


def test_each_commit_is_audited_with_its_own_configuration(tmp_path):
    root = tmp_path / "configured"
    shas = story(root, steps=2)
    waived = commit(root, "waive the debug flag", "Ana", 3, {".prodready.yml": (
        "waivers:\n  - check: sec.debug\n    reason: local settings only\n")})
    broken = commit(root, "break the configuration", "Ana", 4, {".prodready.yml": "enable: [no.such-check]\n"})
    data = history_json(str(root), "--only", "sec")
    statuses = [(p["commit"], p["checks"]["sec.debug"], p["config"]) for p in data["points"]]
    assert statuses == [(shas[0], "pass", None), (shas[1], "fail", None), (waived, "waived", ".prodready.yml"),
                        (broken, "fail", None)]
    assert any(n.startswith(f"{broken[:7]}: configuration .prodready.yml is invalid") for n in data["notes"])
    outside = tmp_path / "team.yml"  # --config: chosen by whoever runs prodready, for every commit
    outside.write_text("waivers:\n  - check: sec.secrets\n    reason: test keys\n")
    data = history_json(str(root), "--only", "sec", "--config", str(outside))
    assert [(p["checks"]["sec.secrets"], p["checks"]["sec.debug"], p["config"]) for p in data["points"]] == [
        ("pass", "pass", str(outside)), ("waived", "fail", str(outside)), ("waived", "fail", str(outside)),
        ("waived", "fail", str(outside))]
