"""ops.ci: a CI pipeline runs the tests on every change; which jobs test, lint and build."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.facts.ci import CiJob, CiPipeline
from prodready.model import Evidence, Outcome, Severity
from prodready.registry import check

_ON_CHANGE = {"push", "pull_request", "pull_request_target", "merge_request", "merge_group"}


@check(
    id="ops.ci",
    blind_spots="Commands are classified by patterns; a test step hidden behind a custom script name is not recognised.",
    title="CI runs the tests on every change",
    severity="high",
    scope="repo",
    why="""
    Tests that only run on a developer's laptop run when someone remembers. A pipeline that runs
    them (and lint and the build) on every push and pull request is what keeps main releasable.
    """,
    fix="Add a pipeline triggered on push and pull request that installs, lints, runs the tests and builds the artefact.",
    fix_by_stack={
        "python": "`.github/workflows/ci.yml` with actions/setup-python, `pip install -e .[test]`, `ruff check .`, `pytest`.",
        "node": "`.github/workflows/ci.yml` with actions/setup-node, `npm ci`, `npm run lint`, `npm test`, `npm run build`.",
        "go": "`.github/workflows/ci.yml` with actions/setup-go, `go vet ./...`, `go test -race ./...`, `go build ./...`.",
        "java": "`.github/workflows/ci.yml` with actions/setup-java, `./mvnw -B verify` (or `./gradlew check build`).",
    },
    references=("https://docs.github.com/en/actions/use-cases-and-examples/building-and-testing", "https://docs.gitlab.com/ee/ci/"),
)
def ci(ctx: CheckContext) -> Outcome:
    pipelines = ctx.repo.ci_pipelines
    if not pipelines:
        return Outcome.failed("no CI pipeline (GitHub Actions, GitLab CI, CircleCI, Jenkins, Azure Pipelines, Bitbucket)")
    ev, testing = _jobs(pipelines)
    summary = _summary(pipelines)
    if not testing:
        never = [evidence(p.path, None, note=f"{p.system} pipeline never runs tests", severity=Severity.HIGH) for p in pipelines if not p.error]
        return Outcome.partial(3, f"CI never runs tests; {summary}", never + ev)
    if not any(_runs_on_change(p) for p, _job in testing):
        return Outcome.partial(6, f"tests run in CI, but not on push or pull request; {summary}", ev)
    kinds = {k for p in pipelines for j in p.jobs for k in j.kinds}
    missing = [k for k in ("lint", "build") if k not in kinds]
    if missing:
        return Outcome.partial(8, f"tests run on every change, but no {' or '.join(missing)} job; {summary}", ev)
    return Outcome.passed(f"tests, lint and build run on every change; {summary}", ev)


def _jobs(pipelines: tuple[CiPipeline, ...]) -> tuple[list[Evidence], list[tuple[CiPipeline, CiJob]]]:
    """(evidence: each unreadable pipeline, each job that does something we recognise;
    the jobs that run tests, with their pipeline)."""
    ev = []
    testing = []
    for p in pipelines:
        if p.error:
            ev.append(evidence(p.path, p.error.line, note=p.error.message(), severity=Severity.MEDIUM))
            continue
        for job in p.jobs:
            if job.kinds:
                ev.append(evidence(p.path, job.line, note=f"{p.system} job '{job.name}': {', '.join(job.kinds)}"))
            if "test" in job.kinds:
                testing.append((p, job))
    return ev, testing


def _runs_on_change(pipeline: CiPipeline) -> bool:
    """Triggered by a push or a pull request. Only GitHub Actions triggers are read; the other
    systems are taken to run on every change."""
    return bool(set(pipeline.triggers) & _ON_CHANGE) or pipeline.system != "GitHub Actions"


def _summary(pipelines: tuple[CiPipeline, ...]) -> str:
    """`2 pipeline(s) (GitHub Actions, Jenkins); jobs that test: 3, lint: 1, build: 1, scan: 0`."""
    systems = ", ".join(sorted({p.system for p in pipelines}))
    return f"{len(pipelines)} pipeline(s) ({systems}); jobs that " + ", ".join(
        f"{k}: {len([j for p in pipelines for j in p.jobs_that(k)])}" for k in ("test", "lint", "build", "scan"))
