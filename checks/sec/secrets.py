"""sec.secrets: no hard-coded credentials in the files the repository ships."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.model import Outcome, Severity
from prodready.registry import check

MAX_EVIDENCE = 200


@check(
    id="sec.secrets",
    prefetch=("secrets",),  # start its batch on the workers when the audit begins
    blind_spots="A value is judged by the name it is given and by its shape: a random string under a name that says nothing (and in no provider format) is not reported, deliberately, since a false critical costs more trust than a miss. Secrets in git history but not in the tree, values built at run time or split across literals, and files over the size limit are not seen. Kotlin, Java, Go, Python, JavaScript and TypeScript are read with tree-sitter; other languages by their configuration-like lines.",
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
    findings = sorted(ctx.repo.secrets, key=lambda f: (-_RANK[f.severity], f.path, f.line))
    scanned = sum(1 for e in ctx.repo.files if e.size <= ctx.repo.files.max_file_bytes)
    if not scanned and not findings:
        return Outcome.not_applicable("no readable files to scan")
    ev = [evidence(f.path, f.line, f.snippet, f"{f.title} ({f.masked})", Severity(f.severity))
          for f in findings][:MAX_EVIDENCE]
    counts = {level: sum(1 for f in findings if f.severity == level) for level in _RANK}
    listed = f"; {counts['low']} in tests, examples or templates (listed, not scored)" if counts["low"] else ""
    if counts["critical"]:
        files = len({f.path for f in findings if f.severity == "critical"})
        weak = f" and {counts['medium']} weak default(s) or dev credential(s)" if counts["medium"] else ""
        return Outcome.failed(f"{counts['critical']} hard-coded secret(s) in {files} file(s){weak}{listed}", ev)
    if counts["medium"]:
        return Outcome.partial(5, f"{counts['medium']} weak default(s) or committed dev credential(s), no live secret{listed}", ev)
    if counts["low"]:
        return Outcome.passed(f"no secrets in shipped code or configuration{listed}", ev)
    return Outcome.passed(f"no hard-coded secrets in {scanned} scanned files")


_RANK = {"critical": 3, "medium": 2, "low": 1}
