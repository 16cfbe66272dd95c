"""ops.shutdown: SIGTERM handling per stack, and shell-form CMD that swallows the signal."""

import pytest

from tests.checks.helpers import FAIL, NA, PARTIAL, PASS, check_case, ids

CASES = [
    ("fastapi-lifespan", "fastapi", {"app/main.py": "from fastapi import FastAPI\napp = FastAPI(lifespan=lifespan)\n"}, PASS, ["app/main.py:2"]),
    ("gunicorn-exec-form", "django", {"Dockerfile": 'FROM python:3.12\nCMD ["gunicorn", "proj.wsgi:application"]\n'}, PASS, ["Dockerfile:2"]),
    ("node-sigterm", "express", {"server.js": "const app = require('express')();\nprocess.on('SIGTERM', () => server.close());\n"}, PASS, ["server.js:2"]),
    ("nest-hooks", "nestjs", {"src/main.ts": "app.enableShutdownHooks();\n"}, PASS, ["src/main.ts:1"]),
    ("go-shutdown", "nethttp", {"serve.go": "package main\n\nfunc serve() {\n\tctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)\n\tsrv.Shutdown(ctx)\n}\n"}, PASS, ["serve.go:4"]),
    ("spring-graceful", "spring", {"src/main/resources/application.properties": "server.shutdown=graceful\n"}, PASS, ["src/main/resources/application.properties:1"]),
    ("shell-form", "flask", {"Dockerfile": "FROM python:3.12\nCMD gunicorn app:app\n"}, PARTIAL, ["Dockerfile:2", "Dockerfile:2"]),
    ("none-go", "gin", {}, FAIL, []),
    ("none-node", "fastify", {}, FAIL, []),
    ("library", "lib-python", {}, NA, None),
    ("trap-test-only", "express", {"test/server.test.js": "process.on('SIGTERM', () => {});\n"}, FAIL, []),
    ("trap-usage-table-in-code", "fastapi", {"app/kinds.py": 'KINDS = ("gunicorn / uvicorn (graceful)", "python", r"(:app|asgi)")\n'}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_shutdown(make_repo, name, base, files, status, where):
    check_case(make_repo, "ops.shutdown", base, files, status, where)
