"""Literal prefilters for regular expressions, derived from the regex itself.

Python's `re` scans slowly when a pattern starts with an alternation or a character class (it
has no literal prefix to jump to), and our patterns mostly look like `['"]CONN_MAX_AGE['"]|
@\\w+\\.limit\\(`. So we read the parsed pattern once and collect, for each branch, a literal
that every match of that branch must contain (the longest run of plain characters it cannot
do without, wherever it sits). The regex then runs only on text containing one of those
literals (`str` search is C fast and about 10x quicker than the regex). A pattern where some
branch has no such literal gets no prefilter, never a wrong one.

Case-insensitive patterns get lower-cased literals, checked against the lower-cased text; only
for ASCII text, where lower-casing is exactly what `re.IGNORECASE` folds (Unicode has folds such
as the long s matching `s` that `str.lower` does not make).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

try:
    import re._constants as _sre_constants
    import re._parser as _sre_parse  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

MIN_NEEDLE = 3
_LITERAL = _sre_constants.LITERAL
_BRANCH = _sre_constants.BRANCH
_SUBPATTERN = _sre_constants.SUBPATTERN
_REPEATS = (_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT)
_ZERO_WIDTH = (_sre_constants.AT, _sre_constants.ASSERT, _sre_constants.ASSERT_NOT)

Needles = tuple[str, ...]


def _better(a: Needles | None, b: Needles | None) -> Needles | None:
    """The more selective of two needle sets: longer shortest needle, then fewer needles."""
    if a is None:
        return b
    if b is None:
        return a
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


def _required(seq) -> Needles | None:
    """Literals one of which every match of the parsed sequence `seq` contains, or None."""
    best: Needles | None = None
    run: list[str] = []

    def close_run() -> None:
        nonlocal best
        if len(run) >= MIN_NEEDLE:
            best = _better(best, ("".join(run),))
        run.clear()

    for op, av in seq:
        if op is _LITERAL:
            run.append(chr(av))
            continue
        if op in _ZERO_WIDTH:
            if op is not _sre_constants.AT:
                close_run()  # a lookaround matches nothing itself: the run on each side stands alone
            continue  # \b and ^ sit between characters: the literal run goes on
        close_run()
        if op is _SUBPATTERN:
            if (av[1] | av[2]) & re.IGNORECASE:
                continue  # `(?i:...)` folds case inside: its literals are not literal
            best = _better(best, _required(av[-1]))
        elif op is _BRANCH:
            alternatives: list[str] = []
            for branch in av[1]:
                found = _required(branch)
                if found is None:
                    alternatives = []
                    break
                alternatives.extend(found)
            if alternatives:
                best = _better(best, tuple(sorted(set(alternatives))))
        elif op in _REPEATS and av[0] >= 1:
            best = _better(best, _required(av[2]))
    close_run()
    return best


@dataclass(frozen=True)
class Prefilter:
    """What must be in a text for a pattern to have a chance: `needles` (lower-cased when the
    pattern ignores case). No needles: the pattern may match anything, always run it."""

    needles: Needles = ()
    ignore_case: bool = False

    def may_match(self, text: str) -> bool:
        if not self.needles:
            return True
        if self.ignore_case:
            if not text.isascii():
                return True
            text = text.lower()
        return any(n in text for n in self.needles)


@lru_cache(maxsize=2048)
def prefilter(pattern: str, flags: int = 0) -> Prefilter:
    """The prefilter for a pattern (an empty one when no literal is certain)."""
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except (re.error, RecursionError, OverflowError):
        return Prefilter()
    ignore_case = bool((parsed.state.flags | flags) & re.IGNORECASE)
    found = _required(parsed)
    if not found:
        return Prefilter()
    if ignore_case:
        found = tuple(sorted({n.lower() for n in found}))
        if not all(n.isascii() for n in found):
            return Prefilter()
    return Prefilter(found, ignore_case)


def needles(pattern: str, flags: int = 0) -> Needles | None:
    """Literals one of which every match contains, each at least MIN_NEEDLE long; or None.
    Lower-cased for a case-insensitive pattern."""
    return prefilter(pattern, flags).needles or None
