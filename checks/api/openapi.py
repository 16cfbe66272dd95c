"""api.openapi: the API has a machine-readable contract, and it is valid."""

from __future__ import annotations

from dataclasses import dataclass

from prodready.facts import CheckContext, Hit, evidence
from prodready.facts.openapi import SpecDocument
from prodready.model import Outcome, Severity
from prodready.registry import check


@dataclass(frozen=True)
class Wiring:
    """A framework-generated spec: the dependency that provides it and the code that turns it on."""

    framework: str
    dependencies: tuple[str, ...]
    code: str  # regex over production source: the line that wires it to the app
    suffixes: tuple[str, ...]
    description: str
    also: str = ""  # a second line that must exist too (Django: the app in INSTALLED_APPS)


WIRINGS: tuple[Wiring, ...] = (
    Wiring("fastapi", ("fastapi",), r"\bFastAPI\(", (".py",), "FastAPI serves /openapi.json"),
    Wiring("drf-spectacular", ("drf-spectacular",), r"\bSpectacular(API|Swagger|Redoc)View\b", (".py",), "drf-spectacular in INSTALLED_APPS and its schema view in urls", r"['\"]drf_spectacular['\"]"),
    Wiring("drf-yasg", ("drf-yasg",), r"\bget_schema_view\(", (".py",), "drf-yasg in INSTALLED_APPS and its schema view in urls", r"['\"]drf_yasg['\"]"),
    Wiring("flask-smorest", ("flask-smorest",), r"\bApi\(\s*app\b|\.init_app\(\s*app\b", (".py",), "flask-smorest Api initialised on the app"),
    Wiring("flasgger", ("flasgger",), r"\bSwagger\(\s*app\b|Swagger\(\)\.init_app", (".py",), "flasgger initialised on the app"),
    Wiring("apispec", ("apispec",), r"\bAPISpec\(", (".py",), "apispec document built"),
    Wiring("nestjs-swagger", ("@nestjs/swagger",), r"\bSwaggerModule\.setup\(", (".ts", ".js"), "SwaggerModule.setup mounts the spec"),
    Wiring("fastify-swagger", ("@fastify/swagger", "fastify-swagger"), r"register\(\s*(require\(\s*['\"](@fastify/swagger|fastify-swagger)['\"]\s*\)|\w*[sS]wagger\w*)", (".ts", ".js", ".mjs", ".cjs"), "fastify-swagger registered"),
    Wiring("swagger-ui-express", ("swagger-ui-express", "swagger-jsdoc"), r"swaggerUi\.setup\(|swaggerJSDoc\(|swaggerJsdoc\(", (".ts", ".js"), "swagger-ui-express serves a spec"),
    Wiring("swaggo", ("github.com/swaggo/swag",), r"(ginSwagger|echoSwagger|httpSwagger|fiberSwagger)\.\w+|swag\.Register\(", (".go",), "swaggo handler mounted"),
    Wiring("springdoc", ("org.springdoc:springdoc-openapi-starter-webmvc-ui", "org.springdoc:springdoc-openapi-starter-webflux-ui", "org.springdoc:springdoc-openapi-ui", "org.springdoc:springdoc-openapi-starter-webmvc-api"), r"", (".java", ".kt"), "springdoc auto-configures /v3/api-docs"),
    Wiring("springfox", ("io.springfox:springfox-boot-starter", "io.springfox:springfox-swagger2"), r"@EnableSwagger2|@EnableOpenApi|new Docket\(", (".java", ".kt"), "springfox Docket configured"),
)
_DISABLED = r"openapi_url\s*=\s*None"


@check(
    id="api.openapi",
    blind_spots="Specs generated at build time and not committed are only credited through their generator; a spec served from a custom route without a known library is not seen.",
    title="OpenAPI contract present and valid",
    severity="medium",
    why="""
    An OpenAPI document is the API's contract: clients are generated from it, breaking changes
    are caught by diffing it, and gateways, fuzzers and docs read it. An invalid document is
    worse than none, because every tool that reads it fails or silently drops parts of it.
    """,
    fix="""
    Commit an OpenAPI 3.x document (openapi.yaml) and validate it in CI, or let the framework
    generate it and expose it (see the per-framework fix).
    """,
    fix_by_stack={
        "fastapi": "FastAPI generates the spec: keep `openapi_url` enabled (it is at /openapi.json by default) and export it to `openapi.json` in CI so diffs are reviewed.",
        "drf": "Add drf-spectacular: `INSTALLED_APPS += ['drf_spectacular']`, `REST_FRAMEWORK['DEFAULT_SCHEMA_CLASS'] = 'drf_spectacular.openapi.AutoSchema'`, and `path('api/schema/', SpectacularAPIView.as_view())` in urls.py.",
        "django": "Add drf-spectacular (with DRF) and mount `SpectacularAPIView` in urls.py, or commit a hand-written openapi.yaml.",
        "flask": "Use flask-smorest: `api = Api(app)` with `app.config['OPENAPI_VERSION'] = '3.0.3'`, and register blueprints on `api`.",
        "express": "Commit openapi.yaml and serve it with `app.use('/docs', swaggerUi.serve, swaggerUi.setup(spec))` (swagger-ui-express), validating it in CI.",
        "nestjs": "Add @nestjs/swagger and in main.ts: `SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, new DocumentBuilder().build()))`.",
        "fastify": "Register @fastify/swagger: `await app.register(require('@fastify/swagger'), { openapi: { info: {...} } })` before your routes.",
        "gin": "Annotate handlers for swaggo, run `swag init` to generate docs/, and mount `r.GET('/swagger/*any', ginSwagger.WrapHandler(swaggerFiles.Handler))`.",
        "echo": "Annotate handlers for swaggo, run `swag init`, and mount `e.GET('/swagger/*', echoSwagger.WrapHandler)`.",
        "go": "Commit an openapi.yaml (or generate one with swaggo `swag init`) and validate it in CI.",
        "spring-boot": "Add `org.springdoc:springdoc-openapi-starter-webmvc-ui`; the spec is served at /v3/api-docs.",
    },
    references=(
        "https://spec.openapis.org/oas/latest.html",
        "https://fastapi.tiangolo.com/tutorial/metadata/",
        "https://drf-spectacular.readthedocs.io/",
        "https://docs.nestjs.com/openapi/introduction",
        "https://springdoc.org/",
        "https://github.com/swaggo/swag",
    ),
)
def openapi(ctx: CheckContext) -> Outcome:
    docs = [d for d in ctx.repo.openapi_documents if ctx.owns(d.path) or len(ctx.repo.services) == 1 or ctx.named_for(d.path)]
    committed = _judge_documents(docs)
    if committed is not None:
        return committed
    return _judge_generator(ctx)


def _judge_documents(docs: list[SpecDocument]) -> Outcome | None:
    """Committed documents decide when there are any: one invalid document fails the check
    (with every problem, and the valid ones beside); else they pass. None without documents."""
    templates = [d for d in docs if d.template]
    docs = [d for d in docs if not d.template] or docs  # a generator's template counts only when it is all there is
    invalid = [d for d in docs if not d.valid]
    valid = [d for d in docs if d.valid]
    if invalid:
        ev = [evidence(d.path, p.line, note=f"OpenAPI {d.version}: {p.message}", severity=Severity.HIGH)
              for d in invalid for p in d.problems]
        ev += [evidence(d.path, 1, note=f"valid OpenAPI {d.version} ({d.operations} operations)") for d in valid]
        first = invalid[0].problems[0]
        return Outcome.failed(f"{invalid[0].path} is not a valid OpenAPI document: {first.message}", ev)
    if valid:
        ev = [evidence(d.path, 1, note=f"valid OpenAPI {d.version}, {d.operations} operation(s)") for d in valid]
        ev += [evidence(d.path, d.problems[0].line, note="a generator's template (holes like {{.Host}}), not judged")
               for d in templates]
        return Outcome.passed(f"valid OpenAPI document: {', '.join(d.path for d in valid)}", ev)
    return None


def _judge_generator(ctx: CheckContext) -> Outcome:
    """Without a committed document: a generator wired in code passes (whatever the kind);
    then only an HTTP API is judged: a generator only listed as a dependency is partial, the
    generated spec switched off or no generator at all fails."""
    wired, listed = find_wiring(ctx)
    if wired:
        return Outcome.passed(f"generated by the framework: {wired[0][0].description}",
                              [evidence(h.path, h.line, h.text, note=w.description) for w, h in wired])
    if ctx.service is None or ctx.service.kind != "api":
        return Outcome.not_applicable("no HTTP API in this service")
    if listed:
        ev = [evidence(path, line, note=f"{w.framework} is a dependency but is never wired to the app") for w, path, line in listed]
        return Outcome.partial(3, f"{listed[0][0].framework} is listed but not wired: no spec is served", ev)
    disabled = ctx.grep(_DISABLED, (".py",))
    if disabled:
        return Outcome.failed("the generated OpenAPI document is switched off",
                              [evidence(h.path, h.line, h.text, note="openapi_url=None disables the spec") for h in disabled])
    return Outcome.failed(f"no OpenAPI document and no generator wired for {', '.join(ctx.frameworks) or ctx.stack}")


def find_wiring(ctx: CheckContext) -> tuple[list[tuple[Wiring, Hit]], list[tuple[Wiring, str, int | None]]]:
    """(generators wired in production code, generators only listed as dependencies)."""
    service = ctx.service
    wired: list[tuple[Wiring, Hit]] = []
    listed: list[tuple[Wiring, str, int | None]] = []
    for wiring in WIRINGS:
        dep = service.depends_on(*wiring.dependencies) if service else None
        if wiring.framework == "fastapi":
            hits = ctx.grep(wiring.code, wiring.suffixes, limit=1) if dep else []
            if hits and not ctx.grep(_DISABLED, wiring.suffixes, limit=1):
                wired.append((wiring, hits[0]))
            continue
        if dep is None:
            continue
        if not wiring.code:  # auto-configured by the dependency alone (springdoc)
            wired.append((wiring, Hit(dep.path, dep.line or 1, f"{dep.name} {dep.version}".strip())))
            continue
        hits = ctx.grep(wiring.code, wiring.suffixes, limit=1)
        if hits and wiring.also and not ctx.grep(wiring.also, wiring.suffixes, limit=1):
            hits = []
        if hits:
            wired.append((wiring, hits[0]))
        else:
            listed.append((wiring, dep.path, dep.line))
    return wired, listed

