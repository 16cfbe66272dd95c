"""sec.debug: debug mode and stack traces are off in production code and configuration."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.facts.code import debug_settings
from prodready.model import Outcome, Severity
from prodready.registry import check

@check(
    id="sec.debug",
    blind_spots="Settings chosen by environment variables at run time are not evaluated; NODE_ENV branches are not followed.",
    title="Debug mode is off in production",
    severity="high",
    why="""
    Debug mode serves stack traces, settings and sometimes an interactive console to anyone who
    triggers an error. Werkzeug's debugger is remote code execution; Django's debug pages list
    settings; Actuator exposing every endpoint publishes heap dumps and environment variables.
    """,
    fix="Read debug switches from the environment with a safe default (off), and keep development settings in their own module or profile.",
    fix_by_stack={
        "django": "`DEBUG = os.environ.get(\"DJANGO_DEBUG\") == \"1\"` in settings, or separate settings modules with DEBUG only in dev.py.",
        "flask": "Never pass `debug=True` to `app.run` in code; use `flask --app app run --debug` locally and a WSGI server in production.",
        "fastapi": "Drop `debug=True` from `FastAPI(...)`; run uvicorn without `--reload` in production.",
        "node": "Never send `err.stack` to clients; log it and return a generic error body. Set NODE_ENV=production in the image.",
        "go": "Leave gin in release mode (`GIN_MODE=release`), echo's `Debug` false, and never mount net/http/pprof on the public listener.",
        "java": "Keep `server.error.include-stacktrace=never`, `debug=false`, and expose only health/info/prometheus actuator endpoints.",
    },
    references=("https://docs.djangoproject.com/en/stable/howto/deployment/checklist/", "https://flask.palletsprojects.com/en/stable/debugging/",
                "https://docs.spring.io/spring-boot/reference/actuator/endpoints.html#actuator.endpoints.exposing"),
)
def debug(ctx: CheckContext) -> Outcome:
    scan = debug_settings(ctx.files(), ctx.repo)
    if not ctx.files():
        return Outcome.not_applicable("no production code or configuration")
    where = f"judged {', '.join(scan.judged[:5])}" if scan.judged else "judged production code"
    if scan.skipped:
        where += f"; skipped development/test settings {', '.join(scan.skipped[:5])}"
    if scan.found:
        ev = [evidence(d.path, d.line, ctx.repo.lines(d.path)[d.line - 1], note=f"{d.what} in production code or configuration",
                       severity=Severity.HIGH) for d in scan.found]
        return Outcome.failed(f"{len(scan.found)} debug switch(es) on ({where})", ev)
    return Outcome.passed(f"no debug switch on ({where})")
