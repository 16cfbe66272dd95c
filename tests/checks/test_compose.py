"""ops.compose: a compose file builds the service and starts its dependencies."""

import pytest

from tests.checks.helpers import FAIL, NA, PARTIAL, PASS, check_case, ids

DB = {"requirements.txt": "fastapi\nsqlalchemy\npsycopg2\n"}
CASES = [
    ("with-db", "fastapi", {**DB, "compose.yaml": "services:\n  api:\n    build: .\n  db:\n    image: postgres:16\n"}, PASS, ["compose.yaml:2", "compose.yaml:4"]),
    ("no-db-needed", "gin", {"docker-compose.yml": "services:\n  api:\n    build:\n      context: .\n"}, PASS, ["docker-compose.yml:2"]),
    ("missing-db", "fastapi", {**DB, "compose.yaml": "services:\n  api:\n    build: .\n"}, PARTIAL, ["compose.yaml:2"]),
    ("tilt", "spring", {"Tiltfile": "docker_build('api', '.')\n"}, PASS, ["Tiltfile"]),
    ("compose-for-other", "express", {"compose.yaml": "services:\n  cache:\n    image: redis:7\n"}, PARTIAL, ["compose.yaml"]),
    ("none", "flask", {}, FAIL, []),
    ("library", "lib-go", {}, NA, None),
    ("node-with-db", "express", {"package.json": '{"name": "s", "dependencies": {"express": "4", "pg": "8"}}\n', "docker-compose.yml": "services:\n  web:\n    build: .\n  pg:\n    image: postgres:16\n"}, PASS, ["docker-compose.yml:2", "docker-compose.yml:4"]),
    ("none-go", "gin", {}, FAIL, []),
    ("none-spring", "spring", {}, FAIL, []),
    ("trap-compose-in-tests", "flask", {"tests/fixtures/compose.yaml": "services:\n  api:\n    build: ../..\n"}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_compose(make_repo, name, base, files, status, where):
    check_case(make_repo, "ops.compose", base, files, status, where)


def test_override_file_is_merged_with_the_base_file(make_repo):
    files = {**DB, "compose.yml": "services:\n  db:\n    image: postgres:16\n", "compose.override.yml": "services:\n  api:\n    build: .\n"}
    check_case(make_repo, "ops.compose", "fastapi", files, PASS, ["compose.override.yml:2", "compose.yml:2"])
