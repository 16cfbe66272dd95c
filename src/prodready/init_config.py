"""`prodready init`: a starter `.prodready.yml` for the services found, every check listed.

The file is meant to be read and edited: everything that changes behaviour is commented out,
except the services list, which is what detection found (keeping it makes the audit stable
when a new directory appears; deleting it goes back to detection).
"""

from __future__ import annotations

import json
from typing import Sequence

from prodready.facts.services import Service
from prodready.model import CATEGORIES, Check


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def starter_config(services: Sequence[Service], others: Sequence[Service], checks: Sequence[Check]) -> str:
    out = [
        "# prodready configuration (docs/configuration.md). Check it with: prodready config validate",
        "",
        "# The services to audit, as detected. kind: api | worker | library | frontend.",
        "# Delete this list to let prodready detect services on every run instead.",
        "services:",
    ]
    for s in services:
        frameworks = ", ".join(s.frameworks) or "no framework"
        out.append(f"  - path: {_quote(s.path or '.')}")
        out.append(f"    kind: {s.kind}  # {s.stack}: {frameworks}")
    for s in others:
        out.append(f"  # - path: {_quote(s.path or '.')}")
        out.append(f"  #   kind: {s.kind}  # detected, not audited ({s.stack})")
    out += [
        "",
        "# Switch checks off per kind of service, e.g. a worker has no HTTP API:",
        "# profiles:",
        "#   worker:",
        "#     disable: [api, obs.health]",
        "",
        "# Checks to skip (ids or categories: " + ", ".join(CATEGORIES) + ").",
        "disable: []",
        "",
        "# Every check, with its default severity. Uncomment a line under `severity:` to change it.",
        "severity:",
    ]
    width = max(len(c.meta.id) for c in checks) if checks else 10
    for c in checks:
        out.append(f"#  {c.meta.id + ':':<{width + 1}} {c.meta.severity.value:<8}  # {c.meta.title}")
    out += [
        "",
        "# thresholds:",
        "#   coverage: 80            # line coverage that passes qa.coverage",
        "#   max_complexity: 15      # cyclomatic complexity above which a function is flagged",
        "#   min_maintainability: 20 # maintainability index below which a file is flagged",
        "",
        "# Paths left out of the audit (gitignore patterns).",
        "exclude: []",
        "",
        "# Accepted results. Each needs a reason; add an owner and an expiry date so they get reviewed.",
        "# waivers:",
        "#   - check: obs.metrics",
        "#     reason: metrics are scraped from the service mesh sidecar",
        "#     owner: platform-team",
        "#     expires: 2027-06-30",
        "#   - check: sec.secrets",
        "#     path: tests/fixtures/**",
        "#     reason: revoked keys used as test fixtures",
        "",
        "# `prodready: ignore[check.id] reason=\"...\"` comments in code waive single findings.",
        "inline_waivers: true",
        "# Waived results leave the score (like not applicable); true keeps their score.",
        "score_waived: false",
        "",
    ]
    return "\n".join(out)
