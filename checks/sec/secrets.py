"""sec.secrets: no hard-coded credentials in the files the repository ships."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.model import Outcome, Severity
from prodready.registry import check

MAX_EVIDENCE = 200


@check(
    id="sec.secrets",
    prefetch=("secrets",),  # start its batch on the workers when the audit begins
    blind_spots="High-entropy strings without a keyword or known format are not reported (deliberately, to avoid noise); secrets in git history but not in the tree are not scanned.",
    title="No hard-coded secrets",
    severity="critical",
    scope="repo",
    why="""
    A credential in a repository is readable by everyone who can clone it, now and in every
    fork and backup, forever: deleting it later does not remove it from history. Leaked cloud
    keys are found and abused by scanners within minutes of a push.
    """,
    fix="""
    Revoke and rotate every credential listed (it is compromised), then read it from the
    environment or a secret manager at start-up. Keep an `.env.example` with placeholders and
    put `.env` in .gitignore. Rewriting history does not un-leak a pushed secret; rotation does.
    """,
    fix_by_stack={
        "python": "Read secrets with `os.environ[\"NAME\"]` (no default) or pydantic-settings `SecretStr` fields; for Django, `SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]`.",
        "node": "Read secrets with `process.env.NAME` and fail at start-up when missing (envalid, zod); never `process.env.NAME || 'literal'`.",
        "go": "Read secrets with `os.Getenv` / viper from the environment and exit when empty; never a literal default.",
        "java": "Use `${DB_PASSWORD}` with no default in application.yml and inject from the environment or Spring Cloud Vault.",
    },
    references=(
        "https://owasp.org/www-community/vulnerabilities/Use_of_hard-coded_password",
        "https://docs.github.com/en/code-security/secret-scanning/introduction/about-secret-scanning",
    ),
)
def secrets(ctx: CheckContext) -> Outcome:
    findings = ctx.repo.secrets
    production = [f for f in findings if not f.in_test_code]
    in_tests = [f for f in findings if f.in_test_code]
    ev = [
        evidence(f.path, f.line, f.snippet, f"{f.title} ({f.masked})",
                 Severity.CRITICAL if not f.in_test_code else Severity.LOW)
        for f in production + in_tests
    ][:MAX_EVIDENCE]
    scanned = sum(1 for e in ctx.repo.files if e.size <= ctx.repo.files.max_file_bytes)
    if not scanned:
        return Outcome.not_applicable("no readable files to scan")
    if production:
        files = len({f.path for f in production})
        extra = f" (and {len(in_tests)} in test or example code)" if in_tests else ""
        return Outcome.failed(f"{len(production)} hard-coded secret(s) in {files} file(s){extra}", ev)
    if in_tests:
        return Outcome.passed(
            f"no secrets in production files; {len(in_tests)} value(s) in test or example code, low severity", ev
        )
    return Outcome.passed(f"no hard-coded secrets in {scanned} scanned files")
