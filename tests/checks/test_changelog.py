"""docs.changelog (repository scope): reads repository files the same way whatever the stack, so cases vary the files, not the stack."""

import pytest

from tests.checks.helpers import FAIL, PARTIAL, PASS, check_case, ids

CASES = [
    ("keep-a-changelog", "fastapi", {"CHANGELOG.md": "# Changelog\n\n## [1.2.0] - 2026-01-01\n### Added\n- x\n"}, PASS, ["CHANGELOG.md:3"]),
    ("unreleased", "express", {"CHANGELOG.md": "# Changelog\n\n## Unreleased\n- x\n"}, PASS, ["CHANGELOG.md:3"]),
    ("release-please", "gin", {"release-please-config.json": "{}\n"}, PASS, ["release-please-config.json"]),
    ("changesets", "nestjs", {".changeset/config.json": "{}\n"}, PASS, [".changeset/config.json"]),
    ("empty-changelog", "spring", {"CHANGES.md": "Nothing yet.\n"}, PARTIAL, ["CHANGES.md"]),
    ("none", "flask", {}, FAIL, []),
    ("trap-node-modules", "express", {"node_modules/x/CHANGELOG.md": "## 1.0.0\n"}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_changelog(make_repo, name, base, files, status, where):
    check_case(make_repo, "docs.changelog", base, files, status, where)
