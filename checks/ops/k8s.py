"""ops.k8s: Kubernetes workloads have probes, resources, pinned images and a non-root context."""

from __future__ import annotations

import re

from prodready.facts import CheckContext, evidence
from prodready.model import Outcome, Severity, Status
from prodready.registry import check

RULES = ("probes", "resources", "pinned-image", "non-root")
_CONTAINER = re.compile(r"^(\s*)-\s+(?:name:\s*['\"]?([\w{}.\-\s|]+?)['\"]?\s*$|image:)", re.M)


def _blocks(text: str) -> list[tuple[int, str]]:
    """(line, text) of each container entry under `containers:` (works on Helm templates too)."""
    out = []
    for section in re.finditer(r"^(\s*)(initContainers|containers)\s*:\s*$", text, re.M):
        if section.group(2) == "initContainers":
            continue
        indent = len(section.group(1))
        body_start = section.end()
        end = len(text)
        for line_match in re.finditer(r"^(\s*)\S", text[body_start:], re.M):
            if len(line_match.group(1)) <= indent and not text[body_start + line_match.start():].lstrip().startswith("-"):
                end = body_start + line_match.start()
                break
        body = text[body_start:end]
        items = list(re.finditer(r"^\s*-\s", body, re.M))
        item_indent = min((len(m.group(0)) - len(m.group(0).lstrip()) for m in items), default=0)
        starts = [m.start() for m in items if len(m.group(0)) - len(m.group(0).lstrip()) == item_indent]
        for i, start in enumerate(starts):
            stop = starts[i + 1] if i + 1 < len(starts) else len(body)
            out.append((text.count("\n", 0, body_start + start) + 2, body[start:stop]))
    return out


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
    held_total, rules_total, ev = 0, 0, []
    containers = 0
    for path in manifests:
        text = ctx.repo.text(path) or ""
        pod_level_nonroot = re.search(r"runAsNonRoot\s*:\s*true|runAsUser\s*:\s*[1-9]", text) is not None
        for line, block in _blocks(text):
            containers += 1
            image = re.search(r"image\s*:\s*['\"]?([^\s'\"]+)", block)
            image_ref = image.group(1) if image else ""
            checks = {
                "probes": "livenessProbe" in block and "readinessProbe" in block,
                "resources": re.search(r"requests\s*:", block) is not None and re.search(r"limits\s*:", block) is not None,
                "pinned-image": bool(image_ref) and ("{{" in image_ref or "@sha256:" in image_ref or
                                                    (":" in image_ref.rsplit("/", 1)[-1] and not image_ref.endswith(":latest"))),
                "non-root": pod_level_nonroot or re.search(r"runAsNonRoot\s*:\s*true|runAsUser\s*:\s*[1-9]", block) is not None,
            }
            for rule, ok in checks.items():
                rules_total += 1
                held_total += ok
                if not ok:
                    ev.append(evidence(path, line, image_ref and f"image: {image_ref}", note=f"{rule}: missing for this container", severity=Severity.HIGH if rule == "probes" else Severity.MEDIUM))
    if not containers:
        return Outcome.not_applicable(f"{len(manifests)} manifest(s) but no container specs found")
    score = round(10 * held_total / rules_total, 1)
    status = Status.PASS if score >= 10 else (Status.FAIL if score < 4 else Status.PARTIAL)
    summary = f"{containers} container(s) in {len(manifests)} manifest(s): {held_total}/{rules_total} rules hold"
    if not ev:
        ev = [evidence(p, None, note="manifest checked") for p in manifests[:5]]
    return Outcome(status, score, summary, tuple(ev))
