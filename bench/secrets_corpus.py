"""prodready's sec.secrets and detect-secrets on the labelled corpus, side by side.

    python bench/secrets_corpus.py                       # prodready only
    python bench/secrets_corpus.py --detect-secrets PATH # also detect-secrets (its executable)
    python bench/secrets_corpus.py --corpus tests/secrets_corpus/holdout

The corpus (tests/secrets_corpus, README there) is written as one git repository; prodready runs
on it through its CLI (`audit --only sec.secrets -f json`), detect-secrets with `scan
--all-files` inside it. A finding matches an expectation at the same path and line. detect-secrets
gives no severity, so its rows are "any" (the place) and, per severity, how many of the expected
findings of that severity it found at the right place (recall only); prodready's rows ask for
the right severity too. Prints a Markdown table (pasted into docs/validation.md).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.secrets_corpus.corpus import expectations, load_cases, score, write_repository  # noqa: E402


def prodready_findings(repo: Path) -> list[tuple[str, int, str]]:
    out = repo.parent / "prodready.json"
    subprocess.run([sys.executable, "-m", "prodready", "audit", str(repo), "--only", "sec.secrets", "-f", "json",
                    "-o", str(out), "--no-cache", "-q"], check=True, timeout=600)
    check = next(c for c in json.loads(out.read_text())["checks"] if c["id"] == "sec.secrets")
    return [(e["path"], e["line"], e["severity"]) for e in check["evidence"]]


def detect_secrets_places(repo: Path, executable: str) -> set[tuple[str, int]]:
    done = subprocess.run([executable, "scan", "--all-files"], cwd=repo, capture_output=True, text=True, check=True,
                          timeout=1800)
    results = json.loads(done.stdout)["results"]
    return {(path, item["line_number"]) for path, items in results.items() for item in items}


def place_rows(places: set[tuple[str, int]], expected: dict[tuple[str, int], str]) -> dict[str, tuple]:
    """Per severity: (found at the right place, expected) and, for "any", precision too."""
    rows = {}
    for severity in ("critical", "medium", "low"):
        wanted = {p for p, s in expected.items() if s == severity}
        rows[severity] = (len(places & wanted), len(wanted))
    hits = len(places & expected.keys())
    rows["any"] = (hits, len(expected), len(places))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "secrets_corpus")
    parser.add_argument("--detect-secrets", dest="detect_secrets", help="path to the detect-secrets executable")
    args = parser.parse_args()
    cases = load_cases(args.corpus)
    expected = expectations(cases)
    with tempfile.TemporaryDirectory() as scratch:
        repo = Path(scratch) / "corpus"
        repo.mkdir()
        write_repository(repo, cases)
        scores = score(prodready_findings(repo), cases)
        theirs = place_rows(detect_secrets_places(repo, args.detect_secrets), expected) if args.detect_secrets else None
    print(f"{len(cases)} cases, {len(expected)} expected findings\n")
    print("| severity | prodready precision | prodready recall | detect-secrets precision | detect-secrets recall |")
    print("|---|---:|---:|---:|---:|")
    for severity in ("critical", "medium", "low", "any"):
        row = scores[severity]
        if theirs is None:
            other = ("-", "-")
        elif severity == "any":
            hits, wanted, reported = theirs["any"]
            other = (f"{hits / reported:.3f}" if reported else "1.000", f"{hits / wanted:.3f}")
        else:
            hits, wanted = theirs[severity]
            other = ("(no severity)", f"{hits / wanted:.3f}" if wanted else "1.000")
        print(f"| {severity} | {row.precision:.3f} | {row.recall:.3f} | {other[0]} | {other[1]} |")
    if theirs is not None:
        hits, wanted, reported = theirs["any"]
        print(f"\ndetect-secrets: {reported} places reported, {hits} of them expected; prodready: "
              f"{scores['any'].tp + scores['any'].fp} reported, {scores['any'].tp} expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
