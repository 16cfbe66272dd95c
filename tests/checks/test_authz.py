"""sec.authz per stack."""

import pytest

from tests.checks.helpers import FAIL, NA, PASS, check_case, ids

CASES = [
    ("drf-permissions", "django", {"shop/views.py": "class ItemViewSet(ModelViewSet):\n    permission_classes = [IsAdminUser]\n"}, PASS, ["shop/views.py:2"]),
    ("fastapi-scopes", "fastapi", {"app/items.py": "def create(user=Security(get_user, scopes=['items:write'])):\n    pass\n"}, PASS, ["app/items.py:1"]),
    ("nest-roles", "nestjs", {"src/admin.controller.ts": "@Roles('admin')\nexport class AdminController {}\n"}, PASS, ["src/admin.controller.ts:1"]),
    ("express-role-middleware", "express", {"authz.js": "module.exports = (role) => (req, res, next) => req.user?.role === role ? next() : res.sendStatus(403);\n"}, PASS, ["authz.js:1"]),
    ("casbin-go", "gin", {"authz.go": "package main\n\nfunc init() {\n\te, _ := casbin.NewEnforcer(\"model.conf\", \"policy.csv\")\n}\n"}, PASS, ["authz.go:4"]),
    ("spring-preauthorize", "spring", {"src/main/java/com/example/Admin.java": "package com.example;\n\nclass Admin {\n  @PreAuthorize(\"hasRole('ADMIN')\")\n  void delete() {}\n}\n"}, PASS, ["src/main/java/com/example/Admin.java:4"]),
    ("allow-any-is-not-authz", "django", {"shop/views.py": "class V(APIView):\n    permission_classes = [AllowAny]\n"}, FAIL, []),
    ("missing-flask", "flask", {}, FAIL, []),
    ("missing-chi", "chi", {}, FAIL, []),
    ("library", "lib-python", {}, NA, None),
    ("trap-test-only", "nestjs", {"test/roles.spec.ts": "@Roles('admin')\n"}, FAIL, []),
    ("missing-spring", "spring", {}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_authz(make_repo, name, base, files, status, where):
    check_case(make_repo, "sec.authz", base, files, status, where)
