"""api.errors: one central error handler gives every error the same shape."""

from __future__ import annotations

from prodready.facts import CheckContext
from prodready.facts.usage import Usage
from prodready.model import Outcome
from prodready.registry import check
from prodready.verdicts import needs_http_service, usage_outcome

USAGES = (
    Usage("FastAPI exception handler", "python", ("fastapi",), r"@\w+\.exception_handler\(|\.add_exception_handler\(|exception_handlers\s*="),
    Usage("Flask error handler", "python", ("flask",), r"@\w+\.errorhandler\(|\.register_error_handler\("),
    Usage("DRF exception handler", "python", ("djangorestframework",), r"['\"]EXCEPTION_HANDLER['\"]\s*:"),
    Usage("Django error handlers", "python", ("django",), r"^handler(400|403|404|500)\s*="),
    Usage("Express error middleware", "node", ("express",), r"\(\s*err\w*\s*(:\s*\w+)?\s*,\s*req\w*\s*(:\s*\w+)?\s*,\s*res\w*\s*(:\s*\w+)?\s*,\s*next\w*"),
    Usage("Nest exception filter", "node", ("@nestjs/core",), r"useGlobalFilters\(|APP_FILTER\b|@Catch\("),
    Usage("Fastify error handler", "node", ("fastify",), r"\.setErrorHandler\("),
    Usage("gin error middleware", "go", ("github.com/gin-gonic/gin",), r"CustomRecovery\w*\(|c\.Errors\b|\.Use\(\w*[Ee]rror\w*\("),
    Usage("echo HTTPErrorHandler", "go", ("github.com/labstack/echo/v4",), r"\.HTTPErrorHandler\s*="),
    Usage("error writer", "go", (), r"func (\(\w+ \*?\w+\) )?([Ww]rite|[Rr]ender|[Rr]espond)\w*Err(or)?\w*\(|type (\w*Error\w*Response|ResponseError|\w*Problem\w*) struct|\b\w+\.([Rr]espond|[Rr]ender|[Ww]rite)\w*Err(or)?\w*\("),
    Usage("@ControllerAdvice", "java", (), r"@(Rest)?ControllerAdvice\b", suffixes=(".java", ".kt")),
    Usage("problem+json", "any", (), r"application/problem\+json|ProblemDetail\b|problem_details|RFC ?7807|RFC ?9457"),
)


@check(
    id="api.errors",
    blind_spots="A consistent shape produced by a shared base class or framework default is not recognised; Go services need a helper whose name says error.",
    title="Errors have one consistent shape",
    severity="medium",
    why="""
    Clients handle errors by status and shape. Ad-hoc error bodies (sometimes HTML, sometimes a
    stack trace, sometimes JSON) break clients, leak internals and make errors impossible to
    monitor. One central handler turns every exception into the same body (RFC 9457
    problem+json is the standard shape).
    """,
    fix="Register one central error handler that maps exceptions to status codes and a consistent JSON body (problem+json).",
    fix_by_stack={
        "fastapi": "Register `@app.exception_handler(AppError)` (and for RequestValidationError) returning one JSON shape.",
        "django": "Set `REST_FRAMEWORK['EXCEPTION_HANDLER'] = 'app.errors.handler'` and define handler404/handler500 that return JSON.",
        "flask": "Register `@app.errorhandler(HTTPException)` and `@app.errorhandler(Exception)` returning one JSON shape.",
        "express": "Add a final `app.use((err, req, res, next) => res.status(err.status ?? 500).json({ type, title, status }))` after all routes.",
        "nestjs": "Write an `@Catch()` ExceptionFilter and register it with `app.useGlobalFilters(new ProblemFilter())`.",
        "fastify": "Use `app.setErrorHandler((err, req, reply) => reply.status(err.statusCode ?? 500).send({...}))`.",
        "go": "Centralise error responses: one `writeError(w, err)` helper (or echo's `e.HTTPErrorHandler`, gin middleware reading `c.Errors`).",
        "java": "Add a `@RestControllerAdvice` with `@ExceptionHandler` methods returning `ProblemDetail` (Spring 6).",
    },
    references=("https://www.rfc-editor.org/rfc/rfc9457", "https://fastapi.tiangolo.com/tutorial/handling-errors/",
                "https://expressjs.com/en/guide/error-handling.html", "https://docs.spring.io/spring-framework/reference/web/webmvc/mvc-ann-rest-exceptions.html"),
)
def errors(ctx: CheckContext) -> Outcome:
    skip = needs_http_service(ctx, "an error handler")
    if skip:
        return skip
    report = ctx.usage(USAGES)
    report = type(report)(report.wired, ())  # frameworks are always listed: listing proves nothing here
    return usage_outcome(report, "central error handling", "no central error handler: each route shapes its own errors")
