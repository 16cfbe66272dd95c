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
_ALL_REPEATS = (*_REPEATS, getattr(_sre_constants, "POSSESSIVE_REPEAT", _sre_constants.MAX_REPEAT))
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


_NEWLINE = 10
_AT_END_ANY_LINE = (_sre_constants.AT_END_STRING,)  # \Z: the end of the text, never of a line
# categories that cannot match a newline (any other category may)
_LINE_CATEGORIES = frozenset({
    _sre_constants.CATEGORY_DIGIT, _sre_constants.CATEGORY_WORD, _sre_constants.CATEGORY_NOT_SPACE,
    _sre_constants.CATEGORY_NOT_LINEBREAK, _sre_constants.CATEGORY_UNI_DIGIT, _sre_constants.CATEGORY_UNI_WORD,
    _sre_constants.CATEGORY_UNI_NOT_SPACE, _sre_constants.CATEGORY_UNI_NOT_LINEBREAK, _sre_constants.CATEGORY_LOC_WORD,
})


def _class_matches_newline(items) -> bool:
    """Whether a character class `[...]` may match a newline (True when unsure)."""
    negated = known_in = unsure = False
    for op, av in items:
        if op is _sre_constants.NEGATE:
            negated = True
        elif op is _LITERAL:
            known_in |= av == _NEWLINE
        elif op is _sre_constants.RANGE:
            known_in |= av[0] <= _NEWLINE <= av[1]
        elif op is _sre_constants.CATEGORY:
            if av not in _LINE_CATEGORIES:
                unsure = True  # \s, \D, \W and the like do match one; others we do not know
        else:
            unsure = True
    return not known_in if negated else known_in or unsure


def _stays_in_line(seq, dotall: bool, multiline: bool) -> bool:
    """Whether no match of the parsed sequence can contain a newline, nor depend on where the
    text ends (`$` without MULTILINE, backslash-Z). False for anything not understood."""
    for op, av in seq:
        judge = _IN_LINE.get(op)
        if judge is None or not judge(av, dotall, multiline):
            return False
    return True


def _subpattern_in_line(av, dotall: bool, multiline: bool) -> bool:
    """A group, with the flags it turns on or off inside (`(?s:...)`, `(?-m:...)`)."""
    _group, add, remove, body = av
    inner_dotall = (dotall or bool(add & re.DOTALL)) and not remove & re.DOTALL
    inner_multiline = (multiline or bool(add & re.MULTILINE)) and not remove & re.MULTILINE
    return _stays_in_line(body, inner_dotall, inner_multiline)


def _exists_in_line(av, dotall: bool, multiline: bool) -> bool:
    """`(?(1)yes|no)`: both branches must stay in the line."""
    _group, yes, no = av
    return _stays_in_line(yes, dotall, multiline) and (no is None or _stays_in_line(no, dotall, multiline))


# per opcode of the parsed pattern: whether that item stays inside one line (an opcode not
# listed is not understood, so the pattern is not line-bound)
_IN_LINE = {
    _LITERAL: lambda av, _d, _m: av != _NEWLINE,
    _sre_constants.NOT_LITERAL: lambda av, _d, _m: av == _NEWLINE,
    _sre_constants.ANY: lambda _av, dotall, _m: not dotall,
    _sre_constants.IN: lambda av, _d, _m: not _class_matches_newline(av),
    _sre_constants.AT: lambda av, _d, multiline: not (av in _AT_END_ANY_LINE or (av is _sre_constants.AT_END and not multiline)),
    _SUBPATTERN: _subpattern_in_line,
    _BRANCH: lambda av, dotall, multiline: all(_stays_in_line(branch, dotall, multiline) for branch in av[1]),
    _sre_constants.ASSERT: lambda av, dotall, multiline: _stays_in_line(av[1], dotall, multiline),
    _sre_constants.ASSERT_NOT: lambda av, dotall, multiline: _stays_in_line(av[1], dotall, multiline),
    _sre_constants.GROUPREF_EXISTS: _exists_in_line,
    _sre_constants.GROUPREF: lambda _av, _d, _m: True,  # a back reference repeats a group checked already
    **{repeat: (lambda av, dotall, multiline: _stays_in_line(av[2], dotall, multiline)) for repeat in _ALL_REPEATS},
}
if hasattr(_sre_constants, "ATOMIC_GROUP"):  # Python 3.11+
    _IN_LINE[_sre_constants.ATOMIC_GROUP] = lambda av, dotall, multiline: _stays_in_line(av, dotall, multiline)


@dataclass(frozen=True)
class Prefilter:
    """What must be in a text for a pattern to have a chance: `needles` (lower-cased when the
    pattern ignores case). No needles: the pattern may match anything, always run it.
    `line_bound`: no match can contain a newline or depend on where the text ends, so a match
    lies inside one line that holds a needle, and only those lines need searching."""

    needles: Needles = ()
    ignore_case: bool = False
    line_bound: bool = False

    def may_match(self, text: str) -> bool:
        if not self.needles:
            return True
        if self.ignore_case:
            if not text.isascii():
                return True
            text = text.lower()
        return any(n in text for n in self.needles)

    def spans(self, text: str) -> list[tuple[int, int]] | None:
        """Where to search: None for the whole text, else the (start, end) of every line that
        holds a needle (end just past its newline), in order; [] when nothing can match.
        Searching `regex.search(text, start, end)` on the whole text keeps `^`, word boundaries
        and lookbehinds seeing the real neighbours of the line."""
        if not self.needles:
            return None
        hay = text
        if self.ignore_case:
            if not text.isascii():
                return None
            hay = text.lower()  # ASCII: the same length, the same offsets
        if not self.line_bound:
            return None if any(n in hay for n in self.needles) else []
        found: set[tuple[int, int]] = set()
        for needle in self.needles:
            at = hay.find(needle)
            while at != -1:
                end = hay.find("\n", at)
                end = len(hay) if end == -1 else end + 1
                found.add((hay.rfind("\n", 0, at) + 1, end))
                at = hay.find(needle, end)
        return sorted(found)


@lru_cache(maxsize=2048)
def prefilter(pattern: str, flags: int = 0) -> Prefilter:
    """The prefilter for a pattern (an empty one when no literal is certain)."""
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except (re.error, RecursionError, OverflowError):
        return Prefilter()
    all_flags = parsed.state.flags | flags
    ignore_case = bool(all_flags & re.IGNORECASE)
    found = _required(parsed)
    if not found:
        return Prefilter()
    if ignore_case:
        found = tuple(sorted({n.lower() for n in found}))
        if not all(n.isascii() for n in found):
            return Prefilter()
    try:
        line_bound = _stays_in_line(parsed, bool(all_flags & re.DOTALL), bool(all_flags & re.MULTILINE))
    except RecursionError:
        line_bound = False
    return Prefilter(found, ignore_case, line_bound)


def needles(pattern: str, flags: int = 0) -> Needles | None:
    """Literals one of which every match contains, each at least MIN_NEEDLE long; or None.
    Lower-cased for a case-insensitive pattern."""
    return prefilter(pattern, flags).needles or None
