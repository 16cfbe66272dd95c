"""Hard-coded credentials, found and judged in context (scan.py says how)."""

from __future__ import annotations

from prodready.facts.secrets.scan import SecretFinding, scan_text

__all__ = ["SecretFinding", "scan_text"]
