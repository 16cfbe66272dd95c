"""data.indexes per stack."""

import pytest

from tests.checks.helpers import FAIL, NA, PASS, check_case, ids
from tests.conftest import GO_MOD, POM

JPA = POM.format(extra="    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-data-jpa</artifactId></dependency>")
CASES = [
    # spring-boot-realworld: UNIQUE columns in a Flyway migration are backed by indexes
    ("sql-unique-columns", "spring", {"pom.xml": JPA, "src/main/resources/db/migration/V1__create_tables.sql": "create table users (\n  id varchar(255) primary key,\n  username varchar(255) UNIQUE,\n  email varchar(255) UNIQUE\n);\n"}, PASS, ["src/main/resources/db/migration/V1__create_tables.sql:3"]),
    ("trap-unique-in-a-sql-comment", "spring", {"pom.xml": JPA, "src/main/resources/db/migration/V1__init.sql": "-- usernames should be unique one day\ncreate table users (id varchar(255) primary key, username varchar(255));\n"}, FAIL, []),
    ("django-db-index", "django", {"shop/models.py": "from django.db import models\n\nclass Item(models.Model):\n    sku = models.CharField(max_length=20, db_index=True)\n"}, PASS, ["shop/models.py:4"]),
    ("alembic-create-index", "fastapi", {"requirements.txt": "fastapi\nsqlalchemy\n", "migrations/versions/1.py": "revision = '1'\nop.create_index('ix_sku', 'item', ['sku'])\n"}, PASS, ["migrations/versions/1.py:2"]),
    ("prisma", "express", {"package.json": '{"name": "s", "dependencies": {"express": "4", "@prisma/client": "5"}}\n', "prisma/schema.prisma": "model Item {\n  sku String\n  @@index([sku])\n}\n"}, PASS, ["prisma/schema.prisma:3"]),
    ("sql-migration", "gin", {"go.mod": GO_MOD.format(requires="\tgithub.com/gin-gonic/gin v1.9.1\n\tgithub.com/lib/pq v1.10.9"), "migrations/1.up.sql": "CREATE TABLE item (sku text);\nCREATE INDEX ix_sku ON item (sku);\n"}, PASS, ["migrations/1.up.sql:2"]),
    ("jpa-index", "spring", {"pom.xml": JPA, "src/main/java/com/example/Item.java": 'package com.example;\n\n@Table(indexes = @Index(columnList = "sku"))\nclass Item {}\n'}, PASS, ["src/main/java/com/example/Item.java:3"]),
    ("no-index-django", "django", {"shop/models.py": "from django.db import models\n\nclass Item(models.Model):\n    sku = models.CharField(max_length=20)\n"}, FAIL, []),
    ("no-index-go", "chi", {"go.mod": GO_MOD.format(requires="\tgithub.com/go-chi/chi/v5 v5.0.12\n\tgithub.com/jackc/pgx/v5 v5.5.0"), "migrations/1.up.sql": "CREATE TABLE item (id int primary key);\n"}, FAIL, []),
    ("no-database", "flask", {}, NA, None),
    ("trap-comment", "fastify", {"package.json": '{"name": "s", "dependencies": {"fastify": "4", "pg": "8"}}\n', "migrations/1.sql": "-- TODO: CREATE INDEX later\nCREATE TABLE a (id int);\n"}, FAIL, []),
    ("no-index-spring", "spring", {"pom.xml": JPA}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_indexes(make_repo, name, base, files, status, where):
    check_case(make_repo, "data.indexes", base, files, status, where)
