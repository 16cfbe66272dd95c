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
        """A credential by its format alone: a provider key or a private key (also one found
        decoded, in a Kubernetes Secret's data)."""
        return self.kind in (PROVIDER, PRIVATE_KEY) or "PRIVATE KEY-----" in self.value


class Lines:
    """Line numbers of offsets in one text, found by bisection over the line starts (listed on
    the first question: most files hold no candidate and are never asked)."""

    def __init__(self, text: str):
        self._text = text
        self._starts: list[int] | None = None

    def line(self, offset: int) -> int:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
        return bisect_right(self._starts, offset)


_URL = re.compile(r"\b([a-zA-Z][a-zA-Z0-9+.-]{1,30})://([^\s:/@\"'`<>]{0,64}):([^\s/@\"'`<>]{1,200})@([^\s:/?#\"'`<>;,)\]]+)")
_MYSQL_DSN = re.compile(r"(?<![\w/])([\w.-]{1,64}):([^\s@\"'`:/]{1,200})@tcp\(([^:)\s]+)")
_URL_TARGET = re.compile(r"://(?:[^@/\s\"'`]*@)?([^/:?#\s\"'`<>;,]+)")
_URL_PASSWORD = re.compile(r"[?&;]password=([^&;\s\"'`#]{1,200})")
_KEY_FILE = re.compile(r"(?i)(^|/)(master\.key|[\w.-]*\.key|\.?secrets?(\.txt)?|secret_key(_base)?|[\w.-]+\.secret)$")
_DSN_PASSWORD = re.compile(r"(?i)(?<![\w.])(password|pwd)\s*=\s*([^\s;\"'`]{1,200})")
_DSN_HOST = re.compile(r"(?i)(?<![\w.])(host|server|data source|addr)\s*=\s*([^\s;,\"'`:]+)")
_SPRING_DEFAULT = re.compile(r"\$\{([\w.\-\[\]]{1,200}):(?![-+?=])([^}\s]*)\}")
_SHELL_DEFAULT = re.compile(r"\$\{(\w{1,200}):?-([^}\s]*)\}")


def text_candidates(text: str, lower: str, lines: Lines) -> list[Candidate]:
    """The candidates any text holds: provider keys, private keys, URL and DSN credentials,
    and in-value defaults of secret settings. `lower`: lowered(text)."""
    present = present_keywords(lower)
    found = _provider_candidates(text, lower, lines, present)
    found += _aws_pairs(text, lower, lines, present)
    found += _url_candidates(text, lower, lines)
    found += _default_candidates(text, lines)
    return found


def _keyword_groups() -> tuple[tuple[re.Pattern[str] | None, tuple[str, ...]], ...]:
    """The providers' keywords grouped by first letter: a letter with several keywords is first
    looked for by one regex (re finds the shared first letter in one pass, 3 to 5 times faster
    than a str.find per keyword over a file that holds none of them, as most files), a lone
    keyword by str.find: 25 keywords, 11 passes over a text that holds none."""
    by_letter: dict[str, list[str]] = {}
    for keyword in dict.fromkeys(k for detector in PROVIDERS for k in detector.keywords):
        by_letter.setdefault(keyword[0], []).append(keyword)
    return tuple((re.compile("|".join(re.escape(k) for k in group)) if len(group) > 1 else None, tuple(group))
                 for _letter, group in sorted(by_letter.items()))


_KEYWORD_GROUPS = _keyword_groups()


def present_keywords(lower: str) -> frozenset[str]:
    """The providers' keywords that occur in `lower` (a lowered text). A group whose regex finds
    something is then asked keyword by keyword (its matches do not overlap, so one keyword
    could hide another that starts inside it: `akiasia`)."""
    present: set[str] = set()
    for regex, group in _KEYWORD_GROUPS:
        if regex is None or regex.search(lower) is not None:
            present.update(keyword for keyword in group if keyword in lower)
    return frozenset(present)


def _provider_candidates(text: str, lower: str, lines: Lines, present: frozenset[str]) -> list[Candidate]:
    """Provider keys and private keys: each format's pattern runs only on the lines holding one
    of its literal keywords (found with str.find), so a large file costs about a read."""
    found = []
    for detector in PROVIDERS:
        private = detector.id == "private-key"
        keywords = tuple(k for k in detector.keywords if k in present)
        if not keywords:
            continue
        for start, end in lines_holding(lower, keywords, reach=8192 if private else 0):
            for match in detector.pattern.finditer(text, start, end):
                at = match.start(detector.group)
                value = _pem_block(text, at) if private else match.group(detector.group)
                found.append(Candidate(lines.line(at), value, PRIVATE_KEY if private else PROVIDER, detector.title,
                                       offset=at))
    return found


def lowered(text: str) -> str:
    """`text` lower-cased with every offset kept (a few letters lower-case to two characters)."""
    lower = text.lower()
    return lower if len(lower) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def lines_holding(lower: str, keywords: tuple[str, ...], reach: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each line holding a keyword, in order and each once; `reach`: extend the
    span past the line by that many characters (a PEM body follows its header)."""
    spans: set[tuple[int, int]] = set()
    for keyword in keywords:
        at = lower.find(keyword)
        while at != -1:
            start = lower.rfind("\n", 0, at) + 1
            end = lower.find("\n", at)
            end = len(lower) if end == -1 else end + 1
            spans.add((start, min(len(lower), end + reach)))
            at = lower.find(keyword, end)
    return sorted(spans)


def _pem_block(text: str, start: int) -> str:
    """The private key from its BEGIN line to its END line (what to mask and deduplicate by)."""
    end = text.find("-----END", start)
    close = text.find("-----", end + 8) if end != -1 else -1
    return text[start: close + 5 if close != -1 else start + 4000]


# an AWS key pair passed by position (`new BasicAWSCredentials("AKIA...", "secret")`): the
# string after the access key id is its secret access key
_AWS_PAIR = re.compile(r"(?:AKIA|ASIA)[0-9A-Z]{16}[\"']\s*,\s*[\"']([A-Za-z0-9/+]{40})[\"']")


def _aws_pairs(text: str, lower: str, lines: Lines, present: frozenset[str]) -> list[Candidate]:
    found = []
    if "akia" not in present and "asia" not in present:
        return found
    for start, end in lines_holding(lower, ("akia", "asia"), reach=200):
        for match in _AWS_PAIR.finditer(text, start, end):
            found.append(Candidate(lines.line(match.start(1)), match.group(1), PROVIDER, "AWS secret access key",
                                   name="secret access key", offset=match.start(1)))
    return found


def _url_candidates(text: str, lower: str, lines: Lines) -> list[Candidate]:
    """Credentials in connection URLs and DSNs, searched on the lines that can hold them."""
    found = []
    for start, end in lines_holding(lower, ("://",)):
        for match in _URL.finditer(text, start, end):
            found.append(Candidate(lines.line(match.start()), match.group(3), URL, "credentials in a connection URL",
                                   name="password", host=match.group(4), offset=match.start()))
    for start, end in lines_holding(lower, ("@tcp(",)):
        for match in _MYSQL_DSN.finditer(text, start, end):
            found.append(Candidate(lines.line(match.start()), match.group(2), DSN, "credentials in a MySQL DSN",
                                   name="password", host=match.group(3), offset=match.start()))
    for start, end in lines_holding(lower, ("password=",)):
        url = _URL_TARGET.search(text, start, end)
        for match in _URL_PASSWORD.finditer(text, start, end) if url is not None else ():
            found.append(Candidate(lines.line(match.start()), match.group(1), URL, "password in a connection URL",
                                   name="password", host=url.group(1), offset=match.start(1)))
    for start, end in lines_holding(lower, ("password", "pwd")):
        for match in _DSN_PASSWORD.finditer(text, start, end):
            host = _DSN_HOST.search(text, start, end)
            if host is not None:  # a connection string: host=... password=... on one line
                found.append(Candidate(lines.line(match.start()), match.group(2), DSN, "password in a connection string",
                                       name="password", host=host.group(2), offset=match.start(2)))
    return found


def key_file_candidates(path: str, text: str) -> list[Candidate]:
    """A file that holds one generated-looking key and nothing else (Rails' config/master.key,
    a `.secret`): the file is the credential."""
    from prodready.facts.secrets.values import looks_random

    token = text.strip()
    if not _KEY_FILE.search(path) or not token or any(c.isspace() for c in token) or not looks_random(token):
        return []
    return [Candidate(1, token, PROVIDER, "key file", name=path.rsplit("/", 1)[-1], offset=text.find(token))]


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
