"""Compiling and matching one gitignore pattern, with work bounded by the pattern and the name,
whatever either holds (scanning/ignore.py applies files of them).

Why not pathspec or git: pathspec translates each pattern into a Python regular expression, and
`re` backtracks: `*a*a*a*a*a*ax` against a name of 80 `a`s took 6.3 s (pathspec 1.1.1), and each
doubling of the name multiplies the time by about 60; more wildcards never finish. git's own
wildmatch backtracks the same way, so `git ls-files --exclude-standard` hangs on such a
.gitignore. No maintained library offers gitignore semantics without backtracking, so this
module matches by hand.

How the work stays bounded: a pattern is cut at `/` into segments, and each segment at its runs
of `*` into chunks of fixed width (literal bytes, `?`, bracket classes). A segment matches a
path component by placing its first chunk at the start, its last at the end and every chunk in
between at its leftmost place (greedy placement is optimal when every gap is a `*`). Each
position of the name is examined at most once per chunk, so one segment costs at most
len(component) x len(segment) byte comparisons, done by `bytes.find` or a regular expression
without quantifiers (which cannot backtrack). A `**` segment is the same problem one level up:
groups of segments placed leftmost between `**`s, each (component, segment) pair tried at most
once per group. A whole match is O(len(path) x len(pattern)), and patterns over
MAX_PATTERN_BYTES are refused with a note.

Semantics are git's (dir.c and wildmatch.c), byte for byte: comments, `\\` escapes, trailing
spaces, `!` negation, trailing `/` for directories only, anchoring by a leading or middle `/`,
`**/`, `/**`, `/**/`, `*` and `?` never crossing `/`, bracket classes with ranges, `!`/`^`
negation and `[:alpha:]` names, the last matching pattern wins, and nothing is re-included
under an excluded directory. Matching is case-sensitive (core.ignorecase is not read).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

MAX_PATTERN_BYTES = 1024  # longer lines are refused by the callers, with a note

_SPECIAL = b"*?[\\"
_ALL = frozenset(range(256))
_ASCII_GRAPH = frozenset(range(33, 127))
_ALNUM = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# wildmatch's [:name:] classes, with git's ASCII-only ctype (sane_ctype)
_POSIX = {
    b"alnum": _ALNUM, b"alpha": frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
    b"blank": frozenset(b" \t"), b"cntrl": frozenset(list(range(32)) + [127]), b"digit": frozenset(b"0123456789"),
    b"graph": _ASCII_GRAPH, b"lower": frozenset(b"abcdefghijklmnopqrstuvwxyz"), b"print": frozenset(range(32, 127)),
    b"punct": _ASCII_GRAPH - _ALNUM, b"space": frozenset(b" \t\n\r"),
    b"upper": frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"), b"xdigit": frozenset(b"0123456789ABCDEFabcdef"),
}

_steps: list[int] | None = None  # set by count_steps(): the bound test counts work, not seconds


@contextlib.contextmanager
def count_steps() -> Iterator[list[int]]:
    """Count the byte comparisons matching may make (an upper bound per search, summed), so a
    test can assert how work grows with the name instead of timing it on a shared machine."""
    global _steps
    _steps = [0]
    try:
        yield _steps
    finally:
        _steps = None


class _Abort(ValueError):
    """A pattern git would never match (an unclosed `[`, an unknown `[:class:]`, a trailing `\\`)."""


# -- tokens -------------------------------------------------------------------------------------
# ("lit", byte) | ("any",) | ("class", allowed bytes) | ("star", count, offset) | ("sep",)
Token = tuple


def _tokens(pattern: bytes) -> list[Token]:
    out: list[Token] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == 0x5C:  # backslash: the next byte literally (an escaped / still separates)
            if i + 1 >= n:
                raise _Abort("trailing backslash")
            out.append(("sep",) if pattern[i + 1] == 0x2F else ("lit", pattern[i + 1]))
            i += 2
        elif c == 0x2A:
            j = i
            while j < n and pattern[j] == 0x2A:
                j += 1
            out.append(("star", j - i, i))
            i = j
        elif c == 0x3F:
            out.append(("any",))
            i += 1
        elif c == 0x5B:
            allowed, i = _bracket(pattern, i + 1)
            out.append(("class", allowed))
        else:
            out.append(("sep",) if c == 0x2F else ("lit", c))
            i += 1
    return out


def _bracket(p: bytes, i: int) -> tuple[frozenset[int], int]:
    """The bytes a `[...]` class allows, and the offset after it; wildmatch's rules: `]` first
    is literal, `a-z` ranges, `\\x` escapes, `[:name:]` classes, `!` or `^` negates."""
    negated = i < len(p) and p[i] in b"!^"
    i += negated
    members: set[int] = set()
    prev, first = 0, True
    while True:
        if i >= len(p):
            raise _Abort("unclosed [")
        c = p[i]
        if c == 0x5D and not first:
            break
        first = False
        if c == 0x5C:
            i, prev = _escaped(p, i + 1), p[i + 1]
            members.add(prev)
        elif c == 0x2D and prev and i + 1 < len(p) and p[i + 1] != 0x5D:
            i = _range(p, i + 1, prev, members)
            prev = 0
        elif c == 0x5B and i + 1 < len(p) and p[i + 1] == 0x3A:
            i, prev = _posix_class(p, i, members)
        else:
            members.add(c)
            prev = c
            i += 1
    allowed = (_ALL - members) if negated else frozenset(members)
    return allowed, i + 1


def _escaped(p: bytes, i: int) -> int:
    """The offset after the byte a `\\` inside brackets escapes (at p[i])."""
    if i >= len(p):
        raise _Abort("unclosed [")
    return i + 1


def _range(p: bytes, i: int, low: int, members: set[int]) -> int:
    if p[i] == 0x5C:
        i = _escaped(p, i + 1) - 1
    members.update(range(low, p[i] + 1))
    return i + 1


def _posix_class(p: bytes, i: int, members: set[int]) -> tuple[int, int]:
    """`[:name:]` at p[i]; without a closing `:]` the `[` is an ordinary member (wildmatch)."""
    start = i + 2
    end = p.find(b"]", start)
    if end < 0:
        raise _Abort("unclosed [")
    if end - start - 1 < 0 or p[end - 1] != 0x3A:
        members.add(0x5B)
        return i + 1, 0x5B
    allowed = _POSIX.get(p[start:end - 1])
    if allowed is None:
        raise _Abort("unknown [:class:]")
    members.update(allowed)
    return end + 1, 0


# -- one path component -------------------------------------------------------------------------
@dataclass(frozen=True)
class _Chunk:
    """Fixed-width bytes between two `*` runs: a literal, or a quantifier-free expression."""

    width: int
    literal: bytes | None
    regex: re.Pattern[bytes] | None

    def at(self, name: bytes, pos: int) -> bool:
        if _steps is not None:
            _steps[0] += self.width
        if self.literal is not None:
            return name.startswith(self.literal, pos)
        return self.regex.match(name, pos) is not None  # type: ignore[union-attr]

    def find(self, name: bytes, pos: int, end: int) -> int:
        if self.literal is not None:
            found = name.find(self.literal, pos, end)
        else:
            hit = self.regex.search(name, pos, end)  # type: ignore[union-attr]
            found = hit.start() if hit else -1
        if _steps is not None:  # windows tried, times their width: what a naive search compares
            tried = (found if found >= 0 else end - self.width) - pos + 1
            _steps[0] += max(tried, 1) * max(self.width, 1)
        return found


def _class_regex(allowed: frozenset[int]) -> bytes:
    if not allowed:
        return b"(?!)"
    return b"[" + b"".join(b"\\x%02x" % byte for byte in sorted(allowed)) + b"]"


def _chunk(tokens: Sequence[Token]) -> _Chunk:
    if all(t[0] == "lit" for t in tokens):
        return _Chunk(len(tokens), bytes(t[1] for t in tokens), None)
    parts = [re.escape(bytes([t[1]])) if t[0] == "lit" else (b"[\\x00-\\xff]" if t[0] == "any" else _class_regex(t[1]))
             for t in tokens]
    return _Chunk(len(tokens), None, re.compile(b"".join(parts), re.DOTALL))


@dataclass(frozen=True)
class Segment:
    """A glob for one path component: `head*mid*mid*tail`, or a fixed-width glob without `*`."""

    head: _Chunk
    middle: tuple[_Chunk, ...] = ()
    tail: _Chunk | None = None  # None: no `*` at all, head must match the whole component

    def matches(self, name: bytes) -> bool:
        head, tail = self.head, self.tail
        if tail is None:
            return len(name) == head.width and head.at(name, 0)
        end = len(name) - tail.width
        if end < head.width or not head.at(name, 0) or not tail.at(name, end):
            return False
        pos = head.width
        for chunk in self.middle:
            found = chunk.find(name, pos, end)
            if found < 0:
                return False
            pos = found + chunk.width
        return True


def _segment(tokens: Sequence[Token]) -> Segment:
    pieces: list[list[Token]] = [[]]
    for token in tokens:
        if token[0] == "star":
            pieces.append([])
        else:
            pieces[-1].append(token)
    if len(pieces) == 1:
        return Segment(_chunk(pieces[0]))
    return Segment(_chunk(pieces[0]), tuple(_chunk(p) for p in pieces[1:-1] if p), _chunk(pieces[-1]))


# -- whole paths --------------------------------------------------------------------------------
DSTAR = None  # a `**` segment: any number of path components


def _place(group: Sequence[Segment], parts: Sequence[bytes], at: int) -> bool:
    return all(seg.matches(parts[at + k]) for k, seg in enumerate(group))


def _match_parts(groups: tuple[tuple[Segment, ...], ...], parts: Sequence[bytes]) -> bool:
    """Segments split by `**` into groups: the first anchored at the start, the last at the
    end, the others leftmost in between (each component meets each segment once per group)."""
    if len(groups) == 1:
        return len(parts) == len(groups[0]) and _place(groups[0], parts, 0)
    first, last = groups[0], groups[-1]
    end = len(parts) - len(last)
    if end < len(first) or not _place(first, parts, 0) or not _place(last, parts, end):
        return False
    pos = len(first)
    for group in groups[1:-1]:
        start = next((j for j in range(pos, end - len(group) + 1) if _place(group, parts, j)), -1)
        if start < 0:
            return False
        pos = start + len(group)
    return True


@dataclass(frozen=True)
class Pattern:
    """One compiled line: what it matches, and how it was written (for notes and tests)."""

    text: str
    line: int
    negated: bool
    dir_only: bool
    basename: bool  # no `/` in it: matched against the last component, at any depth
    alternatives: tuple[tuple[tuple[Segment, ...], ...], ...] = ()  # groups of segments; none: never matches
    literal: bytes | None = None  # no wildcard at all: a comparison is the whole match
    endswith: bytes | None = None  # basename `*literal`

    def matches(self, parts: Sequence[bytes]) -> bool:
        """Whether the path (its components, below the rules' directory) matches, directory
        or not (dir_only is the caller's to apply)."""
        if self.basename:
            return bool(self.alternatives) and self.alternatives[0][0][0].matches(parts[-1])
        return any(_match_parts(groups, parts) for groups in self.alternatives)


def _special_run(body: bytes, at: int) -> int:
    """The end of a run of 2+ `*` at `at` that git treats as `**` (followed by the end, `/` or
    an escaped `/`), or -1."""
    run = at
    while run < len(body) and body[run] == 0x2A:
        run += 1
    after = body[run:run + 2]
    if run - at >= 2 and (after[:1] in (b"", b"/") or after == b"\\/"):
        return run
    return -1


def _quirk_offset(body: bytes) -> int:
    """Where git's literal-prefix shortcut makes a `**` match across `/` inside a component:
    match_pathname compares the text before the first wildcard, then wildmatch sees the rest as
    a fresh pattern whose leading `**` is special, so `ab**/c` matches `abX/Y/c` (and `abc`).
    -1 when it does not apply (no prefix, or the prefix ends a component: plain `**`)."""
    prefix = next((i for i, c in enumerate(body) if c in _SPECIAL), len(body))
    if prefix == 0 or body[prefix - 1] == 0x2F or _special_run(body, prefix) < 0:
        return -1
    return prefix


def _alternatives(body: bytes, quirk: int) -> tuple[tuple[tuple[Segment, ...], ...], ...]:
    """The segment groups of an anchored pattern; with the prefix quirk, also the pattern
    where its `**/` matches nothing and the rest continues the prefix's component."""
    main = _groups(_tokens(body), quirk)
    if quirk < 0:
        return (main,)
    rest = body[_special_run(body, quirk):]
    if not rest:
        return (main,)
    rest = rest[1:] if rest.startswith(b"/") else rest[2:]
    while (run := _special_run(rest, 0)) >= 0 and rest[run:run + 1] in (b"/", b"\\"):
        rest = rest[run + (1 if rest[run:run + 1] == b"/" else 2):]  # `**/**/x` is `**/x`
    fused = body[:quirk] + rest
    return (main,) + _alternatives(fused, quirk if _special_run(rest, 0) >= 0 else -1)


def _is_quirk_star(token: Token, quirk: int) -> bool:
    return token[0] == "star" and token[2] == quirk


def _items(tokens: list[Token], quirk: int) -> list[Segment | None]:
    """Components of an anchored pattern: a Segment each, DSTAR for a `**` component (and
    after the quirk's component); a trailing `/**` wants at least one more component."""
    split: list[list[Token]] = [[]]
    for token in tokens:
        if token[0] == "sep":
            split.append([])
        else:
            split[-1].append(token)
    items: list[Segment | None] = []
    for part in split:
        if len(part) == 1 and part[0][0] == "star" and part[0][1] >= 2:
            items.append(DSTAR)
        else:
            items.append(_segment(part))
            if part and _is_quirk_star(part[-1], quirk):
                items.append(DSTAR)
    if items[-1] is DSTAR and not (split[-1] and _is_quirk_star(split[-1][-1], quirk)):
        items.append(_segment([("star", 1, -1)]))
    return items


def _groups(tokens: list[Token], quirk: int) -> tuple[tuple[Segment, ...], ...]:
    """The components between `**`s (repeated `**` are one): what _match_parts places."""
    groups: list[list[Segment]] = [[]]
    for item in _items(tokens, quirk):
        if item is DSTAR:
            if groups[-1] or len(groups) == 1:
                groups.append([])
        else:
            groups[-1].append(item)
    return tuple(tuple(g) for g in groups)


def compile_pattern(raw: bytes, line: int = 0) -> Pattern | None:
    """One gitignore line (already stripped of its newline), or None for a blank or comment."""
    if not raw or raw.startswith(b"#"):
        return None
    body, negated, dir_only, basename = _parse_flags(_trim_trailing_spaces(raw))
    pattern = Pattern(raw.decode("utf-8", "replace"), line, negated, dir_only, basename)
    try:
        if basename:
            alternatives = (((_segment(_tokens(body)),),),)
        else:
            alternatives = _alternatives(body, _quirk_offset(body))
    except _Abort:
        return pattern
    plain = not any(c in _SPECIAL for c in body)
    ends = basename and body.startswith(b"*") and not any(c in _SPECIAL for c in body[1:])
    return Pattern(pattern.text, line, negated, dir_only, basename, alternatives,
                   body if plain else None, body[1:] if ends else None)


def _parse_flags(body: bytes) -> tuple[bytes, bool, bool, bool]:
    """(pattern, negated, directories only, basename) as git's parse_path_pattern: `!` first,
    one trailing `/`, no other `/` for a basename pattern, one leading `/` dropped."""
    negated = body.startswith(b"!")
    body = body[1:] if negated else body
    dir_only = body.endswith(b"/")
    body = body[:-1] if dir_only else body
    basename = b"/" not in body
    if not basename and body.startswith(b"/"):
        body = body[1:]
    return body, negated, dir_only, basename


def _trim_trailing_spaces(raw: bytes) -> bytes:
    """Trailing spaces go unless escaped by a backslash (git's trim_trailing_spaces)."""
    last_space = -1
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == 0x20:
            last_space = i if last_space < 0 else last_space
        elif c == 0x5C:
            i += 1
            if i >= len(raw):
                return raw
            last_space = -1
        else:
            last_space = -1
        i += 1
    return raw[:last_space] if last_space >= 0 else raw
