"""SQL built from strings in JS/TS, Go and Java, read with line patterns (Python is read with
`ast` in facts/code.py).

A Go query made with `fmt.Sprintf` is judged by what each verb puts where: a value spliced into
a value position (`WHERE name = '%s'`, `IN (%v)`, `VALUES (%s)`) from anything but a constant or
a placeholder is the injection (critical); `%d`, `%t`, `%f` can only print numbers and
switches; a table or column name (`UPDATE %v SET`) or a fragment appended to the text (an ORM's
own `CombinedConditionSql()`) is composition, not proof of injection: it is reported for a
review (medium), never as a critical. This is how a GORM callback that builds
`UPDATE %v SET %v=%v%v%v` from `scope.QuotedTableName()` and `scope.AddToVars(...)` stays out of
the criticals while `fmt.Sprintf("... WHERE name = '%s'", name)` stays in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

CRITICAL, MEDIUM = "critical", "medium"


@dataclass(frozen=True)
class SqlFinding:
    path: str
    line: int
    call: str
    detail: str
    severity: str = CRITICAL


# JS/TS: template literals with ${} or concatenation into query/raw/$queryRawUnsafe/execute.
_JS_SQL = re.compile(r"""\.(query|raw|execute|\$queryRawUnsafe|\$executeRawUnsafe|whereRaw|joinRaw|orderByRaw|unsafe)\(\s*(`[^`]*\$\{|["'][^"']*["']\s*\+)""")
_GO_SQL = re.compile(r"""\.(Query|QueryRow|Exec|QueryContext|QueryRowContext|ExecContext|Raw|Select|Get)\(\s*(ctx\s*,\s*)?(fmt\.Sprintf\(|"[^"]*"\s*\+)""")
_GO_SPRINTF_VAR = re.compile(r"""^\s*(\w+)\s*:?=\s*fmt\.Sprintf\(\s*"(?i:[^"]*\b(select|insert|update|delete)\b)""")
_GO_RUN_VAR = r"\.(Query|QueryRow|Exec|QueryContext|QueryRowContext|ExecContext|Raw)\(\s*(ctx\s*,\s*)?{var}\b"
_JAVA_SQL = re.compile(r"""\b(createQuery|createNativeQuery|executeQuery|executeUpdate|execute|prepareStatement|addBatch|queryForObject|queryForList|query|update)\(\s*"[^"]*"\s*\+""")
_PATTERNS = {".js": _JS_SQL, ".ts": _JS_SQL, ".mjs": _JS_SQL, ".cjs": _JS_SQL, ".go": _GO_SQL, ".java": _JAVA_SQL,
             ".kt": _JAVA_SQL}

_SPRINTF_CALL = re.compile(r"fmt\.Sprintf\(\s*(?:\"((?:[^\"\\\n]|\\.){0,2000})\"|`([^`]{0,2000})`)")
_VERB = re.compile(r"%[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?([a-zA-Z%])")
# what precedes a verb that makes it a value: a quote, a comparison, LIKE, IN (, VALUES (,
# LIMIT/OFFSET
_VALUE_BEFORE = re.compile(r"(?i)(['\"]|[=<>!]\s*|\blike\s+|\bin\s*\(\s*|\bvalues\s*\(\s*|\blimit\s+|\boffset\s+)$")
_SAFE_VERBS = frozenset("dtfeEgGbcoxXU%")
# arguments that are no input: literals, and the calls that quote an identifier or produce a
# bind placeholder (`$1`, `?`)
_SAFE_ARGUMENT = re.compile(
    r"""^(?:"[^"]*"|`[^`]*`|'.'|-?\d[\d_.]*|true|false|nil|len\(.*\)|"""
    r""".*\b(?:Quote\w*|Quoted\w*|QuoteIdentifier|QuoteLiteral|AddToVars|Placeholder\w*|Rebind|BindVar\w*|BindType)\(.*)$""")
_BOUND = 4000  # characters of a Sprintf call read after the match: a call longer than this is not followed


def pattern_sql_findings(text: str, suffix: str) -> list[list[Any]]:
    """[[line, call, detail, severity], ...]: pattern_sql_injection as JSON data (for
    RepoFacts.per_file)."""
    return [[f.line, f.call, f.detail, f.severity] for f in pattern_sql_injection("", text, suffix)]


def pattern_sql_injection(path: str, text: str, suffix: str) -> list[SqlFinding]:
    pattern = _PATTERNS.get(suffix)
    if pattern is None or not _may_hold_sql(text, pattern, suffix):
        return []
    findings = []
    sprintf_vars: dict[str, tuple[int, str | None]] = {}
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        start, offset = offset, offset + len(line)
        if line.lstrip().startswith(("//", "*", "/*")) or len(line) > 2000:
            continue
        match = pattern.search(line)
        if match:
            findings.append(_direct(path, number, match, text, start))
            continue
        if suffix == ".go":
            findings += _through_variable(path, number, line, text, start, sprintf_vars)
    return [finding for finding in findings if finding is not None]


def _may_hold_sql(text: str, pattern: re.Pattern[str], suffix: str) -> bool:
    """Whether the file can hold a finding at all, asked of the whole text at once (one regex
    pass in C, not a Python loop over every line): a sink built in place, or for Go a
    Sprintf'd query kept in a variable."""
    return pattern.search(text) is not None or (suffix == ".go" and "fmt.Sprintf(" in text)


def _direct(path: str, number: int, match: re.Match[str], text: str, start: int) -> SqlFinding | None:
    """A query built in the call that runs it."""
    if "`" in match.group(0):
        return SqlFinding(path, number, match.group(1), "query built with template literal")
    if "Sprintf" not in match.group(0):
        return SqlFinding(path, number, match.group(1), "query built with string concatenation")
    severity = sprintf_severity(text, start + match.start(3))
    if severity is None:
        return None
    return SqlFinding(path, number, match.group(1), _sprintf_detail(severity), severity)


def _through_variable(path: str, number: int, line: str, text: str, start: int,
                      sprintf_vars: dict[str, tuple[int, str | None]]) -> list[SqlFinding]:
    """`q := fmt.Sprintf("SELECT ...")` on one line, `db.Query(q)` on a later one."""
    assign = _GO_SPRINTF_VAR.match(line)
    if assign:
        sprintf_vars[assign.group(1)] = (number, sprintf_severity(text, start + line.index("fmt.Sprintf")))
    found = []
    for var, (at, severity) in sprintf_vars.items():
        if severity is not None and re.search(_GO_RUN_VAR.format(var=re.escape(var)), line):
            found.append(SqlFinding(path, number, "Query/Exec", f"query `{var}` built with fmt.Sprintf on line {at}"
                                    + ("" if severity == CRITICAL else " (names or fragments only: review)"), severity))
    return found


def _sprintf_detail(severity: str) -> str:
    if severity == CRITICAL:
        return "query built with fmt.Sprintf (a value spliced into the SQL)"
    return "query text composed with fmt.Sprintf from names or fragments: make sure none comes from input"


def sprintf_severity(text: str, at: int) -> str | None:
    """How much the `fmt.Sprintf(` call at offset `at` weighs: CRITICAL when a verb in a value
    position takes anything but a literal or a placeholder, MEDIUM when only names or fragments
    are composed, None when every verb is safe (numbers, literals). A call that cannot be read
    (no literal format) stays CRITICAL: the format itself is then not known."""
    call = _SPRINTF_CALL.match(text, at, min(len(text), at + _BOUND))
    if call is None:
        return CRITICAL
    fmt = call.group(1) if call.group(1) is not None else call.group(2)
    arguments = _arguments(text, call.end(), min(len(text), at + _BOUND))
    verbs = [m for m in _VERB.finditer(fmt) if m.group(1) != "%"]
    if arguments is None or len(arguments) < len(verbs):
        return CRITICAL
    worst = None
    for verb, argument in zip(verbs, arguments):
        if verb.group(1) in _SAFE_VERBS or _SAFE_ARGUMENT.match(argument):
            continue
        if _VALUE_BEFORE.search(fmt[:verb.start()]) or fmt[verb.end():verb.end() + 1] in ("'", '"'):
            return CRITICAL
        worst = MEDIUM
    return worst


def _arguments(text: str, start: int, end: int) -> list[str] | None:
    """The arguments after the format string, split at top-level commas, up to the closing
    parenthesis; None when the call does not close within the bound."""
    depth, quote, current, out = 0, "", [], []
    for index in range(start, end):
        char = text[index]
        if quote:
            current.append(char)
            if char == quote and text[index - 1] != "\\":
                quote = ""
            continue
        if char in "\"`'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                out.append("".join(current).strip())
                return [a for a in out if a]
            depth -= 1
        elif char == "," and depth == 0:
            out.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    return None
