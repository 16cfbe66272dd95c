"""docs.readme: setup, run and test sections, in the service's README or the root one."""

import pytest

from tests.checks.helpers import FAIL, PARTIAL, PASS, check_case, ids

FULL = "# Items API\n\n## Setup\n\n    pip install -r requirements.txt\n\n## Run\n\n    uvicorn app.main:app\n\n## Tests\n\n    pytest\n"
CASES = [
    ("full", "fastapi", {"README.md": FULL}, PASS, ["README.md:3", "README.md:7", "README.md:11"]),
    ("node-commands", "express", {"README.md": "# svc\n\nnpm ci\n\nnpm start\n\nnpm test\n"}, PASS, ["README.md:3", "README.md:5", "README.md:7"]),
    ("partial", "gin", {"README.md": "# svc\n\n## Installation\n\ngo mod download\n"}, PARTIAL, ["README.md:3"]),
    ("no-instructions", "spring", {"README.md": "# Petshop\n\nA shop for pets.\n"}, FAIL, ["README.md"]),
    ("none", "flask", {}, FAIL, []),
    ("service-readme-wins", None, {**{f"svc/{k}": v for k, v in __import__("tests.conftest", fromlist=["STACKS"]).STACKS["flask"].items()},
                                   "README.md": "# monorepo\n", "svc/README.md": FULL}, PASS, ["svc/README.md:3"]),
    ("trap-vendored-readme", "express", {"node_modules/x/README.md": FULL}, FAIL, []),
    ("trap-example-readme-only", "gin", {"examples/demo/README.md": FULL}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_readme(make_repo, name, base, files, status, where):
    check_case(make_repo, "docs.readme", base, files, status, where)
