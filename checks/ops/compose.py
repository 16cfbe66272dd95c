"""ops.compose: one command starts the service and its dependencies for local development."""

from __future__ import annotations

import re

from prodready.facts import CheckContext, evidence
from prodready.facts.containers import ComposeFile, ComposeService
from prodready.facts.context import parent_dir
from prodready.model import Outcome
from prodready.registry import check
from prodready.verdicts import needs_deployable

_DEPENDENCY_IMAGE = re.compile(r"(?i)(postgres|mysql|mariadb|mongo|redis|rabbitmq|kafka|elasticsearch|opensearch|memcached|minio|localstack|nats|clickhouse|cockroach|keycloak)")
_EQUIVALENT = r"(^|/)(Tiltfile|skaffold\.ya?ml|devbox\.json|\.devcontainer/devcontainer\.json|garden\.yml|okteto\.ya?ml)$"


@check(
    id="ops.compose",
    blind_spots="Local environments described only in prose are not recognised.",
    title="Local environment starts with one command",
    severity="low",
    why="""
    A compose file (or equivalent) that starts the service with its database and queues makes
    onboarding a single command, keeps local versions of dependencies the same for everyone,
    and is where integration tests run.
    """,
    fix="Add a compose.yaml that builds the service and starts the dependencies it needs (database, cache, queue), with healthchecks and depends_on.",
    references=("https://docs.docker.com/compose/", "https://docs.docker.com/compose/how-tos/startup-order/"),
)
def compose(ctx: CheckContext) -> Outcome:
    skip = needs_deployable(ctx, "a local environment")
    if skip:
        return skip
    single = len(ctx.repo.services) == 1
    for cf in ctx.repo.compose_files:
        verdict = None if cf.error else _starts_this_service(ctx, cf, single)
        if verdict is not None:
            return verdict
    return _no_compose_builds_it(ctx)


def _starts_this_service(ctx: CheckContext, cf: ComposeFile, single: bool) -> Outcome | None:
    """The verdict of the first compose file that builds this service (with one service in the
    repository, any build counts): passed, or partial when the service has a database and no
    compose file of that directory starts one; None when this file builds something else."""
    mine = [s for s in cf.services if s.build_context is not None and (single or ctx.owns(s.build_context + "/x"))]
    if not mine:
        return None
    deps = _dependencies_started(ctx, cf)
    ev = [evidence(cf.path, s.line, note=f"compose service {s.name} builds this service") for s in mine]
    ev += [evidence(s.file, s.line, note=f"dependency {s.name} ({s.image})") for s in deps]
    db = ctx.repo.database(ctx.service)
    if (db.uses_sql or db.document_stores) and not deps:
        return Outcome.partial(6, f"{cf.path} starts the service but not its database", ev)
    return Outcome.passed(f"{cf.path} starts the service" + (f" with {', '.join(s.name for s in deps)}" if deps else ""), ev)


def _dependencies_started(ctx: CheckContext, cf: ComposeFile) -> list[ComposeService]:
    """Databases, caches and queues started beside the service: compose merges the files of
    one directory (compose.yml + compose.override.yml), so every readable file there counts."""
    siblings = [c for c in ctx.repo.compose_files if not c.error and parent_dir(c.path) == parent_dir(cf.path)]
    return [s for c in siblings for s in c.services if s.image and _DEPENDENCY_IMAGE.search(s.image)]


def _no_compose_builds_it(ctx: CheckContext) -> Outcome:
    """No compose file builds the service: an equivalent tool (Tilt, Skaffold, a devcontainer...)
    passes; compose files that build other things are partial; nothing fails."""
    equivalent = ctx.config_files(_EQUIVALENT)
    if equivalent:
        return Outcome.passed(f"local environment defined by {equivalent[0].path}", [evidence(equivalent[0].path, None, note="local environment")])
    if ctx.repo.compose_files:
        return Outcome.partial(4, "compose files exist but none builds this service",
                               [evidence(c.path, None, note=c.error.message() if c.error else "does not build this service") for c in ctx.repo.compose_files])
    return Outcome.failed("no compose file or equivalent to start the service locally")
