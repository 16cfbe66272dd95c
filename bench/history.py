"""Benchmark of `prodready history`: the last N commits of a repository against one cold audit.

    python bench/history.py --repo PATH                     # last 50 commits vs one cold audit
    python bench/history.py --repo PATH --last 50 --repeat 3 --markdown history.md --json history.json

The issue's budget: auditing the last 50 commits of a 5k-file repository costs at most 5x one
cold audit, because consecutive commits share most blobs and per-file facts come from the
content cache by blob id. Rows, each a separate process measured from outside as bench/run.py
does (wall time, user+system CPU of the process and its workers, peak RSS of the largest):

- prodready audit, cold: the work tree, from an empty cache (the yardstick);
- prodready history --last N, cold: from another empty cache, so the first commit audited pays
  what the cold audit pays and the others are served by what it and they stored;
- prodready history --last N, warm: the same again with the cache it left (every point known
  per file; the checks still run);
- prodready history --last N --jobs 1, cold: the commits one after another in one process.

With --repeat R the rows run interleaved R times (cold audit, history cold, ...) and the median
run of each is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench/ is not a package: its helpers are imported by path
from run import compile_prodready, measure, median

PYTHON = sys.executable


def prodready(*args: str) -> list[str]:
    return [PYTHON, "-m", "prodready", *args]


def files_of(root: Path) -> int:
    done = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True, check=True)
    return done.stdout.count(b"\0")


def run(root: Path, work: Path, last: int, repeat: int) -> dict:
    """The rows, each the median of `repeat` interleaved runs."""
    runs: dict[str, list[dict[str, float]]] = {}
    history = ["history", str(root), "--last", str(last), "-q", "-f", "json"]
    for number in range(repeat):
        cold_cache, history_cache, single_cache = (work / f"{kind}{number}" for kind in ("audit", "history", "single"))
        rows = {
            "prodready audit, cold (empty cache)":
                prodready("audit", str(root), "-q", "-f", "json", "-o", str(work / "a.json"), "--cache-dir", str(cold_cache)),
            f"prodready history --last {last}, cold (empty cache)":
                prodready(*history, "-o", str(work / "h.json"), "--cache-dir", str(history_cache)),
            f"prodready history --last {last}, warm (same cache)":
                prodready(*history, "-o", str(work / "h2.json"), "--cache-dir", str(history_cache)),
            f"prodready history --last {last} --jobs 1, cold":
                prodready(*history, "-o", str(work / "h1.json"), "--cache-dir", str(single_cache), "--jobs", "1"),
        }
        for name, command in rows.items():
            runs.setdefault(name, []).append(measure(command))
    report = json.loads((work / "h.json").read_text())
    return {"tree": str(root), "files": files_of(root), "last": last, "repeat": repeat,
            "points": len(report["points"]), "readable": sum(p["readable"] for p in report["points"]),
            "changes": len(report["changes"]),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "rows": {name: median(values) for name, values in runs.items()}}


def markdown(result: dict) -> str:
    rows = result["rows"]
    cold = rows["prodready audit, cold (empty cache)"]
    out = [f"Tree: `{result['tree']}`: {result['files']:,} files; {result['points']} commits audited "
           f"({result['readable']} readable, {result['changes']} changes). Machine: {result['machine']}."
           + (f" Each row is the median of {result['repeat']} runs." if result["repeat"] > 1 else ""), "",
           "| work | wall s | CPU s | peak RSS MB | × cold audit (wall) | × cold audit (CPU) |", "|---|---:|---:|---:|---:|---:|"]
    for name, row in rows.items():
        out.append(f"| {name} | {row['wall']} | {row['cpu']} | {row['rss_mb']} | {row['wall'] / cold['wall']:.2f} "
                   f"| {row['cpu'] / cold['cpu']:.2f} |")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", type=Path, required=True, help="a git repository with at least --last commits")
    parser.add_argument("--last", type=int, default=50, help="how many commits the history audits (default 50)")
    parser.add_argument("--label", help="name of the tree in the table (default: its path)")
    parser.add_argument("--repeat", type=int, default=1, help="run each row this many times, interleaved; keep the median")
    parser.add_argument("--markdown", type=Path, help="also write the table here")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = parser.parse_args()
    compile_prodready()
    with tempfile.TemporaryDirectory(prefix="prodready-bench-history-") as tmp:
        result = run(args.repo.resolve(), Path(tmp), args.last, max(1, args.repeat))
    result["tree"] = args.label or str(args.repo)
    table = markdown(result)
    print(table)
    if args.markdown:
        args.markdown.write_text(table, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
