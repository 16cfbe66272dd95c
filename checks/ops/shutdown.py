"""ops.shutdown: the service finishes in-flight work when it receives SIGTERM."""

from __future__ import annotations

import re

from prodready.facts import CheckContext, evidence
from prodready.facts.usage import Usage
from prodready.model import Outcome, Severity
from prodready.registry import check
from prodready.verdicts import needs_deployable

USAGES = (
    Usage("lifespan / shutdown hook", "python", (), r"lifespan\s*=|@\w+\.on_event\(\s*['\"]shutdown['\"]|add_event_handler\(\s*['\"]shutdown['\"]"),
    Usage("signal handler", "python", (), r"signal\.signal\(\s*signal\.SIGTERM|add_signal_handler\(\s*signal\.SIGTERM|atexit\.register\("),
    Usage("gunicorn / uvicorn (graceful on SIGTERM)", "python", ("gunicorn", "uvicorn"), r"\b(gunicorn|uvicorn)\b.*(:app|:application|wsgi|asgi)|graceful_timeout\s*=|\bfastapi\b\W+run\b",
          suffixes=("", ".sh", ".py", ".toml", ".cfg", ".yml", ".yaml", ".conf"), files=r"(^|/)gunicorn\.conf\.py$"),
    Usage("SIGTERM handler", "node", (), r"process\.on\(\s*['\"]SIG(TERM|INT)['\"]|enableShutdownHooks\(|createTerminus\(|closeWithGrace\(|createHttpTerminator\(|lightship"),
    Usage("graceful server shutdown", "go", (), r"signal\.Notify(Context)?\(|\.Shutdown\(\s*ctx|\.Shutdown\(context"),
    Usage("Spring graceful shutdown", "java", (), r"server\.shutdown\s*[=:]\s*graceful|^\s*shutdown\s*:\s*graceful|@PreDestroy\b|SmartLifecycle\b",
          suffixes=(".properties", ".yml", ".yaml", ".java", ".kt")),
)
_SHELL_FORM = re.compile(r"^(CMD|ENTRYPOINT)\s+(?!\[)")


@check(
    id="ops.shutdown",
    blind_spots="Graceful shutdown provided by a server default that is not named in the repo (for example Spring Boot 3.4+ defaults) is not credited.",
    title="Graceful shutdown on SIGTERM",
    severity="medium",
    why="""
    Every deploy, scale-down and node drain sends SIGTERM. A process that dies at once drops the
    requests it was serving and leaves half-done work; one that stops accepting, finishes
    in-flight requests and closes its pools makes deploys invisible to users.
    """,
    fix="Handle SIGTERM: stop accepting new work, finish in-flight requests within the grace period, close pools, then exit. Use the exec form of CMD so the signal reaches the process.",
    fix_by_stack={
        "fastapi": "Run under uvicorn/gunicorn (graceful on SIGTERM) with exec-form CMD, and close resources in a `lifespan` handler.",
        "django": "Run under gunicorn with exec-form CMD (`CMD [\"gunicorn\", ...]`) and `--graceful-timeout`.",
        "flask": "Run under gunicorn with exec-form CMD and `--graceful-timeout`.",
        "express": "`process.on('SIGTERM', () => server.close(() => pool.end()))`, or @godaddy/terminus; run `node` directly, not `npm start`.",
        "nestjs": "Call `app.enableShutdownHooks()` and close resources in `onApplicationShutdown`.",
        "fastify": "Use close-with-grace: `closeWithGrace(async () => { await app.close() })`.",
        "go": "`ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM)`; on `<-ctx.Done()` call `srv.Shutdown(timeoutCtx)`.",
        "java": "Set `server.shutdown=graceful` and `spring.lifecycle.timeout-per-shutdown-phase=20s`.",
    },
    references=("https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/", "https://docs.spring.io/spring-boot/reference/web/graceful-shutdown.html",
                "https://pkg.go.dev/net/http#Server.Shutdown"),
)
def shutdown(ctx: CheckContext) -> Outcome:
    skip = needs_deployable(ctx, "graceful shutdown")
    if skip:
        return skip
    report = ctx.usage(USAGES)
    shell_form = [(d, i) for d in ctx.dockerfiles() for i in (d.final.instructions if d.final else ()) if _SHELL_FORM.match(i.text)]
    ev = [evidence(h.path, h.line, h.text, note=h.usage.name) for h in report.wired]
    ev += [evidence(d.path, i.line, i.text, note="shell-form CMD/ENTRYPOINT: /bin/sh gets SIGTERM, not the service", severity=Severity.MEDIUM) for d, i in shell_form]
    if report.wired and shell_form:
        return Outcome.partial(6, f"{', '.join(report.names)}, but the image starts it in shell form so SIGTERM never reaches it", ev)
    if report.wired:
        return Outcome.passed(f"graceful shutdown: {', '.join(report.names)}", ev)
    return Outcome.failed("no SIGTERM handling: in-flight requests are dropped on every deploy", ev)
