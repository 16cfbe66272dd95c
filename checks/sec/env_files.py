"""sec.env-files: no committed .env or credential files with values; the variables are documented."""

from __future__ import annotations

from prodready.facts import CheckContext, evidence
from prodready.facts.environment import ANY_ENV_READ, TEMPLATE, EnvFile
from prodready.facts.secrets.values import name_is_secret
from prodready.model import Outcome, Severity
from prodready.registry import check

@check(
    id="sec.env-files",
    blind_spots="Only the working tree is read, not history; env files under other names are not recognised.",
    title="No committed .env or credential files",
    severity="high",
    scope="repo",
    why="""
    A committed .env or key file publishes every credential in it to everyone with read access,
    for ever. An .env.example with placeholders, on the other hand, is how a new developer or
    an operator learns which variables the service needs.
    """,
    fix="Remove .env and key files from git (and rotate what they held), list them in .gitignore, and commit an .env.example with every variable and a placeholder.",
    references=("https://12factor.net/config", "https://docs.github.com/en/code-security/secret-scanning"),
)
def env_files(ctx: CheckContext) -> Outcome:
    committed = [f for f in ctx.repo.env_files if f.kind != TEMPLATE and f.values and not _public_by_design(f)]
    examples = [f for f in ctx.repo.env_files if f.kind == TEMPLATE]
    credentials = ctx.repo.credential_files
    ev = [evidence(f.path, f.values[0].line, note=f"committed env file with {len(f.values)} value(s): "
                   f"{', '.join(e.name for e in f.values[:5])}", severity=Severity.HIGH) for f in committed]
    ev += [evidence(path, None, note="credential file committed", severity=Severity.CRITICAL) for path in credentials]
    ev += [evidence(f.path, None, note="documents the variables") for f in examples]
    if committed or credentials:
        what = [f"{len(committed)} .env file(s) with values"] if committed else []
        what += [f"{len(credentials)} credential file(s)"] if credentials else []
        return Outcome.failed(f"committed: {', '.join(what)}", ev)
    return _nothing_committed(ctx, examples, ev)


def _nothing_committed(ctx: CheckContext, examples: list[EnvFile], ev: list) -> Outcome:
    """Nothing leaked: passed when an example documents the variables, partial when the code
    reads variables no example names."""
    if examples:
        return Outcome.passed(f"no committed env or credential files; variables documented in {', '.join(f.path for f in examples)}", ev)
    code = [f for f in ctx.files() if f.suffix in (".py", ".js", ".ts", ".mjs", ".cjs", ".go", ".java", ".kt", ".properties", ".yml", ".yaml")]
    readers = ctx.repo.grep(ANY_ENV_READ, code, limit=3)
    if readers:
        return Outcome.partial(6, "no committed env files, but no .env.example documents the variables the code reads",
                               [evidence(h.path, h.line, h.text, note="reads configuration from the environment") for h in readers])
    return Outcome.passed("no committed env or credential files (and no environment variables read)")


def _public_by_design(env_file: EnvFile) -> bool:
    """Flask's `.flaskenv` is meant to be committed: it holds public settings (`FLASK_APP`,
    `FLASK_DEBUG`), while secrets go in the untracked `.env`. It is a finding only when it
    sets a secret-named variable."""
    name = env_file.path.rsplit("/", 1)[-1]
    return name == ".flaskenv" and not any(name_is_secret(entry.name) for entry in env_file.values)
