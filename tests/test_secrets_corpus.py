"""sec.secrets measured against the labelled corpus (tests/secrets_corpus): the real CLI on the
corpus written as one git repository, precision and recall asserted per severity."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from prodready.secret_shapes import PROVIDERS
from tests.secrets_corpus.corpus import load_cases, score, write_repository

# what the scanner must keep: a false critical costs more trust than a miss, so precision there
# is held highest; low is listed, not scored, and held to the same bar anyway
FLOORS = {"critical": (0.97, 0.95), "medium": (0.9, 0.9), "low": (0.9, 0.9), "any": (0.97, 0.95)}


HOLDOUTS = [Path(__file__).resolve().parent / "secrets_corpus" / name for name in ("holdout", "holdout2")]


def _report(tmp_path_factory, cases) -> str:
    root = tmp_path_factory.mktemp("corpus")
    write_repository(root, cases)
    out = root.parent / f"{root.name}-report.json"
    done = subprocess.run([sys.executable, "-m", "prodready", "audit", str(root), "--only", "sec.secrets", "-f", "json",
                           "-o", str(out), "--no-cache", "-q"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory):
    return _report(tmp_path_factory, load_cases())


@pytest.fixture(scope="module")
def holdout_report(tmp_path_factory):
    return _report(tmp_path_factory, [case for folder in HOLDOUTS for case in load_cases(folder)])


def findings(report: str) -> list[tuple[str, int, str]]:
    check = next(c for c in json.loads(report)["checks"] if c["id"] == "sec.secrets")
    return [(e["path"], e["line"], e["severity"]) for e in check["evidence"]]


@pytest.mark.parametrize("severity", sorted(FLOORS))
def test_precision_and_recall_per_severity(corpus_report, severity):
    scores = score(findings(corpus_report))
    row = scores[severity]
    precision, recall = FLOORS[severity]
    misses = "\n".join(str(m) for m in scores.mismatches)
    assert row.precision >= precision and row.recall >= recall, f"{row}\n{misses}"


@pytest.mark.parametrize("severity", sorted(FLOORS))
def test_the_held_out_sets_stay_right(holdout_report, severity):
    """180 cases written by other reviewers before the scanner saw them (measured then, first
    set: critical 0.68/0.60, medium 1.00/0.09; second: critical 0.87/0.65, medium 0.82/0.88;
    docs/validation.md); the scanner was fixed on them since, so they are regression cases now,
    not a measure."""
    cases = [case for folder in HOLDOUTS for case in load_cases(folder)]
    scores = score(findings(holdout_report), cases)
    row = scores[severity]
    precision, recall = FLOORS[severity]
    misses = "\n".join(str(m) for m in scores.mismatches)
    assert row.precision >= precision and row.recall >= recall, f"{row}\n{misses}"


def test_the_corpus_is_large_enough_to_mean_something():
    cases = load_cases()
    expected = [e.severity for c in cases for e in c.expect]
    assert len(cases) >= 150 and len(expected) >= 100
    assert min(expected.count(s) for s in ("critical", "medium", "low")) >= 20


def test_no_value_of_the_corpus_reaches_the_report_unmasked(corpus_report):
    values = {m.group(d.group) for c in load_cases() for d in PROVIDERS for m in d.pattern.finditer(c.text)}
    values = {v for v in values if len(v) >= 16 and not re.fullmatch(r"-----BEGIN.*", v)}
    assert len(values) >= 30
    leaked = sorted(v for v in values if v in corpus_report)
    assert leaked == []
