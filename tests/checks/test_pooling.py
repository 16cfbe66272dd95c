"""data.pooling per stack."""

import pytest

from tests.checks.helpers import FAIL, NA, PASS, check_case, ids
from tests.conftest import GO_MOD, POM

JPA = POM.format(extra="    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-data-jpa</artifactId></dependency>")
CASES = [
    ("sqlalchemy", "fastapi", {"requirements.txt": "fastapi\nsqlalchemy\n", "app/db.py": "engine = create_engine(url, pool_size=10, pool_pre_ping=True)\n"}, PASS, ["app/db.py:1"]),
    ("django-conn-max-age", "django", {"shop/models.py": "from django.db import models\nclass A(models.Model):\n    pass\n", "proj/settings.py": "DATABASES = {'default': {'CONN_MAX_AGE': 60}}\n"}, PASS, ["proj/settings.py:1"]),
    # nestjs-boilerplate: TypeORM hands `extra` to the driver's pool (node-postgres `max`)
    ("typeorm-extra-max", "nestjs", {"package.json": '{"name": "s", "dependencies": {"@nestjs/core": "10", "typeorm": "0.3", "pg": "8"}}\n', "src/database/typeorm-config.service.ts": "return {\n  type: 'postgres',\n  extra: {\n    // max connection pool size\n    max: this.config.get('database.maxConnections'),\n  },\n};\n"}, PASS, ["src/database/typeorm-config.service.ts:3"]),
    ("pg-pool", "express", {"package.json": '{"name": "s", "dependencies": {"express": "4", "pg": "8"}}\n', "db.js": "const pool = new Pool({\n  max: 10,\n});\n"}, PASS, ["db.js:1"]),
    ("go-sql", "gin", {"go.mod": GO_MOD.format(requires="\tgithub.com/gin-gonic/gin v1.9.1\n\tgithub.com/lib/pq v1.10.9"), "db.go": "package main\n\nfunc open() {\n\tdb.SetMaxOpenConns(10)\n}\n"}, PASS, ["db.go:4"]),
    ("hikari", "spring", {"pom.xml": JPA, "src/main/resources/application.properties": "spring.datasource.hikari.maximum-pool-size=10\n"}, PASS, ["src/main/resources/application.properties:1"]),
    ("defaults-python", "flask", {"requirements.txt": "flask\nsqlalchemy\n", "db.py": "engine = create_engine(url)\n"}, FAIL, []),
    ("defaults-java", "spring", {"pom.xml": JPA}, FAIL, []),
    ("no-database", "express", {}, NA, None),
    ("trap-test-only", "fastapi", {"requirements.txt": "fastapi\nsqlalchemy\n", "tests/conftest.py": "engine = create_engine(url, pool_size=1)\n"}, FAIL, []),
    ("defaults-go", "gin", {"go.mod": GO_MOD.format(requires="\tgithub.com/gin-gonic/gin v1.9.1\n\tgithub.com/lib/pq v1.10.9")}, FAIL, []),
    ("defaults-node", "express", {"package.json": '{"name": "s", "dependencies": {"express": "4", "pg": "8"}}\n', "db.js": "const pool = new Pool();\n"}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_pooling(make_repo, name, base, files, status, where):
    check_case(make_repo, "data.pooling", base, files, status, where)
