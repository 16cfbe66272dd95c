"""data.indexes: models or migrations declare indexes beyond primary keys."""

from __future__ import annotations

from prodready.facts import CheckContext
from prodready.facts.usage import Usage
from prodready.model import Outcome
from prodready.registry import check
from prodready.verdicts import needs_sql, usage_outcome

_ALL = (".py", ".js", ".ts", ".go", ".java", ".kt", ".sql", ".prisma", ".xml", ".yaml", ".yml")
USAGES = (
    Usage("SQL CREATE INDEX", "any", (), r"(?i)\bcreate\s+(unique\s+)?index\b|\badd\s+(unique\s+)?index\b", suffixes=(".sql",)),
    # a UNIQUE constraint in a table definition is backed by an index (PostgreSQL, MySQL, SQLite)
    Usage("SQL UNIQUE constraint", "any", (), r"(?im)^(?![ \t]*--)[^\n]*\bunique\b", suffixes=(".sql",)),
    Usage("Django index", "python", (), r"db_index\s*=\s*True|models\.Index\(|indexes\s*=\s*\[|UniqueConstraint\(|unique_together\s*="),
    Usage("SQLAlchemy / Alembic index", "python", (), r"index\s*=\s*True|\bIndex\(\s*['\"]|op\.create_index\(|unique\s*=\s*True"),
    Usage("Prisma index", "any", (), r"@@index\(|@@unique\(|@unique\b", suffixes=(".prisma",)),
    Usage("TypeORM / Sequelize / Knex index", "node", (), r"@Index\(|@Unique\(|addIndex\(|\bindexes\s*:\s*\[|\.index\(\[?['\"]|\.unique\(\)|unique\s*:\s*true"),
    Usage("GORM index tag", "go", (), r"gorm:\"[^\"]*(index|uniqueIndex|unique)"),
    Usage("JPA / Liquibase index", "java", (), r"@Index\(|indexes\s*=\s*\{|@Column\([^)]*unique\s*=\s*true|createIndex|addUniqueConstraint", suffixes=(".java", ".kt", ".xml", ".yaml", ".yml", ".sql")),
)


@check(
    id="data.indexes",
    blind_spots="Indexes created outside models and migrations (by hand, by a DBA) are not seen; whether the indexes match the queries is not judged.",
    title="Indexes beyond primary keys",
    severity="medium",
    why="""
    Queries that filter or join on unindexed columns scan whole tables: fast with test data,
    slow and lock-heavy in production. Declaring indexes in models or migrations makes them
    reviewed and reproducible in every environment.
    """,
    fix="Add indexes for the columns your queries filter, join and sort on (and unique constraints for natural keys), in models or migrations.",
    fix_by_stack={
        "django": "Set `db_index=True` or `Meta.indexes = [models.Index(fields=[...])]`, then `makemigrations`.",
        "python": "Declare `index=True` on filtered columns or `Index(...)` in `__table_args__`, then generate an Alembic migration.",
        "node": "Prisma `@@index([field])`, TypeORM `@Index()`, Sequelize `indexes: [...]`, Knex `table.index(['field'])` in a migration.",
        "go": "Add `CREATE INDEX` statements to the migrations (or GORM `gorm:\"index\"` tags if GORM owns the schema).",
        "java": "Add `CREATE INDEX` to a Flyway migration, or `@Table(indexes = @Index(columnList = \"field\"))`.",
    },
    references=("https://use-the-index-luke.com/", "https://docs.djangoproject.com/en/stable/ref/models/indexes/"),
)
def indexes(ctx: CheckContext) -> Outcome:
    skip = needs_sql(ctx, "indexes")
    if skip:
        return skip
    report = ctx.usage(USAGES)
    return usage_outcome(report, "indexes declared", "no index beyond primary keys in models or migrations")
