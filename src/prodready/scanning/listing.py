"""Which paths make up the audited tree: git's list of files where the root is a work tree,
otherwise a walk of the directory; either way every .gitignore on the way is honoured by our own
matcher (scanning/ignore.py), never by git's.

git is asked only for lists that need no pattern: the tracked files (`ls-files --cached`, never
ignored, as in git) and the untracked entries (`ls-files --others --directory` without
`--exclude-standard`, so an untracked directory comes back as one entry). git's wildmatch
backtracks on a hostile .gitignore (`*a*a*a…*ax` next to a long name of `a`s hangs
`ls-files --exclude-standard`), so the ignore rules are applied here: to each untracked file,
and to the untracked directories, which are walked here without following symlinks, pruning
what is ignored. Each git call has a time limit fitting its work; past it, or when git fails,
the tree is walked instead and a note says so.

What is read: every `.gitignore` (not through a symlink, as git since 2.32) and
`.git/info/exclude`, each up to MAX_IGNORE_BYTES; `core.excludesFile` is not read (it lives
outside the repository), nor is info/exclude of a linked worktree (its git directory is
elsewhere).
"""

from __future__ import annotations

import os
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from prodready.scanning.git import run_git
from prodready.scanning.ignore import MAX_PATTERNS_PER_SOURCE, IgnoreRules, split_path

GIT_LIST_SECONDS = 60  # `ls-files` on a work tree of 100,000 files takes well under a second
MAX_IGNORE_BYTES = 256 * 1024
MAX_IGNORE_FILES = 10_000
MAX_PATTERNS_TOTAL = 50_000


def list_files(root: Path) -> tuple[list[str], bool, list[str]]:
    """Candidate paths under root: (paths, from_git, notes)."""
    notes: list[str] = []
    if (root / ".git").exists():
        try:
            return _git_files(root, notes), True, notes
        except (OSError, subprocess.SubprocessError) as exc:  # a broken repo falls back to a walk
            notes.append(f"git could not list files ({_reason(exc)}); walked the tree instead")
            tree = IgnoreTree(root, info_exclude=True)
            return walk_files(root, tree, skip_nested=True), False, notes + tree.notes
    tree = IgnoreTree(root)
    return walk_files(root, tree), False, notes + tree.notes


def _reason(exc: BaseException) -> str:
    if isinstance(exc, subprocess.TimeoutExpired):
        return f"no answer within {exc.timeout:g} s"
    text = str(exc).strip().splitlines()
    return text[-1][:200] if text else type(exc).__name__


def _ls_files(root: Path, *args: str) -> list[str]:
    # sparse-checkout patterns are git patterns too: switched off, so git matches nothing
    done = run_git(root, "-c", "core.sparseCheckout=false", "ls-files", "-z", *args, timeout=GIT_LIST_SECONDS)
    if done.returncode != 0:
        raise OSError(done.stderr.decode("utf-8", "replace").strip() or f"git ls-files exited {done.returncode}")
    paths = [p for p in done.stdout.decode("utf-8", "surrogateescape").split("\0") if p]
    return [p for p in paths if "/.git/" not in f"/{p}"]


def _git_files(root: Path, notes: list[str]) -> list[str]:
    tracked = _ls_files(root, "--cached")
    tree = IgnoreTree(root, info_exclude=True)
    try:
        untracked = _ls_files(root, "--others", "--directory", "--no-empty-directory")
    except (OSError, subprocess.SubprocessError) as exc:
        notes.append(f"git could not list untracked files ({_reason(exc)}); walked the tree for them instead")
        found = tracked + walk_files(root, tree, skip_nested=True)
        notes.extend(tree.notes)
        return found
    found = list(tracked)
    for entry in untracked:
        if entry.endswith("/"):
            directory = entry.rstrip("/")
            if not tree.ignored(directory, True) and not _is_repository(os.path.join(root, directory)):
                found.extend(walk_files(root, tree, directory, skip_nested=True))
        elif not tree.ignored(entry, False):
            found.append(entry)
    notes.extend(tree.notes)
    return found


def _is_repository(directory: str) -> bool:
    """A nested repository (or submodule work tree): git lists none of its files."""
    return os.path.lexists(os.path.join(directory, ".git"))


def walk_files(root: Path, tree: IgnoreTree, start: str = "", skip_nested: bool = False) -> list[str]:
    """Files under root/start that `tree` does not ignore, never following a symlink (a
    symlink is listed as a file, so the index can note it); `.git` directories are skipped, and
    with skip_nested so are nested repositories, as git skips them."""
    found: list[str] = []
    top = os.path.join(root, start) if start else os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/")
        kept = []
        for name in sorted(dirnames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            link = os.path.islink(os.path.join(dirpath, name))
            if name == ".git" or tree.ignored(rel, not link):
                continue
            if link:
                found.append(rel)  # listed so the index notes it; never descended
            elif not (skip_nested and _is_repository(os.path.join(dirpath, name))):
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if not tree.ignored(rel, False):
                found.append(rel)
    return found


@dataclass(frozen=True)
class _Level:
    """The rules of one directory's .gitignore, linked to those above it (deepest first)."""

    rules: IgnoreRules
    depth: int  # path components of its directory
    above: _Level | None


class IgnoreTree:
    """Every .gitignore from the root down, and .git/info/exclude, with git's precedence: the
    deepest .gitignore that says anything about a path decides (its last matching line), then
    info/exclude; a path below an excluded directory is excluded. Files are read lazily, when
    a path below them is first asked about, and each directory is judged once."""

    def __init__(self, root: Path, info_exclude: bool = False):
        self._root = os.fspath(root)
        self.notes: list[str] = []
        self._levels: dict[str, _Level | None] = {}
        self._real: dict[str, bool] = {"": True}
        self._excluded: dict[str, bool] = {}
        self._files = self._patterns = 0
        self._info = self._info_rules() if info_exclude else None

    def ignored(self, path: str, is_dir: bool) -> bool:
        """Whether git would ignore the untracked `path` (relative, `/`-separated)."""
        parent = path.rpartition("/")[0]
        if parent and self._dir_excluded(parent):
            return True
        return self._decide(path, parent, is_dir)

    def _dir_excluded(self, directory: str) -> bool:
        pending = []
        while directory and directory not in self._excluded:
            pending.append(directory)
            directory = directory.rpartition("/")[0]
        excluded = self._excluded.get(directory, False) if directory else False
        for below in reversed(pending):
            excluded = excluded or self._decide(below, below.rpartition("/")[0], True)
            self._excluded[below] = excluded
        return excluded

    def _decide(self, path: str, parent: str, is_dir: bool) -> bool:
        level = self._level(parent)
        if level is None and self._info is None:
            return False
        parts = split_path(path)
        while level is not None:
            found = level.rules.last_match(parts[level.depth:], is_dir)
            if found is not None:
                return not found.negated
            level = level.above
        found = self._info.last_match(parts, is_dir) if self._info is not None else None
        return found is not None and not found.negated

    def _level(self, directory: str) -> _Level | None:
        """The rules in force for paths directly inside `directory`."""
        pending = []
        while directory not in self._levels:
            pending.append(directory)
            if not directory:
                break
            directory = directory.rpartition("/")[0]
        level = self._levels.get(directory) if directory in self._levels else None
        for below in reversed(pending):
            rules = self._read(below)
            if rules is not None:
                level = _Level(rules, below.count("/") + 1 if below else 0, level)
            self._levels[below] = level
        return level

    def _read(self, directory: str) -> IgnoreRules | None:
        if not self._is_real_directory(directory):
            return None
        rel = f"{directory}/.gitignore" if directory else ".gitignore"
        data = self._read_bounded(rel)
        if data is None:
            return None
        if self._files >= MAX_IGNORE_FILES:
            if self._files == MAX_IGNORE_FILES:
                self.notes.append(f"{rel}: not read, nor any further .gitignore: "
                                  f"only the first {MAX_IGNORE_FILES:,} are read")
            self._files += 1
            return None
        self._files += 1
        return self._compile(data, directory, rel)

    def _compile(self, data: bytes, directory: str, rel: str) -> IgnoreRules | None:
        room = MAX_PATTERNS_TOTAL - self._patterns
        if room <= 0:
            self.notes.append(f"{rel}: not read, the tree already gave {MAX_PATTERNS_TOTAL:,} ignore patterns")
            return None
        rules, notes = IgnoreRules.from_lines(data.split(b"\n"), directory, rel, min(room, MAX_PATTERNS_PER_SOURCE))
        self.notes.extend(notes)
        self._patterns += len(rules.patterns)
        return rules if rules.patterns else None

    def _is_real_directory(self, directory: str) -> bool:
        """`directory` and every directory above it are directories, not symlinks."""
        pending = []
        while directory not in self._real:
            pending.append(directory)
            directory = directory.rpartition("/")[0]
        real = self._real[directory]
        for below in reversed(pending):
            try:
                real = real and stat.S_ISDIR(os.lstat(os.path.join(self._root, below)).st_mode)
            except OSError:
                real = False
            self._real[below] = real
        return real

    def _read_bounded(self, rel: str) -> bytes | None:
        """At most MAX_IGNORE_BYTES of a regular file, never through a symlink; a cut file
        loses its last, partial line, and a note says so."""
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(os.path.join(self._root, rel), flags)
        except OSError:
            return None
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            data = handle.read(MAX_IGNORE_BYTES + 1)
        if len(data) > MAX_IGNORE_BYTES:
            self.notes.append(f"{rel}: only the first {MAX_IGNORE_BYTES:,} bytes read")
            data = data[:MAX_IGNORE_BYTES].rpartition(b"\n")[0]
        return data

    def _info_rules(self) -> IgnoreRules | None:
        if not self._is_real_directory(".git") or not self._is_real_directory(".git/info"):
            return None
        data = self._read_bounded(".git/info/exclude")
        return self._compile(data, "", ".git/info/exclude") if data else None
