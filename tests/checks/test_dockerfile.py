"""ops.dockerfile on real little repos: every rule on its line, per stack."""

from __future__ import annotations

import pytest

from prodready.model import Status
from prodready.testing import run_check

GOOD = {
    "fastapi": "FROM python:3.12-slim AS build\nRUN pip wheel -w /w fastapi\n\nFROM python:3.12-slim\nCOPY --from=build /w /w\nRUN useradd -r app\nUSER app\nHEALTHCHECK CMD curl -f http://localhost:8000/healthz || exit 1\nCMD [\"uvicorn\", \"app.main:app\"]\n",
    "express": "FROM node:20-alpine AS build\nRUN npm ci\nFROM node:20-alpine\nCOPY --from=build /app /app\nUSER node\nHEALTHCHECK CMD wget -qO- http://localhost:3000/healthz\nCMD [\"node\", \"server.js\"]\n",
    "gin": "ARG GO_VERSION=1.22\nFROM golang:${GO_VERSION} AS build\nRUN go build -o /svc .\nFROM gcr.io/distroless/static:nonroot@sha256:" + "a" * 64 + "\nCOPY --from=build /svc /svc\nUSER 65532\nHEALTHCHECK CMD [\"/svc\", \"health\"]\nENTRYPOINT [\"/svc\"]\n",
    "spring": "FROM maven:3.9-eclipse-temurin-21 AS build\nRUN mvn -q package\nFROM eclipse-temurin:21-jre\nCOPY --from=build /app.jar /app.jar\nUSER 1001\nHEALTHCHECK CMD curl -f http://localhost:8080/actuator/health\nENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]\n",
}


@pytest.mark.parametrize("stack", sorted(GOOD))
def test_good_dockerfile_passes_for_each_stack(make_repo, stack):
    root = make_repo({"Dockerfile": GOOD[stack], ".dockerignore": ".git\n"}, base=stack)
    run = run_check(root, "ops.dockerfile")
    assert run.status is Status.PASS, run.message
    assert run.score == 10
    assert "all 7 rules hold" in run.message


@pytest.mark.parametrize("stack", ["fastapi", "express", "nethttp", "spring"])
def test_deployable_service_without_dockerfile_fails(make_repo, stack):
    run = run_check(make_repo({}, base=stack), "ops.dockerfile")
    assert run.status is Status.FAIL
    assert run.message == "no Dockerfile builds this api service"


@pytest.mark.parametrize("stack", ["python", "node", "go", "java"])
def test_library_is_not_applicable(make_repo, stack):
    from tests.conftest import LIBRARIES

    run = run_check(make_repo(LIBRARIES[stack]), "ops.dockerfile")
    assert run.status is Status.NOT_APPLICABLE


def test_every_broken_rule_is_a_finding_on_its_line(make_repo):
    dockerfile = (
        "FROM python:latest\n"                       # 1 unpinned, single stage
        "ENV DB_PASSWORD=hunter2hunter2\n"           # 2 secret in ENV
        "ADD https://example.com/tool.tgz /opt/\n"   # 3 remote ADD
        "RUN useradd -r app\n"                       # 4 user created, never switched to
        "CMD [\"python\", \"app.py\"]\n"
    )
    run = run_check(make_repo({"Dockerfile": dockerfile}, base="flask"), "ops.dockerfile")
    assert run.status is Status.FAIL
    assert run.score == 0
    notes = {e.note.split(":")[0]: e.line for e in run.repo.outcome.evidence}
    assert notes == {
        "multi-stage": 1, "non-root": 4, "pinned-base": 1, "healthcheck": 1,
        "dockerignore": None, "no-secrets": 2, "no-remote-add": 3,
    }
    # the secret value itself never appears in evidence
    assert all("hunter2hunter2" not in (e.snippet + e.note) for e in run.repo.outcome.evidence)


def test_continuations_arg_substitution_and_stage_references(make_repo):
    dockerfile = (
        "# syntax=docker/dockerfile:1\n"
        "ARG BASE=python:3.12-slim\n"
        "FROM ${BASE} AS deps\n"
        "RUN pip install \\\n"
        "    # comment inside a continuation\n"
        "    fastapi\n"
        "FROM deps AS final\n"
        "USER \\\n"
        "  app\n"
        "HEALTHCHECK --interval=30s \\\n"
        "  CMD curl -f http://localhost/healthz\n"
    )
    run = run_check(make_repo({"Dockerfile": dockerfile, ".dockerignore": "*\n"}, base="fastapi"), "ops.dockerfile")
    assert run.status is Status.PASS, [e.note for e in run.repo.outcome.evidence]
    ok = {e.note.split(":")[0]: e.line for e in run.repo.outcome.evidence}
    assert ok["ok non-root"] == 8
    assert ok["ok healthcheck"] == 10


def test_latest_with_digest_is_pinned_and_unresolved_arg_is_not(make_repo):
    digest = "python:latest@sha256:" + "b" * 64
    pinned = run_check(make_repo({"Dockerfile": f"FROM {digest}\nUSER app\n"}, base="flask"), "ops.dockerfile")
    assert "pinned-base" not in pinned.message
    unresolved = run_check(make_repo({"Dockerfile": "ARG IMAGE\nFROM ${IMAGE}\nUSER app\n"}, base="flask"), "ops.dockerfile")
    assert "pinned-base" in unresolved.message


def test_user_root_at_the_end_is_root(make_repo):
    run = run_check(make_repo({"Dockerfile": "FROM python:3.12\nUSER app\nRUN x\nUSER root\n"}, base="flask"), "ops.dockerfile")
    assert [e.line for e in run.repo.outcome.evidence if e.note.startswith("non-root")] == [4]


def test_compose_healthcheck_gives_credit_with_a_note(make_repo):
    compose = "services:\n  api:\n    build: .\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8000/healthz\"]\n"
    root = make_repo({"Dockerfile": "FROM python:3.12-slim AS b\nFROM python:3.12-slim\nUSER app\n", ".dockerignore": ".git\n",
                      "docker-compose.yml": compose}, base="fastapi")
    run = run_check(root, "ops.dockerfile")
    assert run.status is Status.PASS
    credit = [e for e in run.repo.outcome.evidence if "compose service api defines a healthcheck" in e.note]
    assert credit and credit[0].path == "docker-compose.yml" and credit[0].line == 4


def test_kubernetes_probes_give_healthcheck_credit(make_repo):
    deploy = ("apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n"
              "        - name: api\n          livenessProbe:\n            httpGet:\n              path: /healthz\n")
    root = make_repo({"Dockerfile": "FROM python:3.12-slim AS b\nFROM python:3.12-slim\nUSER app\n", ".dockerignore": ".git\n",
                      "k8s/deployment.yaml": deploy}, base="fastapi")
    run = run_check(root, "ops.dockerfile")
    assert run.status is Status.PASS
    assert "k8s/deployment.yaml:8" in run.locations()


def test_broken_dockerfile_is_a_finding_not_a_crash(make_repo):
    run = run_check(make_repo({"Dockerfile": "RUN echo no from\n"}, base="flask"), "ops.dockerfile")
    assert run.status is Status.FAIL
    assert run.repo.outcome.evidence[0].note == "could not parse Dockerfile: RUN before the first FROM, at line 1"


def test_dockerfile_in_tests_is_not_the_service_image(make_repo):
    run = run_check(make_repo({"tests/fixtures/Dockerfile": "FROM python:3.12\n"}, base="flask"), "ops.dockerfile")
    assert run.status is Status.FAIL
    assert run.message == "no Dockerfile builds this api service"
