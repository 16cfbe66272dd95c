"""The per-file analyses the facts run as batches (scanning/batch.py): what each computes from
one file's text, as plain JSON data, and the version that keys its cache entries.

They run on the worker processes, so each is a module-level function of (path, text, param)
that imports what it needs when called.
"""

from __future__ import annotations

import hashlib
import importlib
from functools import lru_cache
from typing import Any

from prodready.scanning.batch import Item
from prodready.scanning.cache import analysis_version


def complexity_work(item: Item) -> list[list[Any]]:
    """[[function name, line, complexity], ...] for one source file."""
    from prodready.facts.quality import lizard_complexity, python_complexity
    from prodready.scanning.parsing import parse_python

    path, text, suffix = item
    if suffix == ".py":
        found, _ = python_complexity(path, parse_python(text) if text else None)
    else:
        found = lizard_complexity(path, text)
    return [[f.name, f.line, f.complexity] for f in found]


def complexity_version() -> str:
    from prodready.facts import quality
    from prodready.scanning import lizard_go, lizard_run, parsing

    # radon's and lizard's own versions too: an upgrade of either may count differently
    return f"{analysis_version(quality, parsing, lizard_run, lizard_go)}:{_analyser_versions()}"


@lru_cache(maxsize=1)
def _analyser_versions() -> str:
    """"radon,lizard" versions as the imported modules state them (importlib.metadata would say
    the same for ~90 ms: its import and a scan of every installed distribution)."""
    try:
        from radon import __version__ as radon_version
    except ImportError:
        radon_version = "-"
    try:
        from lizard_ext import version as lizard_version
    except ImportError:
        lizard_version = "-"
    return f"{radon_version},{lizard_version}"


def maintainability_work(item: Item) -> list[Any] | None:
    """[index, rank] of one Python file (radon's maintainability index), or None."""
    from prodready.facts.quality import maintainability

    path, text, _ = item
    found = maintainability(path, text)
    return None if found is None else [found.index, found.rank]


def routes_work(item: Item) -> list[list[Any]]:
    """[[route path, line, style], ...] declared in one production source file."""
    from prodready.facts.routes import find_routes
    from prodready.scanning.files import FileEntry

    path, text, _suffix = item
    return [[r.path, r.line, r.style] for r in find_routes(FileEntry(path, len(text), "source"), text)]


def routes_version() -> str:
    from prodready.facts import routes
    from prodready.scanning import files

    return analysis_version(routes, files)


def secrets_work(item: Item) -> list[list[Any]]:
    """The secret findings of one file, as plain lists (they hold masks and hashes only):
    [detector, title, line, masked, snippet, fingerprint, severity]."""
    from prodready.facts.secrets import scan_text

    path, text, role = item
    return [[f.detector, f.title, f.line, f.masked, f.snippet, f.fingerprint, f.severity] for f in scan_text(path, text, role)]


def secrets_version() -> str:
    import pkgutil

    from prodready import redact, secret_shapes
    from prodready.facts import secrets
    from prodready.scanning import syntax

    modules = [importlib.import_module(f"prodready.facts.secrets.{m.name}") for m in pkgutil.iter_modules(secrets.__path__)]
    return analysis_version(secrets, *sorted(modules, key=lambda m: m.__name__), secret_shapes, redact, syntax) + ":" + _grammar_versions()


@lru_cache(maxsize=1)
def _grammar_versions() -> str:
    """Which tree-sitter and grammar builds are installed (an upgrade may read a file
    differently): the size and time of each compiled binding, which any reinstall rewrites; a
    stat each, where asking importlib.metadata costs 45-90 ms."""
    import os

    found = []
    for name in ("tree_sitter", "tree_sitter_python", "tree_sitter_javascript", "tree_sitter_typescript",
                 "tree_sitter_go", "tree_sitter_java", "tree_sitter_kotlin"):
        try:
            info = os.stat(importlib.import_module(f"{name}._binding").__file__ or "")
            found.append(f"{info.st_size}.{info.st_mtime_ns}")
        except (ImportError, OSError):
            found.append("-")
    return hashlib.blake2b(",".join(found).encode(), digest_size=8).hexdigest()
