"""qa.load-tests: load or performance tests exist."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.model import Outcome
from prodready.registry import check
from prodready.verdicts import needs_deployable

TOOLS = (
    ("k6", r"from ['\"]k6(/http)?['\"]|require\(['\"]k6", (".js", ".ts")),
    ("Locust", r"from locust import|import locust\b", (".py",)),
    ("Artillery", r"^\s*scenarios\s*:|^\s*phases\s*:", (".yml", ".yaml")),
    ("Gatling", r"extends Simulation\b|io\.gatling", (".scala", ".java", ".kt")),
    ("JMeter", r"<jmeterTestPlan", (".jmx",)),
    # scripts, Makefiles and CI steps that run them; a README that says to run them is not one
    ("vegeta / hey / wrk", r"\bvegeta attack\b|\bhey -[nzc]|\bwrk -[tcd]", (".sh", ".yml", ".yaml", "")),
    ("autocannon", r"autocannon\(|\bautocannon -", (".js", ".ts", ".json")),
)


@check(
    id="qa.load-tests",
    blind_spots="Load tests kept in another repository are not seen.",
    title="Load tests exist",
    severity="low",
    why="""
    Capacity is a property you measure, not one you assume. Load tests find the slow query, the
    pool that runs dry and the memory that grows before real traffic does.
    """,
    fix="Add a load test for the main user journeys (k6, Locust, Gatling, Artillery) and run it before releases against a production-like environment.",
    fix_by_stack={
        "python": "Add a `locustfile.py` with a `HttpUser` per journey.",
        "node": "Add k6 scripts (`import http from 'k6/http'`) with thresholds on p95 latency and error rate.",
        "go": "Add k6 scripts or a vegeta attack with a target rate and duration.",
        "java": "Add a Gatling simulation (`extends Simulation`) run by the Gatling Maven/Gradle plugin.",
    },
    references=("https://grafana.com/docs/k6/latest/", "https://docs.locust.io/", "https://docs.gatling.io/"),
)
def load_tests(ctx: CheckContext) -> Outcome:
    skip = needs_deployable(ctx, "load testing")
    if skip:
        return skip
    files = [f for f in ctx.repo.files if f.role != "example"]
    ev = []
    for name, pattern, suffixes in TOOLS:
        hits = ctx.repo.grep(pattern, [f for f in files if f.suffix in suffixes or (f.name == "locustfile.py")], limit=1)
        ev += [evidence(h.path, h.line, h.text, note=f"{name} load test") for h in hits]
    if ev:
        return Outcome.passed(f"load tests: {', '.join(sorted({e.note.rsplit(' load', 1)[0] for e in ev}))}", ev)
    return Outcome.failed("no load or performance tests (k6, Locust, Artillery, Gatling, JMeter, vegeta)")
