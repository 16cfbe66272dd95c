"""Hard-coded credentials: well-known token formats, generic assignments, fallbacks.

The shapes of secrets live in secret_shapes.py (shared with the redactor); this module applies
them to one file and keeps each finding's mask and hash, never the secret.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from prodready.redact import clean, fingerprint, mask, redact_value
from prodready.secret_shapes import (
    CONFIG_KEYVALUE,
    DETECTORS,
    candidates,
    is_config,
    lines_to_check,
)


@dataclass(frozen=True)
class SecretFinding:
    """A hard-coded secret. Holds its mask and hash only; the value itself is gone."""

    detector: str
    title: str
    path: str
    line: int
    masked: str
    snippet: str  # the line, with the secret masked
    fingerprint: str
    in_test_code: bool


def scan_text(path: str, text: str, in_test_code: bool) -> list[SecretFinding]:
    """Secret findings in one file; one finding per value and line (the most specific)."""
    suffix = PurePosixPath(path).suffix.lower()
    detectors = tuple(d for d in DETECTORS if not d.suffixes or suffix in d.suffixes)
    detectors += (CONFIG_KEYVALUE,) if is_config(path) else ()
    order = {d.id: n for n, d in enumerate(detectors)}
    lines = text.split("\n")
    findings: list[SecretFinding] = []
    for index, line_detectors in sorted(lines_to_check(text, detectors).items()):
        line = lines[index][:4096].rstrip("\r")
        found = candidates(line, sorted(line_detectors, key=lambda d: order[d.id]))
        if not found:
            continue
        masked_line = line
        for _, value in sorted(found, key=lambda c: len(c[1]), reverse=True):
            masked_line = redact_value(masked_line, value)
        seen: set[str] = set()
        for detector, value in found:
            if value in seen or any(value in s or s in value for s in seen):
                continue
            seen.add(value)
            findings.append(
                SecretFinding(detector.id, detector.title, path, index + 1, mask(value),
                              clean(masked_line), fingerprint(value), in_test_code)
            )
    return findings
