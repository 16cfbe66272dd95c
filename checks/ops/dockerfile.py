"""ops.dockerfile: the service's container image is built the way production images should be."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from prodready.facts import CheckContext, evidence
from prodready.facts.containers import Dockerfile, Stage, env_pairs
from prodready.model import Evidence, Outcome, Severity, Status
from prodready.redact import redact_value
from prodready.registry import check
from prodready.secret_shapes import SECRET_NAME

_SECRET_KEY = re.compile(rf"(?i){SECRET_NAME}")
_ROOT_USERS = {"root", "0", "0:0", "root:root"}


@check(
    id="ops.dockerfile",
    blind_spots="Images built without a Dockerfile (buildpacks, Jib, ko) are not judged and make a deployable service fail.",
    title="Dockerfile follows good practice",
    severity="high",
    why="""
    The image is what runs in production. Running as root turns any code-execution bug into a
    container takeaway; an unpinned base image changes under you between two builds; secrets
    in ENV/ARG end up in every layer and registry; without a health check the orchestrator
    keeps sending traffic to a wedged process.
    """,
    fix="""
    Use a multi-stage build (build in one stage, copy artefacts into a slim final stage), pin
    the base image to a version tag or digest, create a user and switch to it with USER in the
    final stage, add HEALTHCHECK (or orchestrator probes), add a .dockerignore, pass secrets
    with BuildKit `--mount=type=secret` instead of ENV/ARG, and COPY files instead of ADD URLs.
    """,
    fix_by_stack={
        "python": "Build wheels in a `python:3.12-slim AS build` stage, copy them into a `python:3.12-slim` final stage, `RUN useradd -r app` then `USER app`, and `HEALTHCHECK CMD python -c \"import urllib.request;urllib.request.urlopen('http://localhost:8000/health')\"`.",
        "node": "Run `npm ci` in a `node:20-alpine AS build` stage, copy `node_modules` and the build into a `node:20-alpine` final stage, `USER node` (the image ships that user), and add `HEALTHCHECK CMD wget -qO- http://localhost:3000/health || exit 1`.",
        "go": "Build with `golang:1.22 AS build` and `CGO_ENABLED=0`, copy the binary into `gcr.io/distroless/static:nonroot` (already non-root) or `alpine` with `USER 65532`, and rely on Kubernetes probes or a small health subcommand for HEALTHCHECK.",
        "java": "Build with `maven:3.9-eclipse-temurin-21 AS build`, copy the jar into `eclipse-temurin:21-jre`, add `USER 1001`, and `HEALTHCHECK CMD curl -f http://localhost:8080/actuator/health || exit 1`.",
    },
    references=(
        "https://docs.docker.com/build/building/best-practices/",
        "https://docs.docker.com/reference/build-checks/",
        "https://github.com/hadolint/hadolint",
    ),
)
def dockerfile(ctx: CheckContext) -> Outcome:
    files = ctx.dockerfiles()
    if not files:
        if ctx.service is not None and ctx.service.deployable:
            return Outcome.failed(f"no Dockerfile builds this {ctx.service.kind} service")
        return Outcome.not_applicable("no Dockerfile, and this is a library, not a deployable service")
    scores, all_evidence, broken_rules = [], [], set()
    for df in files:
        if df.error:
            all_evidence.append(evidence(df.path, df.error.line, note=df.error.message()))
            scores.append(0.0)
            broken_rules.add("parse")
            continue
        held, findings = judge(ctx, df)
        scores.append(10.0 * len(held) / len(RULES))
        broken_rules.update(set(RULES) - held)
        # broken rules first: they are what the reader acts on; held rules show where we looked
        all_evidence.extend(sorted(findings, key=lambda e: e.note.startswith("ok ")))
    score = round(sum(scores) / len(scores), 1)
    names = ", ".join(d.path for d in files)
    if not broken_rules:
        return Outcome(_status(score), score, f"{names}: all {len(RULES)} rules hold", tuple(all_evidence))
    return Outcome(_status(score), score, f"{names}: broken: {', '.join(sorted(broken_rules))}", tuple(all_evidence))


def _status(score: float) -> Status:
    return Status.PASS if score >= 10 else (Status.FAIL if score < 4 else Status.PARTIAL)


@dataclass(frozen=True)
class Verdict:
    """One rule on one Dockerfile: whether it holds, and the evidence lines it leaves."""

    held: bool
    evidence: tuple[Evidence, ...]


def _ok(df: Dockerfile, rule: str, line: int | None, snippet: str, note: str) -> Verdict:
    return Verdict(True, (evidence(df.path, line, snippet, f"ok {rule}: {note}", Severity.LOW),))


def _bad(df: Dockerfile, rule: str, line: int | None, snippet: str, note: str, severity: Severity = Severity.HIGH) -> Evidence:
    return evidence(df.path, line, snippet, f"{rule}: {note}", severity)


def _multi_stage(_ctx: CheckContext, df: Dockerfile, final: Stage) -> Verdict:
    if len(df.stages) > 1:
        return _ok(df, "multi-stage", final.line, f"FROM {final.base}", f"{len(df.stages)} stages")
    return Verdict(False, (_bad(df, "multi-stage", final.line, f"FROM {final.base}",
                                "single stage: build tools ship in the runtime image", Severity.MEDIUM),))


def _non_root(_ctx: CheckContext, df: Dockerfile, final: Stage) -> Verdict:
    user = next((i for i in reversed(final.instructions) if i.keyword == "USER"), None)
    if user and user.args.split()[0] not in _ROOT_USERS:
        return _ok(df, "non-root", user.line, user.text, f"final stage runs as {user.args.split()[0]}")
    if user is not None:
        return Verdict(False, (_bad(df, "non-root", user.line, user.text, "final stage switches back to root"),))
    if re.search(r"nonroot|distroless/.*:nonroot|-rootless", final.base_resolved):
        return _ok(df, "non-root", final.line, f"FROM {final.base}", "base image runs as a non-root user")
    creates = next((i for i in final.instructions if i.keyword == "RUN" and re.search(r"\b(useradd|adduser|addgroup)\b", i.args)), None)
    why = "a user is created but never switched to" if creates else "no USER in the final stage"
    return Verdict(False, (_bad(df, "non-root", creates.line if creates else final.line,
                                creates.text if creates else f"FROM {final.base}", f"{why}: the container runs as root"),))


def _pinned_base(_ctx: CheckContext, df: Dockerfile, final: Stage) -> Verdict:
    unpinned = [s for s in df.stages if not _pinned(s, df)]
    if not unpinned:
        return _ok(df, "pinned-base", final.line, f"FROM {final.base}", "every base image has a version tag or digest")
    return Verdict(False, tuple(_bad(df, "pinned-base", stage.line, f"FROM {stage.base}",
                                     f"base image {stage.base_resolved or stage.base} is not pinned to a version or digest")
                                for stage in unpinned))


def _healthcheck(ctx: CheckContext, df: Dockerfile, final: Stage) -> Verdict:
    health = next((i for i in reversed(final.instructions) if i.keyword == "HEALTHCHECK"), None)
    if health and not health.args.upper().startswith("NONE"):
        return _ok(df, "healthcheck", health.line, health.text, "HEALTHCHECK defined")
    cover = _orchestrator_health(ctx, df)
    if cover is not None:
        return Verdict(True, (cover,))
    return Verdict(False, (_bad(df, "healthcheck", health.line if health else final.line,
                                health.text if health else f"FROM {final.base}",
                                "no HEALTHCHECK and no compose healthcheck or Kubernetes probe covers it", Severity.MEDIUM),))


def _dockerignore_rule(ctx: CheckContext, df: Dockerfile, _final: Stage) -> Verdict:
    ignore = _dockerignore(ctx, df)
    if ignore:
        return _ok(df, "dockerignore", None, "", f"{ignore} limits the build context")
    return Verdict(False, (_bad(df, "dockerignore", None, "", "no .dockerignore: the whole context (.git, .env, local files) "
                                "is sent and may be copied in", Severity.MEDIUM),))


def _no_secrets(_ctx: CheckContext, df: Dockerfile, _final: Stage) -> Verdict:
    found = []
    for instruction in list(df.global_args) + [i for s in df.stages for i in s.instructions]:
        if instruction.keyword not in ("ENV", "ARG"):
            continue
        for key, value in env_pairs(instruction):
            if _SECRET_KEY.search(key) and not key.upper().endswith(("_FILE", "_PATH", "_URL_FILE")):
                shown = redact_value(instruction.text, value) if value else instruction.text
                found.append(_bad(df, "no-secrets", instruction.line, shown, f"{instruction.keyword} {key}: secrets in "
                                  "ENV/ARG are stored in the image history", Severity.CRITICAL))
                break
    return Verdict(not found, tuple(found))


def _no_remote_add(_ctx: CheckContext, df: Dockerfile, _final: Stage) -> Verdict:
    remote_adds = [i for s in df.stages for i in s.instructions if i.keyword == "ADD" and re.search(r"(^|\s)(https?|ftp)://", i.args)]
    return Verdict(not remote_adds, tuple(_bad(df, "no-remote-add", add.line, add.text, "ADD of a remote URL: unverified "
                                               "download, use RUN curl with a checksum or COPY") for add in remote_adds))


# each rule in the order its evidence is listed
_JUDGES: tuple[tuple[str, Callable[[CheckContext, Dockerfile, Stage], Verdict]], ...] = (
    ("multi-stage", _multi_stage), ("non-root", _non_root), ("pinned-base", _pinned_base),
    ("healthcheck", _healthcheck), ("dockerignore", _dockerignore_rule), ("no-secrets", _no_secrets),
    ("no-remote-add", _no_remote_add),
)
RULES = tuple(rule for rule, _judge in _JUDGES)


def judge(ctx: CheckContext, df: Dockerfile) -> tuple[set[str], list[Evidence]]:
    """Which rules hold for one Dockerfile, with a finding per rule on its line."""
    final = df.final
    assert final is not None
    held: set[str] = set()
    out: list[Evidence] = []
    for rule, rule_judge in _JUDGES:
        verdict = rule_judge(ctx, df, final)
        if verdict.held:
            held.add(rule)
        out.extend(verdict.evidence)
    return held, out


def _pinned(stage: Stage, df: Dockerfile) -> bool:
    earlier = {s.name for s in df.stages[: stage.index] if s.name}
    image = stage.base_resolved
    if stage.base in earlier or image in earlier or image == "scratch":
        return True
    if not image or "$" in image:
        return False
    if "@sha256:" in image:
        return True
    name = image.rsplit("/", 1)[-1]
    if ":" not in name:
        return False
    tag = name.split(":", 1)[1]
    return tag not in ("latest", "") and not tag.startswith("latest-")


def _orchestrator_health(ctx: CheckContext, df: Dockerfile) -> Evidence | None:
    """A compose healthcheck of a service built from this Dockerfile, else a Kubernetes
    liveness or readiness probe (the same facts obs.health reads)."""
    compose = next((hc for hc in ctx.repo.health_checks if hc.origin == "compose" and hc.dockerfile == df.path), None)
    if compose is not None:
        return evidence(compose.path, compose.line, compose.target,
                        f"ok healthcheck: compose service {compose.service} defines a healthcheck", Severity.LOW)
    probe = next((hc for hc in ctx.repo.health_checks if hc.origin == "kubernetes"
                  and hc.kind in ("livenessProbe", "readinessProbe")), None)
    if probe is not None:
        return evidence(probe.path, probe.line, probe.text, "ok healthcheck: Kubernetes probes cover it", Severity.LOW)
    return None


def _dockerignore(ctx: CheckContext, df: Dockerfile) -> str | None:
    directory = df.directory
    contexts = {directory, ctx.service.path if ctx.service else ""}
    for compose in ctx.repo.compose_files:
        for svc in compose.services:
            if svc.dockerfile == df.path and svc.build_context is not None:
                contexts.add(svc.build_context)
    candidates = [f"{df.path}.dockerignore"] + [f"{c}/.dockerignore" if c else ".dockerignore" for c in sorted(contexts)]
    if not ctx.service or len(ctx.repo.services) == 1:
        candidates.append(".dockerignore")
    return next((c for c in candidates if ctx.repo.files.exists(c)), None)

