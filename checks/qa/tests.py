"""qa.tests: tests exist, a framework runs them, and the test-to-source ratio is reported."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.facts.quality import test_stats
from prodready.facts.usage import Usage
from prodready.model import Outcome
from prodready.registry import check

FRAMEWORKS = (
    Usage("pytest", "python", ("pytest", "pytest-django", "pytest-asyncio"), autoconfigured=True, files=r"(^|/)(pytest\.ini|conftest\.py|tox\.ini)$", code=r"^\[tool\.pytest", suffixes=(".toml",), dev=True),
    Usage("unittest", "python", (), r"unittest\.TestCase", dev=True),
    Usage("jest / vitest / mocha", "node", ("jest", "vitest", "mocha", "ava", "@nestjs/testing", "tap"), autoconfigured=True, files=r"(^|/)(jest|vitest)\.config\.[cm]?[jt]s$|(^|/)\.mocharc", dev=True),
    Usage("node:test", "node", (), r"from ['\"]node:test['\"]|require\(['\"]node:test['\"]\)", dev=True),
    Usage("go test", "go", (), files=r"_test\.go$", dev=True),
    Usage("JUnit", "java", ("org.springframework.boot:spring-boot-starter-test", "org.springframework.boot:spring-boot-starter-*test", "org.junit.jupiter:junit-jupiter*", "junit:junit", "org.testng:testng"), autoconfigured=True, dev=True),
)


@check(
    id="qa.tests",
    blind_spots="Counts tests by file name and test-function patterns; test quality is not judged.",
    title="Tests exist and run with a framework",
    severity="high",
    why="""
    Tests are what make a change safe to ship on a Friday. Without them every deploy is a
    manual experiment; with too few, the untested parts are where incidents come from.
    """,
    fix="Add unit tests for business logic and API tests for each route, run by the stack's test framework in CI.",
    fix_by_stack={
        "fastapi": "Use pytest with FastAPI's `TestClient` (or httpx `AsyncClient`) against the app, with a test database.",
        "django": "Use pytest-django (or `manage.py test`) with DRF's `APIClient`.",
        "flask": "Use pytest with `app.test_client()`.",
        "express": "Use jest or vitest with supertest: `await request(app).get('/items').expect(200)`.",
        "nestjs": "Use @nestjs/testing's `Test.createTestingModule` with jest and supertest for e2e tests.",
        "go": "Write `_test.go` files with table-driven tests and `httptest.NewRecorder()` for handlers; run `go test ./...`.",
        "java": "Use spring-boot-starter-test: JUnit 5 with `@WebMvcTest`/`MockMvc` and `@SpringBootTest` (Testcontainers for the database).",
    },
    references=("https://docs.pytest.org/", "https://jestjs.io/", "https://go.dev/doc/tutorial/add-a-test", "https://docs.spring.io/spring-boot/reference/testing/index.html"),
)
def tests(ctx: CheckContext) -> Outcome:
    stats = test_stats(ctx.files(production=False), ctx.repo)
    if not stats.source_files:
        return Outcome.not_applicable("no source code to test")
    framework = ctx.usage(FRAMEWORKS)
    names = ", ".join(framework.names) or "none configured"
    summary = (f"{stats.test_files} test file(s), {stats.test_functions} test(s); test:source lines "
               f"{stats.test_lines}:{stats.source_lines} (ratio {stats.ratio}); framework: {names}")
    ev = [evidence(p, None, note="test file") for p in stats.examples]
    ev += [evidence(h.path, h.line, h.text, note=f"{h.usage.name} configured") for h in framework.wired]
    if not stats.test_files:
        return Outcome.failed(f"no tests for {stats.source_files} source file(s)", ev)
    if not framework.wired and not framework.listed_only and ctx.stack != "go":
        return Outcome.partial(4, summary, ev)
    if stats.ratio < 0.1:
        return Outcome.partial(5, summary, ev)
    if stats.ratio < 0.3:
        return Outcome.partial(8, summary, ev)
    return Outcome.passed(summary, ev)
