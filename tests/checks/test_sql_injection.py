"""sec.sql-injection: code is read (Python ast; patterns for JS/TS, Go, Java)."""

import pytest

from tests.checks.helpers import FAIL, NA, PARTIAL, PASS, check_case, ids

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
# a GORM soft-delete callback (go-gin-example, models/models.go): table and column names quoted
# by GORM, the value a bind variable from AddToVars, the conditions GORM's own: composition of
# names and fragments, reviewed (medium), never a critical
GO_GORM_CALLBACK = """package models

func deleteCallback(scope *gorm.Scope) {
	var extraOption string
	if str, ok := scope.Get("gorm:delete_option"); ok {
		extraOption = fmt.Sprint(str)
	}
	if !scope.Search.Unscoped {
		scope.Raw(fmt.Sprintf(
			"UPDATE %v SET %v=%v%v%v",
			scope.QuotedTableName(),
			scope.Quote("deleted_on"),
			scope.AddToVars(time.Now().Unix()),
			addExtraSpaceIfExist(scope.CombinedConditionSql()),
			addExtraSpaceIfExist(extraOption),
		)).Exec()
	}
}
"""
GO_QUOTED = 'package main\n\nfunc find(db *sql.DB, name string) {\n\tdb.Query(fmt.Sprintf("SELECT * FROM users WHERE name = \'%s\'", name))\n}\n'
GO_IN_LIST = 'package main\n\nfunc find(db *sql.DB, ids []string) {\n\tq := fmt.Sprintf("DELETE FROM t WHERE id IN (%s)", strings.Join(ids, ","))\n\tdb.Exec(q)\n}\n'
GO_NUMBERS = 'package main\n\nfunc page(db *sql.DB, n int) {\n\tdb.Query(fmt.Sprintf("SELECT * FROM t LIMIT %d", n))\n}\n'
GO_TABLE_NAME = 'package main\n\nfunc count(db *sql.DB, table string) {\n\tdb.QueryRow(fmt.Sprintf("SELECT count(*) FROM %s WHERE id = $1", table), 1)\n}\n'
CASES = [
    ("go-gorm-callback-names-and-fragments", "gin", {"models/models.go": GO_GORM_CALLBACK}, PARTIAL, ["models/models.go:9"]),
    ("go-sprintf-quoted-value", "gin", {"db.go": GO_QUOTED}, FAIL, ["db.go:4"]),
    ("go-sprintf-in-list", "chi", {"db.go": GO_IN_LIST}, FAIL, ["db.go:5"]),
    ("go-sprintf-numbers-only", "gin", {"db.go": GO_NUMBERS}, PASS, []),
    ("go-sprintf-table-name", "gin", {"db.go": GO_TABLE_NAME}, PARTIAL, ["db.go:4"]),
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
    if status in (FAIL, PARTIAL):
        assert run.repo.outcome.evidence[0].note.split("(")[0] in ("execute", "raw", "Raw", "text", "query", "$queryRawUnsafe", "Query", "QueryRow", "Query/Exec", "createQuery")


def test_composed_names_are_reviewed_not_critical(make_repo):
    """The GORM callback's two queries are listed for review at medium, and the message says no
    value was spliced in; a quoted value next to them still makes the check fail."""
    run = check_case(make_repo, "sec.sql-injection", "gin", {"models/models.go": GO_GORM_CALLBACK}, PARTIAL,
                     ["models/models.go:9"])
    assert {e.severity.value for e in run.repo.outcome.evidence} == {"medium"}
    assert "no value spliced in" in run.repo.outcome.message
    mixed = check_case(make_repo, "sec.sql-injection", "gin", {"models/models.go": GO_GORM_CALLBACK, "db.go": GO_QUOTED},
                       FAIL, ["db.go:4", "models/models.go:9"])
    assert mixed.repo.outcome.message.startswith("1 query(ies)")
