"""sec.supply-chain: dependencies are kept up to date, and CI scans for known vulnerabilities."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.model import Outcome
from prodready.registry import check

_UPDATERS = r"^(\.github/dependabot\.ya?ml|renovate\.json5?|\.renovaterc(\.json5?)?|\.github/renovate\.json5?|\.gitlab/renovate\.json|\.snyk)$"


@check(
    id="sec.supply-chain",
    blind_spots="Scanning done by a hosted service (Snyk app, GitHub default setup) without a file in the repo is not seen.",
    title="Dependency updates and vulnerability scanning",
    severity="medium",
    scope="repo",
    why="""
    Most vulnerable code in a service is in its dependencies. Automated update pull requests
    keep them current in small, reviewable steps, and a scanner in CI stops a known-vulnerable
    version from being merged.
    """,
    fix="Enable Dependabot or Renovate for every ecosystem in the repo, and run a vulnerability scan (CodeQL, pip-audit, npm audit, govulncheck, Trivy, OSV-Scanner) in CI.",
    fix_by_stack={
        "python": "Add `.github/dependabot.yml` with `package-ecosystem: pip`, and a CI step `pip-audit -r requirements.txt`.",
        "node": "Add `.github/dependabot.yml` with `package-ecosystem: npm`, and a CI step `npm audit --audit-level=high`.",
        "go": "Add `.github/dependabot.yml` with `package-ecosystem: gomod`, and a CI step `govulncheck ./...`.",
        "java": "Add `.github/dependabot.yml` with `package-ecosystem: maven` (or gradle), and the OWASP dependency-check or Trivy in CI.",
    },
    references=("https://docs.github.com/en/code-security/dependabot", "https://docs.renovatebot.com/", "https://go.dev/doc/security/vuln/"),
)
def supply_chain(ctx: CheckContext) -> Outcome:
    updaters = ctx.config_files(_UPDATERS)
    scans = [(p, j) for p in ctx.repo.ci_pipelines for j in p.jobs_that("scan")]
    ev = [evidence(u.path, None, note="dependency update automation") for u in updaters]
    ev += [evidence(p.path, j.line, note=f"{p.system} job '{j.name}' scans for vulnerabilities") for p, j in scans]
    if updaters and scans:
        return Outcome.passed("dependency updates automated and a vulnerability scan runs in CI", ev)
    if updaters:
        return Outcome.partial(5, "dependency updates automated, but no vulnerability scan in CI", ev)
    if scans:
        return Outcome.partial(5, "a vulnerability scan runs in CI, but dependency updates are not automated", ev)
    return Outcome.failed("no dependency update automation and no vulnerability scan in CI")
