"""ops.lockfile per stack."""

import pytest

from tests.checks.helpers import FAIL, NA, PARTIAL, PASS, check_case, ids
from tests.conftest import POM

CASES = [
    ("uv-lock", "fastapi", {"uv.lock": "version = 1\n"}, PASS, ["uv.lock"]),
    ("pinned-requirements", "flask", {"requirements.txt": "flask==3.0.0\ngunicorn==22.0.0\n"}, PASS, ["requirements.txt"]),
    ("package-lock", "express", {"package-lock.json": "{}\n"}, PASS, ["package-lock.json"]),
    ("go-sum", "gin", {"go.sum": "github.com/gin-gonic/gin v1.9.1 h1:x\n"}, PASS, ["go.sum"]),
    ("maven-fixed", "spring", {}, PASS, ["pom.xml"]),
    ("some-unpinned", "django", {"requirements.txt": "django==5.0\ndjangorestframework>=3.15\n"}, PARTIAL, ["requirements.txt:2"]),
    ("none-node", "nestjs", {}, FAIL, ["package.json:1"]),
    ("go-without-sum", "echo", {}, FAIL, ["go.mod:6"]),
    ("maven-range", "spring", {"pom.xml": POM.format(extra="    <dependency><groupId>g</groupId><artifactId>lib</artifactId><version>[1.0,2.0)</version></dependency>")}, PARTIAL, ["pom.xml:16"]),
    ("no-dependencies", "nethttp", {}, NA, None),
    ("trap-lock-in-tests", "express", {"test/fixtures/package-lock.json": "{}\n"}, FAIL, ["package.json:1"]),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_lockfile(make_repo, name, base, files, status, where):
    check_case(make_repo, "ops.lockfile", base, files, status, where)
