"""Ignore rules: the lines of a .gitignore (or of a configuration's `exclude`) for one directory,
with git's precedence, and the API the rest of prodready uses to ask whether a path is ignored.

Why our own matcher (scanning/wildmatch.py): pathspec translates patterns into backtracking
regular expressions and git's wildmatch backtracks too, so a hostile `*a*a*a…*ax` next to a long
name hangs either; ours is O(len(name) x len(pattern)) for every pattern. What is refused, with
a note naming the file and line: a pattern over MAX_PATTERN_BYTES, and every pattern past
MAX_PATTERNS_PER_SOURCE in one source.

    rules, notes = IgnoreRules.from_lines(lines, base_dir="sub", source="sub/.gitignore")
    rules.ignored("sub/build/x.o", is_dir=False)
    ExcludeSpec(["legacy/", "*.generated.py"]).match("legacy/app.py")
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from prodready.scanning.wildmatch import MAX_PATTERN_BYTES, Pattern, compile_pattern, count_steps

__all__ = [
    "MAX_PATTERNS_PER_SOURCE",
    "MAX_PATTERN_BYTES",
    "ExcludeSpec",
    "IgnoreRules",
    "Pattern",
    "compile_pattern",
    "count_steps",
    "split_path",
]

MAX_PATTERNS_PER_SOURCE = 10_000


# -- a file of patterns -------------------------------------------------------------------------
@dataclass(frozen=True)
class IgnoreRules:
    """The patterns of one source (a .gitignore, info/exclude, a configuration's list) for the
    directory `base`, indexed so most lines cost a dictionary lookup: literal names and
    `*.suffix` patterns are found by key, only the rest are tried one by one, newest first."""

    base: str
    source: str
    patterns: tuple[Pattern, ...]
    _names: dict[bytes, tuple[int, ...]] = field(repr=False, compare=False)
    _paths: dict[bytes, tuple[int, ...]] = field(repr=False, compare=False)
    _suffixes: dict[int, dict[bytes, tuple[int, ...]]] = field(repr=False, compare=False)
    _others: tuple[int, ...] = field(repr=False, compare=False)  # newest first

    @classmethod
    def from_lines(cls, lines: Iterable[str | bytes], base_dir: str = "", source: str = ".gitignore",
                   limit: int = MAX_PATTERNS_PER_SOURCE, where: Sequence[str] = ()) -> tuple[IgnoreRules, list[str]]:
        """Compile `lines` (a .gitignore's, with a CR before the newline and a leading BOM
        dropped as git does) and say which were refused: lines over MAX_PATTERN_BYTES, and
        every pattern past `limit`. Notes name `source:line`, or `where[i]` when given."""
        patterns: list[Pattern] = []
        notes: list[str] = []
        for number, line in enumerate(lines, 1):
            raw = _clean_line(line, number)
            if not raw or raw.startswith(b"#"):
                continue
            at = where[number - 1] if number <= len(where) else f"{source}:{number}"
            if len(raw) > MAX_PATTERN_BYTES:
                notes.append(f"{at}: pattern ignored, over {MAX_PATTERN_BYTES:,} characters ({len(raw):,})")
                continue
            if len(patterns) >= limit:
                notes.append(f"{at}: this pattern and every one after it ignored, "
                             f"only the first {limit:,} patterns of a source are read")
                break
            compiled = compile_pattern(raw, number)
            if compiled is not None:
                patterns.append(compiled)
        return cls.of(patterns, base_dir.strip("/"), source), notes

    @classmethod
    def of(cls, patterns: Sequence[Pattern], base: str, source: str) -> IgnoreRules:
        names: dict[bytes, list[int]] = {}
        paths: dict[bytes, list[int]] = {}
        suffixes: dict[int, dict[bytes, list[int]]] = {}
        others: list[int] = []
        for index, pattern in enumerate(patterns):
            if pattern.basename and pattern.literal is not None:
                names.setdefault(pattern.literal, []).append(index)
            elif pattern.literal is not None:
                paths.setdefault(pattern.literal, []).append(index)
            elif pattern.endswith is not None:
                suffixes.setdefault(len(pattern.endswith), {}).setdefault(pattern.endswith, []).append(index)
            elif pattern.alternatives:
                others.append(index)

        def newest_first(table: dict[bytes, list[int]]) -> dict[bytes, tuple[int, ...]]:
            return {key: tuple(reversed(found)) for key, found in table.items()}

        return cls(base, source, tuple(patterns), newest_first(names), newest_first(paths),
                   {size: newest_first(table) for size, table in suffixes.items()}, tuple(reversed(others)))

    def last_match(self, parts: Sequence[bytes], is_dir: bool) -> Pattern | None:
        """The last pattern matching `parts` (the path's components below `base`), negated or
        not; None when no pattern says anything about it."""
        best = -1
        name = parts[-1]
        best = self._first_applicable(self._names.get(name, ()), is_dir, best)
        if self._paths:
            best = self._first_applicable(self._paths.get(b"/".join(parts), ()), is_dir, best)
        for size, table in self._suffixes.items():
            if len(name) >= size:
                best = self._first_applicable(table.get(name[len(name) - size:], ()), is_dir, best)
        for index in self._others:
            if index <= best:
                break
            pattern = self.patterns[index]
            if (is_dir or not pattern.dir_only) and pattern.matches(parts):
                best = index
                break
        return self.patterns[best] if best >= 0 else None

    def _first_applicable(self, indexes: tuple[int, ...], is_dir: bool, best: int) -> int:
        for index in indexes:
            if index <= best:
                return best
            if is_dir or not self.patterns[index].dir_only:
                return index
        return best

    def ignored(self, path: str, is_dir: bool = False) -> bool:
        """Whether these rules alone ignore `path` (relative to the repository root), a parent
        directory they exclude included: git never re-includes below an excluded directory."""
        parts = split_path(path)
        base = len(split_path(self.base)) if self.base else 0
        if len(parts) <= base or (base and b"/".join(parts[:base]) != self.base.encode("utf-8", "surrogateescape")):
            return False
        for end in range(base + 1, len(parts) + 1):
            found = self.last_match(parts[base:end], end < len(parts) or is_dir)
            if found is not None and not found.negated and end < len(parts):
                return True
        return found is not None and not found.negated


def _clean_line(line: str | bytes, number: int) -> bytes:
    raw = line.encode("utf-8", "surrogateescape") if isinstance(line, str) else line
    if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.endswith(b"\n"):
        raw = raw[:-1]
    return raw[:-1] if raw.endswith(b"\r") else raw


def split_path(path: str) -> list[bytes]:
    """A repository path's components as git compares them: bytes, UTF-8."""
    return path.encode("utf-8", "surrogateescape").strip(b"/").split(b"/")


class ExcludeSpec:
    """gitignore-style patterns from a configuration (`exclude`, a waiver's `path`) applied to
    file paths relative to the root, with the same bounded matcher; `notes` says which
    patterns were refused."""

    def __init__(self, patterns: Iterable[str], source: str = "exclude", where: Sequence[str] = ()):
        """`where[i]` names entry i in notes (".prodready.yml:7 (exclude)"); else `source:i`."""
        self.rules, self.notes = IgnoreRules.from_lines(list(patterns), "", source, where=where)

    def match(self, path: str) -> bool:
        """Whether the file `path` is excluded (directly, or through an excluded directory)."""
        return self.rules.ignored(path, is_dir=False)

    def covers_directory(self, path: str) -> bool:
        """Whether the whole directory `path` is covered: the directory itself (`dir/`, `dir`),
        or anything below it (`dir/**`, `dir/*`). Asked with a child whose name no pattern
        spells, so a pattern for some files only (`dir/*.py`) does not cover the directory."""
        path = path.rstrip("/")
        return self.rules.ignored(path, is_dir=True) or self.rules.ignored(f"{path}/\u2400", is_dir=False)
