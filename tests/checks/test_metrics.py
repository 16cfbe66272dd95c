"""obs.metrics per stack: wired, listed only, missing, library, and a test-only trap."""

import pytest

from tests.checks.helpers import FAIL, NA, PARTIAL, PASS, check_case, ids
from tests.conftest import POM

CASES = [
    ("fastapi-instrumentator", "fastapi", {"requirements.txt": "fastapi\nprometheus-fastapi-instrumentator\n", "app/metrics.py": "from prometheus_fastapi_instrumentator import Instrumentator\n\nInstrumentator().instrument(app).expose(app)\n"}, PASS, ["app/metrics.py:3"]),
    ("django-prometheus", "django", {"proj/settings.py": "INSTALLED_APPS = ['django_prometheus']\n"}, PASS, ["proj/settings.py:1"]),
    ("express-prom-client", "express", {"metrics.js": "const client = require('prom-client');\nclient.collectDefaultMetrics();\n"}, PASS, ["metrics.js:2"]),
    ("go-promhttp", "gin", {"metrics.go": 'package main\n\nfunc m(r *gin.Engine) {\n\tr.GET("/metrics", gin.WrapH(promhttp.Handler()))\n}\n'}, PASS, ["metrics.go:4"]),
    ("spring-micrometer", "spring", {"pom.xml": POM.format(extra="    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-actuator</artifactId></dependency>\n    <dependency><groupId>io.micrometer</groupId><artifactId>micrometer-registry-prometheus</artifactId></dependency>")}, PASS, ["pom.xml:17"]),
    ("listed-only", "express", {"package.json": '{"name": "s", "dependencies": {"express": "4", "prom-client": "15"}}\n'}, PARTIAL, ["package.json:1"]),
    ("spring-without-actuator", "spring", {"pom.xml": POM.format(extra="    <dependency><groupId>io.micrometer</groupId><artifactId>micrometer-registry-prometheus</artifactId></dependency>")}, PARTIAL, ["pom.xml:16"]),
    ("missing-python", "flask", {}, FAIL, []),
    ("missing-go", "chi", {}, FAIL, []),
    ("library", "lib-python", {}, NA, None),
    ("trap-test-only", "fastapi", {"tests/test_m.py": "from prometheus_client import start_http_server\nstart_http_server(9000)\n"}, FAIL, []),
    # a library named in a string, a comment or a docstring is a mention, not evidence
    ("trap-fix-text-in-a-string", "fastapi", {"requirements.txt": "fastapi\n", "app/advice.py": 'FIX = "Instrumentator().instrument(app).expose(app) serves /metrics"\n'}, FAIL, []),
    ("trap-docstring", "flask", {"app/notes.py": '"""TODO: start_http_server(8000) once prometheus_client is in."""\n'}, FAIL, []),
    ("trap-jsdoc", "express", {"metrics.js": "/**\n * later: client.collectDefaultMetrics();\n */\nmodule.exports = {};\n"}, FAIL, []),
    ("trap-go-string", "gin", {"advice.go": 'package main\n\nconst fix = "mux.Handle(\\"/metrics\\", promhttp.Handler())"\n'}, FAIL, []),
    ("string-and-code-on-one-line", "express", {"metrics.js": "const hint = 'collectDefaultMetrics()'; client.collectDefaultMetrics();\n"}, PASS, ["metrics.js:1"]),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_metrics(make_repo, name, base, files, status, where):
    check_case(make_repo, "obs.metrics", base, files, status, where)
