"""Read a base revision from git's object store, for `audit --base REF`.

The revision is resolved with `git rev-parse`; its files are listed by `git ls-tree` and read, only
when an audit asks for them, from one `git cat-file --batch` process: nothing is written to
disk (materialising saleor's 4,661 files cost 2-3 s, mostly creating files; reading them as
blobs costs ~0.3 s). Neither command checks anything out, so no filter, textconv, hook or
fsmonitor from the repository's config runs (and the same safety options as the file listing
turn those off anyway). The user's working tree, index and worktrees are never touched.
Symlinks and submodules are not followed; oversized blobs are skipped with a note, as in the
work tree.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator

from prodready.scanning.files import DEFAULT_MAX_FILE_BYTES, FileEntry, FileIndex
from prodready.scanning.git import GIT_ENV, SAFE_GIT_OPTIONS, run_git

_REGULAR = {0o100644, 0o100755, 0o100664}
_SYMLINK = 0o120000
# never fetch: in a partial clone a missing object must fail the read, not reach the network
_NO_FETCH = ("-c", "protocol.allow=never")
_ENV = {**GIT_ENV, "GIT_NO_LAZY_FETCH": "1"}


class BaseRevisionError(ValueError):
    """The base revision cannot be read (unknown ref, not a git repository)."""


def _safe(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return bool(parts) and not path.startswith("/") and ".." not in parts and ".git" not in parts


class BlobReader:
    """One `git cat-file --batch` process: the bytes of a blob by its id."""

    def __init__(self, root: Path):
        env = {**os.environ, **_ENV}
        self._process = subprocess.Popen(["git", *SAFE_GIT_OPTIONS, *_NO_FETCH, "cat-file", "--batch"], cwd=root, env=env, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def read(self, object_id: str) -> bytes:
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        # one object asked, one answer read: cat-file answers each line before reading the next
        stdin.write(object_id.encode() + b"\n")
        stdin.flush()
        header = stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            raise OSError(f"object {object_id} is missing from this clone")
        data = stdout.read(int(header[2]))
        stdout.read(1)  # the newline after each object
        return data

    def close(self) -> None:
        # killed, not waited for: forked audit workers may still hold its stdin open
        self._process.kill()
        self._process.wait()
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                stream.close()


class RevisionIndex(FileIndex):
    """The files of a commit, read from git's object store on demand."""

    def __init__(self, root: Path, listing: dict[str, tuple[int, int, str]], reader: BlobReader,
                 max_file_bytes: int = DEFAULT_MAX_FILE_BYTES, repository: Path | None = None):
        self._listing = listing  # path -> (mode, size, blob id)
        self._reader = reader
        self._repository = os.path.realpath(repository or root)
        super().__init__(root, list(listing), max_file_bytes)

    @property
    def identity_scope(self) -> str:
        return "blobs:" + self._repository

    def identity(self, path: str) -> str | None:
        """The blob id: git's own name for the bytes (the root is a stand-in directory)."""
        entry = self.readable(path)
        if entry is None or entry.size > self.max_file_bytes:
            return None
        return "blob:" + self._listing[path][2]

    def _size(self, rel: str, note: bool = True) -> int | None:
        mode, size, _object_id = self._listing[rel]
        if mode == _SYMLINK:
            if note:
                self.notes.append(f"{rel}: symlink not followed")
            return None
        return size if mode in _REGULAR else None

    def _load(self, entry: FileEntry) -> bytes | None:
        return self._reader.read(self._listing[entry.path][2])


RESOLVE_SECONDS = 30  # rev-parse and cat-file -t read a few objects


def _git(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return run_git(root, *_NO_FETCH, *args, env=_ENV, timeout=timeout)


def resolve(root: Path, ref: str) -> str:
    """The commit sha `ref` names (tags peeled), or BaseRevisionError saying why not (git
    failing or not answering within RESOLVE_SECONDS included)."""
    try:
        return _resolve(root, ref)
    except (OSError, subprocess.SubprocessError) as exc:
        why = f"git did not answer within {exc.timeout:g} s" if isinstance(exc, subprocess.TimeoutExpired) else type(exc).__name__
        raise BaseRevisionError(f"--base {ref!r} could not be resolved: {why}") from exc


def _resolve(root: Path, ref: str) -> str:
    if not (root / ".git").exists() or _git(root, "rev-parse", "--git-dir", timeout=RESOLVE_SECONDS).returncode != 0:
        raise BaseRevisionError(f"{root} is not a git repository, so --base cannot be read")
    kind = _git(root, "cat-file", "-t", "--end-of-options", f"{ref}^{{}}", timeout=RESOLVE_SECONDS)
    if kind.returncode != 0 or ref.startswith("-"):
        raise BaseRevisionError(f"--base {ref!r} is not a revision in this repository")
    if kind.stdout.strip() != b"commit":
        raise BaseRevisionError(f"--base {ref} is a {kind.stdout.decode().strip()}, not a commit")
    found = _git(root, "rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}", timeout=RESOLVE_SECONDS)
    if found.returncode != 0:
        raise BaseRevisionError(f"--base {ref!r} is not a revision in this repository")
    return found.stdout.decode().strip()


def list_revision(root: Path, sha: str) -> dict[str, tuple[int, int, str]]:
    """{path: (mode, size, blob id)} of every blob in commit `sha` (odd paths left out). No
    ignore rule applies to a commit's files: git is asked to match no pattern."""
    done = _git(root, "ls-tree", "-r", "-z", "-l", "--full-tree", sha)
    if done.returncode != 0:
        raise OSError(done.stderr.decode(errors="replace").strip()[:200] or "git ls-tree failed")
    listing = done.stdout
    found: dict[str, tuple[int, int, str]] = {}
    for record in listing.split(b"\0"):
        meta, _tab, raw_path = record.partition(b"\t")
        fields = meta.split()
        if len(fields) != 4 or fields[1] != b"blob":
            continue  # submodules (commits) and the empty record at the end
        if not fields[3].isdigit():  # ls-tree prints "BAD" for a blob it cannot read
            raise OSError(f"blob {fields[2].decode()} is missing")
        path = os.fsdecode(raw_path)
        if _safe(path):
            found[path] = (int(fields[0], 8), int(fields[3]), fields[2].decode())
    return found


@dataclass(frozen=True)
class Revision:
    """A commit opened for reading: an empty directory to stand as the audit's root, its files
    as `list_revision` gives them, the reader of their blobs, and the commit sha."""

    stand_in: Path
    listing: dict[str, tuple[int, int, str]]
    reader: BlobReader
    sha: str

    def read(self, path: str) -> bytes:
        """The bytes of the file `path` of the commit (OSError when its blob is missing)."""
        return self.reader.read(self.listing[path][2])

    def index(self, max_file_bytes: int, repository: Path) -> RevisionIndex:
        """The commit's files as an audit reads them."""
        return RevisionIndex(self.stand_in, self.listing, self.reader, max_file_bytes, repository=repository)


@contextlib.contextmanager
def open_commit(root: Path, ref: str) -> Iterator[Revision]:
    """Yield the Revision of `ref` (BaseRevisionError when it cannot be resolved or listed); the
    reader process and the directory are gone afterwards. Its files are indexed after its
    configuration is read, since that may set the size limit (`open_revision` does both)."""
    sha = resolve(root, ref)
    try:
        listing = list_revision(root, sha)
    except subprocess.TimeoutExpired as exc:
        raise BaseRevisionError(f"--base {ref!r} could not be listed: git did not answer within {exc.timeout:g} s") from exc
    except (OSError, subprocess.SubprocessError) as exc:
        raise BaseRevisionError(f"--base {ref!r} is not fully available in this clone "
                                f"(a shallow clone? fetch it first): {type(exc).__name__}") from exc
    reader = BlobReader(root)
    try:
        with tempfile.TemporaryDirectory(prefix="prodready-base-") as tmp:
            yield Revision(Path(tmp), listing, reader, sha)
    finally:
        reader.close()


@contextlib.contextmanager
def open_revision(root: Path, ref: str, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Iterator[tuple[Path, RevisionIndex, str]]:
    """Yield (an empty directory to stand as the audit's root, the index of `ref`'s files,
    the commit sha); the reader process and the directory are gone afterwards."""
    with open_commit(root, ref) as revision:
        yield revision.stand_in, revision.index(max_file_bytes, root), revision.sha
