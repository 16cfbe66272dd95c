"""api.cors per stack: explicit origins pass, wildcard with credentials fails."""

import pytest

from tests.checks.helpers import FAIL, NA, PARTIAL, PASS, check_case, ids

CASES = [
    ("fastapi-explicit", "fastapi", {"app/main.py": "app.add_middleware(CORSMiddleware, allow_origins=settings.origins, allow_credentials=True)\n"}, PASS, ["app/main.py:1"]),
    ("django-explicit", "django", {"requirements.txt": "django\ndjango-cors-headers\n", "proj/settings.py": "CORS_ALLOWED_ORIGINS = env.list('ORIGINS')\n"}, PASS, ["proj/settings.py:1"]),
    ("express-explicit", "express", {"server.js": "app.use(cors({ origin: allowed, credentials: true }));\n"}, PASS, ["server.js:1"]),
    ("nest-explicit", "nestjs", {"src/main.ts": "app.enableCors({ origin: origins, credentials: true });\n"}, PASS, ["src/main.ts:1"]),
    ("go-explicit", "chi", {"cors.go": 'package main\n\nvar c = cors.New(cors.Options{AllowedOrigins: cfg.Origins})\n'}, PASS, ["cors.go:3"]),
    ("spring-explicit", "spring", {"src/main/java/com/example/Web.java": 'package com.example;\n\nclass Web { void addCorsMappings(CorsRegistry r) { r.addMapping("/**").allowedOrigins(cfg.origins()); } }\n'}, PASS, ["src/main/java/com/example/Web.java:3"]),
    ("wildcard-credentials-fastapi", "fastapi", {"app/main.py": 'app.add_middleware(\n    CORSMiddleware,\n    allow_origins=["*"],\n    allow_credentials=True,\n)\n'}, FAIL, ["app/main.py:2", "app/main.py:3", "app/main.py:4"]),
    ("wildcard-credentials-express", "express", {"server.js": "app.use(cors({ origin: '*', credentials: true }));\n"}, FAIL, ["server.js:1", "server.js:1", "server.js:1"]),
    ("wildcard-no-credentials", "express", {"server.js": "app.use(cors());\n"}, PARTIAL, ["server.js:1", "server.js:1"]),
    ("none", "gin", {}, PARTIAL, []),
    ("library", "lib-python", {}, NA, None),
    ("none-spring", "spring", {}, PARTIAL, []),
    ("trap-test-only", "fastapi", {"tests/test_cors.py": "app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True)\n"}, PARTIAL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_cors(make_repo, name, base, files, status, where):
    check_case(make_repo, "api.cors", base, files, status, where)
