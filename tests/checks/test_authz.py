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
    # node-express-boilerplate: rights per role, checked in its auth middleware
    ("node-role-rights", "express", {"src/middlewares/auth.js": "const verify = (req, requiredRights) => (user) => {\n  const userRights = roleRights.get(user.role);\n  const ok = requiredRights.every((r) => userRights.includes(r));\n};\n"}, PASS, ["src/middlewares/auth.js:2"]),
    # spring-boot-realworld: ownership checked before a write
    ("spring-ownership-check", "spring", {"src/main/java/io/spring/api/ArticleApi.java": "class ArticleApi {\n  void update(User user, Article article) {\n    if (!AuthorizationService.canWriteArticle(user, article)) {\n      throw new NoAuthorizationException();\n    }\n  }\n}\n"}, PASS, ["src/main/java/io/spring/api/ArticleApi.java:3"]),
    ("go-role-middleware", "gin", {"middleware/auth.go": "package middleware\n\nfunc Admin(c *gin.Context) {\n\tif !HasRole(c, \"admin\") {\n\t\tc.AbortWithStatus(403)\n\t}\n}\n"}, PASS, ["middleware/auth.go:4"]),
    # go-gin-example: a file-permission helper is not authorization, nor is defining a function
    ("trap-go-file-permission", "gin", {"pkg/file/file.go": "package file\n\nfunc CheckPermission(src string) bool {\n\t_, err := os.Stat(src)\n\treturn os.IsPermission(err)\n}\n\nfunc Open(src string) {\n\tperm := CheckPermission(src)\n\t_ = perm\n}\n"}, FAIL, []),
    ("trap-go-definition-only", "gin", {"auth.go": "package auth\n\nfunc (u *User) HasRole(name string) bool {\n\treturn u.role == name\n}\n"}, FAIL, []),
    ("library", "lib-python", {}, NA, None),
    ("trap-test-only", "nestjs", {"test/roles.spec.ts": "@Roles('admin')\n"}, FAIL, []),
    ("missing-spring", "spring", {}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_authz(make_repo, name, base, files, status, where):
    check_case(make_repo, "sec.authz", base, files, status, where)
