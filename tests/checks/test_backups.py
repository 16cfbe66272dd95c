"""data.backups: procedures in docs, scripts or managed-service settings."""

import pytest

from tests.checks.helpers import FAIL, NA, PARTIAL, PASS, check_case, ids

DB = {"requirements.txt": "fastapi\nsqlalchemy\npsycopg2\n"}
CASES = [
    ("runbook", "fastapi", {**DB, "docs/operations.md": "# Operations\n\n## Backups\nNightly pg_dump to S3.\n\n## Restore\nUse pg_restore on a fresh instance.\n"}, PASS, ["docs/operations.md:3", "docs/operations.md:4", "docs/operations.md:6", "docs/operations.md:7"]),  # headings are prose, not comments
    ("terraform", "fastapi", {**DB, "infra/db.tf": "resource \"aws_db_instance\" \"db\" {\n  backup_retention_period = 7\n}\n", "docs/dr.md": "Point-in-time recovery: restore from the console.\n"}, PASS, None),
    ("backup-only", "fastapi", {**DB, "scripts/backup.sh": "#!/bin/sh\npg_dump \"$DATABASE_URL\" > dump.sql\n"}, PARTIAL, ["scripts/backup.sh:2"]),
    ("mongo-no-backup", "express", {"package.json": '{"name": "s", "dependencies": {"express": "4", "mongoose": "8"}}\n'}, FAIL, []),
    ("none", "fastapi", DB, FAIL, []),
    ("no-database", "gin", {}, NA, None),
    ("trap-code-mention", "fastapi", {**DB, "app/models.py": "# backup and restore happen elsewhere\nbackup_enabled = True\n"}, FAIL, []),
    ("node-runbook", "express", {"package.json": '{"name": "s", "dependencies": {"express": "4", "pg": "8"}}\n', "RUNBOOK.md": "Backups: nightly pg_dump.\nRestore with pg_restore.\n"}, PASS, ["RUNBOOK.md:1", "RUNBOOK.md:2"]),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_backups(make_repo, name, base, files, status, where):
    check_case(make_repo, "data.backups", base, files, status, where)
