"""qa.lint: configured and enforced (CI or pre-commit)."""

import pytest

from tests.checks.helpers import FAIL, PARTIAL, PASS, check_case, ids

CI = "on: [push, pull_request]\njobs:\n  lint:\n    steps:\n      - run: {cmd}\n"
CASES = [
    ("ruff-ci", "fastapi", {"pyproject.toml": "[tool.ruff]\nline-length = 100\n", ".github/workflows/ci.yml": CI.format(cmd="ruff check .")}, PASS, ["pyproject.toml:1", ".github/workflows/ci.yml:3"]),
    ("eslint-precommit", "express", {"eslint.config.js": "export default [];\n", ".pre-commit-config.yaml": "repos: []\n"}, PASS, ["eslint.config.js", ".pre-commit-config.yaml"]),
    ("golangci", "gin", {".golangci.yml": "linters:\n  enable: [gofmt]\n", ".github/workflows/ci.yml": CI.format(cmd="golangci-lint run")}, PASS, [".golangci.yml", ".github/workflows/ci.yml:3"]),
    ("checkstyle", "spring", {"build.gradle": "plugins {\n  id 'checkstyle'\n}\n", ".gitlab-ci.yml": "check:\n  script:\n    - ./gradlew checkstyleMain\n"}, PASS, ["build.gradle:2", ".gitlab-ci.yml:1"]),
    ("configured-not-enforced", "flask", {".flake8": "[flake8]\nmax-line-length = 100\n"}, PARTIAL, [".flake8"]),
    ("ci-without-config", "echo", {".github/workflows/ci.yml": CI.format(cmd="go vet ./...")}, PARTIAL, [".github/workflows/ci.yml:3"]),
    ("none", "nestjs", {}, FAIL, []),
    ("trap-listed-only", "express", {"package.json": '{"name": "s", "dependencies": {"express": "4"}, "devDependencies": {"eslint": "9"}}\n'}, PARTIAL, ["package.json:1"]),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_lint(make_repo, name, base, files, status, where):
    check_case(make_repo, "qa.lint", base, files, status, where)
