"""Every regular expression prodready runs, gathered for the ReDoS test and the security docs."""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from collections.abc import Iterable
from types import ModuleType
from typing import Any

from prodready.facts.usage import Usage, compile_code


def all_patterns() -> dict[str, re.Pattern[str]]:
    """name -> compiled pattern, for module-level patterns, Usage code and secret detectors."""
    found: dict[str, re.Pattern[str]] = {}
    for module in _modules():
        for name, value in vars(module).items():
            found.update(_patterns_in(f"{module.__name__}.{name}", value))
            pattern = _string_pattern(name, value)
            if pattern is not None:
                found[f"{module.__name__}.{name} (string)"] = pattern
    return found


_CONSTANT_NAME = re.compile(r"_?[A-Z][A-Z0-9_]*")
_REGEX_SYNTAX = re.compile(r"[\\^$|(\[]")


def _string_pattern(name: str, value: Any) -> re.Pattern[str] | None:
    """A regex kept as a string constant (`_EQUIVALENT = r"(^|/)(Tiltfile|...)$"`, used with
    `re.search(_EQUIVALENT, path)` or formatted into another pattern): a one-line string in a
    CONSTANT_NAME with regex syntax that compiles. Help texts and tree-sitter queries are not."""
    if not isinstance(value, str) or "\n" in value or name.endswith("_HELP") or not _CONSTANT_NAME.fullmatch(name):
        return None
    if not _REGEX_SYNTAX.search(value):
        return None
    try:
        return re.compile(value)
    except re.error:
        return None


def _modules() -> list[ModuleType]:
    """Every module of the package, and every module that defines a built-in check."""
    import prodready
    from prodready.registry import discover

    modules = [importlib.import_module(m.name) for m in pkgutil.walk_packages(prodready.__path__, "prodready.")
               if not m.name.endswith("__main__")]
    return modules + [sys.modules[c.source] for c in discover()]


def _members(value: Any) -> Iterable[Any]:
    """A module-level value as the items to look at: a tuple's or list's items, a dict's values,
    or the value itself."""
    if isinstance(value, (tuple, list)):
        return value
    return value.values() if isinstance(value, dict) else [value]


def _patterns_in(name: str, value: Any) -> dict[str, re.Pattern[str]]:
    """The patterns one module-level value holds, as `name[index]`: an item that is a pattern,
    a Usage with code, an object with a compiled `pattern`, a (name, pattern) pair, or a list of
    such pairs (`name[index].j`). One loop over the items with the tests inline: it runs for
    every item of every module."""
    found: dict[str, re.Pattern[str]] = {}
    for index, item in enumerate(_members(value)):
        key = f"{name}[{index}]"
        if isinstance(item, re.Pattern):
            found[key] = item
        elif isinstance(item, Usage) and item.code:
            found[key] = compile_code(item.code)
        elif hasattr(item, "pattern") and isinstance(getattr(item, "pattern"), re.Pattern):
            found[key] = item.pattern
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], re.Pattern):
            found[key] = item[1]
        elif isinstance(item, list):
            found.update({f"{key}.{j}": sub[1] for j, sub in enumerate(item) if _is_named_pattern(sub)})
    return found


def _is_named_pattern(item: Any) -> bool:
    """A (name, compiled pattern) pair, as in the secret detectors' tables."""
    return isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], re.Pattern)
