"""One loader per format, each bounded and each turning a broken file into a message.

Checks never call yaml/json/tomllib/xml themselves: a broken file becomes a ParseError with a
line number that reporters show as a finding, never an exception that stops the audit.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

MAX_YAML_ALIASES = 200
MAX_EXPANDED_NODES = 1_000_000
_ALIAS = re.compile(r"(?:^|[\s\[\]{},:-])\*[^\s\[\]{},]+")


@dataclass(frozen=True)
class ParseError:
    """Why a file could not be parsed, and where."""

    path: str
    reason: str
    line: int | None = None

    def message(self) -> str:
        where = f", at line {self.line}" if self.line else ""
        return f"could not parse {self.path}: {self.reason}{where}"


def _yaml_error(path: str, exc: Exception) -> ParseError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return ParseError(path, str(problem), mark.line + 1 if mark else None)


@lru_cache(maxsize=2)
def _loader(dates_as_text: bool) -> type:
    """PyYAML's safe loader, imported on first use (yaml costs ~30 ms to import, and listing
    checks never parses YAML). The C loader is 5-12x faster, with the same safe constructors.
    `dates_as_text`: dates stay text, so a bad date is a value to report with its line, not a
    crash inside the loader."""
    import yaml

    safe: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if not dates_as_text:
        return safe
    text_dates = type("_TextDateLoader", (safe,), {})
    text_dates.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    return text_dates


def load_yaml_all(text: str, path: str, dates_as_text: bool = False) -> tuple[list[Any], ParseError | None]:
    """All documents of a YAML stream, safely; aliases are capped (billion-laughs)."""
    if len(_ALIAS.findall(text)) > MAX_YAML_ALIASES:
        return [], ParseError(path, f"more than {MAX_YAML_ALIASES} aliases (refused, alias bomb?)")
    import yaml

    try:
        docs = list(yaml.load_all(text, Loader=_loader(dates_as_text)))
    except yaml.YAMLError as exc:
        return [], _yaml_error(path, exc)
    except (RecursionError, ValueError, TypeError) as exc:
        return [], ParseError(path, type(exc).__name__)
    if expanded_size(docs) > MAX_EXPANDED_NODES:
        return [], ParseError(path, f"expands to more than {MAX_EXPANDED_NODES:,} nodes through aliases (refused, alias bomb?)")
    return docs, None


def expanded_size(value) -> int:
    """How many nodes `value` has once aliases are expanded, without expanding them.

    PyYAML shares aliased nodes instead of copying them, so a billion-laughs document loads fast
    and only explodes when something walks it. Sizes are memoised per object, so this costs one
    visit per distinct node.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[object, bool]] = [(value, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children = list(node.keys()) + list(node.values()) if isinstance(node, dict) else (list(node) if isinstance(node, list) else [])
        if not children:
            sizes[key] = 1
        elif children_done:
            sizes[key] = min(1 + sum(sizes[id(c)] for c in children), MAX_EXPANDED_NODES + 1)
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(value)]


def load_yaml(text: str, path: str, dates_as_text: bool = False) -> tuple[Any, ParseError | None]:
    docs, error = load_yaml_all(text, path, dates_as_text)
    if error:
        return None, error
    return (docs[0] if docs else None), None


def load_json(text: str, path: str) -> tuple[Any, ParseError | None]:
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, ParseError(path, exc.msg, exc.lineno)
    except RecursionError:
        return None, ParseError(path, "nested too deeply")


def load_toml(text: str, path: str) -> tuple[dict[str, Any] | None, ParseError | None]:
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        reason = re.sub(r"\s*\(at line.*\)$", "", str(exc))
        return None, ParseError(path, reason, int(match.group(1)) if match else None)
    except RecursionError:
        return None, ParseError(path, "nested too deeply")


def parse_xml(text: str, path: str):
    """An ElementTree root, with DTD entities and external references refused (defusedxml)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError as XmlParseError
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(text.encode("utf-8")), None
    except XmlParseError as exc:
        line = getattr(exc, "position", (None,))[0]
        return None, ParseError(path, str(exc).split(":")[0], line)
    except DefusedXmlException as exc:
        return None, ParseError(path, f"refused: {type(exc).__name__}")


def strip_ns(tag: str) -> str:
    """`{http://maven.apache.org/POM/4.0.0}artifactId` -> `artifactId`."""
    return tag.rsplit("}", 1)[-1]


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1


def parse_python(text: str) -> ast.AST | None:
    """The syntax tree of Python source (never compiled or run), or None when it does not parse."""
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
