"""docs.architecture (repository scope): reads repository files the same way whatever the stack, so cases vary the files, not the stack."""

import pytest

from tests.checks.helpers import FAIL, PARTIAL, PASS, check_case, ids

CASES = [
    ("adr", "fastapi", {"docs/adr/0001-use-postgres.md": "# Use Postgres\n"}, PASS, ["docs/adr/0001-use-postgres.md"]),
    ("architecture-md", "express", {"ARCHITECTURE.md": "# Architecture\n"}, PASS, ["ARCHITECTURE.md"]),
    ("mermaid", "gin", {"docs/notes.md": "# Notes\n\n```mermaid\ngraph TD; A-->B\n```\n"}, PASS, ["docs/notes.md:3"]),
    ("plantuml", "spring", {"docs/components.puml": "@startuml\n@enduml\n"}, PASS, ["docs/components.puml"]),
    ("docs-folder-only", "flask", {"docs/usage.md": "# Usage\n"}, PARTIAL, ["docs/usage.md"]),
    ("none", "chi", {}, FAIL, []),
    ("trap-test-fixture", "flask", {"tests/fixtures/architecture.md": "# fixture\n"}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_architecture(make_repo, name, base, files, status, where):
    check_case(make_repo, "docs.architecture", base, files, status, where)
