"""Which paths make up the audited tree: git's list of files where the root is a work tree,
otherwise a walk of the directory that honours every .gitignore on the way.
"""

from __future__ import annotations

import os
from pathlib import Path

from prodready.scanning.git import run_git


def list_files(root: Path) -> tuple[list[str], bool, list[str]]:
    """Candidate paths under root: (paths, from_git, notes)."""
    notes: list[str] = []
    if (root / ".git").exists():
        try:
            return _git_files(root), True, notes
        except Exception as exc:  # noqa: BLE001 - a broken repo falls back to a walk
            notes.append(f"git could not list files ({_first_line(exc)}); walked the tree instead")
    return _walk_files(root), False, notes


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[-1][:200] if text else type(exc).__name__


def _git_files(root: Path) -> list[str]:
    done = run_git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    if done.returncode != 0:
        raise OSError(done.stderr.decode("utf-8", "replace").strip() or f"git ls-files exited {done.returncode}")
    paths = [p for p in done.stdout.decode("utf-8", "surrogateescape").split("\0") if p]
    return [p for p in paths if "/.git/" not in f"/{p}"]


def _walk_files(root: Path) -> list[str]:
    import pathspec

    found: list[str] = []
    specs: list[tuple[str, pathspec.GitIgnoreSpec]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/")
        specs = [(base, spec) for base, spec in specs if rel_dir.startswith(base)]
        if ".gitignore" in filenames:
            try:
                with open(os.path.join(dirpath, ".gitignore"), encoding="utf-8", errors="replace") as fh:
                    lines = fh.read(256 * 1024).splitlines()
                base = f"{rel_dir}/" if rel_dir else ""
                specs.append((base, pathspec.GitIgnoreSpec.from_lines(lines)))
            except OSError:
                pass

        def ignored(rel: str, is_dir: bool) -> bool:
            for base, spec in specs:
                if rel.startswith(base):
                    sub = rel[len(base):] + ("/" if is_dir else "")
                    if spec.match_file(sub):
                        return True
            return False

        kept = []
        for d in sorted(dirnames):
            rel = f"{rel_dir}/{d}" if rel_dir else d
            if d == ".git" or ignored(rel, True):
                continue
            if os.path.islink(os.path.join(dirpath, d)):
                found.append(rel)  # listed so the index notes it; never descended
                continue
            kept.append(d)
        dirnames[:] = kept
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if not ignored(rel, False):
                found.append(rel)
    return found
