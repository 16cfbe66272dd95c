"""docs.runbook (repository scope): reads repository files the same way whatever the stack, so cases vary the files, not the stack."""

import pytest

from tests.checks.helpers import FAIL, PARTIAL, PASS, check_case, ids

FULL = "# Runbook\n\n## Deploy\nMerge to main.\n\n## Rollback\nRevert the release.\n\n## Incidents\nPage the on-call.\n"
CASES = [
    ("full", "fastapi", {"docs/runbook.md": FULL}, PASS, ["docs/runbook.md:3", "docs/runbook.md:6", "docs/runbook.md:9"]),
    ("ops-folder", "gin", {"ops/deploy.md": "# How we release\n\nRoll back with `kubectl rollout undo`.\n\nAlerts go to #oncall.\n"}, PASS, None),
    ("deploy-only", "express", {"RUNBOOK.md": "# Runbook\n\nDeploy with `make deploy`.\n"}, PARTIAL, ["RUNBOOK.md:3"]),
    ("none", "spring", {}, FAIL, []),
    ("trap-readme-mention", "flask", {"README.md": "See the runbook (TODO) for deploys and rollbacks.\n"}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_runbook(make_repo, name, base, files, status, where):
    check_case(make_repo, "docs.runbook", base, files, status, where)
