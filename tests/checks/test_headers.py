"""sec.headers per stack."""

import pytest

from tests.checks.helpers import FAIL, NA, PASS, check_case, ids
from tests.conftest import POM

CASES = [
    ("django-security-middleware", "django", {"proj/settings.py": "MIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n]\n"}, PASS, ["proj/settings.py:2"]),
    ("flask-talisman", "flask", {"requirements.txt": "flask\nflask-talisman\n", "app.py": "from flask import Flask\napp = Flask(__name__)\nTalisman(app)\n"}, PASS, ["app.py:3"]),
    ("fastapi-explicit", "fastapi", {"app/headers.py": "response.headers['Strict-Transport-Security'] = 'max-age=63072000'\n"}, PASS, ["app/headers.py:1"]),
    ("helmet", "express", {"server.js": "app.use(helmet());\n"}, PASS, ["server.js:1"]),
    ("go-secure", "nethttp", {"secure.go": "package main\n\nvar mw = secure.New(secure.Options{FrameDeny: true})\n"}, PASS, ["secure.go:3"]),
    ("spring-security", "spring", {"pom.xml": POM.format(extra="    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-security</artifactId></dependency>")}, PASS, ["pom.xml:16"]),
    ("nginx-proxy", "gin", {"deploy/nginx.conf": "add_header Strict-Transport-Security \"max-age=31536000\" always;\n"}, PASS, ["deploy/nginx.conf:1"]),
    ("missing-express", "express", {}, FAIL, []),
    ("missing-fastapi", "fastapi", {}, FAIL, []),
    ("library", "lib-node", {}, NA, None),
    ("trap-listed-only", "express", {"package.json": '{"name": "s", "dependencies": {"express": "4", "helmet": "7"}}\n'}, "partial", ["package.json:1"]),
    ("missing-chi", "chi", {}, FAIL, []),
    ("missing-spring", "spring", {}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_headers(make_repo, name, base, files, status, where):
    from prodready.model import Status

    check_case(make_repo, "sec.headers", base, files, Status(status), where)
