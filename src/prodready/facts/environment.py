"""Configuration from the environment: env files, credential files, and code that reads
environment variables, defined once.

`sec.env-files` asks which env and credential files are committed and whether the variables
the code reads are documented; `ops.config` asks whether configuration is read from the
environment; the secret scanner asks which env files are templates, test or production
configuration. All of them name env files, parse them and recognise environment reads here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# `.env`, `.env.local`, `api.env`, `.envrc`, `env-example-docker`, `.flaskenv`
ENV_FILE = re.compile(r"^(\.env(\..+)?|[\w.-]+\.env|\.envrc|env-.+|\.flaskenv)$")
_TEMPLATE = re.compile(r"(?i)(example|sample|template|\.dist$|defaults?$|tpl)")
_TEST = re.compile(r"(?i)(^|[._-])(test|testing)([._-]|$)|\.env\.ci$")
_PRODUCTION = re.compile(r"(?i)(^|[._-])(prod|production|live)([._-]|$)")
TEMPLATE, TEST, PRODUCTION, DEVELOPMENT = "template", "test", "production", "development"

CREDENTIAL_FILE = re.compile(
    r"(?i)(^|/)(id_rsa|id_ed25519|id_ecdsa|[\w.-]+\.(p12|pfx|jks|keystore|pem|key)|credentials(\.json)?|"
    r"service[-_]account[\w-]*\.json|\.htpasswd|\.pgpass|\.netrc)$")
_KEYSTORES = (".p12", ".pfx", ".jks", ".keystore")
_TOKEN_RC_NAMES = frozenset({".npmrc", ".pypirc", ".yarnrc.yml"})
_TOKEN_RC = re.compile(r"(?im)^\s*(//[^\n]*:)?_authToken\s*=\s*(?!\$\{)\S+|^\s*password\s*[:=]\s*(?!\$)\S+")

# how code reads an environment variable, per stack
ENV_READS = {
    "python": r"os\.environ|os\.getenv\(",
    "node": r"process\.env\b",  # `process.env.PORT`, and `process.env` handed to a schema or destructured
    "go": r"os\.(Getenv|LookupEnv)\(",
    "java": r"\$\{[A-Z_][A-Z0-9_]*|System\.getenv\(|@Value\(",
}
ANY_ENV_READ = "|".join(f"(?:{pattern})" for pattern in ENV_READS.values())

_ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?(\w+)\s*=\s*(.*?)\s*$")
_UNSET = re.compile(r"^(['\"]{2}|\$\{|<)")


def env_file_kind(name: str) -> str | None:
    """template, test, production or development for an env file's name (None: not one)."""
    if not ENV_FILE.match(name):
        return None
    if _TEMPLATE.search(name):
        return TEMPLATE
    if _TEST.search(name):
        return TEST
    if _PRODUCTION.search(name):
        return PRODUCTION
    return DEVELOPMENT


@dataclass(frozen=True)
class EnvEntry:
    """One `NAME=value` line of an env file; `has_value`: it sets something (not empty, not
    `${...}`, not `<placeholder>`)."""

    line: int
    name: str
    has_value: bool


@dataclass(frozen=True)
class EnvFile:
    """A committed env file: its kind (template, test, production, development) and entries."""

    path: str
    kind: str
    entries: tuple[EnvEntry, ...]

    @property
    def values(self) -> tuple[EnvEntry, ...]:
        """The entries that set something."""
        return tuple(e for e in self.entries if e.has_value)


def env_entries(text: str) -> list[EnvEntry]:
    """The assignments of an env file, comments and blank lines left out."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        match = _ASSIGNMENT.match(line)
        if match and not line.lstrip().startswith("#"):
            value = match.group(2)
            out.append(EnvEntry(number, match.group(1), bool(value) and not _UNSET.match(value)))
    return out


def is_credential_file(path: str, name: str, suffix: str, text: str) -> bool:
    """A committed key, keystore, SSH key or credentials file, or an .npmrc/.pypirc holding a
    token or password (not a reference to one)."""
    if name in _TOKEN_RC_NAMES:
        return _TOKEN_RC.search(text) is not None
    if not CREDENTIAL_FILE.search(path):
        return False
    return "PRIVATE KEY" in text or suffix in _KEYSTORES or name.startswith("id_") or "private_key" in text
