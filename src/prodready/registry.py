"""Discover checks: every module under `checks/<category>/` that defines `@check` functions.

Discovery reads the folder, so adding a check touches its module and its test, never a list.
Modules are loaded by path under a private package name because `checks/` is not importable
from a raw checkout; they are our own files, never the audited repository's.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

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
    prefetch: Iterable[str] = (),
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
        prefetch=tuple(prefetch),
    )

    def wrap(func: Callable[..., Outcome]) -> Check:
        return Check(meta=meta, run=func, source=func.__module__)

    return wrap


class DuplicateCheckError(ValueError):
    """Two modules declared the same check id; refusing beats silently shadowing one."""


def _load_module(path: Path, root: Path, prefix: str = _MODULE_PREFIX) -> object:
    rel = path.relative_to(root).with_suffix("")
    name = ".".join((prefix, *(part.replace("-", "_") for part in rel.parts)))
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


ENTRY_POINT_GROUP = "prodready.checks"


def _checks_in(value: object) -> list[Check]:
    """Checks exported by an entry point: a module, a Check, or a list of them."""
    if isinstance(value, Check):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, Check)]
    return [v for v in vars(value).values() if isinstance(v, Check)] if hasattr(value, "__dict__") else []


def _from_directory(directory: Path) -> tuple[list[Check], list[str]]:
    prefix = "prodready_local_checks_" + hashlib.sha256(str(directory).encode()).hexdigest()[:12]
    found, notes = [], []
    paths = sorted(p for p in (*directory.glob("*.py"), *directory.glob("*/*.py")) if not p.name.startswith("_"))
    for path in paths:
        try:
            module = _load_module(path, directory, prefix)
        except Exception as exc:  # noqa: BLE001 - a broken pack must not stop the audit
            notes.append(f"check module {path} not loaded: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        found += [replace(c, origin=str(directory)) for c in _checks_in(module)]
    return found, notes


def _may_declare(group: str, search_path: Sequence[str]) -> bool:
    """Whether a distribution on `search_path` might declare entry points in `group`.

    Asking importlib.metadata costs 45-65 ms here (35 ms of it to import the module, the rest to
    parse every installed distribution's metadata), a fifth of `prodready checks`, and almost
    always finds no pack. This looks for the group's name in the `entry_points.txt` of every
    `*.dist-info` / `*.egg-info` directory instead, a few ms; anything it cannot judge that
    way (a zip or an egg on the path) counts as a yes, so importlib.metadata stays the one
    that actually finds and loads packs.
    """
    for entry in search_path:
        directory = entry or "."
        if os.path.isfile(directory):
            return True  # a zip archive on the path: importlib.metadata reads inside it
        try:
            with os.scandir(directory) as listing:
                names = [item.name for item in listing]
        except OSError:
            continue
        for name in names:
            if name.endswith(".egg"):
                return True
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(directory, name, "entry_points.txt"), "rb") as handle:
                    if group.encode() in handle.read(1 << 20):
                        return True
            except OSError:
                continue  # no entry points (or an egg-info file): nothing declared there
    return False


def _from_entry_points() -> tuple[list[Check], list[str]]:
    if not _may_declare(ENTRY_POINT_GROUP, sys.path):
        return [], []
    from importlib.metadata import entry_points

    found, notes = [], []
    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: (p.name, p.value)):
        origin = f"{point.dist.name} (entry point {point.name})" if point.dist else point.name
        try:
            value = point.load()
        except Exception as exc:  # noqa: BLE001 - a broken pack must not stop the audit
            notes.append(f"check pack {origin} not loaded: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        found += [replace(c, origin=origin) for c in _checks_in(value)]
    return found, notes


def load_all(directories: Sequence[Path] = (), entry_points: bool = True) -> tuple[list[Check], list[str]]:
    """Built-in checks plus check packs (installed entry points, then directories), sorted by
    id, and a note for every pack check that was refused: a pack cannot take a built-in id or
    an id another pack already took."""
    builtin = discover()
    taken = {c.meta.id: c for c in builtin}
    extra: list[Check] = []
    notes: list[str] = []
    sources = [_from_entry_points()] if entry_points else []
    sources += [_from_directory(d) for d in directories]
    for found, load_notes in sources:
        notes += load_notes
        for candidate in sorted(found, key=lambda c: c.meta.id):
            owner = taken.get(candidate.meta.id)
            if owner is candidate or (owner is not None and owner.run is candidate.run):
                continue
            if owner is not None:
                whose = "a built-in check" if owner.origin == "built-in" else f"a check from {owner.origin}"
                notes.append(f"check {candidate.meta.id} from {candidate.origin} not loaded: the id belongs to {whose}")
                continue
            taken[candidate.meta.id] = candidate
            extra.append(candidate)
    return sorted(builtin + extra, key=lambda c: c.meta.id), notes


def check_lines(checks: Iterable[Check]) -> list[str]:
    """`prodready checks`: id, severity, title, and the pack of checks that are not built in."""
    return [f"{c.meta.id:<20} {c.meta.severity.value:<9} {c.meta.title}" + ("" if c.origin == "built-in" else f"  [{c.origin}]")
            for c in checks]
