"""Check prodready's fused lizard path against lizard itself over a whole tree, and time both.

    python bench/lizard_agreement.py PATH [PATH ...]

Every JS/TS, Go, Java and Kotlin file under each PATH (as git lists it, vendored and generated
trees left out the way an audit leaves them out) is analysed twice: by lizard's own
`analyze_source_code` and by `prodready.scanning.lizard_run.analyze`. Prints files, functions,
files whose (name, first line, complexity) lists differ (with the first few), and the CPU
seconds of each path. Exit status 1 when any file differs.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import lizard

from prodready.facts.quality import LIZARD_SUFFIXES
from prodready.scanning.files import excluded_reason
from prodready.scanning.lizard_run import analyze


def sources(root: Path) -> list[tuple[str, str]]:
    listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True, check=True).stdout
    found = []
    for rel in sorted(p for p in listed.decode("utf-8", "surrogateescape").split("\0") if p):
        path = root / rel
        if Path(rel).suffix.lower() in LIZARD_SUFFIXES and not excluded_reason(rel) and path.is_file() and not path.is_symlink():
            found.append((rel, path.read_bytes()[: 2 * 1024 * 1024].decode("utf-8", "replace")))
    return found


def lizard_own(path: str, text: str) -> list[tuple[str, int, int]]:
    return [(f.name, f.start_line, f.cyclomatic_complexity) for f in lizard.analyze_file.analyze_source_code(path, text).function_list]


def timed(fn, files: list[tuple[str, str]]) -> tuple[float, list]:
    start = time.process_time()
    found = [fn(path, text) for path, text in files]
    return time.process_time() - start, found


def main() -> int:
    differing = 0
    for root in map(Path, sys.argv[1:]):
        files = sources(root)
        own_seconds, own = timed(lizard_own, files)
        fused_seconds, fused = timed(analyze, files)
        bad = [path for (path, _text), a, b in zip(files, own, fused) if a != b]
        differing += len(bad)
        megabytes = sum(len(text) for _path, text in files) / 1e6
        print(f"{root.name}: {len(files)} files, {megabytes:.1f} MB, {sum(map(len, own))} functions; "
              f"differing files {len(bad)}; lizard {own_seconds:.2f} s CPU, fused {fused_seconds:.2f} s CPU "
              f"({own_seconds / max(fused_seconds, 1e-9):.2f}x)")
        for path in bad[:5]:
            print(f"  differs: {path}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
