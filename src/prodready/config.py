"""Configuration: `--config FILE`, else `.prodready.yml`, else `[tool.prodready]` in pyproject.toml.

One source wins and the report says which. Every error names the file and line and, for a
misspelt key or check id, suggests the closest valid one. The file is untrusted input like the
rest of the repository: YAML is read with the safe loader and paths may not leave the root.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from prodready.model import CATEGORIES, Severity
from prodready.scanning.parsing import line_of, load_toml, load_yaml
from prodready import config_fields as fields
from prodready.config_fields import did_you_mean
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
            err(f"unknown key {key!r}{did_you_mean(str(key), KEYS)} (known: {', '.join(KEYS)})", key)
    names = set(known_checks) | set(CATEGORIES)

    enable, disable = fields.id_list(data, "enable", names, err), fields.id_list(data, "disable", names, err)
    severity = fields.severity(data.get("severity", {}), known_checks, err)
    thresholds = fields.thresholds(data.get("thresholds", {}), err)
    exclude = fields.exclude(data.get("exclude", []), err)
    max_file_bytes = fields.max_file_bytes(data.get("limits", {}), err)
    source = shown + (" [tool.prodready]" if kind == "toml" else "")
    inline_waivers = fields.flag(data, "inline_waivers", True, err)
    score_waived = fields.flag(data, "score_waived", False, err)
    services = fields.services(data.get("services"), root, err)
    profiles = fields.profiles(data.get("profiles"), names, err)
    waivers = fields.waivers(data.get("waivers"), known_checks, shown, lines, err)
    checks_paths = fields.checks_paths(data.get("checks_paths"), path.parent, err)
    exclude_sources = fields.exclude_sources(shown, kind, lines, len(exclude))
    return Config(source, enable, disable, severity, thresholds, tuple(exclude), max_file_bytes, tuple(ignored),
                  services, profiles, waivers, inline_waivers, score_waived, checks_paths, exclude_sources), errors


def checks_paths_of(raw: RawConfig) -> tuple[Path, ...]:
    """The configuration's checks_paths before the checks are known; errors in them are
    reported by `load`."""
    if raw.path is None or raw.error or not isinstance(raw.data, dict):
        return ()
    return fields.checks_paths(raw.data.get("checks_paths"), raw.path.parent, lambda *a: None)
