"""Is a capability really used? One answer for the many checks that ask it.

A `Usage` says how a library or practice shows itself: the dependency that provides it, and the
line of production code that wires it (a call or configuration, never an import alone), or a
configuration file. Deciding from usage rather than names is what keeps a dependency that is
listed but never used from passing, and a test-only use from counting for the service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from prodready.facts.manifests import Dependency

SOURCE_SUFFIXES = {
    "python": (".py",),
    "node": (".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx"),
    "go": (".go",),
    "java": (".java", ".kt", ".kts", ".properties", ".yml", ".yaml", ".xml"),
    "config": (".yml", ".yaml", ".json", ".toml", ".ini", ".cfg", ".conf", ".properties", ".env"),
}


@dataclass(frozen=True)
class Usage:
    """One way a capability can be provided, and the evidence that it is wired."""

    name: str
    stack: str  # python | node | go | java | any
    dependencies: tuple[str, ...] = ()  # manifest names; a trailing '*' matches a prefix
    code: str = ""  # regex over production source of the stack: the wiring line
    suffixes: tuple[str, ...] = ()  # override the files `code` is searched in
    files: str = ""  # regex over file paths (service and its parent folders): config files
    # the framework wires it from the dependency alone (Spring Boot auto-configuration)
    autoconfigured: bool = False
    # a development tool (linter, test runner, type checker): dev dependencies count
    dev: bool = False
    # configuration that may live anywhere in the repo (a gateway or proxy in deploy/)
    anywhere: bool = False


@dataclass(frozen=True)
class UsageHit:
    usage: Usage
    path: str
    line: int | None
    text: str


@dataclass(frozen=True)
class UsageReport:
    wired: tuple[UsageHit, ...]
    listed_only: tuple[tuple[Usage, Dependency], ...]

    @property
    def names(self) -> list[str]:
        return sorted({h.usage.name for h in self.wired})


def compile_code(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.M)
