"""Benchmark of `prodready fleet`: many saved reports brought together, and checkouts audited.

    python bench/fleet.py                                   # 1,000 reports, 20 checkouts
    python bench/fleet.py --reports 1000 --checkouts 20 --repeat 3 --markdown fleet.md --json fleet.json
    python bench/fleet.py --reports 50 --keep DIR           # also keep the generated fleet

The reports are generated: four small services (FastAPI, Express, Gin, Spring) are audited by
`prodready audit` once, and every synthetic service takes one of those real reports as its
shape and gets its own verdicts (a seeded random maturity per service, so scores spread over
the whole range), scores, grades, levels and categories recomputed with prodready.scoring;
every tenth is a monorepo of two or three services. Each is valid per report.schema.json,
written as the fleet workflow lays them out (`reports/<name>/prodready.json`, a CODEOWNERS
beside most), and listed in a manifest with a tier. The checkouts are small repositories from
bench/synth.py, audited by the fleet with --jobs 1 and --jobs 2 (each from an empty cache).

Every row is a separate process measured from outside, as bench/run.py does (wall time,
user+system CPU of the process and its workers, peak RSS of the largest from wait4).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench/ is not a package: its helpers are imported by path
from run import compile_prodready, measure, median

PYTHON = sys.executable
TEMPLATES: dict[str, dict[str, str]] = {
    "fastapi": {"requirements.txt": "fastapi==0.110.0\nuvicorn==0.29.0\n",
                "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/items')\ndef items():\n    return []\n"},
    "express": {"package.json": '{"name": "svc", "dependencies": {"express": "^4.19.0"}}\n',
                "server.js": "const express = require('express');\nconst app = express();\napp.get('/items', (req, res) => res.json([]));\napp.listen(3000);\n"},
    "gin": {"go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n",
            "main.go": 'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\tr := gin.Default()\n\tr.GET("/items", items)\n\tr.Run()\n}\n'},
    "spring": {"pom.xml": "<project><modelVersion>4.0.0</modelVersion><parent><groupId>org.springframework.boot</groupId>"
                          "<artifactId>spring-boot-starter-parent</artifactId></parent><dependencies><dependency>"
                          "<groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId>"
                          "</dependency></dependencies></project>\n",
               "src/main/java/com/example/App.java": "package com.example;\n\n@SpringBootApplication\n@RestController\npublic class App {\n"
                                                     "  @GetMapping(\"/items\")\n  public String items() { return \"[]\"; }\n}\n"},
}
CHECKOUT_MB = 0.2
EXTRA = {"README.md": "# svc\n\n## Run\n\nmake run\n", "Dockerfile": "FROM python:3.12-slim\nUSER app\nCMD [\"app\"]\n",
         ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n"}


def git_repo(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=b", "-c", "user.email=b@example.invalid", "commit", "-q", "-m", "s"],
                   check=True)
    return root


def small_checkouts(root: Path, count: int, megabytes: float = CHECKOUT_MB) -> list[Path]:
    """`count` small repositories from bench/synth.py (about 160 files, 0.4 MB each: services
    in Python, Node, Go and Java, a vendored tree, a planted secret), each a git checkout with
    a seed of its own."""
    from synth import generate

    out = []
    for number in range(count):
        generate(root / f"repo-{number:02d}", megabytes, seed=number)
        out.append(root / f"repo-{number:02d}")
    return out


def template_reports(work: Path) -> list[dict]:
    """One real report per stack, from `prodready audit`."""
    out = []
    for stack, files in TEMPLATES.items():
        repo = git_repo(work / "templates" / stack, {**files, **EXTRA})
        report = work / "templates" / f"{stack}.json"
        subprocess.run([PYTHON, "-m", "prodready", "audit", str(repo), "-q", "-f", "json", "-o", str(report), "--no-cache"],
                       check=True)
        out.append(json.loads(report.read_text()))
    return out


def _verdict(rng: random.Random, maturity: float, check: dict) -> tuple[str, float | None]:
    if check["status"] == "not_applicable":
        return "not_applicable", None
    roll = rng.random()
    if roll < maturity:
        return "pass", 10.0
    if roll < maturity + 0.15:
        return "partial", rng.choice([2.5, 5.0, 7.5])
    return "fail", 0.0


def _rescore(checks: list[dict], metas: dict) -> tuple[int | None, str, str]:
    from prodready.model import CheckResult, Outcome, Status
    from prodready.scoring import grade, level, weighted_score

    results = [CheckResult(metas[c["id"]], Outcome(Status(c["status"]), c["score"], ""), "") for c in checks]
    score = weighted_score(results)
    return score, grade(score), level(results)


def _service(template: dict, path: str, rng: random.Random, metas: dict) -> dict:
    """One service of the template's shape at `path`, with verdicts drawn for its maturity."""
    maturity = rng.random() ** 0.7
    service = copy.deepcopy(template["services"][0])
    service["path"] = path
    for check in service["checks"]:
        check["status"], check["score"] = _verdict(rng, maturity, check)
        if check["status"] == "pass":
            check["evidence"] = []
    service["score"], service["grade"], service["level"] = _rescore(service["checks"], metas)
    return service


def _combine(check: dict, services: list[dict]) -> None:
    """The repository's verdict of a check combines the services': the shared status, else
    partial; the mean score (as the engine does)."""
    verdicts = [next(c for c in s["checks"] if c["id"] == check["id"]) for s in services]
    statuses = {v["status"] for v in verdicts}
    check["status"] = statuses.pop() if len(statuses) == 1 else "partial"
    scores = [v["score"] for v in verdicts if v["score"] is not None]
    check["score"] = round(sum(scores) / len(scores), 2) if scores and check["status"] != "not_applicable" else None


def synthetic_report(template: dict, number: int, metas: dict) -> dict:
    """One synthetic service's report, shaped like `template`, with its own verdicts."""
    from prodready.model import CheckResult, Outcome, Status
    from prodready.scoring import category_scores, grade, level, next_level, weighted_score

    rng = random.Random(number)
    report = copy.deepcopy(template)
    paths = ["."] if number % 10 else ["api", "worker", "web"][: 2 + (number // 10) % 2]
    services = [_service(template, path, rng, metas) for path in paths]
    for check in report["checks"]:
        _combine(check, services)
    results = [CheckResult(metas[c["id"]], Outcome(Status(c["status"]), c["score"], ""), "") for c in report["checks"]]
    score = weighted_score(results)
    target, steps = next_level(results)
    report.update(
        services=services, score=score, grade=grade(score), level=level(results), next_level=target,
        next_steps=[{"check": s.check_id, "title": s.title, "gain": s.gain, "reason": s.reason} for s in steps],
        categories=[{"id": c.id, "title": c.title, "score": c.score, "counts": dict(sorted(c.counts.items()))}
                    for c in category_scores(results)],
        target={"path": f"svc-{number:04d}", "commit": f"{rng.getrandbits(160):040x}"},
        generated_at=f"2026-12-01T{number // 3600 % 24:02d}:{number // 60 % 60:02d}:{number % 60:02d}+00:00",
    )
    return report


def generate(root: Path, count: int, work: Path) -> Path:
    """`count` reports under root/reports/<name>/prodready.json, a CODEOWNERS beside four in
    five, and root/fleet.yml listing them all with a tier. Returns the manifest."""
    from prodready.registry import discover

    metas = {c.meta.id: c.meta for c in discover()}
    templates = template_reports(work)
    lines = ["sources:"]
    for number in range(count):
        report = synthetic_report(templates[number % len(templates)], number, metas)
        folder = root / "reports" / report["target"]["path"]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "prodready.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
        if number % 5:
            (folder / "CODEOWNERS").write_text(f"# owners\n* @acme/team-{number % 25:02d}\n")
        lines.append(f"  - path: reports/{report['target']['path']}/prodready.json\n    tier: {1 + number % 3}")
    manifest = root / "fleet.yml"
    manifest.write_text("\n".join(lines) + "\n")
    return manifest


def fleet(*args: str) -> list[str]:
    return [PYTHON, "-m", "prodready", "fleet", *args]


def run(work: Path, reports: int, checkouts: int, repeat: int) -> dict:
    rows: dict[str, dict] = {}
    result: dict = {"reports": reports, "services": 0, "checkouts": checkouts, "repeat": repeat, "sizes": {},
                    "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"}
    if reports:
        manifest = generate(work / "fleet", reports, work)
        outputs = ["-f", "json,md,html", "-o", str(work / "out")]
        first, second, one = [], [], []
        for number in range(repeat):
            db = work / f"history-{number}.sqlite"
            first.append(measure(fleet("--manifest", str(manifest), "--db", str(db), *outputs)))
            second.append(measure(fleet("--manifest", str(manifest), "--db", str(db), *outputs)))
            one.append(measure(fleet("--manifest", str(manifest), "--no-db", "--jobs", "1", *outputs)))
        rows[f"{reports:,} reports, new history, json+md+html"] = median(first)
        rows[f"{reports:,} reports, second run (trend and changes), json+md+html"] = median(second)
        rows[f"{reports:,} reports, --jobs 1, --no-db"] = median(one)
        result["services"] = len(json.loads((work / "out" / "fleet.json").read_text())["services"])
        result["sizes"] = {fmt: (work / "out" / f"fleet.{fmt}").stat().st_size for fmt in ("json", "md", "html")}
    if checkouts:
        repos = [str(p) for p in small_checkouts(work / "checkouts", checkouts)]
        runs: dict[str, list] = {"1": [], "2": []}
        for number in range(repeat):  # interleaved: a slow minute on a shared host lands on both
            for jobs, measured in runs.items():
                measured.append(measure(fleet(*repos, "--no-db", "--jobs", jobs, "--cache-dir",
                                                str(work / f"cache-{jobs}-{number}"), "-f", "json",
                                                "-o", str(work / "checkouts.json"))))
        for jobs, measured in runs.items():
            rows[f"{checkouts} small checkouts audited, --jobs {jobs}, cold cache"] = median(measured)
    result["rows"] = rows
    return result


def markdown(result: dict) -> str:
    runs = result["repeat"]
    out = [(f"{result['reports']:,} saved reports ({result['services']:,} services). Machine: {result['machine']}."
            + (f" Each row is the median of {runs} runs." if runs > 1 else "")), "",
           "| work | wall s | CPU s | CPU / wall | peak RSS MB |", "|---|---:|---:|---:|---:|"]
    for name, row in result["rows"].items():
        out.append(f"| {name} | {row['wall']} | {row['cpu']} | {row['cpu'] / max(row['wall'], 0.01):.2f} | {row['rss_mb']} |")
    sizes = result["sizes"]
    if sizes:
        out += ["", (f"Report sizes: JSON {sizes['json'] / 1e6:.1f} MB, Markdown {sizes['md'] / 1e6:.2f} MB, "
                     f"HTML {sizes['html'] / 1e6:.1f} MB.")]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=1000, help="saved reports to generate (default 1000)")
    parser.add_argument("--checkouts", type=int, default=20, help="small checkouts to audit, 0 to skip (default 20)")
    parser.add_argument("--repeat", type=int, default=1, help="run each row this many times and keep the median run")
    parser.add_argument("--markdown", type=Path, help="also write the table here")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    args = parser.parse_args()
    compile_prodready()
    with tempfile.TemporaryDirectory(prefix="prodready-fleet-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        result = run(work, args.reports, args.checkouts, max(1, args.repeat))
    table = markdown(result)
    print(table)
    if args.markdown:
        args.markdown.write_text(table)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
