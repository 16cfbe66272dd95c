"""Every regex prodready runs stays near-linear on pathological input (no ReDoS).

Patterns run with finditer over whole files (up to the 2 MB read limit), so a pattern that is
quadratic on a long run of one character class is a denial of service. Each pattern gets each
adversarial family at 10,000 and at 40,000 characters: linear work grows about 4 times, quadratic
work about 16 times. The test asserts the growth, which a busy machine does not change, and only
a generous absolute ceiling (it is a hang detector, not a speed figure).
"""

from __future__ import annotations

import time

import pytest

from prodready.patterns import all_patterns

SMALL, LARGE = 10_000, 40_000


def families(n: int) -> dict[str, str]:
    return {
        "word": "a" * n, "upper": "A" * n, "spaces": " " * n, "tabs": "\t" * n, "quotes": '"' * n, "squotes": "'" * n,
        "assign": "a=" * (n // 2), "dollar": "${" * (n // 2), "slash": "/" * n, "password": "password = '" + "a" * n,
        "dots": "a." * (n // 2), "colons": "a:" * (n // 2), "url": "x://" + "a:" * (n // 2), "env": "process.env." + "A" * n,
        "brackets": "[" * n, "dashes": "-" * n, "mixed": "aA1-_." * (n // 6), "lines": "a\n" * (n // 2), "hashes": "#" * n,
        "stars": "*" * n, "angles": "<" * n, "parens": "(" * n, "backslashes": "\\" * n, "equals": "=" * n, "underscores": "_" * n,
        "digits": "1" * n, "quoted-words": "'a" * (n // 2), "keys": "key: " * (n // 5), "templates": "`${" * (n // 3),
    }


SMALL_INPUTS, LARGE_INPUTS = families(SMALL), families(LARGE)
CEILING_SECONDS = 10.0


def _seconds(pattern, text: str, tries: int = 1) -> float:
    """The least of `tries` timings: a process preempted once on a shared host is not a hang."""
    best = float("inf")
    for _ in range(tries):
        start = time.perf_counter()
        for _ in pattern.finditer(text):
            pass
        best = min(best, time.perf_counter() - start)
        if best < 0.05:
            break
    return best


PATTERNS = all_patterns()


def test_every_pattern_is_collected():
    assert len(PATTERNS) > 300  # secret detectors, routes, every check's Usage table, parsers


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_is_linear_on_pathological_input(name):
    pattern = PATTERNS[name]
    for family in LARGE_INPUTS:
        large = _seconds(pattern, LARGE_INPUTS[family], tries=3)
        if large < 0.05:
            continue  # too fast to be worth a ratio
        small = max(_seconds(pattern, SMALL_INPUTS[family]), 1e-3)
        assert large < CEILING_SECONDS, f"{name} took {large:.2f}s on {LARGE} characters of {family!r}"
        assert large / small < 10, (f"{name} grew {large / small:.0f}x from {SMALL} to {LARGE} characters of {family!r} "
                                    f"({small:.3f}s -> {large:.3f}s): quadratic? {pattern.pattern[:80]}")
