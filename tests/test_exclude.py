"""The configuration's `exclude`: the same bounded matcher as .gitignore, and a refused pattern is
named by the file and line that wrote it."""

from __future__ import annotations

from prodready.facts import RepoFacts
from prodready.runner import prepare
from prodready.scanning.ignore import count_steps

LONG = "*a" * 600 + "x"  # 1,201 characters: refused
BACKTRACKING = "*a" * 30 + "*b*"  # matched in linear time, whatever pathspec would do


def files_of(root):
    facts = RepoFacts(root, prepare(root).options)
    return [e.path for e in facts.files], facts.notes


def test_yaml_exclude_is_applied_and_a_refused_pattern_is_named_by_its_line(make_repo):
    config = f"exclude:\n  - legacy/\n  - '{BACKTRACKING}'\n  - '{LONG}'\n"
    root = make_repo({".prodready.yml": config, "legacy/old.py": "", "a" * 200 + "b.py": "", "a" * 200: "", "app.py": ""}, git=False)
    paths, notes = files_of(root)
    assert sorted(paths) == [".prodready.yml", "a" * 200, "app.py"]
    assert notes == [".prodready.yml:4 (exclude): pattern ignored, over 1,024 characters (1,201)"]


def test_toml_exclude_names_the_key_line(make_repo):
    pyproject = f'[project]\nname = "x"\n\n[tool.prodready]\nexclude = ["{LONG}", "gen/"]\n'
    root = make_repo({"pyproject.toml": pyproject, "gen/x.py": "", "app.py": ""})
    paths, notes = files_of(root)
    assert sorted(paths) == ["app.py", "pyproject.toml"]
    assert notes == ["pyproject.toml:5 (exclude): pattern ignored, over 1,024 characters (1,201)"]


def test_exclude_work_grows_linearly_with_the_names(make_repo):
    counts = []
    for n in (1000, 2000):
        root = make_repo({".prodready.yml": f"exclude: ['{BACKTRACKING}', '/**/{BACKTRACKING}/x']\n",
                          **{f"{'a' * (n // 10)}/{'a' * (n // 10)}{i}": "" for i in range(10)}}, git=False)
        with count_steps() as counted:
            paths, _ = files_of(root)
        assert len(paths) == 11
        counts.append(counted[0])
    assert counts[0] > 1000 and counts[1] <= 2.5 * counts[0], counts
