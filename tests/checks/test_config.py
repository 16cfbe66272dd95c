"""ops.config: environment configuration validated at start-up; hard-coded hosts."""

import pytest

from tests.checks.helpers import FAIL, NA, PARTIAL, PASS, check_case, ids

CASES = [
    ("pydantic-settings", "fastapi", {"app/config.py": "from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n    database_url: str\n"}, PASS, ["app/config.py:4"]),
    ("envalid", "express", {"config.js": "const env = cleanEnv(process.env, { PORT: port() });\n"}, PASS, ["config.js:1"]),
    # node-express-boilerplate: a Joi schema validating process.env; nestjs-boilerplate: a
    # class-validator helper called with process.env
    ("joi-validate-process-env", "express", {"src/config/config.js": "const Joi = require('joi');\nconst schema = Joi.object().keys({ PORT: Joi.number() });\nconst { value, error } = schema.prefs({}).validate(process.env);\n"}, PASS, ["src/config/config.js:3"]),
    ("validate-config-helper", "nestjs", {"src/config/app.config.ts": "export default registerAs('app', () => {\n  validateConfig(process.env, EnvironmentVariablesValidator);\n  return { port: process.env.PORT };\n});\n"}, PASS, ["src/config/app.config.ts:2"]),
    ("trap-validate-in-a-comment", "express", {"config.js": "// TODO: schema.validate(process.env)\nconst port = process.env.PORT;\n"}, PARTIAL, ["config.js:2"]),
    ("nest-config", "nestjs", {"src/app.module.ts": "ConfigModule.forRoot({ validationSchema: schema })\n"}, PASS, ["src/app.module.ts:1"]),
    ("go-envconfig", "gin", {"config.go": "package main\n\nfunc load() {\n\tenvconfig.MustProcess(\"app\", &cfg)\n}\n"}, PASS, ["config.go:4"]),
    ("spring-validated", "spring", {"src/main/java/com/example/Props.java": "package com.example;\n\n@Validated\n@ConfigurationProperties(prefix = \"app\")\nclass Props {}\n"}, PASS, ["src/main/java/com/example/Props.java:3"]),
    ("reads-unvalidated", "flask", {"config.py": "import os\nDB = os.environ['DATABASE_URL']\n"}, PARTIAL, ["config.py:2"]),
    ("hard-coded-host", "chi", {"db.go": 'package main\n\nconst dsn = "postgres://app@localhost:5432/app"\n'}, FAIL, ["db.go:3"]),
    ("validated-but-hard-coded", "fastapi", {"app/config.py": "class Settings(BaseSettings):\n    x: int = 1\n", "app/cache.py": "REDIS = 'redis://10.0.0.5:6379/0'\n"}, PARTIAL, ["app/config.py:1", "app/cache.py:1"]),
    ("library", "lib-node", {}, NA, None),
    ("host-in-env-file-is-fine", "flask", {"config.py": "import os\nDB = os.environ['DATABASE_URL']\n", ".env.example": "DATABASE_URL=postgres://app@localhost:5432/app\n"}, PARTIAL, ["config.py:2"]),
    ("trap-test-config", "express", {"test/setup.js": "const env = cleanEnv(process.env, {});\n"}, FAIL, []),
    ("nothing-read-spring", "spring", {}, FAIL, []),
    ("trap-validation-in-a-docstring", "fastapi", {"app/config.py": '"""Use class Settings(BaseSettings) here."""\nimport os\nDB = os.environ["DATABASE_URL"]\n'}, PARTIAL, ["app/config.py:3"]),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_config(make_repo, name, base, files, status, where):
    check_case(make_repo, "ops.config", base, files, status, where)
