"""Literal prefilters for regular expressions, derived from the regex itself.

Python's `re` scans slowly when a pattern starts with an alternation (it has no literal prefix
to jump to). Most of our patterns are alternations of literals (`foo\\(|bar\\.baz`), so we
read the parsed pattern once, collect the literal each branch must start with, and only run
the regex on text that contains one of them (`str` search is C fast). A pattern without such
literals (or case-insensitive) gets no prefilter, never a wrong one.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:
    import re._constants as _sre_constants
    import re._parser as _sre_parse  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

MIN_NEEDLE = 3
_LITERAL = _sre_constants.LITERAL
_AT = _sre_constants.AT
_BRANCH = _sre_constants.BRANCH
_SUBPATTERN = _sre_constants.SUBPATTERN
_REPEATS = (_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT)


def _prefixes(seq) -> list[str] | None:
    """The literal strings any match of `seq` must start with, or None if unknown."""
    items = list(seq)
    for index, (op, av) in enumerate(items):
        if op is _AT:
            continue
        if op in _REPEATS and av[0] == 0:
            continue  # optional leading part (`\s*`): skip it
        if op is _LITERAL:
            literal = []
            for op2, av2 in items[index:]:
                if op2 is not _LITERAL:
                    break
                literal.append(chr(av2))
            return ["".join(literal)]
        if op is _SUBPATTERN and index == len(items) - 1 or op is _SUBPATTERN:
            inner = _prefixes(av[-1])
            return inner
        if op is _BRANCH:
            out: list[str] = []
            for branch in av[1]:
                found = _prefixes(branch)
                if found is None:
                    return None
                out.extend(found)
            return out
        return None
    return None


@lru_cache(maxsize=1024)
def needles(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Literals one of which every match contains, each at least MIN_NEEDLE long; or None."""
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except (re.error, RecursionError, OverflowError):
        return None
    if (parsed.state.flags | flags) & re.IGNORECASE:
        return None
    found = _prefixes(parsed)
    if not found or any(len(n) < MIN_NEEDLE for n in found):
        return None
    return tuple(sorted(set(found)))


def may_match(regex: re.Pattern[str], text: str) -> bool:
    """False only when `regex` certainly cannot match `text`."""
    literal = needles(regex.pattern, regex.flags & ~re.UNICODE)
    return literal is None or any(n in text for n in literal)
