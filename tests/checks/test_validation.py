"""api.validation per stack."""

import pytest

from tests.checks.helpers import FAIL, NA, PARTIAL, PASS, check_case, ids

CASES = [
    ("fastapi-pydantic", "fastapi", {"app/schemas.py": "from pydantic import BaseModel\n\n\nclass ItemIn(BaseModel):\n    name: str\n"}, PASS, ["app/schemas.py:4"]),
    ("drf-serializer", "django", {"shop/serializers.py": "from rest_framework import serializers\n\nclass ItemSerializer(serializers.ModelSerializer):\n    pass\n"}, PASS, ["shop/serializers.py:3"]),
    ("flask-marshmallow", "flask", {"requirements.txt": "flask\nmarshmallow\n", "schemas.py": "from marshmallow import Schema\n\nclass ItemSchema(Schema):\n    pass\n"}, PASS, ["schemas.py:3"]),
    ("express-zod", "express", {"routes.js": "const Item = z.object({ name: z.string() });\n"}, PASS, ["routes.js:1"]),
    ("nest-class-validator", "nestjs", {"src/item.dto.ts": "export class ItemDto {\n  @IsString()\n  name: string;\n}\n"}, PASS, ["src/item.dto.ts:2"]),
    ("fastify-schema", "fastify", {"routes.js": "fastify.post('/items', { schema: { body: { type: 'object' } } }, h);\n"}, PASS, ["routes.js:1"]),
    ("gin-binding", "gin", {"types.go": 'package main\n\ntype ItemIn struct {\n\tName string `json:"name" binding:"required"`\n}\n'}, PASS, ["types.go:4"]),
    ("go-validator", "chi", {"validate.go": 'package main\n\nvar validate = validator.New()\n'}, PASS, ["validate.go:3"]),
    ("spring-valid", "spring", {"src/main/java/com/example/ItemController.java": 'package com.example;\n\n@RestController\npublic class ItemController {\n  @PostMapping("/items")\n  public Item create(@Valid @RequestBody ItemIn in) { return null; }\n}\n'}, PASS, ["src/main/java/com/example/ItemController.java:6"]),
    ("listed-only", "express", {"package.json": '{"name": "s", "dependencies": {"express": "4", "joi": "17"}}\n'}, PARTIAL, ["package.json:1"]),
    ("missing-express", "express", {}, FAIL, []),
    ("missing-echo", "echo", {}, FAIL, []),
    ("missing-spring", "spring", {}, FAIL, []),
    ("library", "lib-python", {}, NA, None),
    ("trap-test-only", "express", {"test/items.test.js": "const Item = z.object({});\n"}, FAIL, []),
]


@pytest.mark.parametrize("name, base, files, status, where", CASES, ids=ids(CASES))
def test_validation(make_repo, name, base, files, status, where):
    check_case(make_repo, "api.validation", base, files, status, where)
