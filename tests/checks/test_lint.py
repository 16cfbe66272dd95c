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
    ("none-spring", "spring", {}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_lint(make_repo, name, base, files, status, where):
    check_case(make_repo, "qa.lint", base, files, status, where)


def test_java_build_plugin_is_enforced_by_a_ci_build(make_repo):
    files = {"build.gradle": "plugins {\n  id 'checkstyle'\n}\n", ".github/workflows/ci.yml": "on: push\njobs:\n  build:\n    steps:\n      - run: ./gradlew build\n"}
    check_case(make_repo, "qa.lint", "spring", files, PASS, ["build.gradle:2", ".github/workflows/ci.yml:3"])


def test_root_pre_commit_config_counts_for_a_service_in_a_subfolder(make_repo):
    from tests.conftest import STACKS

    files = {f"backend/{k}": v for k, v in STACKS["fastapi"].items()}
    files.update({"backend/pyproject.toml": "[tool.ruff]\n", ".pre-commit-config.yaml": "repos:\n  - hooks:\n      - id: ruff-format\n"})
    check_case(make_repo, "qa.lint", None, files, PASS, ["backend/pyproject.toml:1", ".pre-commit-config.yaml"])
    check_case(make_repo, "qa.format", None, files, PASS, [".pre-commit-config.yaml:3"])
