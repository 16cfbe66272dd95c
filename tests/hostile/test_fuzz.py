"""Property-based fuzzing: no parser raises on any text, and any tree audits to a valid report."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prodready.facts.ci import parse_pipeline
from prodready.facts.sql_text import pattern_sql_injection
from prodready.facts.code import (
    python_debug,
    python_sql_injection,
    text_debug,
)
from prodready.facts.containers import parse_compose, parse_dockerfile
from prodready.facts.workloads import read_containers
from prodready.facts.coverage import parse_report
from prodready.facts.manifests import parse_manifest
from prodready.facts.openapi import analyse_spec
from prodready.facts.routes import find_routes
from prodready.facts.secrets import scan_text
from prodready.resources import schema_path
from prodready.scanning.files import FileEntry
from prodready.scanning.parsing import load_json, load_toml, load_yaml_all, parse_python, parse_xml

# text that looks like the formats we parse, mutated: fragments of real syntax plus noise
FRAGMENTS = ["FROM ", "AS ", "USER ", "ARG ", "ENV ", "\\\n", "${", "}", "services:", "  build: ", "jobs:", "  steps:",
             "- run: ", "openapi: 3.0.0", "swagger: '2.0'", "{", "}", "[", "]", '"', "'", ":", ",", "\n", "  ", "&a ", "*a",
             "<project>", "</project>", "<!DOCTYPE x [<!ENTITY e 'x'>]>", "&e;", "[tool.poetry]", "[project]", "dependencies = [",
             "require (", ")", "mode: set", "SF:", "LF:", "LH:", "@app.get('/health')", "password = '", "AKIA", "ghp_", "eyJ",
             "SELECT * FROM t WHERE id = ", "f\"", "%s", "execute(", "DEBUG = True", "livenessProbe:", "path: /healthz",
             "\x00", "\r", "\ufeff", "\u202e", "é", "🙂"]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=60).map("".join)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(texts)
def test_parsers_never_raise(text):
    parse_dockerfile("Dockerfile", text)
    parse_compose("compose.yaml", text)
    parse_pipeline(".github/workflows/ci.yml", text)
    parse_pipeline("Jenkinsfile", text)
    for name in ("pyproject.toml", "package.json", "go.mod", "pom.xml", "build.gradle", "setup.cfg", "setup.py", "Pipfile", "requirements.txt"):
        parse_manifest(name, text)
    parse_report("coverage.xml", text.encode("utf-8", "replace"), {"a.py"}, lambda p: None)
    analyse_spec("openapi.yaml", text, "file:///root/", lambda p: None)
    load_yaml_all(text, "x.yaml"), load_json(text, "x.json"), load_toml(text, "x.toml"), parse_xml(text, "x.xml")
    for path, role in (("config.env", "source"), ("app/main.py", "source"), ("src/index.ts", "test"), ("config.yaml", "build")):
        scan_text(path, text, role)
    for suffix in (".py", ".js", ".go", ".java"):
        find_routes(FileEntry(f"a{suffix}", len(text), "source"), text)
        pattern_sql_injection(f"a{suffix}", text, suffix)
        text_debug(f"a{suffix}", text, suffix)
    read_containers(text, 0)
    read_containers(text, 1)
    tree = parse_python(text)
    if tree is not None:
        python_sql_injection("a.py", tree)
        python_debug("a.py", tree)


NAMES = ["Dockerfile", "docker-compose.yml", "requirements.txt", "package.json", "go.mod", "pom.xml", "pyproject.toml",
         "app.py", "main.go", "server.js", "openapi.yaml", ".github/workflows/ci.yml", "coverage.xml", "lcov.info", ".env",
         "k8s/deploy.yaml", "README.md", "tests/test_a.py", "src/main/resources/application.properties", ".prodready.yml"]
trees = st.dictionaries(st.sampled_from(NAMES), texts, min_size=1, max_size=8)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(trees)
def test_any_tree_audits_to_a_valid_report(tmp_path_factory, files):
    from prodready.reporters import render
    from prodready.testing import run_audit, write_repo

    root = write_repo(tmp_path_factory.mktemp("fuzz"), files)
    card = run_audit(root)
    report = json.loads(render(card, "json"))
    jsonschema.validate(report, json.loads(Path(schema_path()).read_text()))
    assert not [c for c in report["checks"] if c["status"] == "error"], [(c["id"], c["message"]) for c in report["checks"] if c["status"] == "error"]
    for fmt in ("md", "html", "sarif", "term"):
        render(card, fmt)
