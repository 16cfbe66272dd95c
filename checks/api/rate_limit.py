"""api.rate-limit: requests are rate limited, in the service or at a gateway in the repo."""

from __future__ import annotations

from prodready.facts import CheckContext
from prodready.facts.usage import Usage
from prodready.model import Outcome
from prodready.registry import check
from prodready.verdicts import needs_http_service, usage_outcome

USAGES = (
    Usage("slowapi", "python", ("slowapi",), r"\bLimiter\(|@\w+\.limit\("),
    Usage("flask-limiter", "python", ("flask-limiter",), r"\bLimiter\(|@\w+\.limit\("),
    Usage("django-ratelimit", "python", ("django-ratelimit",), r"@ratelimit\("),
    Usage("DRF throttling", "python", (), r"['\"]DEFAULT_THROTTLE_(CLASSES|RATES)['\"]\s*:|throttle_classes\s*="),
    Usage("fastapi-limiter", "python", ("fastapi-limiter",), r"RateLimiter\(|FastAPILimiter\.init\("),
    Usage("express-rate-limit", "node", ("express-rate-limit", "rate-limiter-flexible", "express-slow-down"), r"\brateLimit\(|RateLimiter(Memory|Redis)\(|slowDown\("),
    Usage("@nestjs/throttler", "node", ("@nestjs/throttler",), r"ThrottlerModule\.forRoot|ThrottlerGuard"),
    Usage("@fastify/rate-limit", "node", ("@fastify/rate-limit", "fastify-rate-limit"), r"register\(\s*(require\(['\"]@fastify/rate-limit['\"]\)|rateLimit|fastifyRateLimit)"),
    Usage("x/time/rate", "go", ("golang.org/x/time",), r"rate\.NewLimiter\("),
    Usage("go rate limiter", "go", ("github.com/didip/tollbooth*", "github.com/ulule/limiter*", "github.com/go-chi/httprate", "github.com/sethvargo/go-limiter"),
          r"tollbooth\.(NewLimiter|LimitHandler)|limiter\.New\(|httprate\.Limit\w*\(|memorystore\.New\("),
    Usage("echo RateLimiter", "go", (), r"middleware\.RateLimiter\("),
    Usage("bucket4j", "java", ("com.bucket4j:bucket4j-core", "com.bucket4j:bucket4j_jdk17-core", "com.github.vladimir-bukhtoyarov:bucket4j-core"), r"Bucket\.builder\(|Bandwidth\.", suffixes=(".java", ".kt")),
    Usage("resilience4j ratelimiter", "java", ("io.github.resilience4j:resilience4j-ratelimiter", "io.github.resilience4j:resilience4j-spring-boot3"), r"@RateLimiter\(|resilience4j\.ratelimiter", suffixes=(".java", ".kt", ".yml", ".yaml", ".properties")),
    Usage("gateway rate limit", "any", (), r"limit_req_zone|limit_req\b|rate-limiting|rateLimit\s*:|RateLimit(Policy)?\b|local_ratelimit|ThrottlingRateLimit|throttle_settings|nginx\.ingress\.kubernetes\.io/limit-rps",
          suffixes=(".conf", ".yaml", ".yml", ".json", ".tf", ".toml"), anywhere=True),
)


@check(
    id="api.rate-limit",
    blind_spots="Limits applied by a cloud gateway configured outside the repository are not seen.",
    title="Requests are rate limited",
    severity="high",
    why="""
    Without a rate limit, one client (a bug, a scraper, an attacker guessing passwords) can use
    all of the service's capacity and the database's with it. Limits per client keep a noisy
    neighbour from becoming an outage and make brute force impractical.
    """,
    fix="Limit requests per client (IP, token or user) in the service or at a gateway whose configuration lives in the repo; stricter on auth routes.",
    fix_by_stack={
        "fastapi": "Add slowapi: `limiter = Limiter(key_func=get_remote_address)`, `app.state.limiter = limiter`, `@limiter.limit(\"100/minute\")` on routes.",
        "django": "Set `REST_FRAMEWORK['DEFAULT_THROTTLE_CLASSES']` (AnonRateThrottle, UserRateThrottle) and `DEFAULT_THROTTLE_RATES`, or django-ratelimit's `@ratelimit`.",
        "flask": "Add Flask-Limiter: `Limiter(get_remote_address, app=app, default_limits=[\"100 per minute\"])`.",
        "express": "`app.use(rateLimit({ windowMs: 60_000, limit: 100 }))` (express-rate-limit), with a Redis store when running several replicas.",
        "nestjs": "`ThrottlerModule.forRoot([{ ttl: 60000, limit: 100 }])` and `{ provide: APP_GUARD, useClass: ThrottlerGuard }`.",
        "fastify": "`await app.register(require('@fastify/rate-limit'), { max: 100, timeWindow: '1 minute' })`.",
        "go": "Wrap handlers with `httprate.LimitByIP(100, time.Minute)` (chi) or a `rate.NewLimiter` per client key.",
        "java": "Use bucket4j (a servlet filter per client key) or resilience4j's `@RateLimiter`, or limit at the gateway.",
    },
    references=("https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/", "https://github.com/express-rate-limit/express-rate-limit",
                "https://docs.nestjs.com/security/rate-limiting"),
)
def rate_limit(ctx: CheckContext) -> Outcome:
    skip = needs_http_service(ctx, "rate limiting")
    if skip:
        return skip
    return usage_outcome(ctx.usage(USAGES), "rate limited", "no rate limiting in the service or in gateway configuration in the repo")
