"""sec.authn per stack, and tokens accepted without verification."""

import pytest

from tests.checks.helpers import FAIL, NA, PARTIAL, PASS, check_case, ids
from tests.conftest import POM

CASES = [
    ("fastapi-oauth2", "fastapi", {"app/auth.py": "oauth2_scheme = OAuth2PasswordBearer(tokenUrl='token')\n"}, PASS, ["app/auth.py:1"]),
    ("drf-auth", "django", {"proj/settings.py": "REST_FRAMEWORK = {\n    'DEFAULT_AUTHENTICATION_CLASSES': ['rest_framework_simplejwt.authentication.JWTAuthentication'],\n}\n"}, PASS, ["proj/settings.py:2"]),
    ("flask-jwt", "flask", {"requirements.txt": "flask\nflask-jwt-extended\n", "auth.py": "jwt = JWTManager(app)\n"}, PASS, ["auth.py:1"]),
    ("express-passport", "express", {"auth.js": "passport.use(new JwtStrategy(opts, verify));\n"}, PASS, ["auth.js:1"]),
    ("nest-guard", "nestjs", {"src/items.controller.ts": "@UseGuards(AuthGuard('jwt'))\nexport class ItemsController {}\n"}, PASS, ["src/items.controller.ts:1"]),
    ("go-jwt", "echo", {"auth.go": "package main\n\nfunc verify(t string) {\n\tjwt.Parse(t, keyFunc)\n}\n"}, PASS, ["auth.go:4"]),
    ("spring-security", "spring", {"pom.xml": POM.format(extra="    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-security</artifactId></dependency>")}, PASS, ["pom.xml:16"]),
    ("listed-only", "express", {"package.json": '{"name": "s", "dependencies": {"express": "4", "passport": "0.7"}}\n'}, PARTIAL, ["package.json:1"]),
    ("unverified-peek-beside-verification", "fastapi", {"app/auth.py": "def user(token):\n    return jwt.decode(token, options={\"verify_signature\": False})\n"}, PARTIAL, ["app/auth.py:2", "app/auth.py:2"]),
    ("go-parse-unverified-only", "gin", {"auth.go": "package main\n\nfunc claims(t string) {\n\tnew(jwt.Parser).ParseUnverified(t, &c)\n}\n"}, FAIL, ["auth.go:4"]),
    ("missing-gin", "gin", {}, FAIL, []),
    ("missing-fastify", "fastify", {}, FAIL, []),
    ("library", "lib-java", {}, NA, None),
    ("trap-test-only", "express", {"test/auth.test.js": "passport.use(new MockStrategy());\n"}, FAIL, []),
    ("missing-spring", "spring", {}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_authn(make_repo, name, base, files, status, where):
    check_case(make_repo, "sec.authn", base, files, status, where)
