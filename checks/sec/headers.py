"""sec.headers: security headers (HSTS, nosniff, frame options, CSP) are set."""

from __future__ import annotations

from prodready.facts import CheckContext
from prodready.facts.usage import Usage
from prodready.model import Outcome
from prodready.registry import check
from prodready.verdicts import needs_http_service, usage_outcome

USAGES = (
    Usage("Django SecurityMiddleware", "python", (), r"['\"]django\.middleware\.security\.SecurityMiddleware['\"]"),
    Usage("flask-talisman", "python", ("flask-talisman",), r"Talisman\("),
    Usage("secure / secweb", "python", ("secure", "secweb", "fastapi-security-headers"), r"Secure\(\)|SecWeb\(|SecurityHeadersMiddleware"),
    Usage("helmet", "node", ("helmet", "@fastify/helmet", "fastify-helmet"), r"\bhelmet\(|register\(\s*(require\(['\"]@fastify/helmet['\"]\)|helmet)"),
    Usage("go secure middleware", "go", ("github.com/unrolled/secure", "github.com/gin-contrib/secure"), r"secure\.(New|Options)\(|secure\.New\("),
    Usage("echo Secure", "go", (), r"middleware\.Secure(WithConfig)?\("),
    Usage("Spring Security headers", "java", ("org.springframework.boot:spring-boot-starter-security",), autoconfigured=True),
    Usage("headers set explicitly", "any", (), r"(?i)['\"](strict-transport-security|x-content-type-options|content-security-policy|x-frame-options)['\"]|add_header\s+(Strict-Transport-Security|X-Content-Type-Options|Content-Security-Policy)",
          suffixes=(".py", ".js", ".ts", ".go", ".java", ".kt", ".conf")),
)


@check(
    id="sec.headers",
    blind_spots="Headers set by a CDN or load balancer configured outside the repo are not seen.",
    title="Security headers are set",
    severity="medium",
    why="""
    A few response headers switch on browser protections that cost nothing: HSTS keeps clients
    on HTTPS, nosniff stops content-type confusion, frame options stop clickjacking, and a
    content security policy limits injected scripts.
    """,
    fix="Set HSTS, X-Content-Type-Options: nosniff, a frame policy and a CSP with a maintained middleware (or at the proxy, with its config in the repo).",
    fix_by_stack={
        "django": "Keep `SecurityMiddleware` first in MIDDLEWARE and set `SECURE_HSTS_SECONDS`, `SECURE_CONTENT_TYPE_NOSNIFF = True`, `X_FRAME_OPTIONS = \"DENY\"`.",
        "flask": "Add flask-talisman: `Talisman(app, content_security_policy=...)`.",
        "fastapi": "Add a middleware setting the headers (the `secure` package: `secure_headers.set_headers(response)`), or set them at the proxy.",
        "express": "`app.use(helmet())` before the routes.",
        "nestjs": "`app.use(helmet())` in main.ts.",
        "fastify": "`await app.register(require('@fastify/helmet'))`.",
        "go": "Wrap the router with unrolled/secure (`secure.New(secure.Options{STSSeconds: 31536000, ContentTypeNosniff: true, FrameDeny: true})`).",
        "java": "Add spring-boot-starter-security; its default headers include HSTS, nosniff and frame options.",
    },
    references=("https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html", "https://helmetjs.github.io/"),
)
def headers(ctx: CheckContext) -> Outcome:
    skip = needs_http_service(ctx, "security headers")
    if skip:
        return skip
    return usage_outcome(ctx.usage(USAGES), "security headers", "no security headers set by the service or its proxy configuration")
