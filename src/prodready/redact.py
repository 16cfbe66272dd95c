"""The one place that turns text which may hold a secret into text that may be shown.

Every evidence snippet passes through `scrub` when it is made (see `facts.evidence`), so even
a check that does not look for secrets cannot print one. Secret findings themselves never keep
the raw value: only `mask(value)` and a hash for fingerprints.
"""

from __future__ import annotations

import hashlib
import re

from prodready.secret_shapes import find_secret_values

MAX_SNIPPET = 160
# Terminal escapes and other control characters must never reach a report or a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def mask(value: str) -> str:
    """A few leading characters and the length: enough to recognise, not enough to use."""
    shown = 4 if len(value) >= 16 else (2 if len(value) >= 8 else 0)
    return f"{value[:shown]}…[{len(value)} chars]"


def fingerprint(value: str) -> str:
    """A stable identifier for a secret value that does not reveal it."""
    return hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()[:16]


def clean(text: str, limit: int = MAX_SNIPPET) -> str:
    """Strip control characters and cut to `limit` characters."""
    text = _CONTROL.sub("", text.replace("\t", " ").replace("\r", "")).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def redact_value(text: str, value: str) -> str:
    """`text` with every occurrence of `value` replaced by its mask."""
    return text.replace(value, mask(value)) if value else text


def scrub(text: str) -> str:
    """Mask anything a secret detector recognises, then clean. Safe for any output."""
    for value in sorted(find_secret_values(text), key=len, reverse=True):
        text = redact_value(text, value)
    return clean(text)


def visible(text: str) -> str:
    """`text` with every control character shown as an escape (`\\x1b`): a report keeps saying
    that a file name held one, and no reader's terminal or page acts on it."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100 else f"\\u{ord(m.group(0)):04x}", text)


def one_line(text: str) -> str:
    """A name (a path, a service) on one line: control characters written out as `visible`
    does, and newline and tab too, since a file name holding one would start a report line of
    its own."""
    return visible(text).replace("\n", "\\n").replace("\t", "\\t")
