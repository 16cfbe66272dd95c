"""The gitignore matcher: git's semantics rule by rule, checked against real git and pathspec on
generated patterns, and its work bounded on the patterns that make pathspec and git backtrack.

The bound is asserted on counted work (count_steps: byte comparisons the searches may make), as a
growth ratio when the name doubles, never on seconds: a shared CI machine does not change a count.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from itertools import pairwise

import pathspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prodready.scanning.ignore import (
    MAX_PATTERN_BYTES,
    ExcludeSpec,
    IgnoreRules,
    compile_pattern,
    count_steps,
    split_path,
)


def ignored(lines, path: str, is_dir: bool = False, base: str = "") -> bool:
    rules, _notes = IgnoreRules.from_lines(lines, base)
    return rules.ignored(path, is_dir)


# (lines, path, is_dir, ignored): one or more cases for every rule of gitignore(5)
CASES = [
    # comments, escapes, blank lines
    (["#a"], "#a", False, False), (["\\#a"], "#a", False, True), ([""], "a", False, False),
    (["\\!a"], "!a", False, True), (["a\\"], "a", False, False), (["\\a"], "a", False, True),
    # trailing spaces go unless escaped; a CR before the newline goes; a BOM on line 1 goes
    (["a   "], "a", False, True), (["a\\ "], "a ", False, True), (["a\\ "], "a", False, False),
    (["a\\  "], "a ", False, True), (["a\r"], "a", False, True), (["\ufeffa"], "a", False, True),
    # negation: the last matching line wins
    (["*.log", "!keep.log"], "keep.log", False, False), (["!keep.log", "*.log"], "keep.log", False, True),
    (["*.log", "!keep.log"], "x.log", False, True), (["!a"], "a", False, False),
    # a trailing / matches directories only (and what is below them)
    (["build/"], "build", True, True), (["build/"], "build", False, False), (["build/"], "build/x.o", False, True),
    (["build/"], "src/build/x.o", False, True),
    # no / (but a trailing one): any depth; a leading or middle /: from the .gitignore's directory
    (["a"], "x/y/a", False, True), (["/a"], "x/a", False, False), (["/a"], "a", False, True),
    (["x/a"], "x/a", False, True), (["x/a"], "y/x/a", False, False), (["x/a/"], "x/a", True, True),
    # ** as a whole component
    (["**/b"], "b", False, True), (["**/b"], "x/y/b", False, True), (["a/**"], "a", True, False),
    (["a/**"], "a/x/y", False, True), (["a/**/b"], "a/b", False, True), (["a/**/b"], "a/x/y/b", False, True),
    (["a/**/b"], "a/x/y/c", False, False), (["/**"], "x/y", False, True), (["a/**/"], "a/x", False, False),
    (["a/**/"], "a/x", True, True),
    # * and ? never cross /; ** inside a component is *
    (["a*b"], "x/a/b", False, False), (["x/a*"], "x/a/b", False, True), (["x/a*"], "x/ab", False, True),
    (["a?b"], "a/b", False, False), (["x/a?"], "x/ab", False, True), (["x/a**b"], "x/a/b", False, False),
    (["?"], "\u00e9", False, False), (["??"], "\u00e9", False, True),  # git counts bytes
    # brackets: sets, ranges, negation, ] first, - last, escapes, POSIX names, unclosed
    (["[abc]"], "b", False, True), (["[a-c]"], "b", False, True), (["[a-c]"], "d", False, False),
    (["[!a]"], "b", False, True), (["[^a]"], "a", False, False), (["[]]"], "]", False, True),
    (["[!]]"], "]", False, False), (["[a-]"], "-", False, True), (["[\\]]"], "]", False, True),
    (["[[:digit:]]x"], "7x", False, True), (["[[:bogus:]]"], "b", False, False), (["[abc"], "a", False, False),
    (["[[:x]"], ":", False, True), (["x/a[/]b"], "x/a/b", False, False), (["x/a[!/]b"], "x/acb", False, True),
    # a parent directory excluded: nothing below it comes back
    (["build/", "!build/keep.txt"], "build/keep.txt", False, True),
    (["build/*", "!build/keep.txt"], "build/keep.txt", False, False),
    # git's literal-prefix shortcut: `ab**` right after literal text matches across /
    (["x/ab**"], "x/abc/d", False, True), (["ab**/c"], "abX/Y/c", False, True), (["ab**/c"], "abc", False, True),
    (["ab**//"], "ab", True, True),
]


@pytest.mark.parametrize("lines, path, is_dir, expected", CASES)
def test_each_gitignore_rule(lines, path, is_dir, expected):
    assert ignored(lines, path, is_dir) is expected


@pytest.mark.parametrize("path, expected", [("sub/a", True), ("a", False), ("sub/x/a", False), ("other/sub/a", False)])
def test_anchored_rules_are_relative_to_their_directory(path, expected):
    assert ignored(["/a"], path, base="sub") is expected


def test_basename_rules_below_their_directory_only():
    assert ignored(["*.o"], "sub/x/y.o", base="sub")
    assert not ignored(["*.o"], "y.o", base="sub")


def test_exclude_spec_matches_files_and_what_is_below_a_directory():
    spec = ExcludeSpec(["legacy/", "*.generated.py", "!keep.generated.py"])
    assert spec.match("legacy/app.py") and spec.match("a/b.generated.py")
    assert not spec.match("keep.generated.py") and not spec.match("legacy.py")
    assert spec.notes == []


def test_overlong_and_surplus_patterns_are_refused_with_their_line():
    long = "*a" * 600 + "x"
    rules, notes = IgnoreRules.from_lines(["*.o", long, "b"], source="sub/.gitignore")
    assert notes == [f"sub/.gitignore:2: pattern ignored, over {MAX_PATTERN_BYTES:,} characters (1,201)"]
    assert [p.text for p in rules.patterns] == ["*.o", "b"]
    rules, notes = IgnoreRules.from_lines(["a", "#c", "b", "c"], source=".gitignore", limit=2)
    assert notes == [".gitignore:4: this pattern and every one after it ignored, only the first 2 patterns of a source are read"]
    spec = ExcludeSpec(["ok", long], where=[".prodready.yml:3 (exclude)", ".prodready.yml:4 (exclude)"])
    assert spec.notes == [".prodready.yml:4 (exclude): pattern ignored, over 1,024 characters (1,201)"]


# -- the bound -------------------------------------------------------------------------------------
def steps(pattern: str, path: str) -> int:
    compiled = compile_pattern(pattern.encode())
    with count_steps() as counted:
        compiled.matches(split_path(path))
    return counted[0]


PATHOLOGICAL = [
    ("*a" * 8 + "x", lambda n: "a" * n),  # the issue's: pathspec takes about a minute at n=60
    ("*a" * 30 + "x", lambda n: "a" * n),  # never finishes in pathspec or git
    ("*a" * 30 + "*b*", lambda n: "a" * n),  # the tail matches, a middle chunk is searched to the end
    ("*" + "a*" * 30 + "b*x", lambda n: "a" * n + "x"),
    ("*[ab]?[ab]?c*", lambda n: "ab" * (n // 2)),  # a class chunk: a regular expression per window
    ("*aaaaaaaaab*", lambda n: "a" * n),  # a literal found nowhere, with a long partial match everywhere
    ("x/**/a*a*a*a*a*a*ax/**/b", lambda n: "x/" + "/".join(["a" * 8] * (n // 8)) + "/c"),  # ** one level up
]


@pytest.mark.parametrize("pattern, name", PATHOLOGICAL, ids=[p for p, _ in PATHOLOGICAL])
def test_work_grows_linearly_with_the_name(pattern, name):
    counts = [steps(pattern, name(n)) for n in (512, 1024, 2048, 4096)]
    assert counts[0] > 0
    for small, large in pairwise(counts):
        assert large <= 2.5 * small + 64, (pattern, counts)  # linear: about 2x per doubling


@pytest.mark.parametrize("unit", ["*a", "*?", "*[a]"])
def test_work_grows_at_most_quadratically_with_name_and_pattern_together(unit):
    counts = [steps(unit * (n // 16) + "x", "a" * n) for n in (256, 512, 1024, 2048)]
    for small, large in pairwise(counts):
        assert large <= 4.5 * small + 64, (unit, counts)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(pattern=st.text("ab*?[]!/\\", max_size=40), name=st.text("ab/", min_size=1, max_size=60))
def test_generated_patterns_never_exceed_the_polynomial_bound(pattern, name):
    compiled = compile_pattern(pattern.encode())
    if compiled is None:
        return
    for copies in (1, 2, 4):  # the bound holds as the name grows: growth at most linear in it
        path = "/".join([name.strip("/") or "a"] * copies)
        with count_steps() as counted:
            compiled.matches(split_path(path))
        assert counted[0] <= 2 * (len(path) + 1) * (len(pattern) + 1), (pattern, path, counted[0])


# -- against real git -----------------------------------------------------------------------------
TOKENS = ["a", "b", "a", "*", "**", "?", "/", "[ab]", "[!a]", "[a-b]", "\\a", "[[:alpha:]]", "!", " ", "\\ ", "[", "\\"]
patterns = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=7).map("".join)
components = st.text("ab.", min_size=1, max_size=3).filter(lambda c: c not in (".", ".."))
paths = st.lists(components, min_size=1, max_size=3).map("/".join)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """One repository reused by every example: a `git init` each would cost more than the test."""
    root = tmp_path_factory.mktemp("gitignore-oracle")
    env = {**os.environ, "HOME": str(root), "XDG_CONFIG_HOME": str(root), "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=env)
    return root, env


def git_untracked(root, env, lines, files) -> set[str]:
    for entry in os.listdir(root):
        if entry != ".git":
            target = root / entry
            shutil.rmtree(target) if target.is_dir() else target.unlink()
    for rel in files:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"")
    (root / ".gitignore").write_text("\n".join(lines) + "\n")
    out = subprocess.run(["git", "ls-files", "-z", "--others", "--exclude-standard"], cwd=root, env=env,
                         capture_output=True, check=True).stdout.decode()
    return {p for p in out.split("\0") if p and p != ".gitignore"}


def tree_of(generated: list[str]) -> list[str]:
    """Files that can coexist: no file is also the directory of another."""
    unique = sorted(set(generated))
    return [p for p in unique if not any(q.startswith(p + "/") for q in unique)]


@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(patterns, min_size=1, max_size=3), generated=st.lists(paths, min_size=1, max_size=5))
def test_agrees_with_git_on_generated_patterns(scratch, lines, generated):
    root, env = scratch
    files = tree_of(generated)
    listed = git_untracked(root, env, lines, files)
    rules, _ = IgnoreRules.from_lines(lines)
    assert {f for f in files if not rules.ignored(f)} == listed, lines


# -- against pathspec, where its patterns are not pathological --------------------------------------
component_globs = st.lists(st.sampled_from(["a", "b", "*", "?", "[ab]"]), min_size=1, max_size=4).map("".join)
plain_patterns = st.tuples(
    st.sampled_from(["", "/", "**/"]), st.lists(component_globs, min_size=1, max_size=3).map("/".join),
    st.sampled_from(["", "/", "/**"]), st.booleans(),
).map(lambda t: ("!" if t[3] else "") + t[0] + t[1] + t[2])


@settings(max_examples=300, derandomize=True, deadline=None)
@given(lines=st.lists(plain_patterns, min_size=1, max_size=3), path=st.lists(st.text("ab", min_size=1, max_size=3), min_size=1, max_size=4).map("/".join))
def test_agrees_with_pathspec_on_ordinary_patterns(lines, path):
    # pathspec re-includes below an excluded directory, which git never does: compare the
    # last line that decides, on a path whose parents no line excludes
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    rules, _ = IgnoreRules.from_lines(lines)
    parents = ["/".join(path.split("/")[:i]) for i in range(1, path.count("/") + 1)]
    if any(spec.match_file(p + "/") or rules.ignored(p, True) for p in parents):
        return
    assert rules.ignored(path) is spec.match_file(path), lines
