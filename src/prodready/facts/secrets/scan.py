"""The secret scanner: one file in, its findings out, each with a severity that means something.

Candidates come from the text (provider formats, private keys, connection URLs), from code read
with tree-sitter (literals and the names code gives them) and from configuration (values and
their key paths). Each is then judged from its name, its value's shape, the file's role and, in
code, whether it sits in a doc block:

- critical: a high-confidence live credential in shipped code or configuration (a provider key,
  a private key, a secret-named constant or setting with a real value, credentials in a URL to a
  host that is not the developer's machine);
- medium: a weak default or fallback for a secret setting, a credential for a local target,
  credentials in a committed development file (`.env`, compose, a dev profile);
- low (listed, not scored): tests, fixtures, examples, real-looking values in templates,
  provider keys in documentation;
- nothing: placeholders, references, identifiers and messages, public documentation keys, hashes.

One finding per value and file, at its definition: a later use of the same constant is the same
secret. Findings keep a mask and a hash of the value, never the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from prodready.facts.secrets.candidates import DSN, FALLBACK, PRIVATE_KEY, PROVIDER, URL, Candidate, Lines, key_file_candidates, lines_holding, lowered, text_candidates
from prodready.facts.secrets.config import block_flavour, config_candidates
from prodready.facts.secrets.files import DEV, DOCS, PRODUCTION, TEMPLATE, TEST, FileContext, file_context
from prodready.facts.secrets.values import (
    EMPTY, HASH, PLACEHOLDER, PUBLIC, REFERENCE, SECRET, WEAK_NAME, is_local_host, judge, looks_random, name_strength,
)
from prodready.redact import clean, fingerprint, mask, redact_value

CRITICAL, MEDIUM, LOW = "critical", "medium", "low"
_RANK = {CRITICAL: 3, MEDIUM: 2, LOW: 1}
MAX_LINE = 4096  # a snippet is cut from at most this much of its line
_CIPHERTEXT = re.compile(r"^\$ANSIBLE_VAULT;")


@dataclass(frozen=True)
class SecretFinding:
    """A hard-coded secret. Holds its mask and hash only; the value itself is gone."""

    detector: str  # how it was found: provider, private-key, binding, fallback, url, dsn
    title: str
    path: str
    line: int
    masked: str
    snippet: str  # the line, with the secret masked
    fingerprint: str
    severity: str  # critical | medium | low


def scan_text(path: str, text: str, role: str) -> list[SecretFinding]:
    """The secret findings of one file whose FileIndex role is `role` (source, test, example, or
    build for committed build output)."""
    if _CIPHERTEXT.match(text):
        return []
    context = file_context(path, role, text[:4096])
    lines = Lines(text)
    lower = lowered(text)
    candidates = text_candidates(text, lower, lines) + key_file_candidates(path, text)
    code = None
    if context.language is not None and _worth_reading(text, lower):
        code = _Code(text, context.language)
        candidates += code.candidates()
    elif context.format is not None and context.flavour != DOCS:
        candidates += config_candidates(text, lower, context.format, context.service_names_local)
    if "authdomain" in lower:
        # a Firebase web configuration: its Google apiKey is public by design (it ships in every
        # browser that loads the app and only names the project)
        candidates = [c for c in candidates if not c.value.startswith("AIza")]
    if code is None and context.language is not None and candidates:
        code = _Code(text, context.language)  # only to tell which candidates sit in doc blocks
    judged = [(c, level) for c in candidates if (level := severity(c, context, code)) is not None]
    return _findings(path, text, _one_per_secret(judged))


# a line worth reading code for: where code gives a literal a secret-like name, an environment
# read with a literal fallback, a signing call with a literal; parsing is most of the scan's
# cost, so a file without such a line is not parsed
_HINT_WORDS = ("pass", "pwd", "secret", "token", "key", "credential", "sign", "verify", "hmac", "auth", "users", "cookie",
               "store", "session", "envvar", 'default:"', "default=", "config", "connect")
_ASSIGNED = re.compile(
    r"(?i)(?:pass|pwd|secret|token|key|credential)\w*[\"'\]]{0,2}\s*(?::\s*[\w.\[\]]+\s*)?(?::=|=>|=|:|\()\s*"
    r"(?:\[\]byte\(|new\s+\w+\(|\w+\()?\s*[rbfu]{0,2}([\"'`])([^\"'`\n]{1,300})\1")
_FALLBACK_LINE = re.compile(r"(?i)(getenv|environ|\benv\b|env\(|lookupenv|setdefault|getordefault|config\.get|envvar|"
                            r"default[:=]|\|\||\?\?|\?:|\bor\b)")
_LITERAL = re.compile(r"([\"'`])([^\"'`\n]{8,300})\1")


def _worth_reading(text: str, lower: str) -> bool:
    """Whether a source file has a line where a secret may be given a value: a literal with a
    secret's shape assigned to a secret-like name or handed to a call, a fallback, or any
    generated-looking literal near a word that may name a credential."""
    if "BaseSettings" in text:
        return True
    for start, end in lines_holding(lower, _HINT_WORDS):
        line = text[start:end]
        if '"' not in line and "'" not in line and "`" not in line:
            continue  # every shape below holds a literal
        if _FALLBACK_LINE.search(line):
            return True
        if any(judge(m.group(2)) == SECRET for m in _ASSIGNED.finditer(line)):
            return True
        if any(looks_random(m.group(2)) for m in _LITERAL.finditer(line)):
            return True
    return False


class _Code:
    """One source file read with tree-sitter on demand: its candidates, and which character
    offsets sit in doc blocks (computed only when a candidate asks)."""

    def __init__(self, text: str, language: str):
        from prodready.scanning import syntax

        self._text, self._language = text, language
        self._data = text.encode("utf-8", "surrogatepass")
        self._tree = syntax.parse(self._data, language)
        self._regions = None

    def candidates(self) -> list[Candidate]:
        from prodready.facts.secrets.code import code_candidates

        return [] if self._tree is None else code_candidates(self._tree, self._language, self._data, self._to_char)

    def kind_at(self, offset: int) -> str:
        """code, string, comment or doc: what the character at `offset` is part of."""
        if self._tree is None or offset < 0:
            return "code"
        if self._regions is None:
            from prodready.scanning import syntax

            self._regions = syntax.regions_of_tree(self._tree, self._language, self._data, lambda b: b)
        return self._regions.kind_at(self._to_byte(offset))

    def _to_char(self, byte: int) -> int:
        if len(self._data) == len(self._text):
            return byte
        return len(self._data[:byte].decode("utf-8", "surrogatepass"))

    def _to_byte(self, char: int) -> int:
        if len(self._data) == len(self._text):
            return char
        return len(self._text[:char].encode("utf-8", "surrogatepass"))


def severity(candidate: Candidate, context: FileContext, code: _Code | None) -> str | None:
    """The severity of one candidate in its file, or None when it is not a secret."""
    if not _is_secret(candidate, code):
        return None
    flavour = _flavour(candidate, context, code)
    if context.is_ci and not candidate.strong and _for_ci_service(candidate):
        flavour = TEST  # a CI job's own throwaway service container
    if flavour == TEST and not candidate.strong and len(candidate.value) < 6:
        return None  # `"abc"`, `"token"` in a test: a dummy, too short to be anyone's credential
    return _level(candidate, flavour, context)


def _is_secret(candidate: Candidate, code: _Code | None) -> bool:
    """Whether the candidate's value is a secret at all, wherever it is: a provider key unless
    it is a public or placeholder one; a fallback unless empty, a reference or a hash; any
    other value only when it is judged SECRET and, under a weak name, looks generated."""
    if candidate.kind == FALLBACK and code is not None and code.kind_at(candidate.offset) == "comment":
        return False  # `${DB_PASSWORD:literal}` written in a comment explains the syntax; it sets nothing
    verdict = judge(candidate.value, candidate.name)
    if candidate.strong:
        return verdict not in (PUBLIC, PLACEHOLDER)
    if candidate.kind == FALLBACK:
        if verdict in (EMPTY, REFERENCE, PUBLIC, HASH):
            return False
    elif verdict != SECRET:
        return False
    # `ringKey = "compactor"`: a key that names something, unless its value looks generated
    return name_strength(candidate.name) != WEAK_NAME or looks_random(candidate.value)


def _level(candidate: Candidate, flavour: str, context: FileContext) -> str | None:
    """How much a secret weighs where it sits: documentation and templates only for strong
    or generated values (low), tests low, a fallback or development value medium unless it is
    a provider key or reaches a remote host, a credential in a remote URL critical."""
    if flavour == DOCS:
        return LOW if candidate.strong else None
    if flavour == TEMPLATE:
        return LOW if candidate.strong or looks_random(candidate.value) else None
    if flavour == TEST:
        return LOW
    remote = candidate.kind in (URL, DSN) and not is_local_host(candidate.host, context.service_names_local)
    if candidate.kind == FALLBACK or flavour == DEV:
        return CRITICAL if candidate.strong or remote else MEDIUM
    if candidate.kind in (URL, DSN):
        return CRITICAL if remote else MEDIUM
    return MEDIUM if candidate.local else CRITICAL


# the environment of the database and broker images CI jobs start as service containers
_SERVICE_IMAGE_ENV = re.compile(r"(?i)^(POSTGRES|PG|MYSQL|MARIADB|MONGO|MONGODB|MONGO_INITDB_ROOT|REDIS|RABBITMQ|MINIO|"
                                r"ELASTIC|OPENSEARCH|KEYCLOAK)_")


def _for_ci_service(candidate: Candidate) -> bool:
    """In a CI pipeline, a credential of a service container the job starts: a URL to a bare
    service host, a value under `services:`, or a database image's environment variable."""
    if candidate.kind in (URL, DSN):
        return is_local_host(candidate.host, True)
    return "services" in candidate.block.split(".") or _SERVICE_IMAGE_ENV.match(candidate.name) is not None


def _flavour(candidate: Candidate, context: FileContext, code: _Code | None) -> str:
    """The file's flavour, narrowed for this candidate: a doc block in code is documentation;
    a development or test block of a configuration (`development:`) is what it says."""
    if code is not None and code.kind_at(candidate.offset) == "doc":
        return DOCS
    block = block_flavour(candidate.block) if candidate.block else None
    if block == "test" and context.flavour in (PRODUCTION, DEV):
        return TEST
    if block == "dev" and context.flavour == PRODUCTION:
        return DEV
    return context.flavour


def _one_per_secret(judged: list[tuple[Candidate, str]]) -> list[tuple[Candidate, str]]:
    """One finding per secret value: the candidates of a value (or of values inside one
    another, as a key and the string holding it) are one secret, reported where its strongest
    form starts (a private key's BEGIN line), else where it first appears, at the highest
    severity any of them has."""
    ordered = sorted(judged, key=lambda item: (item[0].kind not in (PROVIDER, PRIVATE_KEY), item[0].line, -_RANK[item[1]]))
    kept: list[list] = []
    for candidate, level in ordered:
        same = next((k for k in kept if _same_secret(k[0].value, candidate.value)), None)
        if same is None:
            kept.append([candidate, level])
        elif _RANK[level] > _RANK[same[1]]:
            same[1] = level
    return sorted(((c, level) for c, level in kept), key=lambda item: (item[0].line, item[0].value))


def _same_secret(a: str, b: str) -> bool:
    """Equal values, or one inside the other once layout is set aside (a PEM block in a string,
    or indented in a YAML block scalar)."""
    if a == b:
        return True
    a, b = _LAYOUT.sub("", a), _LAYOUT.sub("", b)
    return min(len(a), len(b)) >= 8 and (a in b or b in a)


_LAYOUT = re.compile(r"\s+|\\[nr]")


def _findings(path: str, text: str, judged: list[tuple[Candidate, str]]) -> list[SecretFinding]:
    all_lines = text.split("\n")
    out = []
    for candidate, level in judged:
        line = all_lines[candidate.line - 1][:MAX_LINE].rstrip("\r") if candidate.line <= len(all_lines) else ""
        shown = redact_value(line, candidate.value) if candidate.value in line else _mask_part(line, candidate.value)
        out.append(SecretFinding(candidate.kind, candidate.title, path, candidate.line, mask(candidate.value),
                                 clean(shown), fingerprint(candidate.value), level))
    return out


def _mask_part(line: str, value: str) -> str:
    """A line holding only part of a multi-line value (a PEM block): that part masked."""
    for piece in sorted(value.split("\n"), key=len, reverse=True):
        piece = piece.strip()
        if len(piece) >= 8 and piece in line and "BEGIN" not in piece:
            return redact_value(line, piece)
    return line
