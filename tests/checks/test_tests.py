"""qa.tests: counts test files and tests per stack, the framework, and the test:source ratio."""

import pytest

from tests.checks.helpers import FAIL, NA, PARTIAL, PASS, check_case, ids
from tests.conftest import POM

PY_TESTS = "def test_a():\n    assert 1\n\n\ndef test_b():\n    assert 2\n\n\ndef test_c():\n    assert 3\n"
CASES = [
    ("pytest", "fastapi", {"requirements-dev.txt": "pytest\n", "tests/test_items.py": PY_TESTS}, PASS, ["tests/test_items.py", "requirements-dev.txt:1"]),
    ("jest", "express", {"package.json": '{"name": "s", "scripts": {"start": "node server.js"}, "dependencies": {"express": "4"}, "devDependencies": {"jest": "29"}}\n',
                         "server.test.js": "test('a', () => {});\ntest('b', () => {});\nit('c', () => {});\n"}, PASS, ["server.test.js", "package.json:1"]),
    ("go-test", "gin", {"main_test.go": "package main\n\nfunc TestItems(t *testing.T) {\n\tt.Log(1)\n}\n\nfunc TestMore(t *testing.T) {\n\tt.Log(2)\n}\n"}, PASS, ["main_test.go"]),
    ("junit", "spring", {"pom.xml": POM.format(extra="    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-test</artifactId><scope>test</scope></dependency>"),
                         "src/test/java/com/example/AppTest.java": "class AppTest {\n  @Test void a() {}\n  @Test void b() {}\n  @Test void c() {}\n}\n"}, PASS, ["src/test/java/com/example/AppTest.java"]),
    ("no-framework", "flask", {"tests/test_app.py": PY_TESTS}, PARTIAL, ["tests/test_app.py"]),
    ("thin-ratio", "express", {"package.json": '{"name": "s", "dependencies": {"express": "4"}, "devDependencies": {"jest": "29"}}\n', "a.test.js": "test('a', () => {});\n",
                               "src/big.js": "\n".join(f"const v{i} = {i};" for i in range(100))}, PARTIAL, ["a.test.js"]),
    ("none-python", "django", {}, FAIL, []),
    ("none-go", "echo", {}, FAIL, []),
    ("no-code", None, {"README.md": "# docs\n"}, NA, None),
    ("trap-named-test-not-a-test", "flask", {"testing_utils.py": "def helper():\n    pass\n"}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_qa_tests(make_repo, name, base, files, status, where):
    run = check_case(make_repo, "qa.tests", base, files, status, where)
    if name == "pytest":
        assert run.message.startswith("1 test file(s), 3 test(s); test:source lines 6:")


def test_spring_boot_4_test_starters_are_junit(make_repo):
    pom = POM.format(extra="    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-webmvc-test</artifactId><scope>test</scope></dependency>")
    files = {"pom.xml": pom, "src/test/java/com/example/AppTest.java": "class AppTest {\n  @Test void a() {}\n  @Test void b() {}\n}\n"}
    run = check_case(make_repo, "qa.tests", "spring", files, PASS, None)
    assert run.message.endswith("framework: JUnit")
