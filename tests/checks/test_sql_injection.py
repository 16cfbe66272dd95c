"""sec.sql-injection: code is read (Python ast; patterns for JS/TS, Go, Java)."""

import pytest

from tests.checks.helpers import FAIL, NA, PASS, check_case, ids

PY_FSTRING = "def get(cur, name):\n    cur.execute(f\"SELECT * FROM users WHERE name = '{name}'\")\n"
PY_PERCENT = "def get(cur, uid):\n    cur.execute(\"SELECT * FROM t WHERE id = %s\" % uid)\n"
PY_VARIABLE = "def get(cur, uid):\n    query = \"SELECT * FROM t WHERE id = \" + uid\n    rows = cur.execute(query)\n    return rows\n"
PY_DJANGO_RAW = "def search(term):\n    return Item.objects.raw(\"SELECT * FROM shop_item WHERE name LIKE '%s'\" % term)\n"
PY_SQLA_TEXT = "def q(session, col):\n    return session.execute(text(f\"SELECT {col} FROM t\"))\n"
PY_SAFE = "def get(cur, uid):\n    cur.execute(\"SELECT * FROM t WHERE id = %s\", (uid,))\n    cur.execute(text(\"SELECT 1\"))\n"
# IN (?, ?, ?) built for a list of bind parameters: the values still go as parameters
PY_PLACEHOLDERS = (
    "def get(db, ids):\n"
    "    marks = \",\".join(\"?\" * len(ids))\n"
    "    db.execute(f\"SELECT * FROM t WHERE id IN ({marks})\", ids)\n"
    "    db.execute(\"SELECT * FROM t WHERE id IN (\" + \", \".join([\"%s\"] * len(ids)) + \")\", ids)\n"
    "    db.execute(f\"DELETE FROM t WHERE id IN ({','.join('?' for _ in ids)})\", ids)\n"
)
PY_PLACEHOLDERS_AND_VALUE = (
    "def get(db, ids, table):\n"
    "    marks = \",\".join(\"?\" * len(ids))\n"
    "    marks2 = \",\".join(str(i) for i in ids)\n"
    "    db.execute(f\"SELECT * FROM {table} WHERE id IN ({marks})\", ids)\n"
    "    query = f\"SELECT * FROM t WHERE id IN ({marks2})\"\n"
    "    db.execute(query)\n"
)
CASES = [
    ("python-fstring", "fastapi", {"app/db.py": PY_FSTRING}, FAIL, ["app/db.py:2"]),
    ("python-percent", "flask", {"db.py": PY_PERCENT}, FAIL, ["db.py:2"]),
    ("python-variable", "flask", {"db.py": PY_VARIABLE}, FAIL, ["db.py:3"]),
    ("django-raw", "django", {"shop/views.py": PY_DJANGO_RAW}, FAIL, ["shop/views.py:2"]),
    ("sqlalchemy-text", "fastapi", {"app/q.py": PY_SQLA_TEXT}, FAIL, ["app/q.py:2"]),
    ("node-template", "express", {"db.js": "async function get(id) {\n  return pool.query(`SELECT * FROM t WHERE id = ${id}`);\n}\n"}, FAIL, ["db.js:2"]),
    ("node-concat", "nestjs", {"src/repo.ts": "return this.ds.query('SELECT * FROM t WHERE id = ' + id);\n"}, FAIL, ["src/repo.ts:1"]),
    ("prisma-unsafe", "express", {"db.js": "await prisma.$queryRawUnsafe(`SELECT * FROM t WHERE id = ${id}`);\n"}, FAIL, ["db.js:1"]),
    ("go-sprintf", "gin", {"db.go": 'package main\n\nfunc get(id string) {\n\tdb.Query(fmt.Sprintf("SELECT * FROM t WHERE id = %s", id))\n}\n'}, FAIL, ["db.go:4"]),
    ("go-sprintf-variable", "chi", {"db.go": 'package main\n\nfunc get(ctx context.Context, id string) {\n\tq := fmt.Sprintf("SELECT * FROM t WHERE id = %s", id)\n\tdb.QueryContext(ctx, q)\n}\n'}, FAIL, ["db.go:5"]),
    ("java-concat", "spring", {"src/main/java/com/example/Repo.java": 'package com.example;\n\nclass Repo {\n  List find(String n) { return em.createQuery("select i from Item i where i.name = \'" + n + "\'").getResultList(); }\n}\n'}, FAIL, ["src/main/java/com/example/Repo.java:4"]),
    ("python-safe", "flask", {"db.py": PY_SAFE}, PASS, []),
    ("node-safe", "express", {"db.js": "pool.query('SELECT * FROM t WHERE id = $1', [id]);\nprisma.$queryRaw`SELECT 1`;\n"}, PASS, []),
    ("go-safe", "gin", {"db.go": 'package main\n\nfunc get(id string) {\n\tdb.Query("SELECT * FROM t WHERE id = $1", id)\n}\n'}, PASS, []),
    ("java-safe", "spring", {"src/main/java/com/example/Repo.java": 'class Repo { Object f(String n) { return em.createQuery("select i from Item i where i.name = :n").setParameter("n", n); } }\n'}, PASS, []),
    ("python-placeholder-list", "flask", {"db.py": PY_PLACEHOLDERS}, PASS, []),
    ("python-placeholder-list-then-value", "flask", {"db.py": PY_PLACEHOLDERS_AND_VALUE}, FAIL, ["db.py:4", "db.py:6"]),
    ("trap-not-sql", "flask", {"fmt.py": "def log(msg, user):\n    logger.execute(f\"hello {user}\")\n"}, PASS, []),
    ("trap-test-code", "flask", {"tests/test_db.py": PY_FSTRING}, PASS, []),
    ("no-code", None, {"README.md": "# docs\n"}, NA, None),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_sql_injection(make_repo, name, base, files, status, where):
    run = check_case(make_repo, "sec.sql-injection", base, files, status, where)
    if status is FAIL:
        assert run.repo.outcome.evidence[0].note.split("(")[0] in ("execute", "raw", "text", "query", "$queryRawUnsafe", "Query", "Query/Exec", "createQuery")
