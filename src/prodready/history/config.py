"""Each commit is audited with the configuration found in that commit's tree.

The history answers "how ready was the service at each commit, by the rules its team had then":
a waiver, an exclude or a disabled check arrives in the history with the commit that added it.
The configuration is found as in a work tree (`.prodready.yml`, `.prodready.yaml`, else
`[tool.prodready]` in pyproject.toml), read as a blob (never written to disk) and validated
like any other. A commit whose configuration is invalid is audited with none, with a note;
`checks_paths` it names are never loaded (they are the repository's code). `--config FILE`
(from outside the tree, chosen by whoever runs prodready) applies to every commit instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Callable, Sequence

from prodready.config import YAML_NAMES, RawConfig, parse
from prodready.runner import Overrides, Prepared, UsageError, configure

if TYPE_CHECKING:
    from prodready.model import Check

Listing = dict[str, "tuple[int, int, str]"]  # path -> (mode, size, blob id), as revision.list_revision gives
_REGULAR = {0o100644, 0o100755, 0o100664}
MAX_CONFIG_BYTES = 1_000_000


@dataclass(frozen=True)
class Settings:
    """What applies to every commit: the checks loaded once, the command line's selection and
    overrides, and a `--config` file (None: each commit's own configuration)."""

    checks: tuple[Check, ...]
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    overrides: Overrides = field(default_factory=Overrides)
    fixed: Prepared | None = None  # one preparation for every commit (--config, or blame)


def _candidates(listing: Listing, read: Callable[[str], bytes]) -> list[tuple[str, str]]:
    """(file name, kind) of the configurations at the top of the tree, in the order the work
    tree's discovery takes them."""
    found = [(name, "yaml") for name in YAML_NAMES if _regular(listing, name)]
    if _regular(listing, "pyproject.toml"):
        text = read("pyproject.toml")[:1_000_000].decode("utf-8", "replace")
        if "[tool.prodready" in text:
            found.append(("pyproject.toml", "toml"))
    return found


def _regular(listing: Listing, name: str) -> bool:
    entry = listing.get(name)
    return entry is not None and entry[0] in _REGULAR and entry[1] <= MAX_CONFIG_BYTES


def identity(listing: Listing) -> tuple[tuple[str, str], ...]:
    """The blob ids the configuration of a commit may come from: commits that share them share
    their preparation."""
    return tuple((name, listing[name][2]) for name in (*YAML_NAMES, "pyproject.toml") if _regular(listing, name))


def raw_config(listing: Listing, read: Callable[[str], bytes], stand_in: Path) -> tuple[RawConfig, list[str]]:
    """The commit's configuration, parsed (RawConfig() when there is none), and notes."""
    candidates = _candidates(listing, read)
    if not candidates:
        return RawConfig(), []
    name, kind = candidates[0]
    text = read(name)[:MAX_CONFIG_BYTES].decode("utf-8", "replace")
    raw = parse(stand_in / name, kind, name, text, tuple(n for n, _ in candidates[1:]), inside=True)
    notes = []
    if isinstance(raw.data, dict) and raw.data.get("checks_paths"):
        notes.append(f"checks_paths of {name} not loaded: they are code from the audited repository")
        raw = RawConfig(raw.path, raw.kind, raw.shown, raw.text, {k: v for k, v in raw.data.items() if k != "checks_paths"},
                        raw.error, raw.ignored, raw.inside)
    _service_directories(raw, listing, stand_in)
    return raw, notes


def _service_directories(raw: RawConfig, listing: Listing, stand_in: Path) -> None:
    """Create, empty, the directories the configuration's `services` name that the commit has,
    so validation (which asks the file system whether a service path is a directory) sees the
    commit's tree. Only directory names are made, never a file of the commit."""
    services = raw.data.get("services") if isinstance(raw.data, dict) else None
    if not isinstance(services, list):
        return
    directories = {str(PurePosixPath(path).parent) for path in listing}
    for item in services[:1000]:
        path = item.get("path") if isinstance(item, dict) else None
        if not isinstance(path, str):
            continue
        rel = path.strip().strip("/")
        parts = PurePosixPath(rel).parts
        if rel and ".." not in parts and not rel.startswith("/") and any(d == rel or d.startswith(rel + "/") for d in directories):
            (stand_in / rel).mkdir(parents=True, exist_ok=True)


def prepared_for(settings: Settings, listing: Listing, read: Callable[[str], bytes],
                 stand_in: Path) -> tuple[Prepared, list[str]]:
    """The preparation a commit is audited with, and notes (an invalid configuration falls back
    to none)."""
    if settings.fixed is not None:
        return settings.fixed, []
    raw, notes = raw_config(listing, read, stand_in)
    try:
        return _configure(settings, stand_in, raw), notes
    except UsageError as exc:
        notes.append(f"configuration {raw.shown} is invalid ({exc.lines[0]}); audited without it")
        return _configure(settings, stand_in, RawConfig()), notes


def _configure(settings: Settings, stand_in: Path, raw: RawConfig) -> Prepared:
    return configure(stand_in, raw, settings.checks, settings.only, settings.skip, settings.overrides)


def default_prepared(settings: Settings, stand_in: Path) -> Prepared:
    """The preparation without any configuration: validates --only and --skip once, up front
    (UsageError for an unknown id)."""
    return _configure(settings, stand_in, RawConfig())


def select_ids(prepared: Prepared, ids: Sequence[str]) -> Prepared:
    """`prepared` running only the checks `ids` (blame re-audits only the checks it still asks about)."""
    from dataclasses import replace

    wanted = set(ids)
    return replace(prepared, checks=tuple(c for c in prepared.checks if c.meta.id in wanted))
