"""obs.health on real little repos: routes per framework, and whether containers call them."""

from __future__ import annotations

import pytest

from prodready.model import Status
from prodready.testing import run_check
from tests.conftest import POM

ROUTES = {
    "fastapi": ("app/health.py", "from fastapi import APIRouter\nrouter = APIRouter()\n\n@router.get('/healthz')\ndef healthz():\n    return {}\n", 4, "/healthz"),
    "flask": ("app.py", "from flask import Flask\napp = Flask(__name__)\n\n@app.route('/health')\ndef health():\n    return 'ok'\n", 4, "/health"),
    "django": ("proj/urls.py", "from django.urls import path\nurlpatterns = [\n    path('items/', items),\n    path('readyz/', ready),\n]\n", 4, "readyz/"),
    "express": ("server.js", "const app = require('express')();\napp.get('/items', list);\napp.get('/healthz', (req, res) => res.send('ok'));\n", 3, "/healthz"),
    "nestjs": ("src/health.controller.ts", "@Controller('health')\nexport class HealthController {\n  @Get()\n  check() { return {}; }\n}\n", 3, "/health"),
    "fastify": ("server.js", "const fastify = require('fastify')();\nfastify.get('/livez', async () => ({}));\n", 2, "/livez"),
    "nethttp": ("main.go", 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.HandleFunc("/healthz", ok)\n\thttp.ListenAndServe(":8080", nil)\n}\n', 6, "/healthz"),
    "gin": ("routes.go", 'package main\n\nfunc routes(r *gin.Engine) {\n\tr.GET("/health", health)\n}\n', 4, "/health"),
    "echo": ("routes.go", 'package main\n\nfunc routes(e *echo.Echo) {\n\te.GET("/readyz", ready)\n}\n', 4, "/readyz"),
    "chi": ("routes.go", 'package main\n\nfunc routes(r chi.Router) {\n\tr.Get("/healthz", ok)\n}\n', 4, "/healthz"),
    "spring": ("src/main/java/com/example/HealthController.java", 'package com.example;\n\n@RestController\npublic class HealthController {\n  @GetMapping("/health")\n  public String health() { return "ok"; }\n}\n', 5, "/health"),
}


@pytest.mark.parametrize("base", sorted(ROUTES))
def test_health_route_passes_for_each_framework(make_repo, base):
    path, code, line, route = ROUTES[base]
    run = run_check(make_repo({path: code}, base=base), "obs.health")
    assert run.status is Status.PASS, run.message
    assert run.locations() == [f"{path}:{line}"]
    assert route in run.message


@pytest.mark.parametrize("base", sorted(ROUTES))
def test_api_without_health_route_fails(make_repo, base):
    run = run_check(make_repo({}, base=base), "obs.health")
    assert run.status is Status.FAIL
    assert run.message.startswith("no health or readiness route found in ")


@pytest.mark.parametrize("stack", ["python", "node", "go", "java"])
def test_library_is_not_applicable(make_repo, stack):
    from tests.conftest import LIBRARIES

    run = run_check(make_repo(LIBRARIES[stack]), "obs.health")
    assert run.status is Status.NOT_APPLICABLE
    assert run.message == "no HTTP server in this library: health routes do not apply"


def test_spring_actuator_dependency_provides_health(make_repo):
    pom = POM.format(extra="    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-actuator</artifactId></dependency>")
    run = run_check(make_repo({"pom.xml": pom}, base="spring"), "obs.health")
    assert run.status is Status.PASS
    assert run.locations() == ["pom.xml:16"]


def test_route_used_by_dockerfile_healthcheck(make_repo):
    path, code, _, _ = ROUTES["fastapi"]
    dockerfile = "FROM python:3.12-slim\nUSER app\nHEALTHCHECK CMD curl -f http://localhost:8000/healthz\n"
    run = run_check(make_repo({path: code, "Dockerfile": dockerfile}, base="fastapi"), "obs.health")
    assert run.status is Status.PASS
    assert "Dockerfile:3" in run.locations()
    assert run.message.endswith("used by container health checks")


def test_route_not_used_by_existing_containers_is_partial(make_repo):
    path, code, _, _ = ROUTES["express"]
    deploy = ("apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n"
              "        - name: api\n          livenessProbe:\n            httpGet:\n              path: /status\n")
    run = run_check(make_repo({path: code, "Dockerfile": "FROM node:20\n", "deploy/app.yaml": deploy}, base="express"), "obs.health")
    assert run.status is Status.PARTIAL
    assert run.score == 7


def test_kubernetes_probe_calling_the_route(make_repo):
    path, code, _, _ = ROUTES["gin"]
    deploy = ("apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n"
              "        - name: api\n          readinessProbe:\n            httpGet:\n              path: /health\n              port: 8080\n")
    run = run_check(make_repo({path: code, "deploy/app.yaml": deploy}, base="gin"), "obs.health")
    assert run.status is Status.PASS
    assert "deploy/app.yaml:8" in run.locations()


def test_a_flow_style_probe_is_read_the_same_by_obs_health_and_ops_k8s(make_repo):
    """One fact per thing: the probes come from one reading of the manifest (facts/workloads.py)."""
    path, code, _, _ = ROUTES["gin"]
    deploy = ("apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n"
              "        - name: api\n          image: api:1.2.0\n"
              "          livenessProbe: {httpGet: {path: /health, port: 8080}}\n"
              "          readinessProbe:\n            httpGet: {path: /health, port: 8080}\n")
    root = make_repo({path: code, "deploy/app.yaml": deploy}, base="gin")
    health = run_check(root, "obs.health")
    assert health.status is Status.PASS and "deploy/app.yaml:9" in health.locations()
    k8s = run_check(root, "ops.k8s")
    assert "probes: missing for this container" not in [e.note for e in k8s.repo.outcome.evidence]
    assert {e.note for e in k8s.repo.outcome.evidence} == {"resources: missing for this container",
                                                        "non-root: missing for this container"}


def test_commented_out_and_test_only_routes_do_not_count(make_repo):
    files = {"server.js": "const app = require('express')();\n// app.get('/healthz', ok);\n",
             "test/health.test.js": "app.get('/healthz', ok);\n"}
    assert run_check(make_repo(files, base="express"), "obs.health").status is Status.FAIL


def test_worker_is_not_applicable(make_repo):
    files = {"go.mod": "module x\n\ngo 1.22\n", "main.go": "package main\n\nfunc main() {\n\tfor { poll() }\n}\n"}
    run = run_check(make_repo(files), "obs.health")
    assert run.status is Status.NOT_APPLICABLE
    assert run.message == "no HTTP server in this worker: health routes do not apply"


@pytest.mark.parametrize("path, code, line", [
    ("app/asgi.py", 'application = health_check(application, "/health/")\n', 1),
    ("main.go", 'package main\n\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tif r.URL.Path == "/healthz" {\n\t\tw.WriteHeader(200)\n\t}\n}\n\nfunc main() { http.ListenAndServe(":8080", http.HandlerFunc(h)) }\n', 4),
    ("server.js", "const http = require('http');\nhttp.createServer((req, res) => {\n  if (req.url === '/readyz') return res.end('ok');\n});\n", 3),
])
def test_health_middleware_and_path_comparisons_count(make_repo, path, code, line):
    base = {"app/asgi.py": "fastapi", "main.go": "nethttp", "server.js": "express"}[path]
    run = run_check(make_repo({path: code}, base=base), "obs.health")
    assert run.status is Status.PASS, run.message
    assert f"{path}:{line}" in run.locations()
