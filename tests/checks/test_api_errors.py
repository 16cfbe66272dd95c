"""api.errors per stack."""

import pytest

from tests.checks.helpers import FAIL, NA, PASS, check_case, ids

CASES = [
    ("fastapi-handler", "fastapi", {"app/errors.py": "@app.exception_handler(AppError)\nasync def handle(request, exc):\n    return JSONResponse({})\n"}, PASS, ["app/errors.py:1"]),
    ("flask-errorhandler", "flask", {"errors.py": "@app.errorhandler(HTTPException)\ndef handle(e):\n    return {}\n"}, PASS, ["errors.py:1"]),
    ("drf-handler", "django", {"proj/settings.py": "REST_FRAMEWORK = {\n    'EXCEPTION_HANDLER': 'proj.errors.handler',\n}\n"}, PASS, ["proj/settings.py:2"]),
    ("express-middleware", "express", {"errors.js": "app.use((err, req, res, next) => {\n  res.status(500).json({ title: 'error' });\n});\n"}, PASS, ["errors.js:1"]),
    ("express-ts-middleware", "express", {"errors.ts": "app.use((err: Error, req: Request, res: Response, next: NextFunction) => res.status(500).end());\n"}, PASS, ["errors.ts:1"]),
    ("nest-filter", "nestjs", {"src/main.ts": "app.useGlobalFilters(new ProblemFilter());\n"}, PASS, ["src/main.ts:1"]),
    ("fastify-handler", "fastify", {"errors.js": "fastify.setErrorHandler((err, req, reply) => reply.send({}));\n"}, PASS, ["errors.js:1"]),
    ("echo-handler", "echo", {"errors.go": "package main\n\nfunc setup(e *echo.Echo) {\n\te.HTTPErrorHandler = customHandler\n}\n"}, PASS, ["errors.go:4"]),
    ("go-writer", "nethttp", {"errors.go": "package main\n\nfunc writeError(w http.ResponseWriter, err error) {\n}\n"}, PASS, ["errors.go:3"]),
    ("spring-advice", "spring", {"src/main/java/com/example/Errors.java": "package com.example;\n\n@RestControllerAdvice\npublic class Errors {}\n"}, PASS, ["src/main/java/com/example/Errors.java:3"]),
    ("missing-fastapi", "fastapi", {}, FAIL, []),
    ("missing-gin", "gin", {}, FAIL, []),
    ("missing-spring", "spring", {}, FAIL, []),
    ("library", "lib-node", {}, NA, None),
    ("trap-commented", "express", {"errors.js": "// app.use((err, req, res, next) => {});\n"}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_api_errors(make_repo, name, base, files, status, where):
    check_case(make_repo, "api.errors", base, files, status, where)
