"""data.migrations: the schema evolves through versioned migrations, not by hand."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.facts.database import DatabaseFacts, MigrationTool
from prodready.model import Outcome, Severity
from prodready.registry import check


@check(
    id="data.migrations",
    blind_spots="Migrations kept in a separate repository or applied by a DBA are not seen.",
    title="Database migrations are versioned",
    severity="high",
    why="""
    Without versioned migrations, every environment's schema is whatever someone last typed
    into it. Deploys then fail (or worse, half-succeed) on drift, and there is no reviewed,
    repeatable way to roll a schema forward or back.
    """,
    fix="""
    Adopt the migration tool of your stack, generate a first migration from the current schema,
    commit it, and run migrations as a deploy step (not at application start-up in every replica).
    """,
    fix_by_stack={
        "fastapi": "Add Alembic: `alembic init migrations`, point `env.py` at your SQLAlchemy metadata, `alembic revision --autogenerate -m init`, commit `migrations/versions/`.",
        "flask": "Add Flask-Migrate: `Migrate(app, db)`, then `flask db init && flask db migrate -m init`, commit `migrations/versions/`.",
        "django": "Run `python manage.py makemigrations` and commit each app's `migrations/` folder; check in CI with `makemigrations --check`.",
        "python": "Add Alembic (`alembic init migrations`) and commit `migrations/versions/`.",
        "node": "Use your ORM's migrations (Prisma `prisma migrate dev`, TypeORM `migration:generate`, Knex `knex migrate:make`, Sequelize `sequelize-cli migration:generate`) and commit the files.",
        "go": "Use golang-migrate or goose: `migrate create -ext sql -dir migrations -seq init` and commit the `.up.sql`/`.down.sql` files; replace GORM AutoMigrate in production.",
        "java": "Add `org.flywaydb:flyway-core` and put `V1__init.sql` in `src/main/resources/db/migration`; set `spring.jpa.hibernate.ddl-auto=validate`.",
    },
    references=(
        "https://alembic.sqlalchemy.org/en/latest/tutorial.html",
        "https://docs.djangoproject.com/en/stable/topics/migrations/",
        "https://documentation.red-gate.com/fd/quickstart-how-flyway-works-184127223.html",
        "https://github.com/golang-migrate/migrate",
    ),
)
def migrations(ctx: CheckContext) -> Outcome:
    if ctx.service is None:
        return Outcome.not_applicable("no service")
    db = ctx.repo.database(ctx.service)
    with_files = [t for t in db.tools if t.files]
    if with_files:
        return _versioned(with_files)
    return _unversioned(db)


def _versioned(tools: list[MigrationTool]) -> Outcome:
    """Passed: each tool's first migration file and count, and up to two lines that wire it."""
    ev = []
    for tool in tools:
        ev.append(evidence(tool.files[0], None, note=f"{tool.tool}: {len(tool.files)} migration file(s)"))
        ev.extend(evidence(s.path, s.line, note=s.detail) for s in tool.wired[:2])
    names = ", ".join(f"{t.tool} ({len(t.files)} files)" for t in tools)
    return Outcome.passed(f"versioned migrations: {names}", ev)


def _unversioned(db: DatabaseFacts) -> Outcome:
    """No migration files: a configured tool is partial; a SQL database is partial when the
    schema is at least created at start-up, else it fails; document stores have no schema to
    migrate."""
    wired = _configured(db)
    auto = [evidence(s.path, s.line, s.detail, "schema created at start-up, not versioned", Severity.MEDIUM) for s in db.auto_migrate]
    if wired:
        ev = [evidence(s.path, s.line, note=s.detail) for t in wired for s in t.wired] + auto
        return Outcome.partial(4, f"{', '.join(t.tool for t in wired)} configured but no migration files found", ev)
    if db.uses_sql:
        ev = [evidence(s.path, s.line, note=s.detail, severity=Severity.HIGH) for s in db.drivers] + auto
        if auto:
            return Outcome.partial(2, "the schema is created at start-up (auto-migrate or schema scripts), with no versioned migrations", ev)
        return Outcome.failed(f"uses a SQL database ({db.drivers[0].tool}) but has no migrations", ev)
    if db.document_stores:
        return Outcome.not_applicable(f"document store only ({db.document_stores[0].tool}): no schema migrations expected")
    return Outcome.not_applicable("no database driver or ORM in the dependencies")


def _configured(db: DatabaseFacts) -> list[MigrationTool]:
    """Migration tools set up by dependency or configuration; Django only when its ORM is in use,
    since every Django project depends on django."""
    return [t for t in db.tools if t.wired and t.tool != "django"] + [t for t in db.tools if t.tool == "django" and db.uses_sql]
