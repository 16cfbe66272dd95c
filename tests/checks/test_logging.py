"""obs.logging per stack: structured, plain, bare prints."""

import pytest

from tests.checks.helpers import FAIL, NA, PARTIAL, PASS, check_case, ids

CASES = [
    ("structlog", "fastapi", {"app/log.py": "import structlog\n\nstructlog.configure(processors=[structlog.processors.JSONRenderer()])\n"}, PASS, ["app/log.py:3"]),
    # node-express-boilerplate: the prints of its `bin/` scaffolding CLI are its output, not logs
    ("cli-script-prints-are-output", "express", {"src/log.js": "const logger = require('pino')();\nmodule.exports = logger;\n", "bin/create-app.js": "#!/usr/bin/env node\nconsole.log('Creating a new app');\nconsole.log('Done');\n"}, PASS, ["src/log.js:1"]),
    ("pino", "express", {"log.js": "const logger = require('pino')();\nmodule.exports = logger;\n"}, PASS, ["log.js:1"]),
    ("slog-json", "chi", {"log.go": 'package main\n\nvar logger = slog.New(slog.NewJSONHandler(os.Stdout, nil))\n'}, PASS, ["log.go:3"]),
    ("spring-structured", "spring", {"src/main/resources/application.properties": "logging.structured.format.console=ecs\n"}, PASS, ["src/main/resources/application.properties:1"]),
    ("plain-stdlib", "flask", {"log.py": "import logging\nlogger = logging.getLogger(__name__)\n"}, PARTIAL, ["log.py:2"]),
    ("plain-slf4j", "spring", {"src/main/java/com/example/Svc.java": "class Svc { static final Logger log = LoggerFactory.getLogger(Svc.class); }\n"}, PARTIAL, ["src/main/java/com/example/Svc.java:1"]),
    ("only-prints", "nethttp", {"handler.go": 'package main\n\nfunc h() {\n\tfmt.Println("got request")\n}\n'}, FAIL, ["handler.go:4"]),
    ("console-log", "express", {"routes.js": "console.log('hit');\n"}, FAIL, ["routes.js:1"]),
    ("library", "lib-java", {}, NA, None),
    ("trap-listed-only", "express", {"package.json": '{"name": "s", "dependencies": {"express": "4", "winston": "3"}}\n'}, PARTIAL, ["package.json:1"]),
    ("trap-fix-text", "fastapi", {"app/advice.py": 'FIX = "structlog.configure(processors=[JSONRenderer()])"\nprint("x")\n'}, FAIL, ["app/advice.py:2"]),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_logging(make_repo, name, base, files, status, where):
    check_case(make_repo, "obs.logging", base, files, status, where)
