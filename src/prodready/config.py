"""Configuration: `--config FILE`, else `.prodready.yml`, else `[tool.prodready]` in pyproject.toml.

One source wins and the report says which. Every error names the file and line and, for a
misspelt key or check id, suggests the closest valid one. The file is untrusted input like the
rest of the repository: YAML is read with the safe loader and paths may not leave the root.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from prodready.facts.parsing import line_of, load_toml, load_yaml
from prodready.model import CATEGORIES, Severity

YAML_NAMES = (".prodready.yml", ".prodready.yaml")
KEYS = {
    "enable": "check ids or categories to run (only these)",
    "disable": "check ids or categories to skip",
    "severity": "mapping of check id to critical, high, medium or low",
    "thresholds": "coverage, max_complexity, min_maintainability",
    "exclude": "gitignore-style patterns of paths to leave out of the audit",
    "limits": "max_file_bytes: files larger than this are skipped with a note",
}
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
        start = self.text.find("[tool.prodready")
        needle = str(path[-1]) if path else "[tool.prodready"
        offset = self.text.find(needle, max(start, 0)) if start != -1 else -1
        return line_of(self.text, offset) if offset != -1 else (line_of(self.text, start) if start != -1 else None)


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


def load(root: Path, known_checks: dict[str, str], explicit: Path | None = None) -> tuple[Config, list[ConfigError]]:
    """Read and validate the configuration. `known_checks` maps check id to category."""
    path, kind, ignored = discover(root, explicit)
    if path is None:
        return Config(), []
    shown = str(explicit) if explicit is not None else path.name
    try:
        text = path.read_text(encoding="utf-8", errors="replace")[:1_000_000]
    except OSError as exc:
        return Config(), [ConfigError(shown, None, f"cannot read: {exc.strerror}")]
    if kind == "yaml":
        data, error = load_yaml(text, shown)
    else:
        data, error = load_toml(text, shown)
        if data is not None:
            data = (data.get("tool") or {}).get("prodready", {})
    if error:
        return Config(), [ConfigError(shown, error.line, f"syntax error: {error.reason}")]
    data = data or {}
    lines = _Lines(text, kind)
    errors: list[ConfigError] = []
    if not isinstance(data, dict):
        return Config(), [ConfigError(shown, 1, "the configuration must be a mapping of keys")]

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
    return Config(source, enable, disable, severity, thresholds, tuple(exclude), max_file_bytes, tuple(ignored)), errors
