"""The floors prodready is measured against: what reading the tree costs, and what a lean
pure-Python secret scan costs. Run as a separate process by bench/run.py so that its wall time,
CPU time and peak memory are measured the same way as prodready's.

    python bench/floors.py read ROOT
    python bench/floors.py secrets ROOT --procs 2
    python bench/floors.py radon ROOT --procs 2     # radon cc over every Python file
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

# eleven common secret patterns, each behind a literal keyword that every match contains
PATTERNS: list[tuple[bytes, re.Pattern[bytes]]] = [
    (b"AKIA", re.compile(rb"AKIA[0-9A-Z]{16}")),
    (b"ghp_", re.compile(rb"ghp_[A-Za-z0-9]{36}")),
    (b"github_pat_", re.compile(rb"github_pat_[A-Za-z0-9_]{82}")),
    (b"glpat-", re.compile(rb"glpat-[A-Za-z0-9_-]{20}")),
    (b"xox", re.compile(rb"xox[baprs]-[A-Za-z0-9-]{10,48}")),
    (b"sk_live_", re.compile(rb"sk_live_[A-Za-z0-9]{24,99}")),
    (b"AIza", re.compile(rb"AIza[0-9A-Za-z_-]{35}")),
    (b"PRIVATE KEY", re.compile(rb"-----BEGIN (RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----")),
    (b"eyJ", re.compile(rb"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")),
    (b"://", re.compile(rb"[a-z][a-z0-9+.-]{1,20}://[^/\s:@]{1,64}:[^/\s:@]{3,64}@")),
    (b"assword", re.compile(rb"(?i)passw(or)?d\s*[:=]\s*['\"][^'\"\s]{6,}['\"]")),
]


def list_files(root: Path) -> list[Path]:
    if (root / ".git").exists():
        out = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             capture_output=True, check=True).stdout
        paths = [root / p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]
    else:
        paths = [Path(d) / f for d, _dirs, files in os.walk(root) if "/.git" not in d for f in files]
    return [p for p in paths if p.is_file() and not p.is_symlink()]


def read_all(paths: list[Path]) -> tuple[int, int]:
    total = 0
    for path in paths:
        with open(path, "rb") as handle:
            total += len(handle.read())
    return len(paths), total


def scan(paths: list[Path]) -> int:
    """Prefiltered: a file is searched only for the patterns whose keyword it contains."""
    hits = 0
    for path in paths:
        with open(path, "rb") as handle:
            data = handle.read()
        for keyword, pattern in PATTERNS:
            if data.find(keyword) != -1 or (keyword == b"assword" and data.find(b"ASSWORD") != -1):
                hits += sum(1 for _ in pattern.finditer(data))
    return hits


def radon_cc(paths: list[Path]) -> int:
    """radon's cyclomatic complexity of every function, the way its `cc` command computes it
    (read, parse, visit), in this process: the floor for a Python tree's complexity check."""
    from radon.complexity import cc_visit

    blocks = 0
    for path in paths:
        try:
            blocks += len(cc_visit(path.read_text(encoding="utf-8", errors="replace")))
        except (SyntaxError, ValueError, RecursionError):
            continue
    return blocks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["read", "secrets", "radon"])
    parser.add_argument("root", type=Path)
    parser.add_argument("--procs", type=int, default=1)
    args = parser.parse_args()
    paths = list_files(args.root)
    if args.what == "read":
        count, size = read_all(paths)
        print(f"{count} files, {size} bytes")
        return
    work = scan
    if args.what == "radon":
        paths = [p for p in paths if p.suffix == ".py"]
        work = radon_cc
    if args.procs <= 1:
        print(f"{work(paths)} found")
        return
    chunks = [paths[i::args.procs * 8] for i in range(args.procs * 8)]
    with ProcessPoolExecutor(args.procs) as pool:
        print(f"{sum(pool.map(work, chunks))} found")


if __name__ == "__main__":
    sys.exit(main())
