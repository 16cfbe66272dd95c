"""api.pagination per stack."""

import pytest

from tests.checks.helpers import FAIL, NA, PASS, check_case, ids

CASES = [
    ("fastapi-params", "fastapi", {"app/items.py": "@router.get('/items')\ndef items(limit: int = 50, offset: int = 0):\n    return []\n"}, PASS, ["app/items.py:2"]),
    ("drf-default", "django", {"proj/settings.py": "REST_FRAMEWORK = {\n    'DEFAULT_PAGINATION_CLASS': 'rest_framework.pagination.CursorPagination',\n}\n"}, PASS, ["proj/settings.py:2"]),
    ("express-query", "express", {"items.js": "app.get('/items', (req, res) => db.list(req.query.limit));\n"}, PASS, ["items.js:1"]),
    ("prisma-take", "nestjs", {"src/items.service.ts": "return this.prisma.item.findMany({ take: limit, skip: offset });\n"}, PASS, ["src/items.service.ts:1"]),
    # spring-boot-realworld: offset/limit request parameters passed to its own Page(offset, limit)
    ("spring-request-params", "spring", {"src/main/java/io/spring/api/ArticlesApi.java": "class ArticlesApi {\n  @GetMapping\n  public ResponseEntity getArticles(\n      @RequestParam(value = \"offset\", defaultValue = \"0\") int offset,\n      @RequestParam(value = \"limit\", defaultValue = \"20\") int limit) {\n    return ResponseEntity.ok(service.find(new Page(offset, limit)));\n  }\n}\n"}, PASS, ["src/main/java/io/spring/api/ArticlesApi.java:4"]),
    ("go-query", "gin", {"items.go": 'package main\n\nfunc list(c *gin.Context) {\n\tlimit := c.DefaultQuery("limit", "50")\n}\n'}, PASS, ["items.go:4"]),
    ("spring-pageable", "spring", {"src/main/java/com/example/Repo.java": "package com.example;\n\ninterface Repo { Page<Item> findAll(Pageable pageable); }\n"}, PASS, ["src/main/java/com/example/Repo.java:3"]),
    ("missing-flask", "flask", {}, FAIL, []),
    ("missing-fastify", "fastify", {}, FAIL, []),
    ("missing-echo", "echo", {}, FAIL, []),
    ("library", "lib-go", {}, NA, None),
    ("trap-test-only", "express", {"test/items.test.js": "request(app).get('/items?limit=2'); req.query.limit\n"}, FAIL, []),
    ("missing-spring", "spring", {}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_pagination(make_repo, name, base, files, status, where):
    check_case(make_repo, "api.pagination", base, files, status, where)
