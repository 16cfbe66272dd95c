"""obs.errors per stack."""

import pytest

from tests.checks.helpers import FAIL, NA, PARTIAL, PASS, check_case, ids

CASES = [
    ("python-sentry", "django", {"proj/settings.py": "import sentry_sdk\n\nsentry_sdk.init(dsn=os.environ['SENTRY_DSN'])\n"}, PASS, ["proj/settings.py:3"]),
    ("node-sentry", "express", {"instrument.js": "const Sentry = require('@sentry/node');\nSentry.init({ dsn: process.env.SENTRY_DSN });\n"}, PASS, ["instrument.js:2"]),
    ("go-sentry", "echo", {"errors.go": 'package main\n\nfunc init() {\n\tsentry.Init(sentry.ClientOptions{Dsn: os.Getenv("SENTRY_DSN")})\n}\n'}, PASS, ["errors.go:4"]),
    ("java-sentry", "spring", {"src/main/resources/application.properties": "sentry.dsn=${SENTRY_DSN}\n"}, PASS, ["src/main/resources/application.properties:1"]),
    ("listed-only", "flask", {"requirements.txt": "flask\nsentry-sdk\n"}, PARTIAL, ["requirements.txt:2"]),
    ("missing", "gin", {}, FAIL, []),
    ("library", "lib-node", {}, NA, None),
    ("trap-example", "fastapi", {"examples/sentry_demo.py": "import sentry_sdk\nsentry_sdk.init(dsn='x')\n"}, FAIL, []),
    ("missing-spring", "spring", {}, FAIL, []),
    ("missing-express", "express", {}, FAIL, []),
    ("trap-fix-text", "django", {"proj/advice.py": 'FIX = "sentry_sdk.init(dsn=...) in settings.py"\n'}, FAIL, []),
    ("trap-kotlin-comment", "spring", {"src/main/kotlin/com/example/App.kt": "// Sentry.init { it.dsn = dsn }\nfun main() {}\n"}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_error_tracking(make_repo, name, base, files, status, where):
    check_case(make_repo, "obs.errors", base, files, status, where)
