"""Discover checks: every module under `checks/<category>/` that defines `@check` functions.

Discovery reads the folder, so adding a check touches its module and its test, never a list.
Modules are loaded by path under a private package name because `checks/` is not importable
from a raw checkout; they are our own files, never the audited repository's.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Callable, Iterable

from prodready.model import CATEGORIES, Check, CheckMeta, Outcome, Severity
from prodready.resources import checks_dir

_MODULE_PREFIX = "prodready_builtin_checks"


def check(
    id: str,
    title: str,
    severity: Severity | str,
    why: str,
    fix: str,
    fix_by_stack: dict[str, str] | None = None,
    references: Iterable[str] = (),
    scope: str = "service",
    blind_spots: str = "",
) -> Callable[[Callable[..., Outcome]], Check]:
    """Declare a check: metadata in one place, the function below it decides."""
    category = id.split(".", 1)[0]
    if category not in CATEGORIES:
        raise ValueError(f"check id {id!r} has unknown category {category!r}")
    if scope not in ("service", "repo"):
        raise ValueError(f"check {id!r}: scope must be 'service' or 'repo'")
    meta = CheckMeta(
        id=id,
        title=title,
        category=category,
        severity=Severity(severity),
        why=" ".join(why.split()),
        fix=" ".join(fix.split()),
        fix_by_stack=dict(fix_by_stack or {}),
        references=tuple(references),
        scope=scope,
        blind_spots=" ".join(blind_spots.split()),
    )

    def wrap(func: Callable[..., Outcome]) -> Check:
        return Check(meta=meta, run=func, source=func.__module__)

    return wrap


class DuplicateCheckError(ValueError):
    """Two modules declared the same check id; refusing beats silently shadowing one."""


def _load_module(path: Path, root: Path) -> object:
    rel = path.relative_to(root).with_suffix("")
    name = ".".join((_MODULE_PREFIX, *(part.replace("-", "_") for part in rel.parts)))
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - only on a broken install
        raise ImportError(f"cannot load check module {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def collect(modules: Iterable[object]) -> list[Check]:
    """The checks defined in `modules`, sorted by id; duplicate ids are an error."""
    found: dict[str, Check] = {}
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, Check):
                if value.meta.id in found and found[value.meta.id] is not value:
                    raise DuplicateCheckError(
                        f"check id {value.meta.id!r} is declared twice: "
                        f"{found[value.meta.id].source} and {value.source}"
                    )
                found[value.meta.id] = value
    return [found[key] for key in sorted(found)]


def discover(directory: Path | None = None) -> list[Check]:
    """Load every built-in check (or those in `directory`), sorted by id."""
    root = directory or checks_dir()
    paths = sorted(p for p in root.glob("*/*.py") if not p.name.startswith("_"))
    return collect(_load_module(p, root) for p in paths)
