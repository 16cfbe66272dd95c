"""Reading code, not just text: SQL built from strings, and debug switches, per language.

Python is read with `ast` (never imported or run): a query built with an f-string, `%`, `+`
or `.format()` and handed to execute/raw/text/extra, directly or through a variable assigned
in the same function. JS/TS, Go and Java: facts/sql_text.py.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

SQL_SINKS = frozenset({"execute", "executemany", "executescript", "raw", "text", "extra", "mogrify", "RawSQL", "from_statement", "exec_driver_sql"})
_SQL_WORDS = re.compile(r"(?i)\b(select|insert|update|delete|from|where|values|order by|create|drop|alter)\b")


@dataclass(frozen=True)
class CodeFinding:
    path: str
    line: int
    call: str
    detail: str


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _built_string(node: ast.AST, safe: frozenset[str] = frozenset()) -> str | None:
    """How a string is built from parts, if it is: 'f-string', '%', '+', '.format()'. A string
    whose only inserted parts are placeholder lists (`",".join("?" * n)`, or a name bound to
    one in `safe`) is a parameterised query, not one built from values."""
    how = _how_built(node)
    if how is None:
        return None
    return None if all(_is_placeholder_list(part, safe) for part in _inserted_parts(node)) else how


def _how_built(node: ast.AST) -> str | None:
    if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values):
        return "f-string"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _is_str(node.left):
        return "% formatting"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and (_is_str(node.left) or _is_str(node.right)) \
            and not (_is_str(node.left) and _is_str(node.right)):
        return "string concatenation"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format" and _is_str(node.func.value):
        return ".format()"
    return None


def _inserted_parts(node: ast.AST) -> list[ast.AST]:
    """The values a built string inserts between its literal parts."""
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return list(node.right.elts) if isinstance(node.right, ast.Tuple) else [node.right]
    if isinstance(node, ast.BinOp):  # a + b + c: every side that is not a literal, however nested
        return [part for side in (node.left, node.right) if not isinstance(side, ast.Constant)
                for part in (_inserted_parts(side) if isinstance(side, (ast.BinOp, ast.JoinedStr)) else [side])]
    if isinstance(node, ast.Call):
        return [*node.args, *(kw.value for kw in node.keywords)]
    return [node]


_PLACEHOLDER = re.compile(r"\?|%s|\$\d+|:\w+")  # one bind parameter: ?, %s, $1, :name


def _is_placeholder_text(value: object) -> bool:
    """"?", "%s, ", "$1," and the like: one bind parameter, maybe with its separator."""
    if not isinstance(value, str):
        return False
    stripped = value.strip()
    stripped = stripped[:-1].rstrip() if stripped.endswith(",") else stripped
    return _PLACEHOLDER.fullmatch(stripped) is not None


def _is_placeholder_list(node: ast.AST, safe: frozenset[str]) -> bool:
    """`",".join("?" * len(ids))`, `", ".join(["%s"] * n)`, `",".join("?" for _ in ids)`, or a
    name bound to one of them: a list of bind parameters, the way IN (...) is parameterised."""
    if isinstance(node, ast.Name):
        return node.id in safe
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join"
            and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)
            and node.func.value.value.strip() in (",", "") and len(node.args) == 1):
        return False
    items = node.args[0]
    if isinstance(items, ast.BinOp) and isinstance(items.op, ast.Mult):
        items = items.left if not isinstance(items.left, (ast.Name, ast.Call)) else items.right
    if isinstance(items, (ast.GeneratorExp, ast.ListComp)):
        items = items.elt
    if isinstance(items, (ast.List, ast.Tuple)):
        return bool(items.elts) and all(isinstance(e, ast.Constant) and _is_placeholder_text(e.value) for e in items.elts)
    return isinstance(items, ast.Constant) and _is_placeholder_text(items.value)


def _is_str(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.BinOp) and (_is_str(node.left) or _is_str(node.right))


def _looks_like_sql(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Constant) and isinstance(n.value, str) and _SQL_WORDS.search(n.value) for n in ast.walk(node))


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _scopes(tree: ast.AST) -> list[list[ast.AST]]:
    """The nodes of each scope (module, each function), each node in exactly one scope."""
    scopes: list[list[ast.AST]] = []
    pending: list[ast.AST] = [tree]
    while pending:
        root = pending.pop()
        nodes: list[ast.AST] = []
        stack = list(ast.iter_child_nodes(root))
        while stack:
            node = stack.pop()
            if isinstance(node, _FUNCTIONS):
                pending.append(node)
                continue
            nodes.append(node)
            stack.extend(ast.iter_child_nodes(node))
        nodes.sort(key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0)))
        scopes.append(nodes)
    return scopes


def python_sql_injection(path: str, tree: ast.AST) -> list[CodeFinding]:
    """Queries built from values and handed to an SQL sink, scope by scope: directly, or
    through a variable assigned in the same function."""
    findings: list[CodeFinding] = []
    for body_nodes in _scopes(tree):
        safe = frozenset(_names_assigned(body_nodes, lambda value: _is_placeholder_list(value, frozenset())))
        built = _built_queries(body_nodes, safe)
        for node in body_nodes:
            if isinstance(node, ast.Call) and _call_name(node) in SQL_SINKS and node.args:
                findings.extend(_sink_findings(path, node, built, safe))
    unique = {(f.line, f.call): f for f in findings}
    return sorted(unique.values(), key=lambda f: f.line)


def _names_assigned(nodes: list[ast.AST], test) -> list[str]:
    """Names assigned (a single plain target) a value that passes `test`."""
    return [node.targets[0].id for node in nodes
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
            and test(node.value)]


def _built_queries(nodes: list[ast.AST], safe: frozenset[str]) -> dict[str, tuple[str, int]]:
    """Variables holding SQL built from values: name -> (how, line), forgotten when the name is
    assigned something safe again later in the scope."""
    built: dict[str, tuple[str, int]] = {}
    for node in nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            how = _built_string(node.value, safe)
            if how and _looks_like_sql(node.value):
                built[node.targets[0].id] = (how, node.lineno)
            else:
                built.pop(node.targets[0].id, None)  # reassigned to something safe
    return built


def _sink_findings(path: str, node: ast.Call, built: dict[str, tuple[str, int]], safe: frozenset[str]) -> list[CodeFinding]:
    """What one execute/raw/text/extra call is handed: a query built right there, or a
    variable built earlier; for Django's extra(), where= and select= built from strings."""
    call = _call_name(node)
    first = node.args[0]
    how = _built_string(first, safe)
    found = []
    if how and (_looks_like_sql(first) or call in ("raw", "RawSQL", "text")):
        found.append(CodeFinding(path, node.lineno, call, f"query built with {how}"))
    elif isinstance(first, ast.Name) and first.id in built:
        how, line = built[first.id]
        found.append(CodeFinding(path, node.lineno, call, f"query `{first.id}` built with {how} on line {line}"))
    if call == "extra":
        found += [CodeFinding(path, node.lineno, "extra", f"extra({kw.arg}=...) built from strings")
                  for kw in node.keywords if kw.arg in ("where", "select") and any(
                      _built_string(e) for e in ast.walk(kw.value) if isinstance(e, (ast.JoinedStr, ast.BinOp, ast.Call)))]
    return found


def python_sql_findings(tree: ast.AST) -> list[list[Any]]:
    """[[line, call, detail], ...]: python_sql_injection as JSON data (for RepoFacts.per_python_file)."""
    return [[f.line, f.call, f.detail] for f in python_sql_injection("", tree)]


def python_debug_findings(tree: ast.AST) -> list[list[Any]]:
    """[[line, what], ...]: python_debug as JSON data (for RepoFacts.per_python_file)."""
    return [[d.line, d.what] for d in python_debug("", tree)]


@dataclass(frozen=True)
class DebugSetting:
    path: str
    line: int
    what: str


_PY_DEBUG_CALL = {("run", "debug"), ("FastAPI", "debug"), ("Flask", "debug"), ("Starlette", "debug")}


def python_debug(path: str, tree: ast.AST) -> list[DebugSetting]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                name = target.id if isinstance(target, ast.Name) else (target.attr if isinstance(target, ast.Attribute) else None)
                if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant):
                    name = str(target.slice.value)
                if name in ("DEBUG", "debug", "TEMPLATE_DEBUG", "PROPAGATE_EXCEPTIONS") and isinstance(node.value, ast.Constant) and node.value.value is True:
                    out.append(DebugSetting(path, node.lineno, f"{name} = True"))
        elif isinstance(node, ast.Call):
            for kw in node.keywords:
                if (_call_name(node), kw.arg) in _PY_DEBUG_CALL and isinstance(kw.value, ast.Constant) and kw.value.value is True:
                    out.append(DebugSetting(path, node.lineno, f"{_call_name(node)}(debug=True)"))
    return out


_TEXT_DEBUG = {
    ".go": re.compile(r"gin\.SetMode\(\s*gin\.DebugMode\s*\)|\.Debug\s*=\s*true|pprof\b.*Handle|_ \"net/http/pprof\""),
    ".js": re.compile(r"\.send\(\s*err\.stack|json\(\s*\{[^}]*stack\s*:\s*err\.stack|app\.use\(\s*errorHandler\(\)\s*\)|['\"]env['\"],\s*['\"]development['\"]"),
    ".properties": re.compile(r"^\s*(debug\s*=\s*true|server\.error\.include-stacktrace\s*=\s*always|server\.error\.include-message\s*=\s*always|spring\.jpa\.show-sql\s*=\s*true|management\.endpoints\.web\.exposure\.include\s*=\s*\*)", re.M),
    ".yml": re.compile(r"^\s*(debug\s*:\s*true|include-stacktrace\s*:\s*always|include\s*:\s*['\"]?\*['\"]?\s*$)", re.M),
}
_TEXT_DEBUG[".ts"] = _TEXT_DEBUG[".mjs"] = _TEXT_DEBUG[".cjs"] = _TEXT_DEBUG[".js"]
_TEXT_DEBUG[".yaml"] = _TEXT_DEBUG[".yml"]


def text_debug(path: str, text: str, suffix: str) -> list[DebugSetting]:
    pattern = _TEXT_DEBUG.get(suffix)
    if pattern is None or pattern.search(text) is None:
        return []  # asked of the whole text once: a line's match is a match of the text
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(("//", "#", "*")):
            continue
        match = pattern.search(line)
        if match:
            out.append(DebugSetting(path, number, match.group(0).strip()))
    return out


def text_debug_findings(text: str, suffix: str) -> list[list[Any]]:
    """[[line, what], ...]: text_debug as JSON data (for RepoFacts.per_file)."""
    return [[d.line, d.what] for d in text_debug("", text, suffix)]


# Settings for development or tests: read but not judged (the report says which were skipped).
_DEV_MODULE = re.compile(r"(^|[/_.-])(dev|devel|development|local|test|tests|testing|ci)([_.-]|\.py$|$)", re.I)
_DEBUG_WORD = re.compile("debug", re.I)
_SPRING_DEV = re.compile(r"application-(dev|local|test|development)\.(properties|ya?ml)$")
_TEXT_DEBUG_SUFFIXES = (".go", ".js", ".ts", ".mjs", ".cjs", ".properties", ".yml", ".yaml")


@dataclass(frozen=True)
class DebugScan:
    """Debug switches found in production files, the settings files judged, and the
    development or test settings deliberately skipped."""

    found: tuple[DebugSetting, ...]
    judged: tuple[str, ...]
    skipped: tuple[str, ...]


def debug_settings(entries: list, repo: Any) -> DebugScan:
    """Debug switches in `entries` (production files of one scope), read through `repo`
    (RepoFacts: remembered per file): Python settings by their syntax tree, Go/JS/Spring
    configuration by line."""
    found: list[DebugSetting] = []
    judged: list[str] = []
    skipped: list[str] = []
    for entry in entries:
        if entry.suffix == ".py":
            verdict = _python_debug(entry, repo, found)
        elif entry.suffix in _TEXT_DEBUG_SUFFIXES:
            verdict = _text_debug(entry, repo, found)
        else:
            continue
        if verdict == "judged":
            judged.append(entry.path)
        elif verdict == "skipped":
            skipped.append(entry.path)
    return DebugScan(tuple(found), tuple(judged), tuple(skipped))


def _python_debug(entry: Any, repo: Any, found: list[DebugSetting]) -> str | None:
    """judged (a settings module read), skipped (development or test settings), or None."""
    is_settings = entry.name.startswith("settings") or "/settings/" in f"/{entry.path}"
    if is_settings and _DEV_MODULE.search(entry.name):
        return "skipped"
    if not repo.first_match(_DEBUG_WORD, entry.path):
        return "judged" if is_settings else None
    hits = repo.per_python_file(entry.path, python_debug_findings)
    if hits is None:
        return None
    found.extend(DebugSetting(entry.path, line, what) for line, what in hits)
    return "judged" if is_settings else None


def _text_debug(entry: Any, repo: Any, found: list[DebugSetting]) -> str | None:
    """Go, JS and Spring configuration by line; only application*/bootstrap* YAML and
    properties are Spring's."""
    if entry.suffix in (".properties", ".yml", ".yaml") and not entry.name.startswith(("application", "bootstrap")):
        return None
    if _SPRING_DEV.search(entry.name):
        return "skipped"
    hits = repo.per_file(entry.path, text_debug_findings, entry.suffix)
    found.extend(DebugSetting(entry.path, line, what) for line, what in hits or ())
    return "judged" if entry.name.startswith("application") else None
