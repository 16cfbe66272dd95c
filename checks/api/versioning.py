"""api.versioning: clients can tell which version of the API they call."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.facts.usage import Usage
from prodready.model import Outcome
from prodready.registry import check
from prodready.verdicts import needs_http_service

VERSIONED_PATH = r"""["'`](/api)?/v\d+(\.\d+)?(/|["'`])|["'`]api/v\d+/|prefix\s*=\s*["'](/api)?/v\d+"""
USAGES = (
    Usage("versioned path", "any", (), VERSIONED_PATH),
    Usage("DRF versioning", "python", (), r"['\"]DEFAULT_VERSIONING_CLASS['\"]\s*:"),
    Usage("NestJS versioning", "node", (), r"enableVersioning\(|@Version\(|version\s*:\s*['\"]\d"),
    Usage("version header or media type", "any", (), r"(?i)['\"](accept-version|api-version|x-api-version)['\"]|application/vnd\.[\w.-]+\.v\d+|\+json;\s*version="),
)


@check(
    id="api.versioning",
    prefetch=("routes",),  # start its batch on the workers when the audit begins
    blind_spots="Versioning done only at a gateway or by hostname is not seen; one versioned path anywhere counts for the whole service.",
    title="The API is versioned",
    severity="low",
    why="""
    APIs change; clients update slowly. A version in the path, a header or the media type lets
    you ship a breaking change beside the old contract and retire the old one on a schedule,
    instead of breaking every client at once.
    """,
    fix="Put a major version in every route (`/v1/...`), or negotiate it with a header or media type, from the first release.",
    fix_by_stack={
        "fastapi": "Mount routers under a version: `app.include_router(items.router, prefix=\"/v1\")`.",
        "django": "Prefix urls with `v1/` or set `REST_FRAMEWORK['DEFAULT_VERSIONING_CLASS'] = 'rest_framework.versioning.URLPathVersioning'`.",
        "flask": "Register blueprints with `url_prefix=\"/v1\"`.",
        "express": "Mount routers under a version: `app.use('/v1', router)`.",
        "nestjs": "Call `app.enableVersioning({ type: VersioningType.URI })` and set `@Controller({ version: '1' })`.",
        "fastify": "Register route plugins with `{ prefix: '/v1' }`.",
        "go": "Group routes under a version: `v1 := r.Group(\"/v1\")` (gin/echo) or `r.Route(\"/v1\", ...)` (chi).",
        "java": "Map controllers under `@RequestMapping(\"/v1/...\")`, or use Spring 7 API versioning.",
    },
    references=("https://cloud.google.com/apis/design/versioning", "https://docs.nestjs.com/techniques/versioning"),
)
def versioning(ctx: CheckContext) -> Outcome:
    skip = needs_http_service(ctx, "versioning")
    if skip:
        return skip
    report = ctx.usage(USAGES)
    if report.wired:
        hit = report.wired[0]
        return Outcome.passed(f"versioned: {hit.usage.name}", [evidence(h.path, h.line, h.text, note=h.usage.name) for h in report.wired])
    routes = [r for r in ctx.repo.routes if ctx.owns(r.file) and not r.is_health]
    if not routes:
        return Outcome.not_applicable("no routes declared with literal paths (generated or registered dynamically): nothing to judge")
    ev = [evidence(r.file, r.line, r.snippet, note=f"route {r.path} carries no version") for r in routes[:10]]
    return Outcome.failed(f"{len(routes)} route(s), none versioned by path, header or media type", ev)
