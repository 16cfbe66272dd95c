"""sec.sql-injection: no SQL built from strings and handed to execute/raw/query."""

from __future__ import annotations

import re

from prodready.facts import CheckContext, evidence
from prodready.facts.code import python_sql_findings
from prodready.facts.sql_text import SqlFinding, pattern_sql_findings
from prodready.model import Outcome, Severity
from prodready.registry import check

_SINK_HINT = re.compile(r"\.(execute|executemany|executescript|raw|extra|mogrify|from_statement|exec_driver_sql)\(|\b(text|RawSQL)\(")
SUFFIXES = (".py", ".js", ".ts", ".mjs", ".cjs", ".go", ".java", ".kt")


@check(
    id="sec.sql-injection",
    blind_spots="Python data flow is followed within one function only; other languages are matched line by line, so a query built on one line and executed on a later one is missed (Go Sprintf variables excepted). A Go fmt.Sprintf that only composes names or fragments (no value in a value position) is listed for review at medium, not as a critical: where those names come from is not followed.",
    title="No SQL built from strings",
    severity="critical",
    why="""
    A query assembled with f-strings, `%`, `+` or Sprintf from request data lets a client
    rewrite it: read other users' data, bypass login, drop tables. Parameterised queries make
    the driver send data separately from SQL, so it can never become SQL.
    """,
    fix="Pass values as query parameters (placeholders) instead of formatting them into the SQL text; build dynamic identifiers from an allow-list.",
    fix_by_stack={
        "python": "Use placeholders: `cursor.execute(\"SELECT * FROM t WHERE id = %s\", (item_id,))`; in SQLAlchemy `text(\"... WHERE id = :id\").bindparams(id=item_id)`; in Django the ORM or `raw(sql, [params])`.",
        "node": "Use placeholders: `pool.query('SELECT * FROM t WHERE id = $1', [id])`; in Prisma `$queryRaw` with a tagged template (not `$queryRawUnsafe`); in Knex bindings (`whereRaw('id = ?', [id])`).",
        "go": "Use placeholders: `db.QueryContext(ctx, \"SELECT * FROM t WHERE id = $1\", id)`; never fmt.Sprintf values into SQL.",
        "java": "Use `PreparedStatement` with `?` parameters, JPQL named parameters (`:id` with `setParameter`) or Spring Data query methods.",
    },
    references=("https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html", "https://cwe.mitre.org/data/definitions/89.html"),
)
def sql_injection(ctx: CheckContext) -> Outcome:
    files = [f for f in ctx.files() if f.suffix in SUFFIXES]
    if not files:
        return Outcome.not_applicable("no source code to read")
    findings: list[SqlFinding] = []
    for entry in files:
        if entry.suffix == ".py":
            if not ctx.repo.first_match(_SINK_HINT, entry.path):
                continue  # no execute/raw/text/extra call at all: nothing to parse
            found = ctx.repo.per_python_file(entry.path, python_sql_findings)
        else:
            found = ctx.repo.per_file(entry.path, pattern_sql_findings, entry.suffix)
        findings.extend(SqlFinding(entry.path, *item) for item in found or ())
    if not findings:
        return Outcome.passed(f"no SQL built from strings in {len(files)} source files")
    ev = [evidence(f.path, f.line, _line(ctx, f), note=f"{f.call}(): {f.detail}", severity=Severity(f.severity))
          for f in findings]
    critical = sum(1 for f in findings if f.severity == "critical")
    if critical:
        return Outcome.failed(f"{critical} query(ies) built from strings and executed", ev)
    return Outcome.partial(5, f"{len(findings)} query(ies) composed with fmt.Sprintf from names or fragments "
                              "(no value spliced in): review where they come from", ev)


def _line(ctx: CheckContext, finding: SqlFinding) -> str:
    lines = ctx.repo.lines(finding.path)
    return lines[finding.line - 1] if finding.line <= len(lines) else ""
