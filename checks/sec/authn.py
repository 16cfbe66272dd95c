"""sec.authn: callers are authenticated with a maintained library, and tokens are verified."""

from __future__ import annotations

import re

from prodready.facts import CheckContext, evidence
from prodready.facts.usage import Usage
from prodready.model import Outcome, Severity
from prodready.registry import check
from prodready.verdicts import needs_http_service, usage_outcome

USAGES = (
    Usage("FastAPI security", "python", (), r"\b(OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|HTTPBearer|HTTPBasic|APIKeyHeader|OpenIdConnect)\("),
    Usage("PyJWT / python-jose", "python", ("pyjwt", "python-jose", "joserfc", "authlib"), r"\bjwt\.decode\(|JsonWebToken\(|jwt\.JWT\("),
    Usage("DRF authentication", "python", ("djangorestframework-simplejwt", "djangorestframework"), r"['\"]DEFAULT_AUTHENTICATION_CLASSES['\"]\s*:|authentication_classes\s*="),
    Usage("Django auth", "python", (), r"['\"]django\.contrib\.auth\.middleware\.AuthenticationMiddleware['\"]|@login_required|LoginRequiredMixin"),
    Usage("Flask-Login / Flask-JWT-Extended", "python", ("flask-login", "flask-jwt-extended", "flask-httpauth"), r"LoginManager\(|(?<!class )JWTManager\(|@(jwt_required|login_required)\b|HTTPTokenAuth\("),
    Usage("fastapi-users", "python", ("fastapi-users",), r"FastAPIUsers\["),
    Usage("passport", "node", ("passport",), r"passport\.(use|authenticate)\("),
    Usage("jsonwebtoken / jose", "node", ("jsonwebtoken", "jose", "express-jwt", "@fastify/jwt", "fastify-jwt"), r"jwt\.verify\(|jwtVerify\(|expressjwt\(|\bjwt\(\{|\.jwtVerify\("),
    Usage("@nestjs/passport / jwt", "node", ("@nestjs/passport", "@nestjs/jwt"), r"AuthGuard\(|PassportStrategy\(|JwtModule\.register|jwtService\.verify"),
    Usage("sessions", "node", ("express-session", "@fastify/session", "@fastify/secure-session", "cookie-session"), r"\bsession\(\{|register\(\s*(require\(['\"]@fastify/(secure-)?session['\"]\)|fastifySession)"),
    Usage("auth services", "node", ("next-auth", "@auth/core", "express-openid-connect", "@clerk/express", "firebase-admin"), r"\bauth\(\{|NextAuth\(|verifyIdToken\(|clerkMiddleware\("),
    Usage("golang-jwt", "go", ("github.com/golang-jwt/jwt*", "github.com/dgrijalva/jwt-go", "github.com/lestrrat-go/jwx*"), r"jwt\.Parse(WithClaims)?\(|jwt\.ParseString\("),
    Usage("go oidc / middleware", "go", ("github.com/coreos/go-oidc*", "github.com/labstack/echo-jwt*", "github.com/go-chi/jwtauth*", "github.com/gin-contrib/sessions"),
          r"oidc\.NewProvider\(|echojwt\.(JWT|WithConfig)\(|jwtauth\.(New|Verifier)\(|sessions\.Sessions\(|middleware\.JWT"),
    Usage("Spring Security", "java", ("org.springframework.boot:spring-boot-starter-security", "org.springframework.boot:spring-boot-starter-oauth2-resource-server",
                                     "org.springframework.boot:spring-boot-starter-oauth2-client"), autoconfigured=True),
    Usage("jjwt", "java", ("io.jsonwebtoken:jjwt*",), r"Jwts\.parser", suffixes=(".java", ".kt")),
)
_UNVERIFIED = re.compile(r"verify_signature['\"]?\s*:\s*False|verify\s*=\s*False|algorithms\s*=\s*\[\s*['\"]none['\"]|jwt\.decode\([^)]*complete|ignoreExpiration\s*:\s*true|algorithms\s*:\s*\[\s*['\"]none['\"]|ParseUnverified\(|SkipClaimsValidation")


@check(
    id="sec.authn",
    blind_spots="Custom authentication (hand-rolled token checks) is not recognised; the check does not prove every route is protected.",
    title="Authentication with a maintained library",
    severity="high",
    why="""
    Authentication code is where subtle mistakes become account takeovers: unverified JWT
    signatures, `alg: none`, timing-unsafe comparisons, sessions without expiry. A maintained
    library gets these right; hand-rolled checks rarely do.
    """,
    fix="Authenticate every non-public route with a maintained library (OAuth2/OIDC, JWT verification with a fixed algorithm, or server sessions), and verify signatures and expiry.",
    fix_by_stack={
        "fastapi": "Use `OAuth2PasswordBearer` (or `HTTPBearer`) as a dependency and verify tokens with PyJWT `jwt.decode(token, key, algorithms=[\"RS256\"])`; or fastapi-users.",
        "django": "Keep `AuthenticationMiddleware`, and for APIs set `REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES']` (SimpleJWT or session).",
        "flask": "Use Flask-Login for sessions or Flask-JWT-Extended (`JWTManager(app)`, `@jwt_required()`).",
        "express": "Use passport with a JWT or OIDC strategy (`passport.use(new JwtStrategy(...))`), or express-jwt with `algorithms: ['RS256']`.",
        "nestjs": "Use @nestjs/passport and @nestjs/jwt: a JwtStrategy and `@UseGuards(AuthGuard('jwt'))` (or a global guard).",
        "fastify": "Register @fastify/jwt and call `await request.jwtVerify()` in an onRequest hook.",
        "go": "Verify tokens with golang-jwt (`jwt.Parse(token, keyFunc, jwt.WithValidMethods([]string{\"RS256\"}))`) or go-oidc in a middleware.",
        "java": "Add spring-boot-starter-oauth2-resource-server and configure `http.oauth2ResourceServer(o -> o.jwt(...))` in a SecurityFilterChain.",
    },
    references=("https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html", "https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html"),
)
def authn(ctx: CheckContext) -> Outcome:
    skip = needs_http_service(ctx, "authentication")
    if skip:
        return skip
    outcome = usage_outcome(ctx.usage(USAGES), "authentication", "no authentication library wired: every route is public")
    unverified = ctx.grep(_UNVERIFIED, limit=5)
    if unverified:
        ev = list(outcome.evidence) + [evidence(h.path, h.line, h.text, note="token decoded without full verification", severity=Severity.CRITICAL) for h in unverified]
        if outcome.status.value == "pass":
            # a library verifies tokens elsewhere; an unverified decode may only peek at claims
            return Outcome.partial(5, f"authentication wired, but {len(unverified)} place(s) decode tokens without verifying them: make sure those claims are never trusted", ev)
        return Outcome.failed(f"tokens accepted without verifying signature, algorithm or expiry ({len(unverified)} place(s))", ev)
    return outcome
