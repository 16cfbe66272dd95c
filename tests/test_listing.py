"""Listing the tree: git gives the lists, our matcher applies every ignore rule, and each git call
has a time limit after which the tree is walked, with a note."""

from __future__ import annotations

import os
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prodready.scanning import listing
from prodready.scanning.ignore import count_steps
from prodready.scanning.listing import MAX_IGNORE_BYTES, IgnoreTree, list_files, walk_files
from prodready.testing import git, write_repo

IGNORES = {
    ".gitignore": "*.log\n!keep.log\nbuild/\n/top.txt\n",
    "sub/.gitignore": "!again.log\nlocal.txt\n",
    "app.py": "", "x.log": "", "keep.log": "", "top.txt": "", "build/out.o": "", "sub/top.txt": "",
    "sub/again.log": "", "sub/local.txt": "", "sub/deeper/local.txt": "", "sub/deeper/main.py": "",
}
KEPT = [".gitignore", "app.py", "keep.log", "sub/.gitignore", "sub/again.log", "sub/deeper/main.py", "sub/top.txt"]


def test_walk_honours_every_gitignore_on_the_way_down(tmp_path):
    root = write_repo(tmp_path / "r", IGNORES)
    paths, from_git, notes = list_files(root)
    assert (sorted(paths), from_git, notes) == (KEPT, False, [])


def test_git_lists_and_our_rules_decide(tmp_path):
    root = write_repo(tmp_path / "r", {**IGNORES, "untracked/.gitignore": "*.tmp\n", "untracked/a.py": "", "untracked/b.tmp": ""},
                      git_init=True, commit=False)
    git(root, "add", "-f", "x.log", "app.py")  # a tracked file is listed even when a rule ignores it
    (root / ".git" / "info" / "exclude").write_text("app.py\nsub/deeper/\n")
    nested = write_repo(root / "vendored", {"lib.py": ""}, git_init=True)  # a repository of its own
    paths, from_git, notes = list_files(root)
    assert from_git and notes == []
    assert sorted(paths) == sorted([p for p in KEPT if p != "sub/deeper/main.py"] + ["x.log", "untracked/.gitignore", "untracked/a.py"])
    assert not any(p.startswith("vendored") for p in paths) and nested.exists()


def test_git_never_matches_a_pattern(tmp_path, monkeypatch):
    root = write_repo(tmp_path / "r", IGNORES, git_init=True)
    calls = []
    real = listing.run_git
    monkeypatch.setattr(listing, "run_git", lambda r, *args, **kw: calls.append((args, kw)) or real(r, *args, **kw))
    list_files(root)
    assert calls and all("--exclude-standard" not in args and kw["timeout"] == listing.GIT_LIST_SECONDS for args, kw in calls)
    assert all("core.sparseCheckout=false" in args for args, _ in calls)


def timing_out_on(flag: str):
    real = listing.run_git

    def run_git(root, *args, **kwargs):
        if flag in args:
            raise subprocess.TimeoutExpired(["git", *args], kwargs["timeout"])
        return real(root, *args, **kwargs)
    return run_git


def test_untracked_listing_that_times_out_is_walked_with_a_note(tmp_path, monkeypatch):
    root = write_repo(tmp_path / "r", IGNORES, git_init=True, commit=False)
    git(root, "add", "-f", "x.log")
    (root / "new.py").write_text("")
    monkeypatch.setattr(listing, "run_git", timing_out_on("--others"))
    paths, from_git, notes = list_files(root)
    assert from_git and notes == ["git could not list untracked files (no answer within 60 s); walked the tree for them instead"]
    assert sorted(set(paths)) == sorted(KEPT + ["new.py", "x.log"])


def test_git_that_times_out_altogether_falls_back_to_the_walk(tmp_path, monkeypatch):
    root = write_repo(tmp_path / "r", IGNORES, git_init=True)
    monkeypatch.setattr(listing, "run_git", timing_out_on("--cached"))
    paths, from_git, notes = list_files(root)
    assert (sorted(paths), from_git) == (KEPT, False)
    assert notes == ["git could not list files (no answer within 60 s); walked the tree instead"]


def test_refused_patterns_and_oversized_files_are_named(tmp_path):
    big = "# filler\n" * (MAX_IGNORE_BYTES // 9) + "app.py\n"  # its last line is past the limit
    root = write_repo(tmp_path / "r", {"sub/.gitignore": "a\n" + "*a" * 550 + "x\n", ".gitignore": big, "app.py": "", "sub/a": ""})
    paths, _, notes = list_files(root)
    assert "app.py" in paths and "sub/a" not in paths
    assert sorted(notes) == [".gitignore: only the first 262,144 bytes read",
                             "sub/.gitignore:2: pattern ignored, over 1,024 characters (1,101)"]


def test_a_symlinked_gitignore_is_not_read(tmp_path):
    outside = tmp_path / "outside"
    outside.write_text("*\n")
    root = write_repo(tmp_path / "r", {"app.py": "", "sub/b.py": ""})
    os.symlink(outside, root / ".gitignore")
    os.symlink(outside, root / "sub" / ".gitignore")
    assert sorted(list_files(root)[0]) == [".gitignore", "app.py", "sub/.gitignore", "sub/b.py"]


@pytest.mark.parametrize("use_git", [False, True])
def test_pathological_gitignore_costs_work_linear_in_the_name(tmp_path, use_git):
    counts = []
    for n in (1024, 2048):
        root = write_repo(tmp_path / f"r{n}{use_git}", {".gitignore": "*a" * 30 + "*b*\n" + "/**/" + "*a" * 20 + "/x\n"}, git_init=use_git)
        (root / ("a" * 120)).mkdir()
        for i in range(n // 128):
            (root / ("a" * 120) / ("a" * 128 + str(i))).write_text("")
        with count_steps() as counted:
            paths = list_files(root)[0]
        assert len(paths) == 1 + n // 128
        counts.append(counted[0])
    assert counts[0] > 1000 and counts[1] <= 2.5 * counts[0], counts


# -- against git, nested .gitignore files and tracked files included ---------------------------------
TOKENS = ["a", "b", "a", "*", "**", "?", "/", "[ab]", "!", "\\a"]
patterns = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=6).map("".join)
paths = st.lists(st.text("ab", min_size=1, max_size=2), min_size=1, max_size=4).map("/".join)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    root = tmp_path_factory.mktemp("listing-oracle")
    env = {**os.environ, "HOME": str(root), "XDG_CONFIG_HOME": str(root), "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=env)
    return root, env


def reset(root, env) -> None:
    subprocess.run(["git", "read-tree", "--empty"], cwd=root, env=env, check=True)
    subprocess.run(["git", "clean", "-qfdx"], cwd=root, env=env, check=True)


@settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated=st.lists(paths, min_size=1, max_size=6), lines=st.lists(st.lists(patterns, min_size=1, max_size=3), min_size=1, max_size=3),
       info=st.lists(patterns, max_size=2), tracked=st.integers(0, 2))
def test_listing_agrees_with_git(scratch, generated, lines, info, tracked):
    root, env = scratch
    reset(root, env)
    unique = sorted(set(generated))
    files = [p for p in unique if not any(q.startswith(p + "/") for q in unique)]
    for rel in files:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("")
    directories = [""] + sorted({f.rsplit("/", 1)[0] for f in files if "/" in f})
    for directory, body in zip(directories, lines):
        (root / directory / ".gitignore").write_text("\n".join(body) + "\n")
    (root / ".git" / "info" / "exclude").write_text("\n".join(info) + "\n")
    if tracked:
        subprocess.run(["git", "add", "-f", "--", *files[:tracked]], cwd=root, env=env, check=True)
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=root, env=env,
                         capture_output=True, check=True).stdout.decode()
    assert sorted(list_files(root)[0]) == sorted(p for p in out.split("\0") if p)
    untracked = set(walk_files(root, IgnoreTree(root, info_exclude=True))) - set(files[:tracked])
    assert untracked == {p for p in out.split("\0") if p} - set(files[:tracked])


def test_base_revision_whose_git_does_not_answer_is_refused_not_a_crash(tmp_path, monkeypatch):
    from prodready.scanning import revision

    root = write_repo(tmp_path / "r", {"app.py": ""}, git_init=True)
    monkeypatch.setattr(revision, "run_git", timing_out_on("rev-parse"))
    with pytest.raises(revision.BaseRevisionError, match=r"--base 'HEAD' could not be resolved: git did not answer within 30 s"):
        revision.resolve(root, "HEAD")
    monkeypatch.setattr(revision, "run_git", timing_out_on("ls-tree"))
    with pytest.raises(revision.BaseRevisionError, match=r"could not be listed: git did not answer within 120 s"):
        with revision.open_revision(root, "HEAD"):
            pass
