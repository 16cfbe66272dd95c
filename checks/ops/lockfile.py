"""ops.lockfile: dependencies are locked, so every build installs the same versions."""

from __future__ import annotations

import re
from collections.abc import Callable

from prodready.facts import CheckContext, evidence
from prodready.facts.manifests import Dependency
from prodready.facts.services import Service
from prodready.model import Outcome, Severity
from prodready.registry import check

LOCKS = {
    "python": r"(^|/)(poetry\.lock|uv\.lock|Pipfile\.lock|pdm\.lock|requirements[\w.-]*\.lock|pylock\.[\w.-]*toml)$",
    "node": r"(^|/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?)$",
    "go": r"(^|/)go\.sum$",
    "java": r"(^|/)(gradle\.lockfile|[\w-]+\.lockfile)$",
}
_RANGE = re.compile(r"(\[|\(|,|LATEST|RELEASE|SNAPSHOT|\+$)")


@check(
    id="ops.lockfile",
    blind_spots="Lock files generated in CI but not committed are not seen.",
    title="Dependencies are locked",
    severity="high",
    why="""
    Without a lock file, two builds of the same commit can install different versions: the
    release that worked in CI is not the one that ships, and a compromised new version of a
    dependency lands without anyone choosing it.
    """,
    fix="Commit the lock file your package manager produces (or pin every requirement with `==` and hashes) and install from it in CI and the Dockerfile.",
    fix_by_stack={
        "python": "Use uv (`uv lock`) or Poetry (`poetry lock`), or compile `requirements.txt` with pip-tools (`pip-compile --generate-hashes`).",
        "node": "Commit package-lock.json (or yarn.lock/pnpm-lock.yaml) and install with `npm ci`.",
        "go": "Commit go.sum (`go mod tidy`).",
        "java": "Pin every version (no ranges, LATEST or SNAPSHOT); for Gradle enable `dependencyLocking { lockAllConfigurations() }` and commit the lockfiles.",
    },
    references=("https://docs.astral.sh/uv/concepts/projects/sync/", "https://docs.npmjs.com/cli/commands/npm-ci", "https://docs.gradle.org/current/userguide/dependency_locking.html"),
)
def lockfile(ctx: CheckContext) -> Outcome:
    if ctx.service is None or ctx.stack not in LOCKS:
        return Outcome.not_applicable("no recognised package manager")
    if not ctx.service.dependencies:
        return Outcome.not_applicable("no dependencies declared")
    locks = ctx.config_files(LOCKS[ctx.stack])
    if locks:
        return Outcome.passed(f"locked by {', '.join(l.path for l in locks)}", [evidence(l.path, None, note="lock file") for l in locks])
    runtime = [d for d in ctx.service.dependencies if not d.dev]
    without_lock = _WITHOUT_LOCK.get(ctx.stack)
    verdict = without_lock(ctx.service, runtime) if without_lock else None
    if verdict is not None:
        return verdict
    is_loose = _LOOSE.get(ctx.stack, _not_exact)
    return _pins(ctx.service, runtime, [d for d in runtime if is_loose(d)])


def _go_sum_missing(service: Service, _runtime: list[Dependency]) -> Outcome:
    """Go has no pinning without go.sum: the module checksums are the lock."""
    first = service.dependencies[0]
    return Outcome.failed("go.sum is missing: module checksums are not recorded",
                          [evidence(first.path, first.line, note="requirements without go.sum", severity=Severity.MEDIUM)])


def _requirements_pinned(_service: Service, runtime: list[Dependency]) -> Outcome | None:
    """requirements*.txt with every line pinned with == is pip's lock file."""
    reqs = [d for d in runtime if re.search(r"requirements[\w.-]*\.txt$", d.path)]
    if reqs and all(d.version.startswith("==") for d in reqs):
        return Outcome.passed(f"all {len(reqs)} requirement(s) pinned with ==", [evidence(reqs[0].path, None, note="pinned requirements")])
    return None


def _maven_versions_fixed(service: Service, runtime: list[Dependency]) -> Outcome | None:
    """Maven resolves fixed versions the same way every time (no lock file exists for it);
    only ranges, LATEST, RELEASE and SNAPSHOT move."""
    if any(_version_range(d) for d in runtime) or "pom.xml" not in " ".join(service.manifests):
        return None
    return Outcome.passed("Maven versions are fixed (no ranges, LATEST or SNAPSHOT); the parent BOM pins the rest",
                          [evidence(m, None, note="fixed versions") for m in service.manifests if m.endswith("pom.xml")])


# stack -> how a service of that stack without a lock file is still judged (None: by its pins)
_WITHOUT_LOCK: dict[str, Callable[[Service, list[Dependency]], Outcome | None]] = {
    "go": _go_sum_missing,
    "python": _requirements_pinned,
    "java": _maven_versions_fixed,
}


def _version_range(dep: Dependency) -> bool:
    return bool(_RANGE.search(dep.version or ""))


def _not_exact(dep: Dependency) -> bool:
    """Anything but `==x` or a bare version (`1.2.3`, `v1.2`) lets the version move."""
    return not dep.version.startswith("==") and not re.fullmatch(r"v?\d+(\.\d+)*", dep.version)


# stack -> whether a direct dependency's version is left free (default: _not_exact)
_LOOSE: dict[str, Callable[[Dependency], bool]] = {"java": _version_range}


def _pins(service: Service, runtime: list[Dependency], unpinned: list[Dependency]) -> Outcome:
    """No lock file: pinned direct dependencies are half the job, unpinned ones fail it."""
    if not unpinned:
        return Outcome.partial(6, "direct dependencies pinned, but no lock file pins the transitive ones",
                               [evidence(m, None, note="pinned, not locked") for m in service.manifests[:2]])
    ev = [evidence(d.path, d.line, note=f"{d.name} {d.version or '(any version)'} is not pinned", severity=Severity.MEDIUM) for d in unpinned[:10]]
    if len(unpinned) < len(runtime):
        return Outcome.partial(4, f"no lock file; {len(unpinned)} of {len(runtime)} dependencies unpinned", ev)
    return Outcome.failed(f"no lock file and {len(unpinned)} unpinned dependencies", ev)
