"""`audit --base REF` and `prodready diff`: what a change did to the scorecard."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema

from prodready.testing import git, write_repo

SCHEMA = Path(__file__).resolve().parents[1] / "src" / "prodready" / "schema" / "report.schema.json"
GH = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"
HEALTH = "from fastapi import FastAPI\napp = FastAPI()\n\n\n@app.get('/healthz')\ndef healthz():\n    return {}\n"


def cli(*args):
    return subprocess.run([sys.executable, "-m", "prodready", *args], capture_output=True, text=True, timeout=120)


def two_commits(tmp_path):
    root = write_repo(tmp_path / "svc", {"requirements.txt": "fastapi\n", "app/main.py": HEALTH}, git_init=True)
    # the change: a hard-coded token, and the health route removed
    (root / "app" / "main.py").write_text("from fastapi import FastAPI\napp = FastAPI()\nTOKEN = '" + GH + "'\n")
    git(root, "commit", "-qam", "head")
    return root


def test_base_delta_in_json_and_markdown(tmp_path):
    root = two_commits(tmp_path)
    before_status = git(root, "status", "--porcelain")
    before_worktrees = git(root, "worktree", "list")
    report = json.loads(cli("audit", str(root), "--base", "HEAD~1", "-f", "json").stdout)
    jsonschema.validate(report, json.loads(SCHEMA.read_text()))
    delta = report["delta"]
    assert delta["base_ref"] == "HEAD~1" and delta["base_commit"] == git(root, "rev-parse", "HEAD~1").strip()
    assert delta["score_change"] == delta["score_after"] - delta["score_before"] < 0
    changes = {c["id"]: c["change"] for c in delta["checks"]}
    assert changes["sec.secrets"] == "new failure" and changes["obs.health"] == "new failure"
    new = [(f["check"], f["path"], f["line"]) for f in delta["new_findings"]]
    assert ("sec.secrets", "app/main.py", 3) in new
    assert all(GH not in json.dumps(f) for f in delta["new_findings"])
    md = cli("audit", str(root), "--base", "HEAD~1", "-f", "md").stdout
    assert "### Change against HEAD&#126;1" in md
    assert "| `sec.secrets` No hard-coded secrets | pass 10 | fail 0 | new failure |" in md
    assert GH not in md
    # the user's working tree, index and worktrees are untouched
    assert git(root, "status", "--porcelain") == before_status
    assert git(root, "worktree", "list") == before_worktrees


def test_moved_code_is_not_a_new_finding(tmp_path):
    root = write_repo(tmp_path / "m", {"requirements.txt": "flask\n", "app.py": "from flask import Flask\nKEY = '" + GH + "'\n"}, git_init=True)
    (root / "app.py").write_text("from flask import Flask\n\n\n# moved down\nKEY = '" + GH + "'\n")
    git(root, "commit", "-qam", "move")
    delta = json.loads(cli("audit", str(root), "--base", "HEAD~1", "-f", "json", "--only", "sec").stdout)["delta"]
    assert delta["new_findings"] == [] and delta["resolved_findings"] == []


def test_unknown_base_and_non_git_target_exit_2(tmp_path):
    root = two_commits(tmp_path)
    bad = cli("audit", str(root), "--base", "no-such-ref", "-q")
    assert bad.returncode == 2 and bad.stderr.strip() == "prodready: error: --base 'no-such-ref' is not a revision in this repository"
    plain = write_repo(tmp_path / "plain", {"a.py": ""})
    assert cli("audit", str(plain), "--base", "main", "-q").returncode == 2


def test_diff_of_two_saved_reports(tmp_path):
    root = two_commits(tmp_path)
    base_json, head_json = tmp_path / "base.json", tmp_path / "head.json"
    git(root, "checkout", "-q", "HEAD~1")
    cli("audit", str(root), "-f", "json", "-o", str(base_json))
    git(root, "checkout", "-q", "main")
    cli("audit", str(root), "-f", "json", "-o", str(head_json))
    out = cli("diff", str(base_json), str(head_json), "-f", "json")
    delta = json.loads(out.stdout)["delta"]
    assert {c["id"]: c["change"] for c in delta["checks"]}["sec.secrets"] == "new failure"
    md = cli("diff", str(base_json), str(head_json))
    assert "### Change against" in md.stdout
    assert cli("diff", str(tmp_path / "nope.json"), str(head_json)).returncode == 2


def test_base_is_read_from_git_objects_like_the_work_tree_is_listed(tmp_path):
    # `.*` in .gitignore (saleor has it) must not hide tracked dotfiles from the base audit:
    # an unchanged .editorconfig / workflow is the same evidence in base and head, so no change
    files = {"requirements.txt": "fastapi\n", "app/main.py": HEALTH, ".gitignore": ".*\n!.gitignore\n",
             ".editorconfig": "root = true\n[*]\nindent_style = space\n",
             ".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n"}
    root = write_repo(tmp_path / "dots", files, git_init=False)
    git(root, "init", "-q")
    git(root, "add", "-f", ".")
    git(root, "commit", "-qm", "base")
    (root / "app" / "extra.py").write_text("x = 1\n")
    git(root, "add", "app/extra.py")
    git(root, "commit", "-qm", "head")
    report = json.loads(cli("audit", str(root), "--base", "HEAD~1", "-f", "json").stdout)
    assert report["delta"]["score_change"] == 0 and report["delta"]["checks"] == []


def test_revision_index_reads_blobs_notes_symlinks_and_big_files(tmp_path):
    from prodready.scanning.revision import BaseRevisionError, open_revision

    root = write_repo(tmp_path / "r", {"app.py": "x = 1\n", "big.txt": "y" * 5000}, git_init=True)
    (root / "link.py").symlink_to("/etc/passwd")
    (root / "app.py").write_text("x = 2\n")  # a work-tree change the base must not see
    git(root, "add", "link.py", "app.py")
    git(root, "commit", "-qm", "link")
    (root / "app.py").write_text("x = 3\n")
    with open_revision(root, "HEAD~1", max_file_bytes=4096) as (empty_root, index, sha):
        assert sha == git(root, "rev-parse", "HEAD~1").strip()
        assert list(empty_root.iterdir()) == []  # nothing is written to disk
        assert [e.path for e in index] == ["app.py", "big.txt"]
        assert index.text("app.py") == "x = 1\n"
        assert index.text("big.txt") is None and "big.txt: skipped, 5000 bytes is over the 4096-byte limit" in index.notes
    with open_revision(root, "HEAD") as (_root, index, _sha):
        assert "link.py" not in [e.path for e in index] and "link.py: symlink not followed" in index.notes
        assert index.text("app.py") == "x = 2\n"
    try:
        with open_revision(root, "no-such-ref"):
            raise AssertionError("an unknown ref must not open")
    except BaseRevisionError as exc:
        assert "not a revision" in str(exc)


def test_a_base_with_a_missing_blob_is_a_clear_error(tmp_path):
    root = write_repo(tmp_path / "gone", {"app.py": "x = 1\n"}, git_init=True)
    (root / "app.py").write_text("x = 2\n")
    git(root, "commit", "-qam", "two")
    blob = git(root, "rev-parse", "HEAD~1:app.py").strip()
    (root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()  # as in a partial or damaged clone
    out = cli("audit", str(root), "--base", "HEAD~1", "-q")
    assert out.returncode == 2 and "internal error" not in out.stderr
    assert out.stderr.startswith("prodready: error: --base 'HEAD~1' is not fully available in this clone")


def _audit_of_commit(root, ref, tmp_path):
    """What `prodready audit` says of the commit `ref`, checked out on its own."""
    checkout = tmp_path / f"checkout-{ref.replace('~', '-')}"
    git(root, "worktree", "add", "-q", "--detach", str(checkout), ref)
    try:
        out = cli("audit", str(checkout), "-f", "json")
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)
    finally:
        git(root, "worktree", "remove", "--force", str(checkout))


def test_the_base_is_judged_with_its_own_configuration(tmp_path):
    """The base score is what an audit of the base commit says: the base's waiver and severities
    apply to the base, and a head that drops them shows the failure coming back."""
    config = ("severity:\n  obs.health: low\nwaivers:\n  - check: obs.metrics\n"
              "    reason: the mesh sidecar exports them\n")
    files = {"requirements.txt": "fastapi\n", "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
             ".prodready.yml": config}
    root = write_repo(tmp_path / "svc", files, git_init=True)
    git(root, "rm", "-q", ".prodready.yml")
    git(root, "commit", "-qm", "no configuration")
    base = _audit_of_commit(root, "HEAD~1", tmp_path)
    assert base["config"] == ".prodready.yml"
    report = json.loads(cli("audit", str(root), "--base", "HEAD~1", "-f", "json").stdout)
    delta = report["delta"]
    assert report["config"] is None and delta["base_config"] == ".prodready.yml"
    assert (delta["score_before"], delta["grade_before"], delta["level_before"]) == (base["score"], base["grade"], base["level"])
    assert delta["score_after"] == report["score"] and delta["score_before"] != delta["score_after"]
    changes = {c["id"]: (c["before_status"], c["after_status"], c["change"]) for c in delta["checks"]}
    assert changes["obs.metrics"] == ("waived", "fail", "new failure")
    # the other way round: a base without a configuration is judged with the defaults
    (root / ".prodready.yml").write_text(config)
    git(root, "add", ".prodready.yml")
    git(root, "commit", "-qm", "the configuration again")
    plain = _audit_of_commit(root, "HEAD~1", tmp_path)
    delta = json.loads(cli("audit", str(root), "--base", "HEAD~1", "-f", "json").stdout)["delta"]
    assert delta["base_config"] is None and delta["score_before"] == plain["score"]
    assert {c["id"]: c["change"] for c in delta["checks"]}["obs.metrics"] == "fixed"  # fail -> waived
    # --config FILE (from outside the tree) is one configuration for both, as for `history`
    outside = tmp_path / "shared.yml"
    outside.write_text("disable: [obs.metrics]\n")
    fixed = json.loads(cli("audit", str(root), "--base", "HEAD~1", "--config", str(outside), "-f", "json").stdout)
    assert fixed["delta"]["base_config"] == str(outside) and fixed["delta"]["checks"] == []


def test_the_notes_of_the_base_audit_are_kept(tmp_path):
    """A workflow that the base could not parse, and a base configuration that is invalid: the
    base's notes are in the JSON (delta.base_notes) and, where the head does not share them,
    under the change in Markdown."""
    broken = "on: push\njobs:\n  test: [unclosed\n"
    files = {"requirements.txt": "fastapi\n", "app/main.py": HEALTH, ".github/workflows/ci.yml": broken,
             ".prodready.yml": "disable: [no.such-check]\n"}
    root = write_repo(tmp_path / "svc", files, git_init=True)
    (root / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs:\n  test:\n    runs-on: x\n    steps:\n      - run: pytest\n")
    git(root, "rm", "-q", ".prodready.yml")
    git(root, "commit", "-qam", "fixed workflow")
    out = cli("audit", str(root), "--base", "HEAD~1", "-f", "json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    notes = report["delta"]["base_notes"]
    parse_note = next(n for n in notes if n.startswith("could not parse .github/workflows/ci.yml"))
    config_note = next(n for n in notes if n.startswith("configuration .prodready.yml is invalid"))
    assert config_note.endswith("; audited without it") and "no.such-check" in config_note
    assert parse_note not in report["notes"]
    md = cli("audit", str(root), "--base", "HEAD~1", "-f", "md").stdout
    section = md.split("### Change against", 1)[1].split("| Category |", 1)[0]
    assert "Notes on the base" in section and "could not parse .github/workflows/ci.yml" in section
    assert "invalid" in section


def test_the_change_shows_in_the_terminal_and_html_reports(tmp_path):
    """A local `audit --base` run is read in a terminal or a browser, not only in the PR comment."""
    root = two_commits(tmp_path)
    term = cli("audit", str(root), "--base", "HEAD~1", "-f", "term").stdout
    change = term[term.index("Change against HEAD~1"):].split("\n\n")[0]
    assert "  sec.secrets        pass 10      -> fail 0       new failure" in change
    assert "  obs.health         pass 10      -> fail 0       new failure" in change
    assert "    app/main.py:3  sec.secrets  GitHub token (ghp_…" in change
    out = tmp_path / "r.html"
    cli("audit", str(root), "--base", "HEAD~1", "-f", "html", "-o", str(out))
    html = out.read_text()
    section = html[html.index('<section id="change">'):html.index("</section>", html.index('<section id="change">'))]
    assert "<code>HEAD~1</code>" in section and "new failure" in section and "app/main.py:3" in section
    assert GH not in term and GH not in html
