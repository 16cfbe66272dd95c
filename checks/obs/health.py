"""obs.health: the service says whether it is alive and ready, and the platform asks it."""

from __future__ import annotations

import re

from prodready.facts import CheckContext, Hit, evidence
from prodready.facts.health import HealthCheck
from prodready.model import Outcome, Severity
from prodready.registry import check

_READY = re.compile(r"(?i)ready|readiness")
ACTUATOR = "org.springframework.boot:spring-boot-starter-actuator"
ACTUATOR_PATHS = ("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness", "/livez", "/readyz")


@check(
    id="obs.health",
    prefetch=("routes",),  # start its batch on the workers when the audit begins
    blind_spots="Health routes registered dynamically (from config or loops) are not seen; probe usage is matched by path text.",
    title="Health and readiness endpoints",
    severity="high",
    why="""
    Orchestrators and load balancers decide from health endpoints whether to restart a
    container and whether to send it traffic. Without them a process that is up but wedged
    (dead database connection, exhausted pool) keeps receiving requests, and deploys cannot
    wait for the new version to be ready before the old one goes.
    """,
    fix="""
    Expose a cheap liveness route (`/healthz`: the process answers) and a readiness route
    (`/readyz`: dependencies such as the database answer), and point the Dockerfile
    HEALTHCHECK, compose healthcheck or Kubernetes probes at them.
    """,
    fix_by_stack={
        "fastapi": "Add `@app.get(\"/healthz\")` returning `{\"status\": \"ok\"}` and `@app.get(\"/readyz\")` that pings the database; point probes at them.",
        "flask": "Add `@app.get(\"/healthz\")` (Flask 2+) returning `{\"status\": \"ok\"}`, and a `/readyz` that checks the database.",
        "django": "Add django-health-check (`health_check` in INSTALLED_APPS, `path(\"health/\", include(\"health_check.urls\"))`) or a small view at `healthz/`.",
        "express": "Mount `app.get('/healthz', (req, res) => res.json({ status: 'ok' }))` before auth middleware, plus `/readyz` checking the database.",
        "nestjs": "Add @nestjs/terminus: a `HealthController` with `@Controller('health')` and `@Get() @HealthCheck()` using `TypeOrmHealthIndicator`.",
        "fastify": "Register `app.get('/healthz', async () => ({ status: 'ok' }))` and a `/readyz` route.",
        "go": "Register `mux.HandleFunc(\"/healthz\", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })` and a `/readyz` that pings the DB.",
        "java": "Add `spring-boot-starter-actuator`; /actuator/health (with `management.endpoint.health.probes.enabled=true` for liveness/readiness groups).",
    },
    references=(
        "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
        "https://docs.spring.io/spring-boot/reference/actuator/endpoints.html#actuator.endpoints.kubernetes-probes",
        "https://docs.docker.com/reference/dockerfile/#healthcheck",
    ),
)
def health(ctx: CheckContext) -> Outcome:
    if ctx.service is None or ctx.service.kind != "api":
        kind = ctx.service.kind if ctx.service else "repository"
        return Outcome.not_applicable(f"no HTTP server in this {kind}: health routes do not apply")
    routes = find_health_routes(ctx)
    if not routes:
        return Outcome.failed(f"no health or readiness route found in {len(ctx.files())} production files")
    paths = sorted({path for path, _ in routes})
    ev = list({(h.path, h.line): evidence(h.path, h.line, h.text, note=f"health route {path}") for path, h in routes}.values())
    kinds = "liveness and readiness" if any(_READY.search(p) for p in paths) and any(not _READY.search(p) for p in paths) else ("readiness" if all(_READY.search(p) for p in paths) else "liveness")
    used, containers = _container_usage(ctx, paths)
    if used:
        ev += used
        return Outcome.passed(f"{kinds} route(s) {', '.join(paths)}, used by container health checks", ev)
    if containers:
        ev.append(evidence(containers[0], None, note="container definitions exist but no HEALTHCHECK or probe calls the health route", severity=Severity.MEDIUM))
        return Outcome.partial(7, f"{kinds} route(s) {', '.join(paths)} exist, but no HEALTHCHECK or probe uses them", ev)
    return Outcome.passed(f"{kinds} route(s) {', '.join(paths)} (no containers defined to use them)", ev)


def find_health_routes(ctx: CheckContext) -> list[tuple[str, Hit]]:
    """Health routes of this service as (path, where), including framework-provided ones."""
    found = [(r.path, Hit(r.file, r.line, r.snippet)) for r in ctx.repo.routes if r.is_health and ctx.owns(r.file)]
    if ctx.service is not None:
        actuator = ctx.service.depends_on(ACTUATOR)
        if actuator:
            # Actuator serves /actuator/health and, on Kubernetes, the liveness/readiness groups
            # (also at /livez and /readyz with management.endpoint.health.probes.add-additional-paths)
            where = Hit(actuator.path, actuator.line or 1, "spring-boot-starter-actuator")
            found.extend((path, where) for path in ACTUATOR_PATHS)
    for hit in ctx.grep(r"health_check\.urls", (".py",), limit=1):
        found.append(("/health/", hit))
    return found


def _container_usage(ctx: CheckContext, paths: list[str]) -> tuple[list, list[str]]:
    """Evidence of this service's health checks calling a health route, and the container
    files seen (its Dockerfiles, the compose files that build it, the Kubernetes manifests)."""
    mine = {df.path for df in ctx.dockerfiles()}
    used, containers = [], sorted(mine)
    containers += [compose.path for compose in ctx.repo.compose_files for svc in compose.services
                   if _builds_this(ctx, svc.build_context)]
    for hc in ctx.repo.health_checks:
        if not _covers(ctx, hc, mine):
            continue
        containers.append(hc.path)
        if hc.calls(paths):
            used.append(evidence(hc.path, hc.line, hc.text, note=_USED_NOTE[hc.origin].format(kind=hc.kind, service=hc.service)))
    return used, containers


_USED_NOTE = {"dockerfile": "HEALTHCHECK calls the health route", "compose": "compose service {service} healthcheck calls it",
              "kubernetes": "Kubernetes {kind} calls it"}


def _covers(ctx: CheckContext, hc: HealthCheck, dockerfiles: set[str]) -> bool:
    """Whether a health check is this service's: a HEALTHCHECK of one of its Dockerfiles, a
    compose service built from it (or the only service's), any Kubernetes probe."""
    if hc.origin == "dockerfile":
        return hc.path in dockerfiles
    if hc.origin == "compose":
        return _builds_this(ctx, hc.build_context)
    return True


def _builds_this(ctx: CheckContext, build_context: str | None) -> bool:
    """Whether a compose service built from `build_context` is this service (or the only one)."""
    return build_context is not None and (ctx.owns(build_context + "/x") or len(ctx.repo.services) == 1)
