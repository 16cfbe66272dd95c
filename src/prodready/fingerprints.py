"""Content-based identities for findings, shared by waivers, baselines, deltas and SARIF.

A fingerprint is built from what a finding is (check, file, what was seen, the text of the
line it sits on), never from its line number: code that moves up or down keeps its
fingerprint, while a different secret pasted on the same line gets a new one because the line
text differs. Digits in the note are folded ("complexity 23" and "complexity 24" are the same
finding about the same function). Identical findings in one file are told apart by their
order. The line text is hashed, never stored, so a fingerprint reveals no secret.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from typing import Callable, Sequence

from prodready.model import CheckResult, Evidence

_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
LENGTH = 32  # hex characters kept: 128 bits, plenty for one repository's findings


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()[:LENGTH]


def line_content(lines: Sequence[str], line: int | None) -> str:
    """The finding's line, whitespace-normalised, or "" when there is none."""
    if not line or line > len(lines):
        return ""
    return _SPACE.sub(" ", lines[line - 1]).strip()


def with_fingerprints(check_id: str, evidence: Sequence[Evidence],
                      lines_of: Callable[[str], Sequence[str]]) -> tuple[Evidence, ...]:
    """`evidence` with a fingerprint on every finding (context evidence is left as it is)."""
    seen: dict[str, int] = {}
    out = []
    for e in evidence:
        if not e.is_finding or e.fingerprint:
            out.append(e)
            continue
        content = line_content(lines_of(e.path), e.line) if e.line else ""
        identity = _digest(check_id, e.path, _DIGITS.sub("#", e.note), content or e.snippet)
        occurrence = seen.get(identity, 0)
        seen[identity] = occurrence + 1
        out.append(replace(e, fingerprint=_digest(identity, str(occurrence))))
    return tuple(out)


def result_fingerprint(result: CheckResult) -> str:
    """A failing result as one finding (for checks about something missing, with no line)."""
    return _digest(result.id, result.service or "", "result")
