"""ops.ci (repository scope): reads repository files the same way whatever the stack, so cases vary the files, not the stack."""

import pytest

from tests.checks.helpers import FAIL, PARTIAL, PASS, check_case, ids

GHA = """name: CI
on:
  push:
  pull_request:
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: ruff check .
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pytest -q
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
"""
CASES = [
    ("github-full", "fastapi", {".github/workflows/ci.yml": GHA}, PASS, [".github/workflows/ci.yml:6", ".github/workflows/ci.yml:10", ".github/workflows/ci.yml:15"]),
    ("gitlab-test-only", "express", {".gitlab-ci.yml": "test:\n  image: node:20\n  script:\n    - npm ci\n    - npm test\n"}, PARTIAL, [".gitlab-ci.yml:1"]),
    ("jenkins-maven", "spring", {"Jenkinsfile": "pipeline {\n  stages {\n    stage('Build') { steps { sh './mvnw -B verify' } }\n    stage('Lint') { steps { sh './mvnw checkstyle:check' } }\n  }\n}\n"}, PASS, ["Jenkinsfile:3", "Jenkinsfile:4"]),
    ("never-tests", "gin", {".github/workflows/release.yml": "on: push\njobs:\n  release:\n    steps:\n      - run: go build ./...\n"}, PARTIAL, [".github/workflows/release.yml"]),
    ("only-on-schedule", "flask", {".github/workflows/nightly.yml": "on:\n  schedule:\n    - cron: '0 0 * * *'\njobs:\n  test:\n    steps:\n      - run: pytest\n"}, PARTIAL, [".github/workflows/nightly.yml:5"]),
    ("broken-yaml", "flask", {".github/workflows/ci.yml": "on: push\njobs: [unclosed\n"}, PARTIAL, [".github/workflows/ci.yml:3"]),
    ("none", "chi", {}, FAIL, []),
    ("trap-commented-test", "express", {".github/workflows/ci.yml": "on: push\njobs:\n  build:\n    steps:\n      # - run: npm test\n      - run: npm run build\n"}, PARTIAL, [".github/workflows/ci.yml"]),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_ci(make_repo, name, base, files, status, where):
    run = check_case(make_repo, "ops.ci", base, files, status, where)
    if name == "github-full":
        assert run.message == "tests, lint and build run on every change; 1 pipeline(s) (GitHub Actions); jobs that test: 1, lint: 1, build: 1, scan: 0"
    if name == "never-tests":
        assert run.message.startswith("CI never runs tests")
