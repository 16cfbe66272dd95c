"""sec.debug: debug mode and stack traces are off in production code and configuration."""

from __future__ import annotations

import re

from prodready.facts import CheckContext, evidence
from prodready.facts.code import DebugSetting, python_debug_findings, text_debug_findings
from prodready.model import Outcome, Severity
from prodready.registry import check

# Settings for development or tests: read but not judged (the report says which were skipped).
_DEV_MODULE = re.compile(r"(^|[/_.-])(dev|devel|development|local|test|tests|testing|ci)([_.-]|\.py$|$)", re.I)
_DEBUG_WORD = re.compile("debug", re.I)
_SPRING_DEV = re.compile(r"application-(dev|local|test|development)\.(properties|ya?ml)$")


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
    judged, skipped, found = [], [], []
    for entry in ctx.files():
        name = entry.name
        if entry.suffix == ".py":
            is_settings = name.startswith("settings") or "/settings/" in f"/{entry.path}"
            if is_settings and _DEV_MODULE.search(name):
                skipped.append(entry.path)
                continue
            if not ctx.repo.first_match(_DEBUG_WORD, entry.path):
                if is_settings:
                    judged.append(entry.path)
                continue
            hits = ctx.repo.per_python_file(entry.path, python_debug_findings)
            if hits is not None:
                found.extend(DebugSetting(entry.path, line, what) for line, what in hits)
                if is_settings:
                    judged.append(entry.path)
        elif entry.suffix in (".go", ".js", ".ts", ".mjs", ".cjs", ".properties", ".yml", ".yaml"):
            if entry.suffix in (".properties", ".yml", ".yaml") and not name.startswith(("application", "bootstrap")):
                continue
            if _SPRING_DEV.search(name):
                skipped.append(entry.path)
                continue
            if name.startswith("application"):
                judged.append(entry.path)
            hits = ctx.repo.per_file(entry.path, text_debug_findings, entry.suffix)
            found.extend(DebugSetting(entry.path, line, what) for line, what in hits or ())
    if not ctx.files():
        return Outcome.not_applicable("no production code or configuration")
    where = f"judged {', '.join(judged[:5])}" if judged else "judged production code"
    if skipped:
        where += f"; skipped development/test settings {', '.join(skipped[:5])}"
    if found:
        ev = [evidence(d.path, d.line, ctx.repo.lines(d.path)[d.line - 1], note=f"{d.what} in production code or configuration",
                       severity=Severity.HIGH) for d in found]
        return Outcome.failed(f"{len(found)} debug switch(es) on ({where})", ev)
    return Outcome.passed(f"no debug switch on ({where})")
