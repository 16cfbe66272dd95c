"""Per-file answers kept across audits: where in a file a search matches, and other small facts
computed from one file's text alone.

The worker batches (secrets, complexity, routes) are cached already; what a warm audit still
paid for was the main process asking ~100 regular expressions of thousands of files. Those
answers depend only on the file's text and the pattern, so each file gets one cache row, keyed
by its content, holding {answer name: value}: for a search, the name is a digest of the pattern
and its flags and the value is the offsets of the lines where a match starts (never the text:
evidence snippets are cut from the file when they are shown). A warm audit finds a file's row
by the file's identity (its stat, or its blob id) without reading it, and runs no pattern at
all. A search over many files is also remembered whole, per tree, by the paths and content keys
it covered: asking it again of an unchanged tree is one lookup, not one per file.

The namespace carries the tool version, this module's source and the Python version (the `re`
engine's answers may change between versions). Two audits writing the same row: the last one
wins, which loses answers, never correctness.
"""

from __future__ import annotations

import hashlib
import re
import sys
from functools import lru_cache
from typing import Any, Callable, Iterable, Protocol, TypeVar

from prodready.scanning.cache import FactCache, analysis_version, content_key
from prodready.scanning.search import prefilter

T = TypeVar("T")
FirstMatch = Callable[[re.Pattern[str], str], "re.Match[str] | None"]  # (regex, path) -> first match
RegionsOf = Callable[[str, str], Any]  # (path, text) -> SyntaxRegions or None (scanning/syntax.py)
MISSING = object()  # get(): no answer remembered
EMPTY = ""  # the row entry " name name ... " listing the names whose answer is []
MAX_ANSWERS_PER_FILE = 4096  # a row asked more than this (patterns that keep changing) starts over


class FileIdentities(Protocol):
    """Names for files' bytes that cost no read (FileIndex: stat of a settled file; the base
    revision's index: the blob id), valid within `identity_scope`."""

    @property
    def identity_scope(self) -> str: ...

    def identity(self, path: str) -> str | None: ...

    def known_binary(self, path: str) -> bool: ...


class TextSource(Protocol):
    """What fact builders read files through (RepoFacts): texts, and remembered answers."""

    def text(self, path: str) -> str | None: ...

    def code_match_starts(self, regex: re.Pattern[str], path: str, regions_of: RegionsOf) -> tuple[list[int], int]:
        """(offsets of the lines of `path` on which a match of `regex` starts in code, the
        first line that did not parse or 0). What is a mention (in a string, a comment, a doc
        block) is left out (SyntaxRegions.is_code); a file that does not parse cleanly keeps
        every line its matches start on, and says at which line parsing failed. Only files the
        plain search found something in are parsed, and the answer is remembered by content."""
        starts = self.match_starts(regex, path)
        if not starts:
            return [], 0
        key = self.content_key(path)
        name = search_name(regex) + ":code"
        found = self.get(key, name) if key is not None else MISSING
        if found is MISSING:
            text = self._read_text(path) or ""
            regions = regions_of(path, text)
            if regions is None or regions.error_line:
                found = [regions.error_line if regions is not None else -1, starts]
            else:
                found = [0, [start for start in starts if _starts_in_code(regex, text, start, regions)]]
            if key is not None:
                self.put(key, name, found)
        return found[1], found[0]

    def first_match(self, regex: re.Pattern[str], path: str) -> re.Match[str] | None: ...

    def per_file(self, path: str, compute: Callable[..., T], *args: str | int) -> T | None: ...


@lru_cache(maxsize=4096)
def search_name(regex: re.Pattern[str]) -> str:
    """The answer name of a search: a digest of the pattern and its flags."""
    raw = f"{regex.flags}:{regex.pattern}".encode("utf-8", "surrogatepass")
    return "g" + hashlib.blake2b(raw, digest_size=8).hexdigest()


@lru_cache(maxsize=1024)
def function_name(compute: Callable[..., Any]) -> str:
    """The answer name of a per-file function: its qualified name and its module's source, so
    editing the module invalidates what it computed."""
    module = sys.modules.get(compute.__module__)
    raw = f"{compute.__module__}.{compute.__qualname__}:{analysis_version(module)}".encode()
    return "f" + hashlib.blake2b(raw, digest_size=8).hexdigest()


_NOT_UNICODE = ~int(re.UNICODE)  # an int mask: RegexFlag arithmetic costs microseconds per call


def match_line_starts(regex: re.Pattern[str], text: str) -> list[int]:
    """Offsets of the starts of the lines on which a match of `regex` starts, each once, in order
    (a match may run over several lines; it counts for the line where it starts). Behind the
    pattern's literal prefilter: a text without its literals is not searched, and a pattern
    whose matches stay within a line is searched on the lines holding a literal only."""
    spans = prefilter(regex.pattern, regex.flags & _NOT_UNICODE).spans(text)
    if spans is not None:
        return [start for start, end in spans if regex.search(text, start, end)]
    starts: list[int] = []
    last = -1
    for match in regex.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        if start != last:
            starts.append(start)
            last = start
    return starts


class FileMemo:
    """Answers about single files, {content key: {answer name: value}}, read from and written
    to the fact cache in bulk. `read_text(path)` gives a file's text (None: binary or skipped).

    `identities`: when given, the content key of a file whose identity (FileIdentities) is the
    same as when its key was last computed is taken from the cache without reading the file,
    so a warm audit reads only the files something still needs the text of."""

    def __init__(self, cache: FactCache, read_text: Callable[[str], str | None],
                 identities: FileIdentities | None = None, assembly: str = ""):
        self._cache = cache
        self._read_text = read_text
        self._namespace = f"memo:{analysis_version(sys.modules[__name__])}:py{sys.version_info[0]}.{sys.version_info[1]}"
        # searches over many files are as good as the code that turns their answers into hits
        self._searches_namespace = _searches_namespace(self._namespace, assembly)
        self._rows: dict[str, dict[str, Any]] = {}
        self._dirty: set[str] = set()
        self._keys: dict[str, str | None] = {}
        self._unloaded: list[str] = []  # keys computed, rows not fetched yet
        self._identities = identities if cache.enabled else None
        self._where: dict[str, Any] | None = None  # {path: [identity, content key or None]}
        self._where_changed = False
        self._searches: dict[str, Any] | None = None  # {search over files: where it matched}
        self._searches_used: dict[str, Any] = {}

    # -- what checks and facts ask -------------------------------------------------------------
    def content_key(self, path: str) -> str | None:
        """The cache key of a file's text (None: binary or skipped), found once per file."""
        known = self._keys
        if path not in known:
            known[path] = key = self._key_of(path)
            if key is not None:
                self._unloaded.append(key)
        return known[path]

    def _key_of(self, path: str) -> str | None:
        identities = self._identities
        identity = identities.identity(path) if identities is not None else None
        if identity is not None:
            seen = self._whereabouts().get(path)
            if isinstance(seen, list) and len(seen) == 2 and seen[0] == identity and isinstance(seen[1], (str, type(None))):
                return seen[1]
        text = self._read_text(path)
        key = None if text is None else content_key(text)
        # no text because of an error or a limit is reported by the read: never skip that read
        if identity is not None and (key is not None or identities.known_binary(path)):
            self._whereabouts()[path] = [identity, key]
            self._where_changed = True
        return key

    def _whereabouts(self) -> dict[str, Any]:
        """The scope's {path: [identity, content key]}, one cache row, fetched on first use."""
        if self._where is None:
            self._where = {}
            if self._identities is not None:
                scope = self._identities.identity_scope
                found = self._cache.get_many(_where_namespace(), [scope]).get(scope)
                if isinstance(found, dict):
                    self._where = found
        return self._where

    def match_starts(self, regex: re.Pattern[str], path: str) -> list[int]:
        """Offsets of the lines of `path` on which a match of `regex` starts (see
        match_line_starts); no pattern runs when the answer is remembered."""
        key = self.content_key(path)
        if key is None:
            return []
        name = search_name(regex)
        starts = self.get(key, name)
        if starts is MISSING:
            text = self._read_text(path)
            if not text:
                return []
            starts = match_line_starts(regex, text)
            self.put(key, name, starts)
        return starts

    def code_match_starts(self, regex: re.Pattern[str], path: str, regions_of: RegionsOf) -> tuple[list[int], int]:
        """(offsets of the lines of `path` on which a match of `regex` starts in code, the
        first line that did not parse or 0). What is a mention (in a string, a comment, a doc
        block) is left out (SyntaxRegions.is_code); a file that does not parse cleanly keeps
        every line its matches start on, and says at which line parsing failed. Only files the
        plain search found something in are parsed, and the answer is remembered by content."""
        starts = self.match_starts(regex, path)
        if not starts:
            return [], 0
        key = self.content_key(path)
        name = search_name(regex) + ":code"
        found = self.get(key, name) if key is not None else MISSING
        if found is MISSING:
            text = self._read_text(path) or ""
            regions = regions_of(path, text)
            if regions is None or regions.error_line:
                found = [regions.error_line if regions is not None else -1, starts]
            else:
                found = [0, [start for start in starts if _starts_in_code(regex, text, start, regions)]]
            if key is not None:
                self.put(key, name, found)
        return found[1], found[0]

    def first_match(self, regex: re.Pattern[str], path: str) -> re.Match[str] | None:
        """`regex.search` over the file's text; a file known not to match is not searched."""
        starts = self.match_starts(regex, path)
        if not starts:
            return None
        # the first match starts on the first remembered line: searching from that line's start
        # finds it (`^` still matches there under re.M, and lookbehinds still see what precedes)
        return regex.search(self._read_text(path) or "", starts[0])

    def per_file(self, path: str, compute: Callable[..., T], *args: str | int,
                 source: Callable[[], Any] | None = None) -> T | None:
        """`compute(text, *args)` for one file (None when the file has no text), remembered by
        content. `compute` must be a module-level pure function of the text and `args`,
        returning JSON data made of lists (never tuples), so a remembered answer equals a
        computed one. `source`: what to give `compute` instead of the text, derived from it
        alone (the file's syntax tree), built only when the answer is not remembered; when it
        gives None, so does this."""
        key = self.content_key(path)
        if key is None:
            return None
        name = function_name(compute) + (repr(args) if args else "")
        found = self.get(key, name)
        if found is MISSING:
            given = (self._read_text(path) or "") if source is None else source()
            found = None if given is None else compute(given, *args)
            self.put(key, name, found)
        return found

    # -- searches over many files --------------------------------------------------------------
    def search_over(self, regex: re.Pattern[str], paths: list[str], keys: list[str | None], limit: int,
                    mode: str = "") -> tuple[str, Any]:
        """(name, remembered answer or MISSING) of a search of `regex` over the files `paths`
        whose content keys are `keys`, as the last audit of this tree left it: a warm search
        then costs one lookup instead of one per file. The name covers the pattern, the limit
        and every file's path and content, so any change in any of them is a miss. `mode`: how
        matches are counted ("code": only those in code), part of the name."""
        digest = hashlib.blake2b(f"{search_name(regex)}:{limit}:{mode}".encode(), digest_size=16)
        digest.update("\0".join(f"{path}\1{key or '-'}" for path, key in zip(paths, keys)).encode("utf-8", "surrogatepass"))
        name = digest.hexdigest()
        found = self._search_answers().get(name, MISSING)
        if found is not MISSING and not _well_formed(found, len(paths)):
            found = MISSING  # a damaged entry is a miss, and is replaced
        if found is not MISSING:
            self._searches_used[name] = found
        return name, found

    def remember_search(self, name: str, located: list[list[Any]]) -> None:
        """Keep where a search over many files matched: [[index of the file, line starts], ...]."""
        self._searches_used[name] = located

    def _search_answers(self) -> dict[str, Any]:
        """The answers the last audit of this tree kept (one cache row per tree)."""
        if self._searches is None:
            self._searches = {}
            if self._identities is not None:
                scope = self._identities.identity_scope
                found = self._cache.get_many(self._searches_namespace, [scope]).get(scope)
                if isinstance(found, dict):
                    self._searches = found
        return self._searches

    # -- storage -------------------------------------------------------------------------------
    def load(self, keys: Iterable[str]) -> None:
        """Fetch the rows of `keys` not fetched yet (one query per few hundred keys)."""
        wanted = [k for k in dict.fromkeys(keys) if k not in self._rows]
        if wanted:
            found = self._cache.get_many(self._namespace, wanted) if self._cache.enabled else {}
            for key in wanted:
                row = found.get(key)
                self._rows[key] = row if isinstance(row, dict) else {}
        if self._unloaded:
            self._unloaded = [k for k in self._unloaded if k not in self._rows]

    def get(self, key: str, name: str) -> Any:
        """The remembered answer, or MISSING."""
        row = self._rows.get(key)
        if row is None:
            # fetch with it every row whose key was computed since: one query instead of thousands
            self.load([key, *self._unloaded])
            row = self._rows[key]
        found = row.get(name, MISSING)
        if found is MISSING and f" {name} " in row.get(EMPTY, ""):
            return []
        return found

    def put(self, key: str, name: str, value: Any) -> None:
        row = self._rows.setdefault(key, {})
        if len(row) + row.get(EMPTY, " ").count(" ") >= MAX_ANSWERS_PER_FILE:
            row.clear()
        if value == [] and " " not in name:
            # most searches find nothing in most files: those names share one string, which
            # costs a fifth of a dict entry each (the memo of a 15k-file tree stays in memory)
            row[EMPTY] = f"{row.get(EMPTY, ' ')}{name} "
        else:
            row[name] = value
        self._dirty.add(key)

    def save(self) -> None:
        """Write the rows that gained answers, and the content keys learnt by identity, without
        the paths that are gone or changed since (nothing when the cache is off)."""
        if self._dirty and self._cache.enabled:
            self._cache.put_many(self._namespace, {key: self._rows[key] for key in sorted(self._dirty)})
        self._dirty.clear()
        if self._where_changed and self._identities is not None and self._where is not None:
            identity = self._identities.identity
            kept = {path: seen for path, seen in sorted(self._where.items()) if seen[0] == identity(path)}
            self._cache.put_many(_where_namespace(), {self._identities.identity_scope: kept})
            self._where_changed = False
        if self._identities is not None and self._searches_used and self._searches_used != self._searches:
            # only this audit's searches: the row stays the size of one audit's questions
            self._cache.put_many(self._searches_namespace,
                                 {self._identities.identity_scope: dict(sorted(self._searches_used.items()))})
            self._searches = dict(self._searches_used)


def _starts_in_code(regex: re.Pattern[str], text: str, line_start: int, regions: Any) -> bool:
    """Whether a match of `regex` starting on the line at `line_start` starts in code."""
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end == -1 else line_end + 1
    position = line_start
    while position < line_end:
        match = regex.search(text, position)
        if match is None or match.start() >= line_end:
            return False
        if regions.is_code(match.start(), match.end()):
            return True
        position = max(match.end(), match.start() + 1)
    return False


def _well_formed(located: Any, files: int) -> bool:
    """Whether a remembered search answer is [[file index, [line start, ...](, error line)], ...]."""
    return isinstance(located, list) and all(
        isinstance(item, list) and len(item) in (2, 3) and all(type(x) is int for x in item[2:])
        and type(item[0]) is int and 0 <= item[0] < files
        and isinstance(item[1], list) and item[1] and all(type(start) is int and start >= 0 for start in item[1])
        for item in located)


@lru_cache(maxsize=4)
def _searches_namespace(memo_namespace: str, assembly: str) -> str:
    """A search over many files is as good as what it is made of: the per-file answers
    (memo_namespace), the way perfile.py assembles them, and the identity map that gave the
    files' content keys (_where_namespace); a change to any of them retires every answer."""
    return f"searches:{memo_namespace}:{assembly}:{_where_namespace()}"


@lru_cache(maxsize=1)
def _where_namespace() -> str:
    """Content keys by identity depend on how a file becomes text (files.py) and how text
    becomes a key (cache.py)."""
    from prodready.scanning import cache, files

    return f"where:{analysis_version(files, cache)}"
