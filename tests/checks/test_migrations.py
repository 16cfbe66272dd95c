"""data.migrations on real little repos, per migration tool and stack."""

from __future__ import annotations

import pytest

from prodready.model import Status
from prodready.testing import run_check
from tests.conftest import GO_MOD, POM

PASSING = {
    "alembic": ("fastapi", {"requirements.txt": "fastapi\nsqlalchemy\nalembic\n", "alembic.ini": "[alembic]\n",
                            "migrations/versions/0001_init.py": 'revision = "0001"\ndown_revision = None\n'}),
    "django": ("django", {"shop/models.py": "from django.db import models\n\nclass Item(models.Model):\n    name = models.CharField(max_length=10)\n",
                          "shop/migrations/0001_initial.py": "from django.db import migrations\n\nclass Migration(migrations.Migration):\n    pass\n",
                          "shop/migrations/__init__.py": ""}),
    "flyway": ("spring", {"pom.xml": POM.format(extra="    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-data-jpa</artifactId></dependency>\n    <dependency><groupId>org.flywaydb</groupId><artifactId>flyway-core</artifactId></dependency>"),
                          "src/main/resources/db/migration/V1__init.sql": "create table item (id int);\n"}),
    "liquibase": ("spring", {"pom.xml": POM.format(extra="    <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId></dependency>\n    <dependency><groupId>org.liquibase</groupId><artifactId>liquibase-core</artifactId></dependency>"),
                             "src/main/resources/db/changelog/db.changelog-master.yaml": "databaseChangeLog:\n  - changeSet:\n      id: 1\n"}),
    "prisma": ("express", {"package.json": '{"name": "s", "dependencies": {"express": "4", "@prisma/client": "5"}, "devDependencies": {"prisma": "5"}}\n',
                           "prisma/schema.prisma": "datasource db {\n}\n", "prisma/migrations/20240101_init/migration.sql": "CREATE TABLE a();\n"}),
    "typeorm": ("nestjs", {"package.json": '{"name": "s", "dependencies": {"@nestjs/core": "10", "typeorm": "0.3", "pg": "8"}}\n',
                           "src/migrations/1700000000000-Init.ts": "export class Init1700000000000 implements MigrationInterface {}\n"}),
    "knex": ("express", {"package.json": '{"name": "s", "dependencies": {"express": "4", "knex": "3", "pg": "8"}}\n', "knexfile.js": "module.exports = {};\n",
                         "migrations/20240101_init.js": "exports.up = function (knex) {};\nexports.down = function () {};\n"}),
    "sequelize": ("express", {"package.json": '{"name": "s", "dependencies": {"express": "4", "sequelize": "6", "pg": "8"}}\n',
                              "migrations/20240101-create-user.js": "module.exports = { up: async (queryInterface) => {} };\n"}),
    "golang-migrate": ("gin", {"go.mod": GO_MOD.format(requires="\tgithub.com/gin-gonic/gin v1.9.1\n\tgithub.com/lib/pq v1.10.9\n\tgithub.com/golang-migrate/migrate/v4 v4.17.0"),
                               "db/migrations/000001_init.up.sql": "CREATE TABLE a();\n", "db/migrations/000001_init.down.sql": "DROP TABLE a;\n"}),
    "goose": ("chi", {"go.mod": GO_MOD.format(requires="\tgithub.com/go-chi/chi/v5 v5.0.12\n\tgithub.com/jackc/pgx/v5 v5.5.0\n\tgithub.com/pressly/goose/v3 v3.18.0"),
                      "migrations/20240101_init.sql": "-- +goose Up\nCREATE TABLE a();\n"}),
}


@pytest.mark.parametrize("tool", sorted(PASSING))
def test_versioned_migrations_pass(make_repo, tool):
    base, files = PASSING[tool]
    run = run_check(make_repo(files, base=base), "data.migrations")
    assert run.status is Status.PASS, run.message
    assert run.message.startswith(f"versioned migrations: {tool} (")


FAILING = {
    "fastapi": {"requirements.txt": "fastapi\nsqlalchemy\npsycopg2-binary\n"},
    "express": {"package.json": '{"name": "s", "dependencies": {"express": "4", "pg": "8"}}\n'},
    "gin": {"go.mod": GO_MOD.format(requires="\tgithub.com/gin-gonic/gin v1.9.1\n\tgithub.com/lib/pq v1.10.9")},
    "spring": {"pom.xml": POM.format(extra="    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-data-jpa</artifactId></dependency>")},
}


@pytest.mark.parametrize("base", sorted(FAILING))
def test_database_without_migrations_fails(make_repo, base):
    run = run_check(make_repo(FAILING[base], base=base), "data.migrations")
    assert run.status is Status.FAIL
    assert run.message.startswith("uses a SQL database (")
    manifest = next(iter(FAILING[base]))
    assert all(e.path == manifest for e in run.repo.outcome.evidence)


@pytest.mark.parametrize("base", ["fastapi", "express", "gin", "spring", "django"])
def test_no_database_is_not_applicable(make_repo, base):
    run = run_check(make_repo({}, base=base), "data.migrations")
    assert run.status is Status.NOT_APPLICABLE
    assert run.message == "no database driver or ORM in the dependencies"


def test_tool_wired_without_files_is_partial(make_repo):
    run = run_check(make_repo({"requirements.txt": "flask\nflask-sqlalchemy\npsycopg2\nalembic\n", "alembic.ini": "[alembic]\n"}, base="flask"), "data.migrations")
    assert run.status is Status.PARTIAL
    assert run.message == "alembic configured but no migration files found"
    assert "alembic.ini" in run.locations()


def test_django_models_without_migrations_is_partial(make_repo):
    files = {"shop/models.py": "from django.db import models\n\nclass Item(models.Model):\n    pass\n"}
    run = run_check(make_repo(files, base="django"), "data.migrations")
    assert run.status is Status.PARTIAL
    assert run.message == "django configured but no migration files found"


def test_gorm_automigrate_is_not_versioning(make_repo):
    files = {"go.mod": GO_MOD.format(requires="\tgithub.com/gin-gonic/gin v1.9.1\n\tgorm.io/gorm v1.25.0"),
             "db.go": "package main\n\nfunc setup() {\n\tdb.AutoMigrate(&User{})\n}\n"}
    run = run_check(make_repo(files, base="gin"), "data.migrations")
    assert run.status is Status.PARTIAL
    assert "db.go:4" in run.locations()


def test_test_only_database_dependency_does_not_count(make_repo):
    files = {"requirements.txt": "fastapi\n", "requirements-dev.txt": "pytest\nsqlalchemy\n"}
    assert run_check(make_repo(files, base="fastapi"), "data.migrations").status is Status.NOT_APPLICABLE


def test_mongo_only_is_not_applicable_with_reason(make_repo):
    run = run_check(make_repo({"package.json": '{"name": "s", "dependencies": {"express": "4", "mongoose": "8"}}\n'}, base="express"), "data.migrations")
    assert run.status is Status.NOT_APPLICABLE
    assert "document store only (mongoose)" in run.message


def test_migrations_in_examples_do_not_count(make_repo):
    files = {"requirements.txt": "fastapi\nsqlalchemy\n", "examples/migrations/versions/0001.py": 'revision = "1"\n'}
    assert run_check(make_repo(files, base="fastapi"), "data.migrations").status is Status.FAIL
