"""Every regex prodready runs stays near-linear on pathological input (no ReDoS).

Patterns run with finditer over whole files (up to the 2 MB read limit), so a pattern that is
quadratic on a long run of one character class is a denial of service. Each pattern gets each
adversarial family at 40,000 characters; a linear pattern takes milliseconds, a quadratic one
seconds. The bound is a hang detector, not a speed figure.
"""

from __future__ import annotations

import time

import pytest

from prodready.patterns import all_patterns

N = 40_000
FAMILIES = {
    "word": "a" * N, "upper": "A" * N, "spaces": " " * N, "tabs": "\t" * N, "quotes": '"' * N, "squotes": "'" * N,
    "assign": "a=" * (N // 2), "dollar": "${" * (N // 2), "slash": "/" * N, "password": "password = '" + "a" * N,
    "dots": "a." * (N // 2), "colons": "a:" * (N // 2), "url": "x://" + "a:" * (N // 2), "env": "process.env." + "A" * N,
    "brackets": "[" * N, "dashes": "-" * N, "mixed": "aA1-_." * (N // 6), "lines": "a\n" * (N // 2), "hashes": "#" * N,
    "stars": "*" * N, "angles": "<" * N, "parens": "(" * N, "backslashes": "\\" * N, "equals": "=" * N, "underscores": "_" * N,
    "digits": "1" * N, "quoted-words": "'a" * (N // 2), "keys": "key: " * (N // 5), "templates": "`${" * (N // 3),
}
PATTERNS = all_patterns()


def test_every_pattern_is_collected():
    assert len(PATTERNS) > 300  # secret detectors, routes, every check's Usage table, parsers


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_is_linear_on_pathological_input(name):
    pattern = PATTERNS[name]
    for family, text in FAMILIES.items():
        start = time.perf_counter()
        for _ in pattern.finditer(text):
            pass
        elapsed = time.perf_counter() - start
        assert elapsed < 1.0, f"{name} took {elapsed:.2f}s on {N} characters of {family!r}: {pattern.pattern[:80]}"
