"""sec.debug: debug switches in code and production config, per environment where visible."""

import pytest

from tests.checks.helpers import FAIL, NA, PASS, check_case, ids

CASES = [
    ("django-debug-true", "django", {"proj/settings.py": "INSTALLED_APPS = []\nDEBUG = True\n"}, FAIL, ["proj/settings.py:2"]),
    ("django-debug-env", "django", {"proj/settings.py": "DEBUG = os.environ.get('DJANGO_DEBUG') == '1'\n"}, PASS, []),
    ("django-dev-module-skipped", "django", {"proj/settings/base.py": "DEBUG = False\n", "proj/settings/dev.py": "DEBUG = True\n", "proj/settings/production.py": "from .base import *\n"}, PASS, []),
    ("django-prod-module", "django", {"proj/settings/production.py": "DEBUG = True\n"}, FAIL, ["proj/settings/production.py:1"]),
    ("flask-run-debug", "flask", {"run.py": "from app import app\napp.run(host='0.0.0.0', debug=True)\n"}, FAIL, ["run.py:2"]),
    ("fastapi-debug", "fastapi", {"app/main.py": "from fastapi import FastAPI\napp = FastAPI(debug=True)\n"}, FAIL, ["app/main.py:2"]),
    ("express-stack", "express", {"errors.js": "app.use((err, req, res, next) => res.status(500).json({ message: err.message, stack: err.stack }));\n"}, FAIL, ["errors.js:1"]),
    ("gin-debug-mode", "gin", {"mode.go": "package main\n\nfunc init() {\n\tgin.SetMode(gin.DebugMode)\n}\n"}, FAIL, ["mode.go:4"]),
    ("spring-stacktrace", "spring", {"src/main/resources/application.properties": "server.error.include-stacktrace=always\n"}, FAIL, ["src/main/resources/application.properties:1"]),
    ("spring-dev-profile-skipped", "spring", {"src/main/resources/application-dev.properties": "debug=true\n", "src/main/resources/application.properties": "server.port=8080\n"}, PASS, []),
    ("clean-node", "express", {}, PASS, []),
    ("trap-test-settings", "django", {"proj/settings/test.py": "DEBUG = True\n"}, PASS, []),
    ("trap-comment", "flask", {"run.py": "# app.run(debug=True)\napp.run()\n"}, PASS, []),
    ("no-code", None, {}, NA, None),
    ("clean-go", "gin", {}, PASS, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_debug(make_repo, name, base, files, status, where):
    run = check_case(make_repo, "sec.debug", base, files, status, where)
    if name == "django-dev-module-skipped":
        assert "skipped development/test settings proj/settings/dev.py" in run.message
        judged = run.message.split("judged ", 1)[1].split(";")[0].split(", ")
        assert "proj/settings/base.py" in judged and "proj/settings/production.py" in judged
