"""Benchmark: a full prodready audit next to the floors it should track, on one tree.

    python bench/run.py --repo PATH            # a real repository
    python bench/run.py --synthetic 60         # a generated monorepo of about 60 MB
    python bench/run.py --repo PATH --markdown docs-table.md

Every row is a separate process, measured from outside (wall time, user+system CPU, peak RSS
from wait4), so prodready and the floors are timed the same way: whole-process, as a user sees
them. Rows: reading every file once in Python; the pure-Python secret scan with keyword
prefilters on 1 and 2 processes; for a tree with Python, radon cc alone on 1 and 2 processes
(the yardstick for its complexity check); detect-secrets when installed; prodready cold (empty cache),
warm (same cache), on one process, and with --base HEAD (base and head share the cache);
`prodready --version` and `prodready checks`; and the cold audit at 25%, 50% and 100% of the
tree (files taken in path order) to show how cost grows with bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


def measure(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> dict[str, float]:
    """Run `command` to completion; wall seconds, CPU seconds and peak RSS (MB) of the process
    and the children it waited for."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})}, cwd=cwd)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    error = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:  # the audits pass no --fail-under: 1 is a failure too
        raise RuntimeError(f"{' '.join(command)} failed: {error[-500:]}")
    return {"wall": round(wall, 2), "cpu": round(usage.ru_utime + usage.ru_stime, 2), "rss_mb": round(usage.ru_maxrss / 1024, 1)}


def median(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run with the median wall time (all its numbers, so wall, CPU and memory stay one
    run's): on a shared host one slow run should not be the number in the table."""
    ordered = sorted(runs, key=lambda r: r["wall"])
    return {**ordered[(len(ordered) - 1) // 2], "runs": len(runs)}


def repeated(repeat: int, command: list[str]) -> dict[str, float]:
    return median([measure(command) for _ in range(repeat)])


def tree_size(root: Path) -> tuple[int, int]:
    sys.path.insert(0, str(HERE))
    from floors import list_files

    paths = list_files(root)
    return len(paths), sum(p.stat().st_size for p in paths)


KEEP = {"go.mod", "go.sum", "package.json", "requirements.txt", "pyproject.toml", "pom.xml", "build.gradle",
        "Dockerfile", ".gitignore", "setup.py", "manage.py", "Makefile"}


def subset(root: Path, fraction: float, into: Path) -> Path:
    """A git-initialised copy with `fraction` of the files, sampled evenly in path order so every
    directory keeps its share; manifests and ignore files are always kept, so the services
    found are the same as in the whole tree."""
    sys.path.insert(0, str(HERE))
    from floors import list_files

    paths = sorted(list_files(root))
    step = round(1 / fraction)
    chosen = [p for n, p in enumerate(paths) if n % step == 0 or p.name in KEEP]
    for path in chosen:
        target = into / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    subprocess.run(["git", "init", "-q", str(into)], check=True)
    subprocess.run(["git", "-C", str(into), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(into), "-c", "user.name=b", "-c", "user.email=b@example.invalid", "commit", "-q", "-m", "s"],
                   check=True)
    return into


def prodready(*args: str) -> list[str]:
    return [PYTHON, "-m", "prodready", *args]


def python_files(root: Path) -> int:
    """How many Python files the tree has, counted the way the floors list files."""
    sys.path.insert(0, str(HERE))
    from floors import list_files

    return sum(1 for p in list_files(root) if p.suffix == ".py")


def run(root: Path, work: Path, scaling: bool, repeat: int = 1) -> dict:
    rows: dict[str, dict[str, float]] = {}
    files, size = tree_size(root)
    audit = ["audit", str(root), "-q", "-f", "json", "-o", str(work / "report.json")]
    floors = [PYTHON, str(HERE / "floors.py")]
    rows["read every file once (Python)"] = repeated(repeat, [*floors, "read", str(root)])
    rows["secret scan, prefiltered, 1 process"] = repeated(repeat, [*floors, "secrets", str(root)])
    rows["secret scan, prefiltered, 2 processes"] = {}  # measured below, next to the audits
    if python_files(root):  # the yardstick for a Python tree: radon alone
        rows["radon cc alone, every Python file, 1 process"] = repeated(repeat, [*floors, "radon", str(root)])
        rows["radon cc alone, every Python file, 2 processes"] = repeated(repeat, [*floors, "radon", str(root), "--procs", "2"])
    if shutil.which("detect-secrets"):
        # run inside the tree: given a path from inside another git checkout, detect-secrets
        # lists that checkout's files and scans none of the tree's
        rows["detect-secrets scan --all-files"] = measure(["detect-secrets", "scan", "--all-files"], cwd=root)
    floor, cold, warm, base = [], [], [], []
    for number in range(repeat):
        # the floor the ratios divide by is measured next to each cold and warm run: on a shared
        # host a slow minute then lands on both sides of the ratio, not on one row only
        floor.append(measure([*floors, "secrets", str(root), "--procs", "2"]))
        cache = work / f"cache{number}"  # each cold run starts from its own empty cache
        cold.append(measure(prodready(*audit, "--cache-dir", str(cache))))
        warm.append(measure(prodready(*audit, "--cache-dir", str(cache))))
    rows["secret scan, prefiltered, 2 processes"] = median(floor)
    rows["prodready audit, cold (empty cache)"] = median(cold)
    rows["prodready audit, warm (same cache)"] = median(warm)
    rows["prodready audit, cold, --jobs 1"] = repeated(repeat, prodready(*audit, "--no-cache", "--jobs", "1"))
    if (root / ".git").exists():
        try:  # base and head share every file, so the base audit is served from the cache
            for number in range(repeat):
                base.append(measure(prodready(*audit, "--base", "HEAD", "--cache-dir", str(work / f"cache-base{number}"))))
            rows["prodready audit --base HEAD, cold"] = median(base)
        except RuntimeError as exc:
            print(f"skipped --base: {str(exc)[-160:]}", file=sys.stderr)
    rows["prodready --version"] = repeated(max(repeat, 3), prodready("--version"))
    rows["prodready checks"] = repeated(max(repeat, 3), prodready("checks"))
    report = json.loads((work / "report.json").read_text())
    profile_run = prodready(*audit[:-2], "-o", str(work / "profile.json"), "--no-cache", "--profile")
    measure(profile_run)
    profile = json.loads((work / "profile.json").read_text()).get("profile", {})
    scaled = {}
    if scaling:
        for fraction in (0.25, 0.5, 1.0):
            part = subset(root, fraction, work / f"part{int(fraction * 100)}") if fraction < 1 else root
            part_files, part_size = tree_size(part)
            timing = repeated(repeat, prodready("audit", str(part), "-q", "-f", "json", "-o", str(work / "p.json"), "--no-cache"))
            scaled[f"{int(fraction * 100)}%"] = {"files": part_files, "mb": round(part_size / 1e6, 1), **timing}
    return {"tree": str(root), "files": files, "mb": round(size / 1e6, 1), "audited_score": report.get("score"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "rows": rows, "scaling": scaled, "repeat": repeat,
            "slowest": {kind: dict(sorted(v.items(), key=lambda kv: -kv[1])[:6]) for kind, v in profile.items()}}


def markdown(result: dict) -> str:
    rows = result["rows"]
    floor = rows["secret scan, prefiltered, 2 processes"]["wall"]
    cold = rows["prodready audit, cold (empty cache)"]["wall"]
    runs = result.get("repeat", 1)
    out = [f"Tree: `{result['tree']}`: {result['files']:,} files, {result['mb']} MB. Machine: {result['machine']}."
           + (f" Each row is the median of {runs} runs." if runs > 1 else ""), "",
           "| work | wall s | CPU s | peak RSS MB | × 2-process floor | × cold audit |", "|---|---:|---:|---:|---:|---:|"]
    for name, row in rows.items():
        out.append(f"| {name} | {row['wall']} | {row['cpu']} | {row['rss_mb']} | {row['wall'] / floor:.1f} | {row['wall'] / cold:.2f} |")
    if result["scaling"]:
        out += ["", "| share of the tree | files | MB | wall s | CPU s | peak RSS MB | s per MB |", "|---|---:|---:|---:|---:|---:|---:|"]
        for share, row in result["scaling"].items():
            out.append(f"| {share} | {row['files']:,} | {row['mb']} | {row['wall']} | {row['cpu']} | {row['rss_mb']} | {row['wall'] / max(row['mb'], 0.1):.3f} |")
    for kind, items in result["slowest"].items():
        out.append("")
        out.append(f"Slowest {kind} (`--profile`, uncached): " + ", ".join(f"{k} {v:.2f} s" for k, v in items.items()))
    return "\n".join(out) + "\n"


def compile_prodready() -> None:
    """Give the prodready being measured its bytecode, as `pip install` does: an editable
    checkout under PYTHONDONTWRITEBYTECODE (set on some machines) would otherwise compile every
    module of the package and its checks on each start (0.08 s of `prodready checks` here)."""
    import compileall

    import prodready
    from prodready.resources import checks_dir

    for folder in (Path(prodready.__file__).parent, checks_dir()):
        compileall.compile_dir(str(folder), quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--repo", type=Path, help="a repository to audit")
    source.add_argument("--synthetic", type=float, metavar="MB", help="generate a monorepo of about this size")
    parser.add_argument("--label", help="name of the tree in the table (default: its path)")
    parser.add_argument("--no-scaling", action="store_true", help="skip the 25/50/100%% rows")
    parser.add_argument("--markdown", type=Path, help="also write the table here")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument("--repeat", type=int, default=1, help="run each row this many times and keep the median run")
    args = parser.parse_args()
    compile_prodready()
    with tempfile.TemporaryDirectory(prefix="prodready-bench-") as tmp:
        work = Path(tmp)
        root = args.repo
        if root is None:
            sys.path.insert(0, str(HERE))
            from synth import generate

            root = work / "synthetic"
            generate(root, args.synthetic)
        result = run(root.resolve(), work, not args.no_scaling, max(1, args.repeat))
        result["tree"] = args.label or (str(args.repo) if args.repo else f"synthetic monorepo (bench/synth.py --mb {args.synthetic:g})")
        table = markdown(result)
    print(table)
    if args.markdown:
        args.markdown.write_text(table)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
