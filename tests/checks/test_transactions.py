"""data.transactions per stack."""

import pytest

from tests.checks.helpers import FAIL, NA, PASS, check_case, ids
from tests.conftest import GO_MOD, POM

JPA = POM.format(extra="    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-data-jpa</artifactId></dependency>")
MODELS = "from django.db import models\nclass A(models.Model):\n    pass\n"
CASES = [
    ("django-atomic", "django", {"shop/models.py": MODELS, "shop/services.py": "def order():\n    with transaction.atomic():\n        pass\n"}, PASS, ["shop/services.py:2"]),
    ("sqlalchemy-begin", "fastapi", {"requirements.txt": "fastapi\nsqlalchemy\n", "app/svc.py": "def pay(Session):\n    with Session.begin() as s:\n        pass\n"}, PASS, ["app/svc.py:2"]),
    ("prisma", "express", {"package.json": '{"name": "s", "dependencies": {"express": "4", "@prisma/client": "5"}}\n', "orders.js": "await prisma.$transaction([a, b]);\n"}, PASS, ["orders.js:1"]),
    ("go-begintx", "gin", {"go.mod": GO_MOD.format(requires="\tgithub.com/gin-gonic/gin v1.9.1\n\tgithub.com/lib/pq v1.10.9"), "tx.go": "package main\n\nfunc pay() {\n\ttx, _ := db.BeginTx(ctx, nil)\n}\n"}, PASS, ["tx.go:4"]),
    ("spring", "spring", {"pom.xml": JPA, "src/main/java/com/example/Svc.java": "package com.example;\n\nclass Svc {\n  @Transactional\n  void pay() {}\n}\n"}, PASS, ["src/main/java/com/example/Svc.java:4"]),
    ("none-django", "django", {"shop/models.py": MODELS}, FAIL, []),
    ("none-node", "nestjs", {"package.json": '{"name": "s", "dependencies": {"@nestjs/core": "10", "typeorm": "0.3"}}\n'}, FAIL, []),
    ("no-database", "echo", {}, NA, None),
    ("trap-test-only", "spring", {"pom.xml": JPA, "src/test/java/com/example/SvcTest.java": "class SvcTest { @Transactional void t() {} }\n"}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_transactions(make_repo, name, base, files, status, where):
    check_case(make_repo, "data.transactions", base, files, status, where)
