"""qa.format per stack."""

import pytest

from tests.checks.helpers import FAIL, PARTIAL, PASS, check_case, ids

CASES = [
    ("black", "django", {"pyproject.toml": "[tool.black]\nline-length = 100\n"}, PASS, ["pyproject.toml:1"]),
    ("ruff-format", "fastapi", {"pyproject.toml": "[tool.ruff.format]\nquote-style = 'double'\n"}, PASS, ["pyproject.toml:1"]),
    ("prettier", "express", {".prettierrc": "{}\n"}, PASS, [".prettierrc"]),
    ("gofmt-in-ci", "gin", {".github/workflows/ci.yml": "on: push\njobs:\n  fmt:\n    steps:\n      - run: test -z \"$(gofmt -l .)\"\n"}, PASS, [".github/workflows/ci.yml:5"]),
    ("spotless", "spring", {"build.gradle": "plugins {\n  id 'com.diffplug.spotless' version '6.25.0'\n}\n"}, PASS, ["build.gradle:2"]),
    ("editorconfig-only", "flask", {".editorconfig": "root = true\n"}, PARTIAL, [".editorconfig"]),
    ("listed-only", "nestjs", {"package.json": '{"name": "s", "dependencies": {"@nestjs/core": "10"}, "devDependencies": {"prettier": "3"}}\n'}, PARTIAL, ["package.json:1"]),
    ("none", "chi", {}, FAIL, []),
    ("trap-config-in-tests", "express", {"test/fixtures/.prettierrc": "{}\n"}, FAIL, []),
    ("none-spring", "spring", {}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_format(make_repo, name, base, files, status, where):
    check_case(make_repo, "qa.format", base, files, status, where)
