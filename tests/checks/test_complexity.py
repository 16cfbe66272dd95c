"""qa.complexity: radon for Python, lizard for JS/TS, Go and Java; the worst listed with rank."""

import pytest

from prodready.model import Status
from prodready.testing import run_check
from tests.checks.helpers import FAIL, NA, PASS, check_case, ids

BRANCHY_PY = "def tangled(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(20)) + "    return -1\n\n\ndef simple(a):\n    return a\n"
BRANCHY_GO = "package main\n\nfunc tangled(x int) int {\n" + "".join(f"\tif x == {i} {{\n\t\treturn {i}\n\t}}\n" for i in range(20)) + "\treturn -1\n}\n"
BRANCHY_JS = "function tangled(x) {\n" + "".join(f"  if (x === {i}) return {i};\n" for i in range(20)) + "  return -1;\n}\n"
BRANCHY_JAVA = "class T {\n  int tangled(int x) {\n" + "".join(f"    if (x == {i}) return {i};\n" for i in range(20)) + "    return -1;\n  }\n}\n"
CASES = [
    ("python-simple", "fastapi", {}, PASS, None),
    ("python-branchy", "flask", {"logic.py": BRANCHY_PY}, FAIL, ["logic.py:1"]),
    ("go-branchy", "gin", {"logic.go": BRANCHY_GO}, FAIL, ["logic.go:3"]),
    ("js-branchy", "express", {"logic.js": BRANCHY_JS}, FAIL, ["logic.js:1"]),
    ("java-branchy", "spring", {"src/main/java/com/example/T.java": BRANCHY_JAVA}, FAIL, ["src/main/java/com/example/T.java:2"]),
    ("no-code", None, {"README.md": "# docs\n"}, NA, None),
    ("trap-test-code", "flask", {"tests/test_logic.py": BRANCHY_PY}, PASS, None),
    ("go-simple", "gin", {}, PASS, None),
    ("js-simple", "express", {}, PASS, None),
    ("java-simple", "spring", {}, PASS, None),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_complexity(make_repo, name, base, files, status, where):
    run = check_case(make_repo, "qa.complexity", base, files, status, where)
    if name == "python-branchy":
        assert run.repo.outcome.evidence[0].note == "tangled: complexity 21 (rank D)"


def test_threshold_is_configurable(make_repo):
    root = make_repo({"logic.py": BRANCHY_PY}, base="flask")
    from prodready.engine import audit, select
    from prodready.facts import AuditOptions
    from prodready.registry import discover

    card = audit(root, select(discover(), ["qa.complexity"]), AuditOptions(max_complexity=25))
    assert card.results[0].status is Status.PASS
    assert run_check(root, "qa.complexity").status is Status.FAIL


def test_a_method_counts_once(make_repo):
    """radon gives each method as a block of its own and again inside its class."""
    method = BRANCHY_PY.replace("def tangled(x)", "    def tangled(self, x)").replace("\n    ", "\n        ")
    code = "class Rules:\n" + method.split("\n\n\ndef simple")[0] + "\n"
    run = run_check(make_repo({"logic.py": code}, base="flask"), "qa.complexity")
    notes = [e.note for e in run.repo.outcome.evidence]
    assert notes.count("Rules.tangled: complexity 21 (rank D)") == 1
    assert run.message.startswith("1 of ")
