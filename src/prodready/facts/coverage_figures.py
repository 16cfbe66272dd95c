"""Range checks on the numbers a coverage report states: a report from the audited repository is
as untrusted as its code, and a figure that cannot be true must never pass qa.coverage.

Each check raises Inconsistent with what is wrong and, where the text locates it, the line of the
report: hits above lines (LH > LF, covered > valid, covered > statements), negative counts,
rates outside 0..1 or 0..100 or disagreeing with the counts they summarise, totals that differ
from the sum of their parts, Go blocks that end before they start. coverage.py's parser turns it
into "coverage report X is inconsistent: LH 1000000 > LF 1, line 5", and the report counts as no
usable report.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping

from prodready.scanning.parsing import line_of, strip_ns

MAX_COUNT = 2**63 - 1  # no tool's counter holds more; beyond it a count cannot even become a float
RATE_SLACK = 0.01  # Cobertura rates are rounded (coverage.py keeps 4 decimals)
PCT_SLACK = 0.1  # Istanbul and coverage.py floor or round percentages to 2 decimals


class Inconsistent(ValueError):
    """A figure in a coverage report that cannot be true; `line` is the report's line, if known."""

    def __init__(self, what: str, line: int | None = None):
        super().__init__(what)
        self.what, self.line = what, line

    def message(self, path: str) -> str:
        return f"coverage report {path} is inconsistent: {self.what}" + (f", line {self.line}" if self.line else "")


def locate(text: str, needle: str) -> int | None:
    """The line of the first `needle` in the report, or None: XML and JSON parsers keep none."""
    offset = text.find(needle)
    return line_of(text, offset) if offset >= 0 else None


def not_negative(name: str, value: float, line: int | None = None) -> None:
    """A count: a number, not negative, within what a 64-bit counter holds."""
    if isinstance(value, float) and math.isnan(value):
        raise Inconsistent(f"{name} is not a number", line)
    if value < 0:
        raise Inconsistent(f"{name} = {_shown(value)} is negative", line)
    if value > MAX_COUNT:
        raise Inconsistent(f"{name} = {_shown(value)} is more than a 64-bit counter holds", line)


def _shown(value: float) -> str:
    text = str(value)
    return text if len(text) <= 24 else f"{text[:12]}… ({len(text)} digits)"


def at_most(hit_name: str, hit: float, total_name: str, total: float, line: int | None = None) -> None:
    """hit and total are counts (never negative) and hit <= total."""
    not_negative(hit_name, hit, line)
    not_negative(total_name, total, line)
    if hit > total:
        raise Inconsistent(f"{hit_name} {_shown(hit)} > {total_name} {_shown(total)}", line)


def rate_between(name: str, value: float, top: float, line: int | None = None) -> None:
    if not 0 <= value <= top:
        raise Inconsistent(f"{name} {value} is outside 0..{top:g}", line)


# -- LCOV -------------------------------------------------------------------------------------------
LCOV_PAIRS = (("LH", "LF"), ("BRH", "BRF"), ("FNH", "FNF"))


def lcov_record(values: Mapping[str, tuple[int, int]]) -> None:
    """One record's summary lines (name -> (value, line)): hits never above what they count."""
    for hit, total in LCOV_PAIRS:
        if hit in values and total in values:
            (hits, line), (count, _) = values[hit], values[total]
            at_most(hit, hits, total, count, line)


LCOV_COUNTS = {"DA": ("line", "hits"), "BRDA": ("line", "", "", "taken"), "FNDA": ("hits",)}
LCOV_SUMMARY = ("LF", "LH", "BRF", "BRH", "FNF", "FNH")


def lcov_counts(record: str, fields: list[str], line: int) -> None:
    """The summary lines and the counts of DA:<line>,<hits>, BRDA:<line>,<block>,<branch>,<taken>
    and FNDA:<hits>,<name> are never negative (BRDA's `-`, never taken, is no number)."""
    names = ("",) if record in LCOV_SUMMARY else LCOV_COUNTS.get(record, ())
    for name, value in zip(names, fields):
        value = value.strip()
        if (name or record in LCOV_SUMMARY) and value.lstrip("-").isdigit():
            not_negative(f"{record} {name}".strip(), int(value), line)


# -- Cobertura and JaCoCo ------------------------------------------------------------------------------
def cobertura(root, text: str) -> None:
    """Root totals (covered <= valid, line-rate agreeing), every rate in 0..1, no negative hits."""
    for hit, total in (("lines-covered", "lines-valid"), ("branches-covered", "branches-valid")):
        if root.get(hit) is not None and root.get(total) is not None:
            at_most(hit, int(root.get(hit)), total, int(root.get(total)), locate(text, f'{hit}="'))
    for element in root.iter():
        for name in ("line-rate", "branch-rate"):
            if element.get(name) is not None:
                rate_between(name, float(element.get(name)), 1, locate(text, f'{name}="{element.get(name)}"'))
    for line in root.iter("line"):
        hits = line.get("hits", "0")
        not_negative("hits", int(hits), locate(text, f'hits="{hits}"'))
    _cobertura_rate(root, text)


def _cobertura_rate(root, text: str) -> None:
    valid, covered, rate = root.get("lines-valid"), root.get("lines-covered"), root.get("line-rate")
    if valid is None or covered is None or rate is None or int(valid) == 0:
        return
    if abs(float(rate) - int(covered) / int(valid)) > RATE_SLACK:
        raise Inconsistent(f"line-rate {rate} disagrees with lines-covered {covered} / lines-valid {valid}",
                           locate(text, 'line-rate="'))


def jacoco(root, text: str) -> None:
    """Every counter and line figure is a count; the report's LINE counter is its packages' sum."""
    for counter in root.iter():
        tag = strip_ns(counter.tag)
        names = ("missed", "covered") if tag == "counter" else ("nr", "mi", "ci", "mb", "cb") if tag == "line" else ()
        for name in names:
            if counter.get(name) is not None:
                not_negative(f"{tag} {name}", int(counter.get(name)), locate(text, f'{name}="{counter.get(name)}"'))
    top = _line_counter(root)
    parts = [c for c in (_line_counter(p) for p in root.iter() if strip_ns(p.tag) == "package") if c is not None]
    if top is not None and parts:
        for index, name in enumerate(("missed", "covered")):
            total = sum(p[index] for p in parts)
            if total != top[index]:
                raise Inconsistent(f"the report's LINE {name} {top[index]} is not the sum of its packages' ({total})",
                                   locate(text, f'{name}="{top[index]}"'))


def _line_counter(element) -> tuple[int, int] | None:
    counter = next((c for c in element if strip_ns(c.tag) == "counter" and c.get("type") == "LINE"), None)
    return None if counter is None else (int(counter.get("missed", "0")), int(counter.get("covered", "0")))


# -- Istanbul ---------------------------------------------------------------------------------------
def istanbul_summary(data: Mapping, text: str) -> None:
    """Every metric of every entry: covered <= total, pct in 0..100 and agreeing with them."""
    for key, entry in data.items():
        if not isinstance(entry, Mapping):
            continue
        for metric in ("lines", "statements", "functions", "branches"):
            figures = entry.get(metric)
            if isinstance(figures, Mapping):
                _summary_metric(f"{key}.{metric}", figures, locate(text, json.dumps(key, ensure_ascii=False)))


def _summary_metric(name: str, figures: Mapping, line: int | None) -> None:
    covered, total = figures.get("covered", 0), figures.get("total", 0)
    at_most(f"{name} covered", _number(covered), f"{name} total", _number(total), line)
    not_negative(f"{name} skipped", _number(figures.get("skipped", 0)), line)
    pct = figures.get("pct")
    if isinstance(pct, (int, float)) and not isinstance(pct, bool):
        rate_between(f"{name} pct", pct, 100, line)
        if total and abs(pct - 100 * covered / total) > PCT_SLACK:
            raise Inconsistent(f"{name} pct {pct} disagrees with covered {covered} / total {total}", line)


def _number(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{value!r} is not a number")
    return value


def istanbul_file(name: str, body: Mapping, text: str) -> None:
    """coverage-final.json: counts never negative, every count names a known statement."""
    line = locate(text, json.dumps(name, ensure_ascii=False))
    statements = body["statementMap"]
    for sid, count in body["s"].items():
        if sid not in statements:
            raise Inconsistent(f"{name}: statement {sid} is counted but not in statementMap", line)
        not_negative(f"{name}: count of statement {sid}", _number(count), line)
    for sid, count in (body.get("f") or {}).items():
        not_negative(f"{name}: count of function {sid}", _number(count), line)
    for bid, counts in (body.get("b") or {}).items():
        for count in counts if isinstance(counts, list) else [counts]:
            not_negative(f"{name}: count of branch {bid}", _number(count), line)
    for sid, loc in statements.items():
        start, end = loc["start"]["line"], (loc.get("end") or {}).get("line", loc["start"]["line"])
        not_negative(f"{name}: start line of statement {sid}", _number(start), line)
        if end < start:
            raise Inconsistent(f"{name}: statement {sid} ends on line {end}, before it starts ({start})", line)


# -- Go, coverage.py --------------------------------------------------------------------------------
def go_block(block: tuple[int, int, int, int], statements: int, count: int, mode: str, line: int) -> None:
    """start line.col, end line.col, statements, count of one profile line."""
    start_line, start_col, end_line, end_col = block
    for name, value in (("statements", statements), ("count", count)):
        not_negative(name, value, line)
    if min(block) < 1 or (end_line, end_col) < (start_line, start_col):
        raise Inconsistent(f"block {start_line}.{start_col},{end_line}.{end_col} is not a range of the file", line)
    if mode == "set" and count > 1:
        raise Inconsistent(f"count {count} in mode set (0 or 1)", line)


def coveragepy_summaries(data: Mapping, text: str) -> None:
    """The totals and each file's summary: counts, covered + missing = statements, percent."""
    _coveragepy_summary("totals", data["totals"], locate(text, '"totals"'))
    for name, body in data["files"].items():
        if isinstance(body, Mapping) and isinstance(body.get("summary"), Mapping):
            _coveragepy_summary(name, body["summary"], locate(text, json.dumps(name, ensure_ascii=False)))


def _coveragepy_summary(name: str, summary: Mapping, line: int | None) -> None:
    get = {key: _number(summary.get(key, 0)) for key in (
        "covered_lines", "num_statements", "missing_lines", "excluded_lines", "covered_branches", "num_branches")}
    for key, value in get.items():
        not_negative(f"{name} {key}", value, line)
    at_most(f"{name} covered_lines", get["covered_lines"], "num_statements", get["num_statements"], line)
    at_most(f"{name} covered_branches", get["covered_branches"], "num_branches", get["num_branches"], line)
    if "missing_lines" in summary and get["covered_lines"] + get["missing_lines"] != get["num_statements"]:
        raise Inconsistent(f"{name} covered_lines {get['covered_lines']} + missing_lines {get['missing_lines']} "
                           f"!= num_statements {get['num_statements']}", line)
    _coveragepy_percent(name, summary.get("percent_covered"), get, line)


def _coveragepy_percent(name: str, pct, get: Mapping[str, float], line: int | None) -> None:
    if pct is None:
        return
    rate_between(f"{name} percent_covered", _number(pct), 100, line)
    possible = get["num_statements"] + get["num_branches"]
    if possible and abs(pct - 100 * (get["covered_lines"] + get["covered_branches"]) / possible) > PCT_SLACK:
        raise Inconsistent(f"{name} percent_covered {pct} disagrees with its counts", line)


def executed_lines(name: str, executed: Iterable[int], length: int) -> None:
    """Lines a .coverage file says ran: numbered from 1, and within the file as it is now."""
    for number in executed:
        if number < 1 or number > length:
            raise Inconsistent(f"line {number} of {name} executed, but {name} has {length} lines")
