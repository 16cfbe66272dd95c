"""Configuration: `--config FILE`, else `.prodready.yml`, else `[tool.prodready]` in pyproject.toml.

One source wins and the report says which. Every error names the file and line and, for a
misspelt key or check id, suggests the closest valid one. The file is untrusted input like the
rest of the repository: YAML is read with the safe loader and paths may not leave the root.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from prodready.model import CATEGORIES, Severity
from prodready.scanning.parsing import line_of, load_toml, load_yaml
from prodready.waivers import WaiverRule

YAML_NAMES = (".prodready.yml", ".prodready.yaml")
KEYS = {
    "enable": "check ids or categories to run (only these)",
    "disable": "check ids or categories to skip",
    "severity": "mapping of check id to critical, high, medium or low",
    "thresholds": "coverage, max_complexity, min_maintainability",
    "exclude": "gitignore-style patterns of paths to leave out of the audit",
    "limits": "max_file_bytes: files larger than this are skipped with a note",
    "services": "list of {path, kind, stack}: the services to audit, instead of detecting them",
    "profiles": "per service kind (api, worker, library, frontend): {disable: [check ids or categories]}",
    "waivers": "list of {check, reason, path, fingerprint, owner, expires}: accepted results",
    "inline_waivers": "true (default) or false: honour `prodready: ignore[...]` comments in code",
    "score_waived": "false (default): waived results leave the score; true: they keep their score",
    "checks_paths": "directories of extra check modules (run only with --trust-repo-checks when in the repo)",
}
KINDS = ("api", "worker", "library", "frontend")
STACKS = ("python", "node", "go", "java", "unknown")
SERVICE_KEYS = ("path", "kind", "stack")
WAIVER_KEYS = ("check", "reason", "path", "fingerprint", "owner", "expires")
THRESHOLDS = {"coverage": (0, 100), "max_complexity": (1, 1000), "min_maintainability": (0, 100)}


@dataclass(frozen=True)
class ConfigError:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Config:
    source: str | None = None  # where it came from, for the report
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    max_file_bytes: int | None = None
    ignored: tuple[str, ...] = ()  # other config sources present but not used
    services: tuple[tuple[str, str, str], ...] = ()  # (path, kind, stack or "")
    profiles: tuple[tuple[str, frozenset[str]], ...] = ()
    waivers: tuple[WaiverRule, ...] = ()
    inline_waivers: bool = True
    score_waived: bool = False
    checks_paths: tuple[Path, ...] = ()
    exclude_sources: tuple[str, ...] = ()  # "file:line (exclude)" of each exclude pattern, for notes


def _did_you_mean(word: str, options) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class _Lines:
    """Line numbers of keys, from YAML node marks or a text search in a TOML table."""

    def __init__(self, text: str, kind: str):
        self.text, self.kind = text, kind
        self.yaml_marks: dict[tuple, int] = {}
        if kind == "yaml":
            import yaml

            try:
                node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
                self._walk(node, ())
            except yaml.YAMLError:
                pass

    def _walk(self, node, path: tuple) -> None:
        import yaml

        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self.yaml_marks[path + (key.value,)] = key.start_mark.line + 1
                self._walk(value, path + (key.value,))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.yaml_marks[path + (index,)] = item.start_mark.line + 1
                self._walk(item, path + (index,))

    def line(self, *path) -> int | None:
        if self.kind == "yaml":
            while path and path not in self.yaml_marks:
                path = path[:-1]
            return self.yaml_marks.get(path)
        if len(path) >= 2 and isinstance(path[1], int):
            found = self._toml_table_entry(*path)
            if found is not None:
                return found
        start = self.text.find("[tool.prodready")
        needle = str(path[-1]) if path else "[tool.prodready"
        offset = self.text.find(needle, max(start, 0)) if start != -1 else -1
        return line_of(self.text, offset) if offset != -1 else (line_of(self.text, start) if start != -1 else None)


    def _toml_table_entry(self, key, index, *rest) -> int | None:
        """The line of `[[tool.prodready.<key>]]` number `index`, or of a key inside it."""
        headers = [m.start() for m in re.finditer(rf"^[ \t]*\[\[tool\.prodready\.{re.escape(str(key))}\]\]", self.text, re.M)]
        if index >= len(headers):
            return None
        offset = headers[index]
        if rest:
            end = headers[index + 1] if index + 1 < len(headers) else len(self.text)
            match = re.compile(rf"^[ \t]*{re.escape(str(rest[0]))}[ \t]*=", re.M).search(self.text, offset, end)
            offset = match.start() if match else offset
        return line_of(self.text, offset)


def discover(root: Path, explicit: Path | None = None) -> tuple[Path | None, str, list[str]]:
    """(file, kind, ignored sources). kind is "yaml", "toml" or "" when there is none."""
    candidates: list[tuple[Path, str]] = []
    for name in YAML_NAMES:
        if (root / name).is_file() and not (root / name).is_symlink():
            candidates.append((root / name, "yaml"))
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and not pyproject.is_symlink() and "[tool.prodready" in pyproject.read_text(encoding="utf-8", errors="replace")[:1_000_000]:
        candidates.append((pyproject, "toml"))
    if explicit is not None:
        kind = "toml" if explicit.suffix == ".toml" else "yaml"
        return explicit, kind, [str(p.name) for p, _ in candidates]
    if not candidates:
        return None, "", []
    chosen = candidates[0]
    return chosen[0], chosen[1], [p.name for p, _ in candidates[1:]]


@dataclass(frozen=True)
class RawConfig:
    """The chosen configuration file, read and parsed once, before its keys are checked (the
    check packs it names must load first: their ids are valid keys)."""

    path: Path | None = None
    kind: str = ""
    shown: str = ""
    text: str = ""
    data: object = None
    error: ConfigError | None = None
    ignored: tuple[str, ...] = ()
    inside: bool = True  # the file lives in the audited tree (its checks_paths are repo code)


def read(root: Path, explicit: Path | None = None) -> RawConfig:
    path, kind, ignored = discover(root, explicit)
    if path is None:
        return RawConfig()
    shown = str(explicit) if explicit is not None else path.name
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except OSError:
        inside = True
    try:
        text = path.read_text(encoding="utf-8", errors="replace")[:1_000_000]
    except OSError as exc:
        return RawConfig(path, kind, shown, error=ConfigError(shown, None, f"cannot read: {exc.strerror}"), inside=inside)
    return parse(path, kind, shown, text, tuple(ignored), inside)


def parse(path: Path, kind: str, shown: str, text: str, ignored: tuple[str, ...] = (), inside: bool = True) -> RawConfig:
    """A configuration's text parsed (`kind` "yaml" or "toml"), not yet validated: `read` for a
    file, and `history` for a configuration read from a commit's tree (never written to disk)."""
    if kind == "yaml":
        data, error = load_yaml(text, shown, dates_as_text=True)
    else:
        data, error = load_toml(text, shown)
        if data is not None:
            data = (data.get("tool") or {}).get("prodready", {})
    failure = ConfigError(shown, error.line, f"syntax error: {error.reason}") if error else None
    return RawConfig(path, kind, shown, text, data, failure, ignored, inside)


def load(root: Path, known_checks: dict[str, str], explicit: Path | None = None,
         raw: RawConfig | None = None) -> tuple[Config, list[ConfigError]]:
    """Read (unless `raw` was already read) and validate the configuration. `known_checks`
    maps check id to category."""
    raw = raw or read(root, explicit)
    if raw.path is None:
        return Config(), []
    if raw.error:
        return Config(), [raw.error]
    path, kind, shown, text, ignored = raw.path, raw.kind, raw.shown, raw.text, raw.ignored
    data = raw.data or {}
    lines = _Lines(text, kind)
    errors: list[ConfigError] = []
    if not isinstance(data, dict):
        return Config(), [ConfigError(shown, 1, "the configuration must be a mapping of keys")]
    data = {key: value for key, value in data.items() if value is not None}  # `key:` alone means unset

    def err(message: str, *key) -> None:
        errors.append(ConfigError(shown, lines.line(*key), message))

    for key in data:
        if key not in KEYS:
            err(f"unknown key {key!r}{_did_you_mean(str(key), KEYS)} (known: {', '.join(KEYS)})", key)
    names = set(known_checks) | set(CATEGORIES)

    def id_list(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            err(f"{key} must be a list of check ids or categories", key)
            return ()
        for index, item in enumerate(value):
            if item not in names:
                err(f"unknown check id or category {item!r} in {key}{_did_you_mean(item, names)}", key, index)
        return tuple(v for v in value if v in names)

    enable, disable = id_list("enable"), id_list("disable")
    severity: dict[str, Severity] = {}
    raw_severity = data.get("severity", {})
    if not isinstance(raw_severity, dict):
        err("severity must be a mapping of check id to critical, high, medium or low", "severity")
    else:
        for check_id, level in raw_severity.items():
            if check_id not in known_checks:
                err(f"unknown check id {check_id!r} in severity{_did_you_mean(str(check_id), known_checks)}", "severity", check_id)
            elif level not in {s.value for s in Severity}:
                err(f"severity of {check_id} must be critical, high, medium or low, not {level!r}", "severity", check_id)
            else:
                severity[check_id] = Severity(level)
    thresholds: dict[str, float] = {}
    raw_thresholds = data.get("thresholds", {})
    if not isinstance(raw_thresholds, dict):
        err("thresholds must be a mapping", "thresholds")
    else:
        for name, value in raw_thresholds.items():
            if name not in THRESHOLDS:
                err(f"unknown threshold {name!r}{_did_you_mean(str(name), THRESHOLDS)}", "thresholds", name)
            elif isinstance(value, bool) or not isinstance(value, (int, float)):
                err(f"threshold {name} must be a number, not {type(value).__name__}", "thresholds", name)
            elif not THRESHOLDS[name][0] <= value <= THRESHOLDS[name][1]:
                err(f"threshold {name} must be between {THRESHOLDS[name][0]} and {THRESHOLDS[name][1]}", "thresholds", name)
            else:
                thresholds[name] = float(value)
    exclude = data.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(v, str) for v in exclude):
        err("exclude must be a list of path patterns", "exclude")
        exclude = []
    for index, pattern in enumerate(exclude):
        parts = PurePosixPath(pattern.lstrip("!")).parts
        if pattern.startswith("/") and len(parts) > 1 and ".." in parts or ".." in parts or re.match(r"^[A-Za-z]:", pattern):
            err(f"exclude pattern {pattern!r} points outside the repository", "exclude", index)
    max_file_bytes = None
    limits = data.get("limits", {})
    if not isinstance(limits, dict):
        err("limits must be a mapping", "limits")
    else:
        for name, value in limits.items():
            if name != "max_file_bytes":
                err(f"unknown limit {name!r}{_did_you_mean(str(name), ['max_file_bytes'])}", "limits", name)
            elif isinstance(value, bool) or not isinstance(value, int) or not 1024 <= value <= 1024 ** 3:
                err("limits.max_file_bytes must be a whole number of bytes between 1024 and 1073741824", "limits", name)
            else:
                max_file_bytes = value
    source = shown + (" [tool.prodready]" if kind == "toml" else "")
    inline_waivers = _flag(data, "inline_waivers", True, err)
    score_waived = _flag(data, "score_waived", False, err)
    services = _services(data.get("services"), root, err)
    profiles = _profiles(data.get("profiles"), names, err)
    waivers = _waivers(data.get("waivers"), known_checks, shown, lines, err)
    checks_paths = _checks_paths(data.get("checks_paths"), path.parent, err)
    exclude_sources = _exclude_sources(shown, kind, lines, len(exclude))
    return Config(source, enable, disable, severity, thresholds, tuple(exclude), max_file_bytes, tuple(ignored),
                  services, profiles, waivers, inline_waivers, score_waived, checks_paths, exclude_sources), errors


def _exclude_sources(shown: str, kind: str, lines: _Lines, count: int) -> tuple[str, ...]:
    """Where each exclude pattern was written, so a note about a refused one can name it: its
    own line in YAML, the `exclude =` line in TOML (an array's items are not located)."""
    return tuple(f"{shown}:{lines.line('exclude', index) if kind == 'yaml' else lines.line('exclude')} (exclude)"
                 for index in range(count))


def _flag(data: dict, key: str, default: bool, err) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        err(f"{key} must be true or false, not {value!r}", key)
        return default
    return value


def _entries(value, key: str, allowed: tuple[str, ...], err) -> list[tuple[int, dict]]:
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
                err(f"unknown field {field_name!r} in {key}[{index}]{_did_you_mean(str(field_name), allowed)} "
                    f"(known: {', '.join(allowed)})", key, index, field_name)
        out.append((index, item))
    return out


def _services(value, root: Path, err) -> tuple[tuple[str, str, str], ...]:
    out: list[tuple[str, str, str]] = []
    for index, item in _entries(value, "services", SERVICE_KEYS, err):
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
                f"{_did_you_mean(str(kind), KINDS)}", "services", index, "kind")
            continue
        if stack and stack not in STACKS:
            err(f"services[{index}].stack must be one of {', '.join(STACKS)}, not {stack!r}"
                f"{_did_you_mean(str(stack), STACKS)}", "services", index, "stack")
            continue
        path = "" if str(rel) == "." else str(rel)
        if any(path == p for p, _, _ in out):
            err(f"services[{index}].path {raw_path!r} is listed twice", "services", index, "path")
            continue
        out.append((path, kind, stack or ""))
    return tuple(out)


def _profiles(value, names: set[str], err) -> tuple[tuple[str, frozenset[str]], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        err("profiles must be a mapping of service kind to {disable: [...]}", "profiles")
        return ()
    out = []
    for kind, body in value.items():
        if kind not in KINDS:
            err(f"unknown service kind {kind!r} in profiles{_did_you_mean(str(kind), KINDS)} (known: {', '.join(KINDS)})",
                "profiles", kind)
            continue
        if not isinstance(body, dict):
            err(f"profiles.{kind} must be a mapping with disable: [check ids or categories]", "profiles", kind)
            continue
        for field_name in body:
            if field_name != "disable":
                err(f"unknown field {field_name!r} in profiles.{kind}{_did_you_mean(str(field_name), ['disable'])}",
                    "profiles", kind, field_name)
        disable = body.get("disable", [])
        if not isinstance(disable, list) or not all(isinstance(v, str) for v in disable):
            err(f"profiles.{kind}.disable must be a list of check ids or categories", "profiles", kind, "disable")
            continue
        for index, item in enumerate(disable):
            if item not in names:
                err(f"unknown check id or category {item!r} in profiles.{kind}.disable{_did_you_mean(item, names)}",
                    "profiles", kind, "disable", index)
        out.append((kind, frozenset(v for v in disable if v in names)))
    return tuple(out)


def _date(value) -> _dt.date | None:
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


def _waivers(value, known_checks: dict[str, str], shown: str, lines: "_Lines", err) -> tuple[WaiverRule, ...]:
    names = set(known_checks) | set(CATEGORIES)
    out = []
    for index, item in _entries(value, "waivers", WAIVER_KEYS, err):
        where = f"waivers[{index}]"
        check, reason = item.get("check"), item.get("reason")
        ok = True
        if not isinstance(check, str) or check not in names:
            err(f"{where}.check must be a check id or category, not {check!r}"
                f"{_did_you_mean(str(check), names)}", "waivers", index, "check")
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
            expires = _date(item["expires"])
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


def _checks_paths(value, base: Path, err) -> tuple[Path, ...]:
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


def checks_paths_of(raw: RawConfig) -> tuple[Path, ...]:
    """The configuration's checks_paths before the checks are known; errors in them are
    reported by `load`."""
    if raw.path is None or raw.error or not isinstance(raw.data, dict):
        return ()
    return _checks_paths(raw.data.get("checks_paths"), raw.path.parent, lambda *a: None)
