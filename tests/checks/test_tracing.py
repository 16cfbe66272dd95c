"""obs.tracing per stack, including auto-instrumentation in the Dockerfile."""

import pytest

from tests.checks.helpers import FAIL, NA, PARTIAL, PASS, check_case, ids
from tests.conftest import POM

CASES = [
    ("python-sdk", "fastapi", {"app/tracing.py": "from opentelemetry.sdk.trace import TracerProvider\n\nprovider = TracerProvider()\n"}, PASS, ["app/tracing.py:3"]),
    ("python-auto", "flask", {"Dockerfile": 'FROM python:3.12\nCMD ["opentelemetry-instrument", "gunicorn", "app:app"]\n'}, PASS, ["Dockerfile:2"]),
    ("node-sdk", "nestjs", {"src/tracing.ts": "import { NodeSDK } from '@opentelemetry/sdk-node';\nconst sdk = new NodeSDK({});\nsdk.start();\n"}, PASS, ["src/tracing.ts:2"]),
    ("go-otelhttp", "nethttp", {"trace.go": 'package main\n\nfunc h() {\n\thttp.Handle("/", otelhttp.NewHandler(mux, "api"))\n}\n'}, PASS, ["trace.go:4"]),
    ("spring-bridge", "spring", {"pom.xml": POM.format(extra="    <dependency><groupId>io.micrometer</groupId><artifactId>micrometer-tracing-bridge-otel</artifactId></dependency>")}, PASS, ["pom.xml:16"]),
    ("listed-only", "fastapi", {"requirements.txt": "fastapi\nopentelemetry-sdk\n"}, PARTIAL, ["requirements.txt:2"]),
    ("missing-node", "express", {}, FAIL, []),
    ("missing-java", "spring", {}, FAIL, []),
    ("library", "lib-go", {}, NA, None),
    ("trap-commented", "express", {"tracing.js": "// const sdk = new NodeSDK({});\n"}, FAIL, []),
    ("trap-python-comment", "fastapi", {"app/tracing.py": "# provider = TracerProvider()\nx = 1\n"}, FAIL, []),
    ("trap-java-string", "spring", {"src/main/java/com/example/Fix.java": 'class Fix { String s = "add micrometer-tracing-bridge-otel and new OtlpGrpcSpanExporter()"; }\n'}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_tracing(make_repo, name, base, files, status, where):
    check_case(make_repo, "obs.tracing", base, files, status, where)
