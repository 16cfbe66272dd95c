"""Databases and migrations: which drivers/ORMs a service uses, which migration tools it has.

A migration tool is "wired" when its configuration or dependency is present, and "has files"
when versioned migration files exist. Each signal keeps the file and line it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from prodready.facts.services import Service
from prodready.scanning.files import FileEntry
from prodready.scanning.memo import TextSource
from prodready.scanning.parsing import line_of

SQL_DRIVERS: dict[str, tuple[str, ...]] = {
    "python": ("sqlalchemy", "psycopg2", "psycopg2-binary", "psycopg", "asyncpg", "pymysql",
               "mysqlclient", "aiomysql", "aiosqlite", "sqlmodel", "tortoise-orm", "peewee",
               "databases", "alembic", "pony", "ormar"),
    "node": ("pg", "mysql", "mysql2", "sqlite3", "better-sqlite3", "typeorm", "sequelize", "knex",
             "prisma", "@prisma/client", "@mikro-orm/core", "drizzle-orm", "objection", "kysely",
             "tedious", "mssql", "oracledb", "postgres"),
    "go": ("github.com/lib/pq", "github.com/jackc/pgx/v5", "github.com/jackc/pgx/v4",
           "github.com/go-sql-driver/mysql", "gorm.io/gorm", "github.com/mattn/go-sqlite3",
           "entgo.io/ent", "github.com/jmoiron/sqlx", "github.com/uptrace/bun", "modernc.org/sqlite"),
    "java": ("org.springframework.boot:spring-boot-starter-data-jpa",
             "org.springframework.boot:spring-boot-starter-jdbc",
             "org.springframework.boot:spring-boot-starter-data-r2dbc", "org.postgresql:postgresql",
             "com.mysql:mysql-connector-j", "mysql:mysql-connector-java", "org.hibernate:hibernate-core",
             "org.hibernate.orm:hibernate-core", "org.mariadb.jdbc:mariadb-java-client",
             "com.h2database:h2", "org.jooq:jooq", "org.mybatis.spring.boot:mybatis-spring-boot-starter"),
}
DOCUMENT_STORES = ("pymongo", "motor", "mongoengine", "beanie", "mongoose", "mongodb",
                   "go.mongodb.org/mongo-driver", "org.springframework.boot:spring-boot-starter-data-mongodb")


@dataclass(frozen=True)
class Signal:
    """One piece of evidence about a database or a migration tool."""

    tool: str
    path: str
    line: int | None
    detail: str


@dataclass(frozen=True)
class MigrationTool:
    tool: str
    wired: tuple[Signal, ...]
    files: tuple[str, ...]


@dataclass(frozen=True)
class DatabaseFacts:
    drivers: tuple[Signal, ...]
    document_stores: tuple[Signal, ...]
    tools: tuple[MigrationTool, ...]
    auto_migrate: tuple[Signal, ...]  # schema created at start-up (GORM AutoMigrate, ddl-auto)

    @property
    def uses_sql(self) -> bool:
        return bool(self.drivers)


# (tool, dependency names, config file names, regex a migration file path must match,
#  regex its content must match or None)
_TOOLS: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str, str | None], ...] = (
    ("alembic", ("alembic", "flask-migrate"), ("alembic.ini",), r"(^|/)(alembic|migrations)/versions/[^/]+\.py$", r"\brevision\s*="),
    ("django", ("django",), (), r"(^|/)migrations/\d{4}_[^/]+\.py$", r"\bmigrations\.Migration\b|class Migration\b"),
    ("flyway", ("org.flywaydb:flyway-core", "org.flywaydb:flyway-database-postgresql", "org.flywaydb:flyway-mysql"), ("flyway.conf", "flyway.toml"), r"(^|/)V\d+[\d_.]*__[^/]+\.sql$", None),
    ("liquibase", ("org.liquibase:liquibase-core",), (), r"(^|/)(db/)?changelog/[^/]+\.(xml|ya?ml|sql|json)$|db\.changelog[^/]*\.(xml|ya?ml|sql|json)$", r"(?i)databaseChangeLog|changeSet|--\s*changeset"),
    ("prisma", ("prisma", "@prisma/client"), ("schema.prisma",), r"(^|/)prisma/migrations/[^/]+/migration\.sql$", None),
    ("typeorm", ("typeorm",), (), r"(^|/)migrations?/[^/]+\.(ts|js)$", r"MigrationInterface|queryRunner"),
    ("knex", ("knex",), ("knexfile.js", "knexfile.ts"), r"(^|/)migrations/[^/]+\.(js|ts|cjs|mjs)$", r"exports\.up\b|export (async )?function up\b|export const up\b"),
    ("sequelize", ("sequelize", "sequelize-cli"), (".sequelizerc",), r"(^|/)migrations/[^/]+\.(js|ts|cjs)$", r"queryInterface"),
    ("golang-migrate", ("github.com/golang-migrate/migrate/v4", "github.com/golang-migrate/migrate"), (), r"[^/]+\.up\.sql$", None),
    ("goose", ("github.com/pressly/goose/v3", "github.com/pressly/goose"), (), r"[^/]+\.(sql|go)$", r"\+goose Up|goose\.AddMigration"),
    ("atlas", ("ariga.io/atlas",), ("atlas.hcl",), r"(^|/)migrations/[^/]+\.sql$|atlas\.sum$", None),
    ("sql-files", (), (), r"(^|/)(migrations?|db/migrate)/[^/]*\d[^/]*\.sql$", None),
)
_DATABASE_SQL = re.compile(r'"database/sql"')
_CREATE_TABLE = re.compile(r"(?i)\bcreate\s+table\b")
_AUTO_MIGRATE = re.compile(r"\.AutoMigrate\(|ddl-auto\s*[:=]\s*(update|create)|synchronize\s*:\s*true|Base\.metadata\.create_all\(")


def database_facts(service: Service, files: list[FileEntry], repo: TextSource) -> DatabaseFacts:
    """What `service` (whose production and migration files are `files`) does with databases.
    `repo`: the files' texts, and searches remembered across audits (RepoFacts)."""
    drivers, documents = _driver_signals(service, files, repo)
    tools = [tool for spec in _TOOLS if (tool := _migration_tool(spec, service, files, repo)) is not None]
    return DatabaseFacts(tuple(drivers), tuple(documents), tuple(tools), tuple(_auto_migrations(files, repo)))


def _driver_signals(service: Service, files: list[FileEntry], repo: TextSource) -> tuple[list[Signal], list[Signal]]:
    """(SQL drivers and ORMs, document stores) the service uses: its runtime dependencies,
    Django models, and Go's database/sql imported in code."""
    sql_names = SQL_DRIVERS.get(service.stack, ())
    drivers, documents = [], []
    for dep in service.dependencies:
        if dep.dev:
            continue
        if dep.name in sql_names:
            drivers.append(Signal(dep.name, dep.path, dep.line, f"depends on {dep.name}"))
        elif dep.name in DOCUMENT_STORES:
            documents.append(Signal(dep.name, dep.path, dep.line, f"depends on {dep.name}"))
    django = service.depends_on("django") if service.stack == "python" else None
    if django and _django_models(files, repo.text):
        drivers.append(Signal("django", django.path, django.line, "Django models (models.Model) use the ORM"))
    if service.stack == "go" and not drivers:
        found = next((e for e in files if e.suffix == ".go" and repo.first_match(_DATABASE_SQL, e.path)), None)
        if found is not None:
            drivers.append(Signal("database/sql", found.path, None, "imports database/sql"))
    return drivers, documents


def _migration_tool(spec: tuple, service: Service, files: list[FileEntry], repo: TextSource) -> MigrationTool | None:
    """One migration tool of _TOOLS as the service has it (wired by dependency or config,
    with its migration files), or None when nothing of it is there."""
    tool, deps, configs, path_pattern, content_pattern = spec
    names = {d.name: d for d in service.dependencies}
    wired = [Signal(tool, names[d].path, names[d].line, f"depends on {d}") for d in deps if d in names]
    wired += [Signal(tool, f.path, None, f"{f.name} configures {tool}") for f in files if f.name in configs]
    path_re = re.compile(path_pattern)
    content_re = re.compile(content_pattern) if content_pattern else None
    migration_files = [entry.path for entry in files
                       if entry.role != "example" and path_re.search(entry.path)
                       and (content_re is None or repo.first_match(content_re, entry.path))]
    if tool == "sql-files" and not migration_files:
        return None
    if tool == "django" and not migration_files and not _django_models(files, repo.text):
        return None
    if wired or migration_files:
        return MigrationTool(tool, tuple(wired), tuple(sorted(migration_files)))
    return None


def _auto_migrations(files: list[FileEntry], repo: TextSource) -> list[Signal]:
    """Schemas made outside versioned migrations: CREATE TABLE scripts, and start-up calls such
    as GORM AutoMigrate, ddl-auto, TypeORM synchronize or SQLAlchemy create_all."""
    auto = [
        Signal("schema-script", f.path, 1, f"{f.name} creates the schema by hand; it is not a versioned migration")
        for f in files if f.suffix == ".sql" and f.is_production and "migrat" not in f.path.lower()
        and repo.first_match(_CREATE_TABLE, f.path)
    ]
    for entry in files:
        if entry.suffix in (".go", ".py", ".properties", ".yml", ".yaml", ".ts", ".js") and entry.is_production:
            match = repo.first_match(_AUTO_MIGRATE, entry.path)
            if match:
                auto.append(Signal("auto-migrate", entry.path, line_of(match.string, match.start()), match.group(0)))
    return auto


def _django_models(files: list[FileEntry], read_text) -> bool:
    return any(
        f.name == "models.py" and "models.Model" in (read_text(f.path) or "")
        for f in files if f.is_production
    )
