"""Materialise a base revision from git's object store, for `audit --base REF`.

The blobs are read with GitPython's pure-Python object database (no `git` process, so no
filter, hook or fsmonitor from the repository's config can run) and written into a private
temporary directory that is always removed. The user's working tree, index and worktrees are
never touched. Symlinks and submodules are not materialised; oversized blobs are skipped.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path, PurePosixPath
from typing import Iterator

from prodready.facts.files import DEFAULT_MAX_FILE_BYTES

_REGULAR = {0o100644, 0o100755, 0o100664}


class BaseRevisionError(ValueError):
    """The base revision cannot be read (unknown ref, not a git repository)."""


def _safe(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return bool(parts) and not path.startswith("/") and ".." not in parts and ".git" not in parts


@contextlib.contextmanager
def checkout(root: Path, ref: str, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Iterator[tuple[Path, str]]:
    """Yield (directory holding the tree of `ref`, commit sha); the directory is removed after."""
    import git
    from gitdb.exc import BadName, BadObject

    try:
        repo = git.Repo(str(root), odbt=git.GitDB)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise BaseRevisionError(f"{root} is not a git repository, so --base cannot be read") from exc
    try:
        commit = repo.rev_parse(ref)
        commit.size  # noqa: B018 - forces the object to be read: a shallow clone may lack it
        while commit.type == "tag":
            commit = commit.object
        if commit.type != "commit":
            raise BaseRevisionError(f"--base {ref} is a {commit.type}, not a commit")
    except (BadName, BadObject, ValueError, IndexError) as exc:
        raise BaseRevisionError(f"--base {ref!r} is not a revision in this repository") from exc
    with tempfile.TemporaryDirectory(prefix="prodready-base-") as tmp:
        target = Path(tmp)
        try:
            _write_tree(commit, target, max_file_bytes)
        except (BadObject, BadName, ValueError, OSError) as exc:
            raise BaseRevisionError(f"--base {ref!r} is not fully available in this clone "
                                    f"(a shallow clone? fetch it first): {type(exc).__name__}") from exc
        repo.close()
        yield target, commit.hexsha


def _write_tree(commit, target: Path, max_file_bytes: int) -> None:
    for item in commit.tree.traverse():
        if item.type != "blob" or item.mode not in _REGULAR or not _safe(item.path):
            continue  # symlinks, submodules, odd paths: not materialised
        if item.size > max_file_bytes:
            continue
        destination = target / item.path
        destination.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(item.data_stream.read())
