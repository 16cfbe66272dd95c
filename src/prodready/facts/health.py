"""Who asks a service whether it is healthy: Dockerfile HEALTHCHECKs, compose healthchecks and
Kubernetes probes, gathered in one place.

`obs.health` asks whether any of them calls the service's health route; `ops.dockerfile` asks
whether an image is covered by one; `ops.k8s` judges the probes themselves. All three read the
same facts (HealthCheck here, the probes of facts/workloads.py), so no two checks can read one
manifest or one compose file two ways.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from prodready.facts.containers import ComposeFile, Dockerfile
    from prodready.facts.workloads import KubeContainer

DOCKERFILE, COMPOSE, KUBERNETES = "dockerfile", "compose", "kubernetes"


@dataclass(frozen=True)
class HealthCheck:
    """One health check a platform runs: where it is declared, what it runs or calls
    (`target`: a command, or a probe's HTTP path), and what it covers: the Dockerfile it
    belongs to or builds from (`dockerfile`), the compose service and its build context."""

    origin: str  # dockerfile | compose | kubernetes
    path: str
    line: int | None
    target: str
    text: str  # as written, for evidence
    kind: str  # HEALTHCHECK | healthcheck | livenessProbe | readinessProbe | startupProbe
    dockerfile: str | None = None
    service: str | None = None
    build_context: str | None = None

    def calls(self, route_paths: Iterable[str]) -> bool:
        """Whether it calls one of the routes (a path inside its command or probe path)."""
        return any(p.strip("/^$") and p.strip("/^$") in self.target for p in route_paths) or "actuator/health" in self.target


def health_checks(dockerfiles: Iterable[Dockerfile], compose_files: Iterable[ComposeFile],
                  containers: Iterable[KubeContainer]) -> tuple[HealthCheck, ...]:
    """Every HEALTHCHECK of a Dockerfile's final stage (NONE switches it off: not a check),
    every compose service healthcheck, every Kubernetes probe."""
    found: list[HealthCheck] = []
    for df in dockerfiles:
        final = df.final
        for instruction in final.instructions if final else ():
            if instruction.keyword == "HEALTHCHECK" and not instruction.args.upper().startswith("NONE"):
                found.append(HealthCheck(DOCKERFILE, df.path, instruction.line, instruction.args, instruction.text,
                                         "HEALTHCHECK", dockerfile=df.path))
    for compose in compose_files:
        for svc in compose.services:
            if svc.healthcheck:
                found.append(HealthCheck(COMPOSE, compose.path, svc.healthcheck_line or svc.line, svc.healthcheck,
                                         svc.healthcheck, "healthcheck", dockerfile=svc.dockerfile, service=svc.name,
                                         build_context=svc.build_context))
    for container in containers:
        for probe in container.probes:
            found.append(HealthCheck(KUBERNETES, probe.path, probe.line, probe.http_path or "",
                                     f"{probe.kind}: {probe.http_path or ''}", probe.kind))
    return tuple(found)
