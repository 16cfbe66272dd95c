"""Bad input to `prodready history` and `audit --blame`, through the real CLI: one clear line and
exit 2 when nothing can be read, a note in the report when part of the range can, never a
traceback; hostile refs refused before git sees them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.history_support import prodready, run_git, story


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("inputs") / "svc"
    return root, story(root)


def refused(out: subprocess.CompletedProcess, message: str) -> None:
    """Exit 2 with exactly one line on stderr, holding `message`."""
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert "Traceback" not in out.stderr and out.stderr.count("\n") == 1, out.stderr
    assert out.stderr.startswith("prodready: error: ") and message in out.stderr, out.stderr


def loose_object(root: Path, sha: str) -> Path:
    return root / ".git" / "objects" / sha[:2] / sha[2:]


def test_not_a_git_repository(tmp_path):
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "app.py").write_text("x = 1\n")
    refused(prodready("history", str(plain)), f"{plain} is not a git repository")
    refused(prodready("audit", str(plain), "--blame", "-q"), f"--blame: {plain} is not a git repository")
    refused(prodready("history", str(tmp_path / "nowhere")), "does not exist")
    empty = tmp_path / "empty"
    empty.mkdir()
    run_git(empty, "init", "-q")
    refused(prodready("history", str(empty)), "the repository has no commit at HEAD")


def test_unknown_refs_and_empty_ranges(repo):
    root, _shas = repo
    refused(prodready("history", str(root), "--range", "no-such-tag..HEAD"),
            "--range start 'no-such-tag' is not a revision in this repository")
    refused(prodready("history", str(root), "--range", "HEAD..main~9"), "--range end 'main~9' is not a revision")
    refused(prodready("history", str(root), "--range", "HEAD..HEAD"), "--range HEAD..HEAD holds no commit to audit")
    refused(prodready("history", str(root), "--since", "2030-01-01"), "holds no commit to audit")
    tree = run_git(root, "rev-parse", "HEAD^{tree}").strip()
    refused(prodready("history", str(root), "--range", f"{tree}..HEAD"), "is a tree, not a commit")


@pytest.mark.parametrize("value", [
    "--upload-pack=touch /tmp/x..HEAD", "-x..HEAD", "HEAD..--output=/tmp/x", "HEAD@{1}..HEAD", "a b..HEAD",
    "HEAD:app.py..HEAD", ":/flask..HEAD", "HEAD...main", "..HEAD", "HEAD..main..x", "ma\x1bin..HEAD", "a/.hidden..HEAD",
    "x.lock..HEAD", "HEAD^{tree}..HEAD",
])
def test_hostile_refs_are_refused_before_git(repo, tmp_path, value):
    root, _shas = repo
    out = prodready("history", str(root), f"--range={value}")
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    assert "refused" in out.stderr and out.stderr.count("\n") == 1, out.stderr
    assert not Path("/tmp/x").exists()


def test_bad_options(repo):
    root, _shas = repo
    refused(prodready("history", str(root), "--since", "last tuesday-ish"), "--since 'last tuesday-ish' is not a date")
    refused(prodready("history", str(root), "--last", "3", "--since", "2026-01-01"), "choose one of --last, --since and --range")
    refused(prodready("history", str(root), "--every", "2", "--tags"), "choose one of --every and --tags")
    refused(prodready("history", str(root), "-f", "sarif"), "unknown format 'sarif'")
    refused(prodready("history", str(root), "--only", "no.such"), "unknown check id or category: no.such")
    refused(prodready("audit", str(root), "--last", "3", "-q"), "--last goes with --blame")
    relative = prodready("history", str(root), "--since", "12 years ago", "-f", "json")
    assert relative.returncode == 0 and len(json.loads(relative.stdout)["points"]) == 5


def test_shallow_clone_ending_inside_the_range(repo, tmp_path):
    root, shas = repo
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "3", f"file://{root}", str(clone)], check=True, capture_output=True)
    out = prodready("history", str(clone), "--last", "10", "-f", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [p["commit"] for p in data["points"]] == shas[2:]
    assert data["notes"] == [f"this is a shallow clone ending at {shas[2][:7]}: its history stops there, before 10 points "
                             "was covered (git fetch --unshallow to read more)"]
    ranged = json.loads(prodready("history", str(clone), "--range", f"{shas[0]}..HEAD", "-f", "json").stdout)
    assert [p["commit"] for p in ranged["points"]] == shas[2:]
    assert ranged["notes"][0].startswith(f"--range start '{shas[0]}' is not in this clone (a shallow clone)")
    # nothing of the range is in the clone: exit 2
    refused(prodready("history", str(clone), "--range", f"{shas[0]}..{shas[1]}"), f"--range end '{shas[1]}' is not a revision")
    blamed = json.loads(prodready("audit", str(clone), "--blame", "--only", "sec.debug", "-f", "json").stdout)
    assert blamed["blame"]["checks"] == [{"check": "sec.debug", "commit": None, "reason":
        f"the history before {shas[2][:7]} could not be read (a shallow clone, or a missing object)"}]


def test_a_missing_blob_makes_its_commits_unreadable_not_wrong(tmp_path):
    root = tmp_path / "damaged"
    shas = story(root)
    blob = run_git(root, "rev-parse", f"{shas[1]}:settings.py").strip()  # the key: only in commits 2 and 3
    loose_object(root, blob).unlink()
    out = prodready("history", str(root), "-f", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [p["readable"] for p in data["points"]] == [True, False, False, True, True]
    assert data["points"][1]["score"] is None and data["points"][1]["checks"] == {}
    assert any(n.startswith(f"{shas[1][:7]}: git could not read this commit's files") for n in data["notes"])
    (first, *_rest) = data["changes"]  # compared across the unreadable commits
    assert first["commit"] == shas[3] and first["before"] == shas[0] and first["adjacent"] is False
    assert first["newly_failing"] == ["sec.debug"]


def test_a_missing_commit_ends_the_walk_with_a_note(tmp_path):
    root = tmp_path / "cut"
    shas = story(root)
    loose_object(root, shas[1]).unlink()
    out = prodready("history", str(root), "-f", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    walked = [p["commit"] for p in data["points"]]  # git stops where it needs the missing commit's data
    assert len(walked) >= 2 and walked == shas[-len(walked):]
    assert any("git could not walk the history further" in n for n in data["notes"])


def test_nothing_readable_is_exit_2(tmp_path):
    root = tmp_path / "gone"
    shas = story(root, steps=1)
    tree = run_git(root, "rev-parse", f"{shas[0]}^{{tree}}").strip()
    loose_object(root, tree).unlink()
    refused(prodready("history", str(root)), "no commit of the history could be read")
