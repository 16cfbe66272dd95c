"""Facts about the audited repository, gathered once and shared by all checks.

The facts layer sits on the scanning layer (files, searches, caches, parsers) and knows what
readiness is made of: services, manifests, containers, routes, secrets, CI. A check imports
what it needs from here: `CheckContext` (what it sees) and `evidence` (how it cites a place).
"""

from __future__ import annotations

from prodready.facts.context import CheckContext
from prodready.facts.repo import AuditOptions, RepoFacts, evidence
from prodready.scanning.perfile import Hit

__all__ = ["AuditOptions", "CheckContext", "Hit", "RepoFacts", "evidence"]
