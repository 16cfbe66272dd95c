"""sec.supply-chain (repository scope): reads repository files the same way whatever the stack, so cases vary the files, not the stack."""

import pytest

from tests.checks.helpers import FAIL, PARTIAL, PASS, check_case, ids

DEPENDABOT = "version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule:\n      interval: weekly\n"
AUDIT_WF = "on: [push, pull_request]\njobs:\n  audit:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pip-audit -r requirements.txt\n"
CASES = [
    ("both", "fastapi", {".github/dependabot.yml": DEPENDABOT, ".github/workflows/audit.yml": AUDIT_WF}, PASS, [".github/dependabot.yml", ".github/workflows/audit.yml:3"]),
    ("renovate-and-govulncheck", "gin", {"renovate.json": "{}\n", ".gitlab-ci.yml": "vuln:\n  script:\n    - govulncheck ./...\n"}, PASS, ["renovate.json", ".gitlab-ci.yml:1"]),
    ("codeql", "spring", {".github/dependabot.yml": DEPENDABOT, ".github/workflows/codeql.yml": "on: push\njobs:\n  analyze:\n    steps:\n      - uses: github/codeql-action/analyze@v3\n"}, PASS, [".github/dependabot.yml", ".github/workflows/codeql.yml:3"]),
    ("updates-only", "express", {".github/dependabot.yml": DEPENDABOT}, PARTIAL, [".github/dependabot.yml"]),
    ("scan-only", "express", {".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    steps:\n      - run: npm audit --audit-level=high\n"}, PARTIAL, [".github/workflows/ci.yml:3"]),
    ("none", "flask", {}, FAIL, []),
    ("trap-commented-step", "flask", {".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    steps:\n      # - run: pip-audit\n      - run: pytest\n"}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_supply_chain(make_repo, name, base, files, status, where):
    check_case(make_repo, "sec.supply-chain", base, files, status, where)
