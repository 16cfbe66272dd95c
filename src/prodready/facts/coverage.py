"""Coverage reports (never produced by us: the target's tests are never run) and coverage gates.

Formats: Cobertura XML, JaCoCo XML, LCOV, Go cover profiles, Istanbul coverage-summary.json and
coverage-final.json, coverage.py JSON and coverage.py data files (through the coverage library,
which parses the measured sources; it does not execute them). Each report yields line coverage
and the files it covers, so a report about files that are not in the tree is called stale. Every
figure is range-checked first (facts/coverage_figures.py): a report stating what cannot be true
is `inconsistent`, with its error saying what and where, and yields no coverage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from prodready.facts import coverage_figures as figures
from prodready.facts.coverage_figures import Inconsistent
from prodready.scanning.parsing import load_json, parse_xml, strip_ns

REPORT_NAMES = re.compile(
    r"^(coverage\.xml|cobertura(-coverage)?\.xml|jacoco(TestReport)?\.xml|lcov\.info|[\w.-]*\.lcov|"
    r"coverage\.out|cover\.out|[\w.-]*\.coverprofile|coverage-summary\.json|coverage-final\.json|"
    r"coverage\.json|\.coverage)$"
)


@dataclass(frozen=True)
class CoverageReport:
    path: str  # repo-relative, or as given on the command line
    format: str
    line_rate: float | None  # percent, 0-100
    covered: int
    total: int
    files: tuple[str, ...]
    error: str | None = None
    stale_files: int = 0
    inconsistent: bool = False  # a figure that cannot be true: the error says which, and where

    @property
    def stale(self) -> bool:
        return bool(self.files) and self.stale_files * 2 > len(self.files)


def is_report_name(name: str) -> bool:
    return bool(REPORT_NAMES.match(name))


def _pct(covered: int, total: int) -> float | None:
    return round(100.0 * covered / total, 2) if total else None


def parse_report(path: str, data: bytes, tree_paths: set[str], read_text) -> CoverageReport:
    """Parse a report of any supported format from its bytes."""
    name = PurePosixPath(path).name
    kind = "unknown"
    try:
        if data.startswith(b"SQLite format 3"):
            kind = "coverage.py-data"
            return _coveragepy_data(path, data, read_text, tree_paths)
        text = data.decode("utf-8", errors="replace")
        kind, parser = _parser_for(text)
        if parser is None:
            return CoverageReport(path, "unknown", None, 0, 0, (), f"{name} is not a coverage format prodready reads")
        report = parser(path, text)
    except Inconsistent as exc:
        return CoverageReport(path, kind, None, 0, 0, (), exc.message(path), inconsistent=True)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError, OverflowError) as exc:
        return CoverageReport(path, "unknown", None, 0, 0, (), f"could not parse {path}: {type(exc).__name__}: {str(exc)[:120]}")
    return _with_staleness(report, tree_paths)


def _parser_for(text: str):
    """(format family, parser) by the report's first bytes; (\"unknown\", None) for none."""
    stripped = text.lstrip()
    if stripped.startswith("<"):
        return "xml", _xml
    if stripped.startswith("{"):
        return "json", _json
    if stripped.startswith("mode:"):
        return "go-cover", _go_profile
    if re.search(r"^(SF|LF|LH|DA):", text, re.MULTILINE):
        return "lcov", _lcov
    return "unknown", None


def _with_staleness(report: CoverageReport, tree_paths: set[str]) -> CoverageReport:
    if report.error or not report.files or not tree_paths:
        return report
    missing = sum(1 for f in report.files if not _in_tree(f, tree_paths))
    return CoverageReport(report.path, report.format, report.line_rate, report.covered, report.total,
                          report.files, report.error, missing)


def _in_tree(reported: str, tree_paths: set[str]) -> bool:
    """Reports hold absolute or package-relative paths (Go import paths, Cobertura sources
    relative to a package root): a suffix of the reported path must be a file of the tree, or
    its last two parts must end one."""
    if _match_tree(reported, tree_paths) is not None:
        return True
    tail = "/".join(PurePosixPath(reported.replace("\\", "/")).parts[-2:])
    return any(p.endswith("/" + tail) for p in tree_paths)


def _xml(path: str, text: str) -> CoverageReport:
    root, error = parse_xml(text, path)
    if error:
        return CoverageReport(path, "xml", None, 0, 0, (), error.message())
    tag = strip_ns(root.tag)
    if tag == "coverage":  # Cobertura (coverage.py, Istanbul, gcovr...)
        figures.cobertura(root, text)
        valid, covered = root.get("lines-valid"), root.get("lines-covered")
        files = tuple(sorted({c.get("filename", "") for c in root.iter("class") if c.get("filename")}))
        if valid is not None and covered is not None:
            total, hit = int(valid), int(covered)
        else:
            lines = [int(line.get("hits", "0")) for line in root.iter("line")]
            total, hit = len(lines), sum(1 for h in lines if h > 0)
            if not total and root.get("line-rate") is not None:
                return CoverageReport(path, "cobertura", round(float(root.get("line-rate")) * 100, 2), 0, 0, files)
        return CoverageReport(path, "cobertura", _pct(hit, total), hit, total, files)
    if tag == "report":  # JaCoCo: the report-level LINE counter is the total
        figures.jacoco(root, text)
        counter = next((c for c in root if strip_ns(c.tag) == "counter" and c.get("type") == "LINE"), None)
        files = tuple(sorted(
            f"{pkg.get('name', '')}/{src.get('name', '')}" for pkg in root.iter("package") for src in pkg.iter("sourcefile")
        ))
        if counter is None:
            return CoverageReport(path, "jacoco", None, 0, 0, files, "JaCoCo report has no LINE counter")
        hit, miss = int(counter.get("covered", "0")), int(counter.get("missed", "0"))
        return CoverageReport(path, "jacoco", _pct(hit, hit + miss), hit, hit + miss, files)
    return CoverageReport(path, "xml", None, 0, 0, (), f"XML root <{tag}> is neither Cobertura nor JaCoCo")


def _json(path: str, text: str) -> CoverageReport:
    data, error = load_json(text, path)
    if error:
        return CoverageReport(path, "json", None, 0, 0, (), error.message())
    if not isinstance(data, dict):
        raise ValueError("top level is not an object")
    if "totals" in data and "files" in data:  # coverage.py JSON
        figures.coveragepy_summaries(data, text)
        totals = data["totals"]
        hit, total = int(totals.get("covered_lines", 0)), int(totals.get("num_statements", 0))
        return CoverageReport(path, "coverage.py-json", _pct(hit, total), hit, total, tuple(sorted(data["files"])))
    if isinstance(data.get("total"), dict) and "lines" in data["total"]:  # Istanbul summary
        figures.istanbul_summary(data, text)
        lines = data["total"]["lines"]
        files = tuple(sorted(k for k in data if k != "total"))
        return CoverageReport(path, "istanbul-summary", float(lines.get("pct", 0)) if lines.get("total") else None,
                              int(lines.get("covered", 0)), int(lines.get("total", 0)), files)
    if data and all(isinstance(v, dict) and "statementMap" in v for v in data.values()):  # coverage-final
        hit = total = 0
        for file_name, body in data.items():
            figures.istanbul_file(file_name, body, text)
            lines: dict[int, bool] = {}
            for sid, loc in body["statementMap"].items():
                line = loc["start"]["line"]
                lines[line] = lines.get(line, False) or body["s"].get(sid, 0) > 0
            total += len(lines)
            hit += sum(lines.values())
        return CoverageReport(path, "istanbul-final", _pct(hit, total), hit, total, tuple(sorted(data)))
    raise ValueError("JSON is not a coverage.py or Istanbul report")


def _lcov(path: str, text: str) -> CoverageReport:
    hit = total = 0
    files = []
    record: dict[str, tuple[int, int]] = {}  # summary line -> (value, line number), per SF record
    for number, line in enumerate(text.splitlines(), 1):
        kind, _colon, rest = line.partition(":")
        if kind in ("SF", "end_of_record"):
            figures.lcov_record(record)
            record = {}
            if kind == "SF":
                files.append(rest.strip())
            continue
        figures.lcov_counts(kind, rest.split(","), number)
        if kind in figures.LCOV_SUMMARY:
            record[kind] = (int(rest), number)
            total += record[kind][0] if kind == "LF" else 0
            hit += record[kind][0] if kind == "LH" else 0
    figures.lcov_record(record)
    return CoverageReport(path, "lcov", _pct(hit, total), hit, total, tuple(sorted(files)))


GO_BLOCK = re.compile(r"^(.+):(-?\d+)\.(-?\d+),(-?\d+)\.(-?\d+) (-?\d+) (-?\d+)$")


def _go_profile(path: str, text: str) -> CoverageReport:
    lines = text.splitlines()
    mode = lines[0].partition(":")[2].strip() if lines else ""
    blocks: dict[str, tuple[int, int]] = {}  # a block may repeat across packages: keep the max count
    for number, line in enumerate(lines[1:], 2):
        match = GO_BLOCK.match(line.strip())
        if not match:
            continue
        block = tuple(int(match.group(i)) for i in range(2, 6))
        statements, count = int(match.group(6)), int(match.group(7))
        figures.go_block(block, statements, count, mode, number)  # type: ignore[arg-type]
        key = f"{match.group(1)}:{block[0]}.{block[1]},{block[2]}.{block[3]}"
        previous = blocks.get(key, (statements, 0))
        if previous[0] != statements:
            raise Inconsistent(f"block {key} has {statements} statements, {previous[0]} earlier", number)
        blocks[key] = (statements, max(previous[1], count))
    total = sum(s for s, _ in blocks.values())
    hit = sum(s for s, c in blocks.values() if c > 0)
    files = tuple(sorted({k.rsplit(":", 1)[0] for k in blocks}))
    return CoverageReport(path, "go-cover", _pct(hit, total), hit, total, files)


def _coveragepy_data(path: str, data: bytes, read_text, tree_paths: set[str]) -> CoverageReport:
    """A .coverage SQLite file: executed lines from it, statements parsed from our sources.

    The bytes are copied to a private temporary file first so SQLite never opens (or writes a
    journal beside) a file in the audited tree.
    """
    import tempfile

    from coverage import CoverageData
    from coverage.parser import PythonParser

    with tempfile.TemporaryDirectory(prefix="prodready-cov-") as tmp:
        copy = Path(tmp) / "data.coverage"
        copy.write_bytes(data)
        try:
            cov = CoverageData(basename=str(copy))
            cov.read()
            measured = sorted(cov.measured_files())
            executed_by_file = {m: set(cov.lines(m) or ()) for m in measured}
        except Exception as exc:  # noqa: BLE001 - sqlite and coverage raise many kinds
            # the message names the private copy; the reader knows the file by its own path
            reason = str(exc).replace(str(copy), path).replace(tmp, "")[:120]
            return CoverageReport(path, "coverage.py-data", None, 0, 0, (), f"could not read {path}: {reason}")
    hit = total = 0
    files = []
    missing = 0
    for measured_file in measured:
        rel = _match_tree(measured_file, tree_paths)
        files.append(measured_file)
        if rel is None:
            missing += 1
            continue
        source = read_text(rel)
        if source is None:
            continue
        figures.executed_lines(rel, executed_by_file[measured_file], len(source.splitlines()))
        try:
            parser = PythonParser(text=source, filename=rel)
            parser.parse_source()
        except Exception:  # noqa: BLE001 - a file that no longer parses is left out
            continue
        statements = parser.statements
        executed = executed_by_file[measured_file]
        total += len(statements)
        hit += len(statements & executed)
    return CoverageReport(path, "coverage.py-data", _pct(hit, total), hit, total, tuple(files), None, missing)


def _match_tree(reported: str, tree_paths: set[str]) -> str | None:
    parts = PurePosixPath(reported.replace("\\", "/")).parts
    for start in range(len(parts)):
        candidate = "/".join(parts[start:])
        if candidate in tree_paths:
            return candidate
    return None


# Coverage gates configured without a report: (regex, what it is). Searched in config files.
GATES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^\s*fail_under\s*=\s*(\d+(\.\d+)?)", re.M), "coverage.py fail_under"),
    (re.compile(r"--cov-fail-under[= ](\d+)"), "pytest-cov --cov-fail-under"),
    (re.compile(r"\"?coverageThreshold\"?\s*:"), "Jest coverageThreshold"),
    (re.compile(r"jacocoTestCoverageVerification|<goal>check</goal>[\s\S]{0,400}jacoco|jacoco[\s\S]{0,800}<minimum>"), "JaCoCo coverage rule"),
    (re.compile(r"\bcheck-coverage\b|--check-coverage|\"branches\"\s*:\s*\d+.*\"lines\"\s*:\s*\d+"), "nyc/c8 check-coverage"),
    (re.compile(r"go-test-coverage|coverage threshold|COVERAGE_THRESHOLD"), "coverage threshold in CI"),
)
GATE_FILES = re.compile(
    r"^(pyproject\.toml|setup\.cfg|\.coveragerc|tox\.ini|pytest\.ini|package\.json|jest\.config\.[cm]?[jt]s|"
    r"\.nycrc(\.json)?|\.c8rc(\.json)?|vitest\.config\.[cm]?[jt]s|pom\.xml|build\.gradle(\.kts)?|\.testcoverage\.ya?ml|Makefile)$"
)
