"""ops.lockfile: dependencies are locked, so every build installs the same versions."""

from __future__ import annotations

import re

from prodready.facts import CheckContext, evidence
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
    runtime = [d for d in ctx.service.dependencies if not d.dev]
    if not ctx.service.dependencies:
        return Outcome.not_applicable("no dependencies declared")
    locks = ctx.config_files(LOCKS[ctx.stack])
    if locks:
        return Outcome.passed(f"locked by {', '.join(l.path for l in locks)}", [evidence(l.path, None, note="lock file") for l in locks])
    if ctx.stack == "go":
        first = ctx.service.dependencies[0]
        return Outcome.failed("go.sum is missing: module checksums are not recorded",
                              [evidence(first.path, first.line, note="requirements without go.sum", severity=Severity.MEDIUM)])
    if ctx.stack == "python":
        reqs = [d for d in runtime if re.search(r"requirements[\w.-]*\.txt$", d.path)]
        unpinned = [d for d in reqs if not d.version.startswith("==")]
        if reqs and not unpinned:
            return Outcome.passed(f"all {len(reqs)} requirement(s) pinned with ==", [evidence(reqs[0].path, None, note="pinned requirements")])
    if ctx.stack == "java":
        unpinned = [d for d in runtime if _RANGE.search(d.version or "")]
        if not unpinned and "pom.xml" in " ".join(ctx.service.manifests):
            return Outcome.passed("Maven versions are fixed (no ranges, LATEST or SNAPSHOT); the parent BOM pins the rest",
                                  [evidence(m, None, note="fixed versions") for m in ctx.service.manifests if m.endswith("pom.xml")])
    else:
        unpinned = [d for d in runtime if not d.version.startswith("==") and not re.fullmatch(r"v?\d+(\.\d+)*", d.version)]
    ev = [evidence(d.path, d.line, note=f"{d.name} {d.version or '(any version)'} is not pinned", severity=Severity.MEDIUM) for d in unpinned[:10]]
    if not unpinned:
        return Outcome.partial(6, "direct dependencies pinned, but no lock file pins the transitive ones",
                               [evidence(m, None, note="pinned, not locked") for m in ctx.service.manifests[:2]])
    if len(unpinned) < len(runtime):
        return Outcome.partial(4, f"no lock file; {len(unpinned)} of {len(runtime)} dependencies unpinned", ev)
    return Outcome.failed(f"no lock file and {len(unpinned)} unpinned dependencies", ev)
