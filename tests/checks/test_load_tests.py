"""qa.load-tests: k6, Locust, Artillery, Gatling, JMeter, vegeta."""

import pytest

from tests.checks.helpers import FAIL, NA, PASS, check_case, ids

CASES = [
    ("locust", "fastapi", {"loadtest/locustfile.py": "from locust import HttpUser, task\n"}, PASS, ["loadtest/locustfile.py:1"]),
    ("k6", "express", {"load/items.js": "import http from 'k6/http';\nexport default function () { http.get('http://localhost'); }\n"}, PASS, ["load/items.js:1"]),
    ("gatling", "spring", {"src/test/java/com/example/ItemsSimulation.java": "public class ItemsSimulation extends Simulation {}\n"}, PASS, ["src/test/java/com/example/ItemsSimulation.java:1"]),
    ("vegeta", "gin", {"scripts/load.sh": "echo 'GET http://localhost/items' | vegeta attack -rate=50 -duration=30s\n"}, PASS, ["scripts/load.sh:1"]),
    ("none", "flask", {}, FAIL, []),
    ("library", "lib-python", {}, NA, None),
    ("trap-mention-in-readme", "express", {"README.md": "We should add k6 load tests some day.\n"}, FAIL, []),
    ("none-go", "gin", {}, FAIL, []),
    ("none-spring", "spring", {}, FAIL, []),
    ("trap-pattern-in-a-string", "fastapi", {"app/tools.py": 'TOOLS = [("Locust", r"from locust import|import locust")]\n'}, FAIL, []),
    ("trap-docs-page", "gin", {"docs/perf.md": "Run `hey -n 1000 http://localhost/` or a vegeta attack.\n"}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_load_tests(make_repo, name, base, files, status, where):
    check_case(make_repo, "qa.load-tests", base, files, status, where)
