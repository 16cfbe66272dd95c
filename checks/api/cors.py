"""api.cors: cross-origin access is a deliberate policy, and never `*` with credentials."""

from __future__ import annotations

import re

from prodready.facts import CheckContext, evidence
from prodready.facts.usage import Usage
from prodready.model import Outcome, Severity
from prodready.registry import check
from prodready.verdicts import needs_http_service

USAGES = (
    Usage("Starlette CORSMiddleware", "python", ("fastapi", "starlette"), r"CORSMiddleware"),
    Usage("flask-cors", "python", ("flask-cors",), r"\bCORS\(\s*\w+|@cross_origin"),
    Usage("django-cors-headers", "python", ("django-cors-headers",), r"CORS_(ALLOWED_ORIGINS|ALLOW_ALL_ORIGINS|ORIGIN_WHITELIST|ALLOWED_ORIGIN_REGEXES)\s*="),
    Usage("cors middleware", "node", ("cors", "@fastify/cors", "fastify-cors"), r"\bcors\(|enableCors\(|register\(\s*(require\(['\"]@fastify/cors['\"]\)|cors)|cors\s*:\s*(true|\{)"),
    Usage("go cors", "go", ("github.com/rs/cors", "github.com/gin-contrib/cors", "github.com/go-chi/cors"), r"cors\.(New|Default|Handler|AllowAll)\(|middleware\.CORS(WithConfig)?\("),
    Usage("Spring CORS", "java", (), r"@CrossOrigin\b|addCorsMappings\(|CorsConfiguration\b|\.cors\(", suffixes=(".java", ".kt")),
)
_WILDCARD = re.compile(r"""allow_origins\s*=\s*\[\s*["']\*["']|CORS_ALLOW_ALL_ORIGINS\s*=\s*True|origins?\s*[:=]\s*["']\*["']|AllowedOrigins\s*:\s*\[\]string\{\s*"\*"|AllowAllOrigins\s*:\s*true|allowedOrigins\(\s*"\*"|origins\s*=\s*"\*"|cors\(\)|AllowAll\(\)""")
_CREDENTIALS = re.compile(r"(?i)allow_credentials\s*=\s*True|credentials\s*:\s*true|AllowCredentials\s*:\s*true|allowCredentials\(\s*true|CORS_ALLOW_CREDENTIALS\s*=\s*True|supports_credentials\s*=\s*True|allowCredentials\s*=\s*\"true\"")


@check(
    id="api.cors",
    blind_spots="Origins computed at run time are taken as explicit; CORS handled only at a proxy outside the repo is not seen.",
    title="CORS policy is deliberate",
    severity="medium",
    why="""
    CORS decides which web origins may call the API from a browser. `*` together with
    credentials lets any site make authenticated requests as your users; no policy at all is
    fine for server-to-server APIs but breaks browser clients in production in confusing ways.
    """,
    fix="Configure CORS with an explicit list of allowed origins from configuration; never combine a wildcard origin with credentials.",
    fix_by_stack={
        "fastapi": "`app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=True, allow_methods=[...])` with explicit origins.",
        "django": "Add django-cors-headers with `CORS_ALLOWED_ORIGINS = env.list(\"CORS_ALLOWED_ORIGINS\")`.",
        "flask": "`CORS(app, origins=app.config[\"CORS_ORIGINS\"], supports_credentials=True)` with explicit origins.",
        "express": "`app.use(cors({ origin: allowedOrigins, credentials: true }))` with an explicit array.",
        "nestjs": "`app.enableCors({ origin: config.get('CORS_ORIGINS').split(','), credentials: true })`.",
        "go": "Use rs/cors (or gin-contrib/cors) with `AllowedOrigins: cfg.Origins`, never `*` with `AllowCredentials: true`.",
        "java": "Define a `CorsConfigurationSource` bean with explicit `allowedOrigins` and use `http.cors(...)`.",
    },
    references=("https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS", "https://portswigger.net/web-security/cors"),
)
def cors(ctx: CheckContext) -> Outcome:
    skip = needs_http_service(ctx, "CORS")
    if skip:
        return skip
    report = ctx.usage(USAGES)
    wired = [h for h in report.wired]
    if not wired:
        return Outcome.partial(5, "no CORS policy: browsers are refused cross-origin calls (fine for server-to-server APIs only)")
    files = sorted({h.path for h in wired} | {h.path for h in ctx.grep(_WILDCARD, limit=5)})
    wildcard = ctx.grep(_WILDCARD, limit=5)
    credentials = ctx.grep(_CREDENTIALS, limit=5)
    same_file = [w for w in wildcard if any(c.path == w.path for c in credentials)]
    ev = [evidence(h.path, h.line, h.text, note=f"{h.usage.name} configured") for h in wired]
    if same_file:
        cred = next(c for c in credentials if c.path == same_file[0].path)
        ev += [evidence(same_file[0].path, same_file[0].line, same_file[0].text, note="wildcard origin", severity=Severity.HIGH),
               evidence(cred.path, cred.line, cred.text, note="with credentials allowed", severity=Severity.HIGH)]
        return Outcome.failed("CORS allows any origin together with credentials", ev)
    if wildcard:
        ev.append(evidence(wildcard[0].path, wildcard[0].line, wildcard[0].text, note="wildcard origin (no credentials)", severity=Severity.MEDIUM))
        return Outcome.partial(7, "CORS allows any origin (without credentials)", ev)
    return Outcome.passed(f"CORS configured with explicit origins ({', '.join(report.names)}) in {', '.join(files)}", ev)
