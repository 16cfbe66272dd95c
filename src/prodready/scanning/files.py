"""The file index: which files are first-party, what role they play, and their text.

This is the only module that reads the audited tree's files (scanning/listing.py lists them).
Rules it keeps:
- symlinks are never followed (a link could point out of the root) and are noted;
- vendored and generated trees are left out of first-party code;
- each file is read at most once, at most `max_file_bytes`, and binary files are skipped.
"""

from __future__ import annotations

import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

VENDORED_DIRS = frozenset(
    {
        "vendor", "node_modules", "third_party", "third-party", "dist", "build", ".venv",
        "venv", "env", ".git", "__pycache__", ".tox", ".nox", ".mypy_cache", ".pytest_cache",
        ".ruff_cache", "bower_components", "jspm_packages", ".next", ".nuxt", "site-packages",
        ".gradle", ".idea", ".vscode", "coverage_html", "htmlcov", ".terraform",
    }
)
GENERATED_FILE = re.compile(r"(\.min\.(js|css|mjs)|[.-]bundle\.js|\.pb\.go|_pb2\.py|\.map)$", re.I)
TEST_DIRS = frozenset(
    {"test", "tests", "__tests__", "__test__", "spec", "specs", "testdata", "testing",
     "fixtures", "__fixtures__", "__mocks__", "e2e", "integration_tests", "it"}
)
EXAMPLE_DIRS = frozenset({"example", "examples", "sample", "samples", "demo", "demos"})
TEST_FILE = re.compile(
    r"(^test_.*\.py$|_test\.py$|^conftest\.py$|^tests?\.py$|_test\.go$|\.(test|spec)\.[cm]?[jt]sx?$"
    r"|(Test|Tests|IT)\.(java|kt)$)"
)

DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024
BINARY_SNIFF_BYTES = 8192
# a file's stat names its bytes only once it has been still for longer than the file system's
# timestamp granularity: a write in the same tick as the last one would leave the stat unchanged
SETTLED_NS = 2_000_000_000


@dataclass(frozen=True)
class FileEntry:
    """One first-party file: posix path relative to the root, its size and its role."""

    path: str
    size: int
    role: str  # "source" | "test" | "example"
    # derived once: checks ask for them hundreds of thousands of times on a large tree
    name: str = field(init=False, repr=False, compare=False)
    suffix: str = field(init=False, repr=False, compare=False)  # lower-cased, as PurePosixPath.suffix

    def __post_init__(self) -> None:
        name = self.path.rsplit("/", 1)[-1]
        dot = name.rfind(".")  # ".env" and "a." have no suffix
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "suffix", name[dot:].lower() if 0 < dot < len(name) - 1 else "")

    @property
    def is_production(self) -> bool:
        return self.role == "source"


def classify_role(path: str) -> str:
    """Tests, fixtures and examples are not production evidence; tell them apart by path."""
    parts = path.split("/")  # paths from the index are clean posix paths (a string split is 10x PurePosixPath)
    dirs = [p.lower() for p in parts[:-1]]
    for index in range(len(dirs) - 1):
        # JVM source roots: what follows src/main/java is a package name (com/example), not a folder role
        if dirs[index] in ("main", "test") and dirs[index + 1] in ("java", "kotlin", "scala"):
            dirs = dirs[: index + 2]
            break
    if any(d in TEST_DIRS for d in dirs) or TEST_FILE.search(parts[-1]):
        return "test"
    if "src" in dirs and "test" in dirs:  # Maven/Gradle src/test/java
        return "test"
    if any(d in EXAMPLE_DIRS for d in dirs):
        return "example"
    return "source"


# committed build output: not first-party code, but pushed with the repository, so a secret in it
# is leaked like one in the source; third-party trees (node_modules, vendor) are not ours to judge
BUILD_OUTPUT_DIRS = frozenset({"dist", "build"})
_THIRD_PARTY_DIRS = VENDORED_DIRS - BUILD_OUTPUT_DIRS - {".next", ".nuxt", "coverage_html", "htmlcov"}
_BUILT_FILE = re.compile(r"(\.min\.(js|mjs)|[.-]bundle\.js)$", re.I)


def is_build_output(path: str) -> bool:
    """Whether `path` is committed build output (dist/, build/, a minified bundle) outside any
    third-party tree."""
    parts = path.split("/")
    if any(part in _THIRD_PARTY_DIRS for part in parts[:-1]):
        return False
    return any(part in BUILD_OUTPUT_DIRS for part in parts[:-1]) or _BUILT_FILE.search(parts[-1]) is not None


def excluded_reason(path: str) -> str | None:
    """Why a path is not first-party code (vendored or generated), or None."""
    parts = path.split("/")
    for part in parts[:-1]:
        if part in VENDORED_DIRS:
            return f"vendored or generated directory {part}/"
    if GENERATED_FILE.search(parts[-1]):
        return "minified, bundled or generated file"
    return None


class FileIndex:
    """First-party files under `root`, with bounded, cached, symlink-safe reads."""

    def __init__(self, root: Path, paths: list[str], max_file_bytes: int = DEFAULT_MAX_FILE_BYTES):
        self.root = root
        self._root = os.fspath(root)  # joined as strings: pathlib's `/` cost 0.1 s per 4,000 files
        self.max_file_bytes = max_file_bytes
        self.notes: list[str] = []
        self.excluded: dict[str, int] = {}
        self._text: dict[str, str | None] = {}
        self._identity: dict[str, str] = {}
        self._binary: set[str] = set()
        self._settled_before = time.time_ns() - SETTLED_NS
        entries: list[FileEntry] = []
        built: list[FileEntry] = []
        for rel in sorted(set(paths)):
            reason = excluded_reason(rel)
            if reason:
                self.excluded[reason] = self.excluded.get(reason, 0) + 1
                if is_build_output(rel) and (size := self._size(rel, note=False)) is not None:
                    built.append(FileEntry(rel, size, "build"))
                continue
            size = self._size(rel)
            if size is not None:
                entries.append(FileEntry(rel, size, classify_role(rel)))
        self.entries: tuple[FileEntry, ...] = tuple(entries)
        # read only by the secret scanner: checks judge first-party files (entries)
        self.build_output: tuple[FileEntry, ...] = tuple(built)
        self._by_path = {e.path: e for e in entries}
        self._built_by_path = {e.path: e for e in built}

    def _size(self, rel: str, note: bool = True) -> int | None:
        """The size of a regular file to index, or None to leave it out (with a note for a
        symlink, which is never followed, unless `note` is False)."""
        try:
            info = os.lstat(os.path.join(self._root, rel))
        except OSError:
            return None  # tracked but deleted in the work tree
        if stat.S_ISLNK(info.st_mode):
            if note:
                self.notes.append(f"{rel}: symlink not followed")
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        if max(info.st_mtime_ns, info.st_ctime_ns) < self._settled_before:
            self._identity[rel] = f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}:{info.st_dev}"
        return info.st_size

    @property
    def identity_scope(self) -> str:
        """What `identity` names files within: this directory."""
        return "tree:" + os.path.realpath(self._root)

    def identity(self, path: str) -> str | None:
        """A name for the file's exact bytes that costs no read, or None: its size, times,
        inode and device, once it has settled (SETTLED_NS; the ctime changes on every write and
        cannot be set back, so an edit always changes it). None for files over the size limit,
        whose reads must happen to note the skip."""
        entry = self.readable(path)
        if entry is None or entry.size > self.max_file_bytes:
            return None
        return self._identity.get(path)

    def known_binary(self, path: str) -> bool:
        """Whether reading `path` found binary content (its text is None for that reason
        alone, not for an error or a limit that a note reports)."""
        return path in self._binary

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, path: str) -> FileEntry | None:
        return self._by_path.get(path)

    def leave_out(self, unwanted: Callable[[str], bool], reason: str) -> None:
        """Drop the files (first-party and build output) whose path `unwanted` says, counting
        the first-party ones under `reason`."""
        kept = tuple(e for e in self.entries if not unwanted(e.path))
        if len(kept) != len(self.entries):
            self.excluded[reason] = self.excluded.get(reason, 0) + len(self.entries) - len(kept)
        self.entries = kept
        self._by_path = {e.path: e for e in kept}
        self.build_output = tuple(e for e in self.build_output if not unwanted(e.path))
        self._built_by_path = {e.path: e for e in self.build_output}

    def readable(self, path: str) -> FileEntry | None:
        """The entry of a first-party file or of committed build output (which only the secret
        scanner reads)."""
        return self._by_path.get(path) or self._built_by_path.get(path)

    def exists(self, path: str) -> bool:
        return path in self._by_path

    def named(self, *names: str) -> list[FileEntry]:
        wanted = set(names)
        return [e for e in self.entries if e.name in wanted]

    def with_suffix(self, *suffixes: str) -> list[FileEntry]:
        wanted = set(suffixes)
        return [e for e in self.entries if e.suffix in wanted]

    def text(self, path: str) -> str | None:
        """The file's text (UTF-8, undecodable bytes replaced), or None if skipped."""
        if path in self._text:
            return self._text[path]
        entry = self.readable(path)
        content = self._read(entry) if entry else None
        self._text[path] = content
        return content

    def lines(self, path: str) -> list[str]:
        text = self.text(path)
        return text.splitlines() if text else []

    def read_bytes(self, path: str) -> bytes | None:
        """The file's bytes (bounded, symlink-safe, not cached), or None if skipped."""
        entry = self.readable(path)
        return self._read_bytes(entry) if entry else None

    def _read_bytes(self, entry: FileEntry) -> bytes | None:
        if entry.size > self.max_file_bytes:
            self.notes.append(
                f"{entry.path}: skipped, {entry.size} bytes is over the "
                f"{self.max_file_bytes}-byte limit"
            )
            return None
        try:
            data = self._load(entry)
        except OSError as exc:
            self.notes.append(f"{entry.path}: could not read ({exc.strerror or exc})")
            return None
        if data is None:
            return None
        if len(data) > self.max_file_bytes:
            self.notes.append(f"{entry.path}: skipped, grew past the size limit while reading")
            return None
        return data

    def _load(self, entry: FileEntry) -> bytes | None:
        """At most max_file_bytes + 1 bytes of a regular file, never through a symlink."""
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(os.path.join(self._root, entry.path), flags)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            return handle.read(self.max_file_bytes + 1)

    def _read(self, entry: FileEntry) -> str | None:
        data = self._read_bytes(entry)
        if data is None:
            return None
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16", errors="replace")
        if b"\x00" in data[:BINARY_SNIFF_BYTES]:
            self._binary.add(entry.path)
            return None
        return data.decode("utf-8", errors="replace").lstrip("\ufeff")
