"""sec.env-files (repository scope): reads repository files the same way whatever the stack, so cases vary the files, not the stack."""

import pytest

from tests.checks.helpers import FAIL, PARTIAL, PASS, check_case, ids

CASES = [
    ("committed-env", "flask", {".env": "# local\nDATABASE_URL=postgres://app@db/app\nEMPTY=\n"}, FAIL, [".env:2"]),
    ("committed-env-production", "express", {".env.production": "API_URL=https://api.internal\n"}, FAIL, [".env.production:1"]),
    ("private-key-file", "gin", {"certs/server.key": "-----BEGIN PRIVATE KEY-----\nabc\n"}, FAIL, ["certs/server.key"]),
    ("npmrc-token", "express", {".npmrc": "//registry.npmjs.org/:_authToken=npm_abcdef123456\n"}, FAIL, [".npmrc"]),
    ("example-documents", "fastapi", {".env.example": "DATABASE_URL=\nSECRET_KEY=changeme\n"}, PASS, [".env.example"]),
    ("empty-env-is-fine", "spring", {".env": "DB_PASSWORD=\nAPI_KEY=\n", ".env.sample": "DB_PASSWORD=\n"}, PASS, [".env.sample"]),
    ("reads-env-undocumented", "express", {"config.js": "module.exports = { db: process.env.DATABASE_URL };\n"}, PARTIAL, ["config.js:1"]),
    ("nothing-read", "lib-go", {}, PASS, []),
    # microblog: Flask's .flaskenv is committed by design, for public settings
    ("flaskenv-public-settings", "flask", {".flaskenv": "FLASK_APP=microblog.py\nFLASK_DEBUG=1\n", ".env.example": "SECRET_KEY=\n"}, PASS, [".env.example"]),
    ("flaskenv-with-a-secret", "flask", {".flaskenv": "FLASK_APP=app.py\nSECRET_KEY=s3cr3t-value\n"}, FAIL, [".flaskenv:1"]),
    ("trap-gitignored", "flask", {".gitignore": ".env\n", ".env": "SECRET=abc123\n"}, PASS, []),
    ("trap-test-fixture", "flask", {"tests/fixtures/.env": "SECRET=abc123\n"}, PASS, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_env_files(make_repo, name, base, files, status, where):
    check_case(make_repo, "sec.env-files", base, files, status, where)
