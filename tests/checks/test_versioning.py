"""api.versioning per stack."""

import pytest

from tests.checks.helpers import FAIL, NA, PASS, check_case, ids

CASES = [
    ("fastapi-prefix", "fastapi", {"app/main.py": "from fastapi import FastAPI\napp = FastAPI()\napp.include_router(router, prefix=\"/v1\")\n"}, PASS, ["app/main.py:3"]),
    ("django-path", "django", {"proj/urls.py": "urlpatterns = [\n    path('api/v1/', include('shop.urls')),\n]\n"}, PASS, ["proj/urls.py:2"]),
    ("express-mount", "express", {"server.js": "const app = require('express')();\napp.use('/v2', router);\n"}, PASS, ["server.js:2"]),
    ("nest-versioning", "nestjs", {"src/main.ts": "app.enableVersioning({ type: VersioningType.URI });\n"}, PASS, ["src/main.ts:1"]),
    ("gin-group", "gin", {"routes.go": 'package main\n\nfunc r(e *gin.Engine) {\n\tv1 := e.Group("/v1")\n}\n'}, PASS, ["routes.go:4"]),
    ("spring-mapping", "spring", {"src/main/java/com/example/ItemController.java": 'package com.example;\n\n@RestController\n@RequestMapping("/api/v1")\npublic class ItemController {}\n'}, PASS, ["src/main/java/com/example/ItemController.java:4"]),
    ("header", "fastify", {"server.js": "fastify.addHook('onRequest', (req) => req.headers['accept-version']);\n"}, PASS, ["server.js:1"]),
    ("unversioned-flask", "flask", {}, FAIL, ["app.py:6"]),
    ("unversioned-chi", "chi", {}, FAIL, ["main.go:10"]),
    ("library", "lib-java", {}, NA, None),
    ("no-literal-routes", "nethttp", {"main.go": "package main\n\nfunc main() {\n\thttp.ListenAndServe(\":8080\", gen.Handler(api))\n}\n"}, NA, None),
    ("trap-test-only", "express", {"test/api.test.js": "request(app).get('/v1/items');\n"}, FAIL, ["server.js:3"]),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_versioning(make_repo, name, base, files, status, where):
    check_case(make_repo, "api.versioning", base, files, status, where)
