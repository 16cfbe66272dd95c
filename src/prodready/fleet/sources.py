"""Which sources make up the fleet: the manifest, the command line, and owners from CODEOWNERS.

A source is a checkout (a directory, audited here) or a saved JSON report (a file). Its name
identifies it across runs, so two sources with one name are a usage error. A source that is
missing is not: in a fleet of hundreds one missing report (a failed matrix job) must not hide
the others, so it becomes a note. CODEOWNERS and the manifest are read bounded; CODEOWNERS
comes from a repository, so it is read without following any symbolic link.
"""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from prodready.redact import clean
from prodready.runner import UsageError

MANIFEST_KEYS = ("path", "name", "team", "tier", "kind")
KINDS = ("api", "worker", "library", "frontend")  # as in .prodready.yml services
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_CODEOWNERS_BYTES = 3 * 1000 * 1000  # GitHub ignores larger CODEOWNERS files
MAX_NAME = 100
# where GitHub looks for CODEOWNERS, in the order it looks
CODEOWNERS_PATHS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
CATCH_ALL = frozenset({"*", "/*", "**", "/**", "/", "**/*", "/**/*"})
REPORT_FILE = "prodready.json"  # what the Action and `audit --output DIR` call the JSON report


@dataclass(frozen=True)
class Source:
    """One checkout or saved report, with the metadata the manifest (or CODEOWNERS) gives it."""

    name: str
    path: Path
    kind: str  # "checkout" | "report" | "missing"
    declared: str  # where it was listed: "fleet.yml sources[2]" or "argument 3"
    team: str | None = None
    tier: str | None = None
    service_kind: str | None = None  # overrides the kind each report detected


def resolve(arguments: Sequence[Path], manifest: Path | None) -> list[Source]:
    """The fleet's sources: manifest entries first, then arguments not already listed (a
    missing one has kind "missing"). Raises UsageError for what the user must fix: no sources,
    an invalid manifest, two sources with one name."""
    entries = read_manifest(manifest) if manifest is not None else []
    seen = {os.path.realpath(s.path) for s in entries}
    sources = list(entries)
    for number, path in enumerate(arguments, 1):
        if os.path.realpath(path) in seen:
            continue  # also listed in the manifest: the manifest's entry says more about it
        seen.add(os.path.realpath(path))
        sources.append(_source(path, f"argument {number}"))
    if not sources:
        raise UsageError("no sources: name checkouts or JSON reports, or a manifest with --manifest FILE")
    reject_duplicates(sources)
    return [_with_owner(s) for s in sources]


def reject_duplicates(sources: Sequence[Source]) -> None:
    """Names identify services across runs: two sources with one name would mix two histories."""
    first: dict[str, Source] = {}
    for source in sources:
        other = first.setdefault(source.name, source)
        if other is not source:
            raise UsageError(f"two sources are named {source.name!r}: {other.path} ({other.declared}) and "
                             f"{source.path} ({source.declared}); give them different names in the manifest")


def _source(path: Path, declared: str, name: str | None = None, team: str | None = None,
            tier: str | None = None, service_kind: str | None = None) -> Source:
    if path.is_dir() and (path / REPORT_FILE).is_file() and not (path / ".git").exists():
        path = path / REPORT_FILE  # a downloaded artifact (reports/payments/), not a checkout
    if path.is_dir():
        kind = "checkout"
    elif path.is_file():
        kind = "report"
    else:
        kind = "missing"
    return Source(name or derived_name(path, kind), path, kind, declared, team, tier, service_kind)


def derived_name(path: Path, kind: str) -> str:
    """A checkout is named after its directory; a report after its file, or after its directory
    when it is called prodready.json (the Action's name for it: one directory per repository)."""
    resolved = Path(os.path.abspath(path))
    if kind == "checkout" or (kind == "missing" and not path.suffix):
        base = Path(os.path.realpath(path)).name or resolved.name
    elif path.name == REPORT_FILE:
        base = resolved.parent.name
    else:
        base = path.stem
    return clean(base, MAX_NAME) or str(path)


def read_manifest(manifest: Path) -> list[Source]:
    """The manifest's sources, paths relative to the manifest. Raises UsageError naming every
    problem (entry number and field), like `prodready config validate` does."""
    from prodready.scanning.parsing import load_yaml

    text = _read_manifest_text(manifest)
    data, error = load_yaml(text, str(manifest))
    if error is not None:
        raise UsageError(error.message())
    if isinstance(data, dict):
        unknown = sorted(str(k) for k in data if k != "sources")
        if unknown:
            raise UsageError(f"{manifest}: unknown key {unknown[0]!r} (a manifest has one key, sources)")
        data = data.get("sources")
    if not isinstance(data, list) or not data:
        raise UsageError(f"{manifest}: expected a list of sources (sources: [{{path: ...}}, ...])")
    errors: list[str] = []
    out = [_entry(item, index, manifest, errors) for index, item in enumerate(data)]
    if errors:
        raise UsageError(*errors)
    return [s for s in out if s is not None]


def _read_manifest_text(manifest: Path) -> str:
    try:
        with open(manifest, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise UsageError(f"--manifest {manifest} is not a file")
            raw = handle.read(MAX_MANIFEST_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(f"--manifest {manifest} does not exist") from None
    except IsADirectoryError:
        raise UsageError(f"--manifest {manifest} is not a file") from None
    except OSError as exc:
        raise UsageError(f"--manifest {manifest} cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_MANIFEST_BYTES:
        raise UsageError(f"--manifest {manifest} is larger than {MAX_MANIFEST_BYTES:,} bytes")
    return raw.decode("utf-8", errors="replace")


def _entry(item: Any, index: int, manifest: Path, errors: list[str]) -> Source | None:
    where = f"{manifest}: sources[{index}]"
    if isinstance(item, str):
        item = {"path": item}
    if not isinstance(item, dict):
        errors.append(f"{where} must be a path or a mapping with a path")
        return None
    for key in item:
        if key not in MANIFEST_KEYS:
            close = difflib.get_close_matches(str(key), MANIFEST_KEYS, n=1)
            errors.append(f"{where}: unknown field {str(key)!r}" + (f"; did you mean {close[0]!r}?" if close else "")
                          + f" (known: {', '.join(MANIFEST_KEYS)})")
    fields = {key: _text(item.get(key), f"{where}.{key}", errors) for key in ("path", "name", "team", "tier")}
    kind = item.get("kind")
    if kind is not None and kind not in KINDS:
        errors.append(f"{where}.kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if not fields["path"]:
        if item.get("path") is None:
            errors.append(f"{where} needs a path (a checkout or a saved JSON report)")
        return None
    path = Path(fields["path"]).expanduser()
    if not path.is_absolute():
        path = manifest.parent / path
    return _source(path, f"{manifest.name} sources[{index}]", fields["name"], fields["team"], fields["tier"],
                   kind if kind in KINDS else None)


def _text(value: Any, where: str, errors: list[str]) -> str | None:
    """A manifest value as cleaned text: strings and numbers (tier: 1) only."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        errors.append(f"{where} must be text, not {type(value).__name__}")
        return None
    text = clean(str(value), MAX_NAME)
    if not text:
        errors.append(f"{where} is empty")
        return None
    return text


def _with_owner(source: Source) -> Source:
    """The source with its team from CODEOWNERS, when the manifest gave none."""
    if source.team is not None or source.kind == "missing":
        return source
    if source.kind == "checkout":
        texts = (read_inside(source.path, rel) for rel in CODEOWNERS_PATHS)
    else:  # a saved report: a CODEOWNERS file uploaded beside it
        texts = iter((read_inside(source.path.parent, "CODEOWNERS"),))
    for text in texts:
        if text is not None:
            team = owner_of(text)
            return Source(source.name, source.path, source.kind, source.declared, team, source.tier, source.service_kind)
    return source


def owner_of(text: str) -> str | None:
    """The owner of the whole repository: the first owner of the last catch-all rule (`*`),
    preferring a team (`@org/team`) to a person; the last matching rule wins, as on GitHub."""
    owners: list[str] | None = None
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if words and words[0] in CATCH_ALL:
            owners = words[1:]
    if not owners:
        return None
    teams = [o for o in owners if o.startswith("@") and "/" in o]
    return clean((teams or owners)[0], MAX_NAME) or None


def read_inside(root: Path, rel: str, limit: int = MAX_CODEOWNERS_BYTES) -> str | None:
    """The text of `root/rel` if it is a regular file reached without any symbolic link below
    `root`, at most `limit` bytes; None otherwise. Opened component by component (O_NOFOLLOW
    relative to the directory opened before), so a link cannot lead out of the checkout."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    directory_flags = flags | getattr(os, "O_DIRECTORY", 0)
    parts = rel.split("/")
    descriptors: list[int] = []
    try:
        descriptors.append(os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)))
        for part in parts[:-1]:
            descriptors.append(os.open(part, directory_flags, dir_fd=descriptors[-1]))
        fd = os.open(parts[-1], flags, dir_fd=descriptors[-1])
    except (OSError, NotImplementedError):  # NotImplementedError: no dir_fd on this platform
        return None  # absent, a symbolic link, or unreadable: no owner from it
    finally:
        for descriptor in descriptors:
            os.close(descriptor)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        data = handle.read(limit + 1)
    return None if len(data) > limit else data.decode("utf-8", errors="replace")
