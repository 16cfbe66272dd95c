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

from prodready.facts.secrets.candidates import DSN, FALLBACK, URL, Candidate, Lines, text_candidates
from prodready.facts.secrets.config import block_flavour, config_candidates
from prodready.facts.secrets.files import DEV, DOCS, PRODUCTION, TEMPLATE, TEST, FileContext, file_context
from prodready.facts.secrets.values import EMPTY, HASH, PLACEHOLDER, PUBLIC, REFERENCE, SECRET, is_local_host, judge, looks_random
from prodready.redact import clean, fingerprint, mask, redact_value

CRITICAL, MEDIUM, LOW = "critical", "medium", "low"
_RANK = {CRITICAL: 3, MEDIUM: 2, LOW: 1}
MAX_LINE = 4096  # a snippet is cut from at most this much of its line
# lines worth reading code for: a secret-like word given a value, or a signing call
_CODE_HINT = re.compile(r"(?i)(pass|pwd|secret|token|key|credential|sign|verify|hmac)\w*[\"'\]]{0,2}\s*(?:[:=,(]|\|\||\?\?|\?:)|default:\"")
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
    candidates = text_candidates(text, lines)
    regions = None
    if context.language is not None and _CODE_HINT.search(text):
        parsed = _read_code(text, context.language)
        if parsed is not None:
            regions, found = parsed
            candidates += found
    elif context.format is not None and context.flavour != DOCS:
        candidates += config_candidates(text, context.format, context.service_names_local)
    judged = [(c, level) for c in candidates if (level := severity(c, context, regions)) is not None]
    return _findings(path, text, _one_per_secret(judged))


def _read_code(text: str, language: str):
    """(syntax regions, code candidates) of a source text, or None when it is not parsed."""
    from prodready.facts.secrets.code import code_candidates
    from prodready.scanning import syntax

    data = text.encode("utf-8", "surrogatepass")
    tree = syntax.parse(data, language)
    if tree is None:
        return None
    to_char = syntax.char_offsets(text, data)
    return syntax.regions_of_tree(tree, language, data, to_char), code_candidates(tree, language, data, to_char)


def severity(candidate: Candidate, context: FileContext, regions) -> str | None:
    """The severity of one candidate in its file, or None when it is not a secret."""
    flavour = _flavour(candidate, context, regions)
    verdict = judge(candidate.value, candidate.name)
    if candidate.strong:
        if verdict in (PUBLIC, PLACEHOLDER):
            return None
    elif candidate.kind == FALLBACK:
        if verdict in (EMPTY, REFERENCE, PUBLIC, HASH):
            return None
    elif verdict != SECRET:
        return None
    remote = candidate.kind in (URL, DSN) and not is_local_host(candidate.host, context.service_names_local)
    if flavour == DOCS:
        return LOW if candidate.strong else None
    if flavour == TEMPLATE:
        return LOW if candidate.strong or looks_random(candidate.value) else None
    if flavour == TEST:
        return LOW
    if candidate.kind == FALLBACK or flavour == DEV:
        return CRITICAL if candidate.strong or remote else MEDIUM
    if candidate.kind in (URL, DSN):
        return CRITICAL if remote else MEDIUM
    return MEDIUM if candidate.local else CRITICAL


def _flavour(candidate: Candidate, context: FileContext, regions) -> str:
    """The file's flavour, narrowed for this candidate: a doc block in code is documentation;
    a development or test block of a configuration (`development:`) is what it says."""
    if regions is not None and candidate.offset >= 0 and regions.kind_at(candidate.offset) == "doc":
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
    ordered = sorted(judged, key=lambda item: (not item[0].strong, item[0].line, -_RANK[item[1]]))
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
