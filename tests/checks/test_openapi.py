"""api.openapi on real little repos: spec files validated, framework generators wired."""

from __future__ import annotations

import json

import pytest

from prodready.model import Status
from prodready.testing import run_check
from tests.conftest import POM

VALID_30 = """openapi: 3.0.3
info:
  title: Items
  version: "1.0"
paths:
  /items:
    get:
      responses:
        "200":
          description: the items
"""
INVALID_30 = """openapi: 3.0.3
info:
  title: Items
paths:
  /items:
    get:
      summary: no responses here
"""
SWAGGER_20 = {"swagger": "2.0", "info": {"title": "x", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}}


@pytest.mark.parametrize("base", ["flask", "express", "gin", "spring"])
def test_valid_spec_file_passes(make_repo, base):
    run = run_check(make_repo({"api/openapi.yaml": VALID_30}, base=base), "api.openapi")
    assert run.status is Status.PASS
    assert run.message == "valid OpenAPI document: api/openapi.yaml"
    assert run.locations() == ["api/openapi.yaml:1"]


def test_swagger_2_json_passes(make_repo):
    run = run_check(make_repo({"docs/swagger.json": json.dumps(SWAGGER_20, indent=2)}, base="gin"), "api.openapi")
    assert run.status is Status.PASS
    assert "valid OpenAPI 2.0, 1 operation(s)" in run.repo.outcome.evidence[0].note


def test_a_generators_template_beside_the_spec_is_not_judged(make_repo):
    """go-gin-example: swag's docs/swagger/swagger.json template (`"host": "{{.Host}}"`) sits
    beside the generated docs/swagger.json; the spec is judged, the template is named as one."""
    template = dict(SWAGGER_20, host="{{.Host}}", basePath="{{.BasePath}}")
    files = {"docs/swagger.json": json.dumps(SWAGGER_20, indent=2), "docs/swagger/swagger.json": json.dumps(template, indent=2)}
    run = run_check(make_repo(files, base="gin"), "api.openapi")
    assert run.status is Status.PASS
    notes = {(e.path, e.note) for e in run.repo.outcome.evidence}
    assert ("docs/swagger/swagger.json", "a generator's template (holes like {{.Host}}), not judged") in notes


def test_a_template_alone_is_still_judged(make_repo):
    """With no other document, the template is what the repository has: it is judged (and its
    holes make it invalid), so a repository of templates does not pass on them."""
    template = dict(SWAGGER_20, host="{{.Host}}")
    run = run_check(make_repo({"docs/swagger/swagger.json": json.dumps(template, indent=2)}, base="gin"), "api.openapi")
    assert run.status is Status.FAIL


def test_a_real_error_beside_a_hole_is_no_template(make_repo):
    template = dict(SWAGGER_20, host="{{.Host}}", info={"title": "x"})  # info.version missing
    files = {"docs/swagger.json": json.dumps(SWAGGER_20, indent=2), "docs/swagger/swagger.json": json.dumps(template, indent=2)}
    run = run_check(make_repo(files, base="gin"), "api.openapi")
    assert run.status is Status.FAIL


def test_invalid_spec_fails_with_validator_message_and_line(make_repo):
    run = run_check(make_repo({"openapi.yaml": INVALID_30}, base="fastapi"), "api.openapi")
    assert run.status is Status.FAIL
    notes = {(e.line, e.note) for e in run.repo.outcome.evidence}
    assert (2, "OpenAPI 3.0.3: 'version' is a required property (at info)") in notes
    assert (6, "OpenAPI 3.0.3: 'responses' is a required property (at paths › /items › get)") in notes


def test_unparseable_spec_is_a_finding(make_repo):
    run = run_check(make_repo({"openapi.yaml": "openapi: 3.0.0\ninfo: [unclosed\n"}, base="flask"), "api.openapi")
    assert run.status is Status.FAIL
    assert run.repo.outcome.evidence[0].note.startswith("OpenAPI 3.0.0: could not parse openapi.yaml:")


def test_remote_ref_is_refused_not_fetched(make_repo):
    spec = VALID_30.replace('description: the items', 'description: the items\n          content:\n            application/json:\n              schema:\n                $ref: "http://127.0.0.1:9/schema.yaml"')
    run = run_check(make_repo({"openapi.yaml": spec}, base="flask"), "api.openapi")
    assert run.status is Status.FAIL
    assert any("remote $ref refused" in e.note or "127.0.0.1:9" in e.note for e in run.repo.outcome.evidence)


def test_local_ref_to_another_file_resolves_inside_the_repo(make_repo):
    spec = VALID_30.replace('description: the items', 'description: the items\n          content:\n            application/json:\n              schema:\n                $ref: "schemas/item.yaml"')
    run = run_check(make_repo({"api/openapi.yaml": spec, "api/schemas/item.yaml": "type: object\n"}, base="flask"), "api.openapi")
    assert run.status is Status.PASS, run.repo.outcome.evidence


WIRED = {
    "fastapi": ({}, "app/main.py:3"),
    "drf-spectacular": ({"requirements.txt": "django\ndjangorestframework\ndrf-spectacular\n",
                         "proj/settings.py": "INSTALLED_APPS = ['rest_framework', 'drf_spectacular']\n",
                         "proj/urls.py": "from drf_spectacular.views import SpectacularAPIView\nurlpatterns = [\n    path('schema/', SpectacularAPIView.as_view()),\n]\n"}, "proj/urls.py:1"),
    "flask-smorest": ({"requirements.txt": "flask\nflask-smorest\n", "app.py": "from flask import Flask\nfrom flask_smorest import Api\napp = Flask(__name__)\napi = Api(app)\n"}, "app.py:4"),
    "nestjs-swagger": ({"package.json": '{"name": "s", "dependencies": {"@nestjs/core": "10", "@nestjs/swagger": "7"}}\n',
                        "src/main.ts": "const doc = SwaggerModule.createDocument(app, config);\nSwaggerModule.setup('docs', app, doc);\n"}, "src/main.ts:2"),
    "fastify-swagger": ({"package.json": '{"name": "s", "dependencies": {"fastify": "4", "@fastify/swagger": "8"}}\n',
                         "server.js": "const fastify = require('fastify')();\nfastify.register(require('@fastify/swagger'), {});\nfastify.get('/items', h);\n"}, "server.js:2"),
    "swaggo": ({"go.mod": "module x\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.1\n\tgithub.com/swaggo/swag v1.16.0\n)\n",
                "main.go": 'package main\n\n// @title Items API\nfunc main() {\n\tr := gin.Default()\n\tr.GET("/swagger/*any", ginSwagger.WrapHandler(swaggerFiles.Handler))\n}\n'}, "main.go:6"),
    "springdoc": ({"pom.xml": POM.format(extra="    <dependency><groupId>org.springdoc</groupId><artifactId>springdoc-openapi-starter-webmvc-ui</artifactId><version>2.5.0</version></dependency>")}, "pom.xml:16"),
}
BASE_OF = {"fastapi": "fastapi", "drf-spectacular": "django", "flask-smorest": "flask", "nestjs-swagger": "nestjs",
           "fastify-swagger": "fastify", "swaggo": "gin", "springdoc": "spring"}


@pytest.mark.parametrize("generator", sorted(WIRED))
def test_framework_generated_spec_counts_when_wired(make_repo, generator):
    files, location = WIRED[generator]
    run = run_check(make_repo(files, base=BASE_OF[generator]), "api.openapi")
    assert run.status is Status.PASS, run.message
    assert run.message.startswith("generated by the framework")
    assert run.locations() == [location]


@pytest.mark.parametrize("generator, files, base", [
    ("drf-spectacular", {"requirements.txt": "django\ndjangorestframework\ndrf-spectacular\n",
                         "proj/views.py": "import drf_spectacular\n"}, "django"),
    ("nestjs-swagger", {"package.json": '{"name": "s", "dependencies": {"@nestjs/core": "10", "@nestjs/swagger": "7"}}\n',
                        "src/main.ts": "import { SwaggerModule } from '@nestjs/swagger';\n// SwaggerModule.setup('docs', app, doc);\n"}, "nestjs"),
    ("flasgger", {"requirements.txt": "flask\nflasgger\n", "app.py": "from flask import Flask\nfrom flasgger import Swagger\napp = Flask(__name__)\n"}, "flask"),
])
def test_an_import_alone_is_not_wiring(make_repo, generator, files, base):
    run = run_check(make_repo(files, base=base), "api.openapi")
    assert run.status is Status.PARTIAL
    assert run.message == f"{generator} is listed but not wired: no spec is served"


@pytest.mark.parametrize("base", ["flask", "express", "nethttp", "echo", "spring", "django"])
def test_api_without_contract_fails(make_repo, base):
    run = run_check(make_repo({}, base=base), "api.openapi")
    assert run.status is Status.FAIL
    assert run.message.startswith("no OpenAPI document and no generator wired for ")


def test_fastapi_with_openapi_disabled_fails(make_repo):
    main = "from fastapi import FastAPI\n\napp = FastAPI(openapi_url=None)\n"
    run = run_check(make_repo({"app/main.py": main}, base="fastapi"), "api.openapi")
    assert run.status is Status.FAIL
    assert run.locations() == ["app/main.py:3"]


@pytest.mark.parametrize("stack", ["python", "node", "go", "java"])
def test_library_is_not_applicable(make_repo, stack):
    from tests.conftest import LIBRARIES

    assert run_check(make_repo(LIBRARIES[stack]), "api.openapi").status is Status.NOT_APPLICABLE


def test_spec_in_test_fixtures_does_not_count(make_repo):
    run = run_check(make_repo({"tests/fixtures/openapi.yaml": VALID_30}, base="express"), "api.openapi")
    assert run.status is Status.FAIL


def test_monorepo_spec_named_after_its_service(make_repo):
    from tests.conftest import STACKS

    files = {f"services/users/{k}": v for k, v in STACKS["chi"].items()}
    files.update({f"services/orders/{k}": v for k, v in STACKS["gin"].items()})
    files["api/openapi/users.yaml"] = VALID_30
    run = run_check(make_repo(files), "api.openapi")
    assert run.services["services/users"].status is Status.PASS
    assert run.services["services/orders"].status is Status.FAIL


def test_minified_json_spec_is_found(make_repo):
    spec = json.dumps({"openapi": "3.0.3", "info": {"title": "x", "version": "1"}, "paths": {}}, separators=(",", ":"))
    run = run_check(make_repo({"openapi.json": spec}, base="express"), "api.openapi")
    assert run.status is Status.PASS and run.locations() == ["openapi.json:1"]
