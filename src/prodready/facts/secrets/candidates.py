"""Candidates: values that may be secrets, with what the text says around them.

Whatever the kind of file, the same shapes are found in its text: provider key formats and
private keys (credentials by their format alone), credentials in connection URLs and DSNs
(`postgres://user:pass@host`, `host=... password=...`, `user:pass@tcp(host)`), and defaults of
secret settings written inside a value (`${DB_PASSWORD:changeit}`, `${PASS:-postgres}`). Code and
configuration add their own candidates (code.py, config.py): a value and the name it is given.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from prodready.facts.secrets.values import name_is_secret
from prodready.secret_shapes import PROVIDERS

PROVIDER, PRIVATE_KEY, BINDING, FALLBACK, URL, DSN = "provider", "private-key", "binding", "fallback", "url", "dsn"


@dataclass(frozen=True)
class Candidate:
    """A value that may be a secret, at the line where it starts.

    `name`: the setting, variable or key it is given to ("" when none); `kind`: how it was found
    (PROVIDER, PRIVATE_KEY, BINDING, FALLBACK, URL, DSN); `title`: what it is, for the report;
    `host`: the target of a connection URL or DSN; `offset`: where it starts in the text (to ask
    whether that is code, a comment or a doc block); `block`: for configuration, the key path of
    the mapping it sits in (siblings tell a local target, a profile tells a dev block);
    `local`: the configuration around it points at the developer's machine."""

    line: int
    value: str
    kind: str
    title: str
    name: str = ""
    host: str | None = None
    offset: int = -1
    block: str = ""
    local: bool = False

    @property
    def strong(self) -> bool:
        """A credential by its format alone: a provider key or a private key."""
        return self.kind in (PROVIDER, PRIVATE_KEY)


class Lines:
    """Line numbers of offsets in one text, found by bisection over the line starts."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect_right(self.starts, offset)


_URL = re.compile(r"\b([a-zA-Z][a-zA-Z0-9+.-]{1,30})://([^\s:/@\"'`<>]{0,64}):([^\s/@\"'`<>]{1,200})@([^\s:/?#\"'`<>;,)\]]+)")
_MYSQL_DSN = re.compile(r"(?<![\w/])([\w.-]{1,64}):([^\s@\"'`:/]{1,200})@tcp\(([^:)\s]+)")
_DSN_PASSWORD = re.compile(r"(?i)(?<![\w.])(password|pwd)\s*=\s*([^\s;\"'`]{1,200})")
_DSN_HOST = re.compile(r"(?i)(?<![\w.])(host|server|data source|addr)\s*=\s*([^\s;,\"'`:]+)")
_SPRING_DEFAULT = re.compile(r"\$\{([\w.\-\[\]]{1,200}):(?![-+?=])([^}\s]*)\}")
_SHELL_DEFAULT = re.compile(r"\$\{(\w{1,200}):?-([^}\s]*)\}")


def text_candidates(text: str, lines: Lines) -> list[Candidate]:
    """The candidates any text holds: provider keys, private keys, URL and DSN credentials,
    and in-value defaults of secret settings."""
    found = _provider_candidates(text, lines)
    found += _url_candidates(text, lines)
    found += _default_candidates(text, lines)
    return found


def _provider_candidates(text: str, lines: Lines) -> list[Candidate]:
    lower = text.lower()
    found = []
    for detector in PROVIDERS:
        if not any(keyword in lower for keyword in detector.keywords):
            continue
        for match in detector.pattern.finditer(text):
            value = match.group(detector.group)
            kind = PRIVATE_KEY if detector.id == "private-key" else PROVIDER
            start = match.start(detector.group)
            found.append(Candidate(lines.line(start), value if kind == PROVIDER else _pem_block(text, start),
                                   kind, detector.title, offset=start))
    return found


def _pem_block(text: str, start: int) -> str:
    """The private key from its BEGIN line to its END line (what to mask and deduplicate by)."""
    end = text.find("-----END", start)
    close = text.find("-----", end + 8) if end != -1 else -1
    return text[start: close + 5 if close != -1 else start + 4000]


def _url_candidates(text: str, lines: Lines) -> list[Candidate]:
    found = []
    if "://" in text:
        for match in _URL.finditer(text):
            found.append(Candidate(lines.line(match.start()), match.group(3), URL, "credentials in a connection URL",
                                   name="password", host=match.group(4), offset=match.start()))
    if "@tcp(" in text:
        for match in _MYSQL_DSN.finditer(text):
            found.append(Candidate(lines.line(match.start()), match.group(2), DSN, "credentials in a MySQL DSN",
                                   name="password", host=match.group(3), offset=match.start()))
    lower = text.lower()
    if "password" in lower or "pwd" in lower:
        for match in _DSN_PASSWORD.finditer(text):
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.end())
            host = _DSN_HOST.search(text, start, len(text) if end == -1 else end)
            if host is not None:  # a connection string: host=... password=... on one line
                found.append(Candidate(lines.line(match.start()), match.group(2), DSN, "password in a connection string",
                                       name="password", host=host.group(2), offset=match.start(2)))
    return found


def _default_candidates(text: str, lines: Lines) -> list[Candidate]:
    """`${DB_PASSWORD:literal}` (Spring, also in @Value) and `${PASS:-literal}` (shell, compose):
    the literal is what runs when the variable is unset."""
    found = []
    if "${" not in text:
        return found
    for pattern in (_SPRING_DEFAULT, _SHELL_DEFAULT):
        for match in pattern.finditer(text):
            name, value = match.group(1), match.group(2)
            if name_is_secret(name) and value:
                found.append(Candidate(lines.line(match.start()), value, FALLBACK,
                                       "hard-coded fallback for a secret setting", name=name, offset=match.start()))
    return found
