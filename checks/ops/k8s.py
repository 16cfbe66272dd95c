"""ops.k8s: Kubernetes workloads have probes, resources, pinned images and a non-root context."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.facts.workloads import KubeContainer
from prodready.model import Outcome, Severity, Status
from prodready.registry import check

RULES = ("probes", "resources", "pinned-image", "non-root")


@check(
    id="ops.k8s",
    blind_spots="Kustomize overlays and Helm values are not merged: each manifest or template is judged as written.",
    title="Kubernetes manifests are production-grade",
    severity="high",
    scope="repo",
    why="""
    Without probes Kubernetes routes traffic to pods that are not ready and never restarts hung
    ones; without requests and limits the scheduler packs pods blindly and one leak starves a
    node; `latest` images make rollbacks guesswork; root containers widen every breach.
    """,
    fix="Give every container liveness and readiness probes, CPU/memory requests and a memory limit, an image pinned to a version or digest, and `securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false}`.",
    references=("https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/", "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
                "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/"),
)
def k8s(ctx: CheckContext) -> Outcome:
    manifests = ctx.repo.k8s_manifests
    if not manifests:
        return Outcome.not_applicable("no Kubernetes manifests or Helm charts in the repository")
    containers = ctx.repo.k8s_containers
    if not containers:
        return Outcome.not_applicable(f"{len(manifests)} manifest(s) but no container specs found")
    judged = [(container, _rules(container)) for container in containers]
    held = sum(ok for _container, rules in judged for ok in rules.values())
    total = len(RULES) * len(judged)
    ev = [evidence(c.path, c.line, c.image and f"image: {c.image}", note=f"{rule}: missing for this container",
                   severity=Severity.HIGH if rule == "probes" else Severity.MEDIUM)
          for c, rules in judged for rule, ok in rules.items() if not ok]
    score = round(10 * held / total, 1)
    status = Status.PASS if score >= 10 else (Status.FAIL if score < 4 else Status.PARTIAL)
    summary = f"{len(containers)} container(s) in {len(manifests)} manifest(s): {held}/{total} rules hold"
    return Outcome(status, score, summary, tuple(ev or [evidence(p, None, note="manifest checked") for p in manifests[:5]]))


def _rules(container: KubeContainer) -> dict[str, bool]:
    """Which of RULES one container keeps."""
    kinds = {probe.kind for probe in container.probes}
    return {
        "probes": {"livenessProbe", "readinessProbe"} <= kinds,
        "resources": container.requests and container.limits,
        "pinned-image": _pinned(container.image),
        "non-root": container.non_root,
    }


def _pinned(image: str) -> bool:
    """A version tag or a digest (or a value a Helm template fills in), not `latest`."""
    if not image:
        return False
    if "{{" in image or "@sha256:" in image:
        return True
    name = image.rsplit("/", 1)[-1]
    return ":" in name and not image.endswith(":latest")
