"""The fields of a configuration, each validated on its own: what a key may hold, and the
error (with its line, and the closest valid word) when it holds something else.

`config.load` calls these in turn; each gets the raw value and an `err(message, *key path)`
callback that records a ConfigError at the key's line, and returns the valid part only, so one
bad entry never hides the good ones.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from pathlib import Path, PurePosixPath
from typing import Protocol

from prodready.model import CATEGORIES, Severity
from prodready.waivers import WaiverRule

KINDS = ("api", "worker", "library", "frontend")
STACKS = ("python", "node", "go", "java", "unknown")
SERVICE_KEYS = ("path", "kind", "stack")
WAIVER_KEYS = ("check", "reason", "path", "fingerprint", "owner", "expires")
THRESHOLDS = {"coverage": (0, 100), "max_complexity": (1, 1000), "min_maintainability": (0, 100)}


class Lines(Protocol):
    """Where a key was written (config._Lines): a YAML node mark or a TOML text search."""

    def line(self, *path: object) -> int | None: ...


def did_you_mean(word: str, options) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def id_list(data: dict, key: str, names: set[str], err) -> tuple[str, ...]:
    """`enable`/`disable`: the known ids and categories, each unknown one reported."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        err(f"{key} must be a list of check ids or categories", key)
        return ()
    for index, item in enumerate(value):
        if item not in names:
            err(f"unknown check id or category {item!r} in {key}{did_you_mean(item, names)}", key, index)
    return tuple(v for v in value if v in names)


def severity(value, known_checks: dict[str, str], err) -> dict[str, Severity]:
    """`severity`: check id to level, for known ids and valid levels only."""
    if not isinstance(value, dict):
        err("severity must be a mapping of check id to critical, high, medium or low", "severity")
        return {}
    out: dict[str, Severity] = {}
    for check_id, level in value.items():
        if check_id not in known_checks:
            err(f"unknown check id {check_id!r} in severity{did_you_mean(str(check_id), known_checks)}", "severity", check_id)
        elif level not in {s.value for s in Severity}:
            err(f"severity of {check_id} must be critical, high, medium or low, not {level!r}", "severity", check_id)
        else:
            out[check_id] = Severity(level)
    return out


def thresholds(value, err) -> dict[str, float]:
    """`thresholds`: each a number inside its range (a coverage of 150 is a typo, not a goal)."""
    if not isinstance(value, dict):
        err("thresholds must be a mapping", "thresholds")
        return {}
    out: dict[str, float] = {}
    for name, number in value.items():
        if name not in THRESHOLDS:
            err(f"unknown threshold {name!r}{did_you_mean(str(name), THRESHOLDS)}", "thresholds", name)
        elif isinstance(number, bool) or not isinstance(number, (int, float)):
            err(f"threshold {name} must be a number, not {type(number).__name__}", "thresholds", name)
        elif not THRESHOLDS[name][0] <= number <= THRESHOLDS[name][1]:
            err(f"threshold {name} must be between {THRESHOLDS[name][0]} and {THRESHOLDS[name][1]}", "thresholds", name)
        else:
            out[name] = float(number)
    return out


def exclude(value, err) -> list[str]:
    """`exclude`: path patterns; one that climbs out of the repository is reported (it is kept
    so that the note about it can name its line, and the matcher never lets it out)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        err("exclude must be a list of path patterns", "exclude")
        return []
    for index, pattern in enumerate(value):
        parts = PurePosixPath(pattern.lstrip("!")).parts
        if ".." in parts or re.match(r"^[A-Za-z]:", pattern):
            err(f"exclude pattern {pattern!r} points outside the repository", "exclude", index)
    return value


def max_file_bytes(limits, err) -> int | None:
    """`limits.max_file_bytes`, between 1 KiB and 1 GiB."""
    if not isinstance(limits, dict):
        err("limits must be a mapping", "limits")
        return None
    found = None
    for name, value in limits.items():
        if name != "max_file_bytes":
            err(f"unknown limit {name!r}{did_you_mean(str(name), ['max_file_bytes'])}", "limits", name)
        elif isinstance(value, bool) or not isinstance(value, int) or not 1024 <= value <= 1024 ** 3:
            err("limits.max_file_bytes must be a whole number of bytes between 1024 and 1073741824", "limits", name)
        else:
            found = value
    return found


def exclude_sources(shown: str, kind: str, lines: Lines, count: int) -> tuple[str, ...]:
    """Where each exclude pattern was written, so a note about a refused one can name it: its
    own line in YAML, the `exclude =` line in TOML (an array's items are not located)."""
    return tuple(f"{shown}:{lines.line('exclude', index) if kind == 'yaml' else lines.line('exclude')} (exclude)"
                 for index in range(count))


def flag(data: dict, key: str, default: bool, err) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        err(f"{key} must be true or false, not {value!r}", key)
        return default
    return value


def entries(value, key: str, allowed: tuple[str, ...], err) -> list[tuple[int, dict]]:
    """The mappings of a list-of-mappings key, each unknown field reported."""
    if value is None:
        return []
    if not isinstance(value, list):
        err(f"{key} must be a list of mappings", key)
        return []
    out = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            err(f"{key}[{index}] must be a mapping with {', '.join(allowed)}", key, index)
            continue
        for field_name in item:
            if field_name not in allowed:
                err(f"unknown field {field_name!r} in {key}[{index}]{did_you_mean(str(field_name), allowed)} "
                    f"(known: {', '.join(allowed)})", key, index, field_name)
        out.append((index, item))
    return out


def services(value, root: Path, err) -> tuple[tuple[str, str, str], ...]:
    out: list[tuple[str, str, str]] = []
    for index, item in entries(value, "services", SERVICE_KEYS, err):
        raw_path, kind, stack = item.get("path"), item.get("kind"), item.get("stack", "")
        if not isinstance(raw_path, str) or not raw_path.strip():
            err(f"services[{index}] needs a path (a directory in the repository, \".\" for the root)", "services", index)
            continue
        rel = PurePosixPath(raw_path.strip().strip("/") or ".")
        target = (root / rel).resolve()
        if ".." in rel.parts or rel.is_absolute() or not target.is_relative_to(root.resolve()):
            err(f"services[{index}].path {raw_path!r} points outside the repository", "services", index, "path")
            continue
        if not target.is_dir():
            err(f"services[{index}].path {raw_path!r} is not a directory in the repository", "services", index, "path")
            continue
        if kind not in KINDS:
            err(f"services[{index}].kind must be one of {', '.join(KINDS)}, not {kind!r}"
                f"{did_you_mean(str(kind), KINDS)}", "services", index, "kind")
            continue
        if stack and stack not in STACKS:
            err(f"services[{index}].stack must be one of {', '.join(STACKS)}, not {stack!r}"
                f"{did_you_mean(str(stack), STACKS)}", "services", index, "stack")
            continue
        path = "" if str(rel) == "." else str(rel)
        if any(path == p for p, _, _ in out):
            err(f"services[{index}].path {raw_path!r} is listed twice", "services", index, "path")
            continue
        out.append((path, kind, stack or ""))
    return tuple(out)


def profiles(value, names: set[str], err) -> tuple[tuple[str, frozenset[str]], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        err("profiles must be a mapping of service kind to {disable: [...]}", "profiles")
        return ()
    out = []
    for kind, body in value.items():
        if kind not in KINDS:
            err(f"unknown service kind {kind!r} in profiles{did_you_mean(str(kind), KINDS)} (known: {', '.join(KINDS)})",
                "profiles", kind)
            continue
        if not isinstance(body, dict):
            err(f"profiles.{kind} must be a mapping with disable: [check ids or categories]", "profiles", kind)
            continue
        for field_name in body:
            if field_name != "disable":
                err(f"unknown field {field_name!r} in profiles.{kind}{did_you_mean(str(field_name), ['disable'])}",
                    "profiles", kind, field_name)
        disable = body.get("disable", [])
        if not isinstance(disable, list) or not all(isinstance(v, str) for v in disable):
            err(f"profiles.{kind}.disable must be a list of check ids or categories", "profiles", kind, "disable")
            continue
        for index, item in enumerate(disable):
            if item not in names:
                err(f"unknown check id or category {item!r} in profiles.{kind}.disable{did_you_mean(item, names)}",
                    "profiles", kind, "disable", index)
        out.append((kind, frozenset(v for v in disable if v in names)))
    return tuple(out)


def date(value) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def waivers(value, known_checks: dict[str, str], shown: str, lines: Lines, err) -> tuple[WaiverRule, ...]:
    names = set(known_checks) | set(CATEGORIES)
    out = []
    for index, item in entries(value, "waivers", WAIVER_KEYS, err):
        where = f"waivers[{index}]"
        check, reason = item.get("check"), item.get("reason")
        ok = True
        if not isinstance(check, str) or check not in names:
            err(f"{where}.check must be a check id or category, not {check!r}"
                f"{did_you_mean(str(check), names)}", "waivers", index, "check")
            ok = False
        if not isinstance(reason, str) or not reason.strip():
            err(f"{where} needs a reason: say why this is accepted", "waivers", index)
            ok = False
        for text_field in ("path", "owner"):
            if text_field in item and (not isinstance(item[text_field], str) or not item[text_field].strip()):
                err(f"{where}.{text_field} must be a non-empty string", "waivers", index, text_field)
                ok = False
        fingerprint = item.get("fingerprint")
        if fingerprint is not None and (not isinstance(fingerprint, str) or not re.fullmatch(r"[0-9a-f]{8,64}", fingerprint)):
            err(f"{where}.fingerprint must be 8 to 64 lowercase hex characters (from the JSON or SARIF report)",
                "waivers", index, "fingerprint")
            ok = False
        expires = None
        if "expires" in item:
            expires = date(item["expires"])
            if expires is None:
                err(f"{where}.expires must be a date like 2026-12-31, not {item['expires']!r}", "waivers", index, "expires")
                ok = False
        path = item.get("path")
        if isinstance(path, str) and (".." in PurePosixPath(path).parts or path.startswith("/")):
            err(f"{where}.path {path!r} points outside the repository", "waivers", index, "path")
            ok = False
        if ok:
            line = lines.line("waivers", index)
            source = f"{shown}:{line}" if line else shown
            out.append(WaiverRule(check, reason.strip(), source, path, fingerprint,
                                  item.get("owner"), expires))
    return tuple(out)


def checks_paths(value, base: Path, err) -> tuple[Path, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        err("checks_paths must be a list of directories", "checks_paths")
        return ()
    out = []
    for index, item in enumerate(value):
        target = (base / item).resolve()
        if not target.is_dir():
            err(f"checks_paths[{index}] {item!r} is not a directory", "checks_paths", index)
            continue
        out.append(target)
    return tuple(out)
