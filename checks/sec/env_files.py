"""sec.env-files: no committed .env or credential files with values; the variables are documented."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from prodready.facts import CheckContext, evidence
from prodready.model import Outcome, Severity
from prodready.registry import check

_ENV_FILE = re.compile(r"^\.env(\.[\w-]+)?$|^[\w-]+\.env$")
_EXAMPLE = re.compile(r"(?i)(example|sample|template|dist|defaults?|tpl)")
_CREDENTIAL_FILE = re.compile(r"(?i)(^|/)(id_rsa|id_ed25519|id_ecdsa|[\w.-]+\.(p12|pfx|jks|keystore|pem|key)|credentials(\.json)?|service[-_]account[\w-]*\.json|\.htpasswd|\.pgpass|\.netrc)$")
_TOKEN_RC = re.compile(r"(?im)^\s*(//[^\n]*:)?_authToken\s*=\s*(?!\$\{)\S+|^\s*password\s*[:=]\s*(?!\$)\S+")
_READS_ENV = r"os\.environ|os\.getenv|process\.env|os\.Getenv|os\.LookupEnv|System\.getenv|@Value\(\"\$\{|\$\{[A-Z_]+"


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
    committed, examples, credentials = [], [], []
    for entry in ctx.files(production=False):
        name = PurePosixPath(entry.path).name
        if _ENV_FILE.match(name):
            if _EXAMPLE.search(name):
                examples.append(entry)
                continue
            if entry.role == "test":
                continue
            values = [(n, line) for n, line in enumerate(ctx.repo.lines(entry.path), 1)
                      if re.match(r"^\s*(export\s+)?\w+\s*=\s*\S", line) and not re.match(r"^\s*(export\s+)?\w+\s*=\s*(['\"]{2}|\$\{|<)", line)]
            if values:
                committed.append((entry, values))
        elif _CREDENTIAL_FILE.search(entry.path) and entry.role != "test":
            text = ctx.repo.text(entry.path) or ""
            if "PRIVATE KEY" in text or entry.suffix in (".p12", ".pfx", ".jks", ".keystore") or name.startswith("id_") or "private_key" in text:
                credentials.append(entry)
        elif name in (".npmrc", ".pypirc", ".yarnrc.yml") and _TOKEN_RC.search(ctx.repo.text(entry.path) or ""):
            credentials.append(entry)
    ev = []
    for entry, values in committed:
        keys = ", ".join(line.split("=", 1)[0].replace("export", "").strip() for _, line in values[:5])
        ev.append(evidence(entry.path, values[0][0], note=f"committed env file with {len(values)} value(s): {keys}", severity=Severity.HIGH))
    ev += [evidence(c.path, None, note="credential file committed", severity=Severity.CRITICAL) for c in credentials]
    ev += [evidence(e.path, None, note="documents the variables") for e in examples]
    if committed or credentials:
        what = [f"{len(committed)} .env file(s) with values"] if committed else []
        what += [f"{len(credentials)} credential file(s)"] if credentials else []
        return Outcome.failed(f"committed: {', '.join(what)}", ev)
    if examples:
        return Outcome.passed(f"no committed env or credential files; variables documented in {', '.join(e.path for e in examples)}", ev)
    code = [f for f in ctx.files() if f.suffix in (".py", ".js", ".ts", ".mjs", ".cjs", ".go", ".java", ".kt", ".properties", ".yml", ".yaml")]
    readers = ctx.repo.grep(_READS_ENV, code, limit=3)
    if readers:
        return Outcome.partial(6, "no committed env files, but no .env.example documents the variables the code reads",
                               [evidence(h.path, h.line, h.text, note="reads configuration from the environment") for h in readers])
    return Outcome.passed("no committed env or credential files (and no environment variables read)")
