"""Dependencies from manifests: Python, Node, Go and JVM build files, parsed once each.

Each dependency keeps the file and line it was declared on, so a verdict that rests on a
dependency can point at it. Dev/test dependencies are marked so they never count as wiring.
"""

from __future__ import annotations

import configparser
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from prodready.scanning.parsing import (
    ParseError,
    line_of,
    load_json,
    load_toml,
    parse_xml,
    strip_ns,
)

PYTHON_MANIFESTS = ("pyproject.toml", "setup.cfg", "setup.py", "Pipfile")
MANIFEST_NAMES = frozenset(
    PYTHON_MANIFESTS + ("package.json", "go.mod", "pom.xml", "build.gradle", "build.gradle.kts")
)
REQUIREMENTS = re.compile(r"^requirements([-_.][\w.-]*)?\.(txt|in)$")
STACK_OF = {
    "pyproject.toml": "python", "setup.cfg": "python", "setup.py": "python", "Pipfile": "python",
    "package.json": "node", "go.mod": "go", "pom.xml": "java", "build.gradle": "java",
    "build.gradle.kts": "java",
}
_DEV_WORDS = re.compile(r"(^|[-_.])(dev|test|tests|testing|lint|docs|ci)([-_.]|$)", re.I)


@dataclass(frozen=True)
class Dependency:
    """A declared dependency. `name` is normalised per ecosystem (PEP 503 for Python)."""

    name: str
    version: str
    path: str
    line: int | None
    dev: bool = False


@dataclass(frozen=True)
class Manifest:
    path: str
    stack: str
    dependencies: tuple[Dependency, ...]
    data: dict = field(default_factory=dict, compare=False, hash=False)
    error: ParseError | None = None

    @property
    def directory(self) -> str:
        parent = str(PurePosixPath(self.path).parent)
        return "" if parent == "." else parent


def is_manifest(name: str) -> bool:
    return name in MANIFEST_NAMES or bool(REQUIREMENTS.match(name))


def normalise_python(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _line_finder(text: str):
    lines = text.splitlines()

    def find(token: str) -> int | None:
        needle = token.lower()
        for number, line in enumerate(lines, 1):
            if needle in line.lower():
                return number
        return None

    return find


_PEP508 = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$")


def _pep508(spec: str) -> tuple[str, str] | None:
    match = _PEP508.match(spec.split(";")[0])
    if not match:
        return None
    return normalise_python(match.group(1)), match.group(3).strip()


def parse_manifest(path: str, text: str) -> Manifest:
    """Parse one manifest file into its dependencies; a broken file keeps its ParseError."""
    name = PurePosixPath(path).name
    if REQUIREMENTS.match(name):
        return _requirements(path, text, dev=bool(_DEV_WORDS.search(name[12:])))
    parser = _PARSERS.get(name)
    if parser is None:
        return Manifest(path, "unknown", ())
    try:
        return parser(path, text)
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        return Manifest(path, STACK_OF[name], (), error=ParseError(path, f"unexpected shape: {exc}"))


def _requirements(path: str, text: str, dev: bool) -> Manifest:
    deps = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-", "git+", "http")):
            continue
        parsed = _pep508(line)
        if parsed:
            deps.append(Dependency(parsed[0], parsed[1], path, number, dev))
    return Manifest(path, "python", tuple(deps))


def _pyproject(path: str, text: str) -> Manifest:
    """PEP 621 dependencies, optional dependencies and dependency groups, then Poetry's tables."""
    data, error = load_toml(text, path)
    if error:
        return Manifest(path, "python", (), error=error)
    find = _line_finder(text)
    deps: list[Dependency] = []
    for spec, dev in _pep621_requirements(data):
        parsed = _pep508(spec)
        if parsed:
            deps.append(Dependency(parsed[0], parsed[1], path, find(spec.split(";")[0].strip()), dev))
    for dep_name, version, dev in _poetry_requirements(data):
        deps.append(Dependency(normalise_python(dep_name), str(version) if isinstance(version, str) else "", path, find(dep_name), dev))
    return Manifest(path, "python", tuple(deps), data=data)


def _pep621_requirements(data: dict) -> Iterator[tuple[str, bool]]:
    """(requirement, dev) in [project] and [dependency-groups]: an optional-dependency group
    is dev when its name says so (`test`, `lint`...); a dependency group always is. Include
    directives of dependency groups (`{include-group = ...}`) are not requirements."""
    project = data.get("project", {})
    for spec in project.get("dependencies", []) or []:
        yield str(spec), False
    for group, specs in (project.get("optional-dependencies") or {}).items():
        for spec in specs or []:
            yield str(spec), bool(_DEV_WORDS.search(group))
    # .items(), not .values(): a table of the wrong shape must fail as it always has (the
    # message ends up in the manifest's ParseError)
    for _group, specs in (data.get("dependency-groups") or {}).items():  # noqa: PERF102
        for spec in specs or []:
            if isinstance(spec, str):
                yield spec, True


def _poetry_requirements(data: dict) -> Iterator[tuple[str, object, bool]]:
    """(name, version, dev) in [tool.poetry]: its dependencies, the legacy dev-dependencies and
    every group (all dev); the `python` entry is the interpreter, not a dependency."""
    poetry = data.get("tool", {}).get("poetry", {})
    sections = [(poetry.get("dependencies") or {}, False), (poetry.get("dev-dependencies") or {}, True)]
    for _group, body in (poetry.get("group") or {}).items():  # noqa: PERF102 (as above)
        sections.append(((body or {}).get("dependencies") or {}, True))
    for table, dev in sections:
        for dep_name, version in table.items():
            if dep_name.lower() != "python":
                yield dep_name, version, dev


def _pipfile(path: str, text: str) -> Manifest:
    data, error = load_toml(text, path)
    if error:
        return Manifest(path, "python", (), error=error)
    find = _line_finder(text)
    deps = []
    for section, dev in (("packages", False), ("dev-packages", True)):
        for dep_name, version in (data.get(section) or {}).items():
            deps.append(Dependency(normalise_python(dep_name), version if isinstance(version, str) else "", path, find(dep_name), dev))
    return Manifest(path, "python", tuple(deps), data=data)


def _setup_cfg(path: str, text: str) -> Manifest:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None)
        return Manifest(path, "python", (), error=ParseError(path, str(exc).splitlines()[0], line))
    find = _line_finder(text)
    deps = []
    if parser.has_option("options", "install_requires"):
        for spec in parser.get("options", "install_requires").splitlines():
            parsed = _pep508(spec) if spec.strip() else None
            if parsed:
                deps.append(Dependency(parsed[0], parsed[1], path, find(spec.strip())))
    data = {s: dict(parser.items(s)) for s in parser.sections()}
    return Manifest(path, "python", tuple(deps), data=data)


def _setup_py(path: str, text: str) -> Manifest:
    # Never executed: the install_requires list is read as text.
    deps = []
    block = re.search(r"install_requires\s*=\s*\[(.*?)\]", text, re.S)
    if block:
        offset = block.start(1)
        for match in re.finditer(r"['\"]([^'\"]+)['\"]", block.group(1)):
            parsed = _pep508(match.group(1))
            if parsed:
                line = line_of(text, offset + match.start())
                deps.append(Dependency(parsed[0], parsed[1], path, line))
    return Manifest(path, "python", tuple(deps))


def _package_json(path: str, text: str) -> Manifest:
    data, error = load_json(text, path)
    if error:
        return Manifest(path, "node", (), error=error)
    if not isinstance(data, dict):
        return Manifest(path, "node", (), error=ParseError(path, "top level is not an object"))
    find = _line_finder(text)
    deps = []
    for section, dev in (("dependencies", False), ("devDependencies", True), ("peerDependencies", False), ("optionalDependencies", False)):
        table = data.get(section) or {}
        if isinstance(table, dict):
            for dep_name, version in table.items():
                deps.append(Dependency(dep_name.lower(), str(version), path, find(f'"{dep_name}"'), dev))
    return Manifest(path, "node", tuple(deps), data=data)


def _go_mod(path: str, text: str) -> Manifest:
    deps = []
    in_block = False
    module = ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("//", 1)[0].strip()
        if line.startswith("module "):
            module = line.split()[1]
        if line.startswith("require ("):
            in_block = True
            continue
        if in_block and line == ")":
            in_block = False
            continue
        parts = line.split()
        if line.startswith("require ") and len(parts) >= 3:
            parts = parts[1:]
        elif not in_block:
            continue
        if len(parts) >= 2:
            deps.append(Dependency(parts[0].lower(), parts[1], path, number))
    return Manifest(path, "go", tuple(deps), data={"module": module})


def _pom(path: str, text: str) -> Manifest:
    root, error = parse_xml(text, path)
    if error:
        return Manifest(path, "java", (), error=error)
    find = _line_finder(text)
    deps = []
    data: dict = {"modules": [], "plugins": [], "parent": ""}
    for element in root.iter():
        tag = strip_ns(element.tag)
        if tag in ("dependency", "plugin", "parent"):
            fields = {strip_ns(child.tag): (child.text or "").strip() for child in element}
            coordinate = f"{fields.get('groupId', '')}:{fields.get('artifactId', '')}".lower()
            if tag == "parent":
                data["parent"] = coordinate
            elif tag == "plugin":
                data["plugins"].append(coordinate)
            else:
                dev = fields.get("scope", "") in ("test", "provided")
                deps.append(Dependency(coordinate, fields.get("version", ""), path, find(f">{fields.get('artifactId', '')}<"), dev))
        elif tag == "module":
            data["modules"].append((element.text or "").strip())
    return Manifest(path, "java", tuple(deps), data=data)


_GRADLE_DEP = re.compile(
    r"""^\s*(\w+)\s*\(?\s*(?:platform\()?\s*["']([\w.\-]+):([\w.\-]+)(?::([^"'@]+))?["']""", re.M
)
_GRADLE_PLUGIN = re.compile(r"""id\s*\(?\s*["']([\w.\-]+)["']""")


def _gradle(path: str, text: str) -> Manifest:
    deps = []
    for match in _GRADLE_DEP.finditer(text):
        configuration = match.group(1)
        dev = configuration.lower().startswith("test")
        line = line_of(text, match.start())
        deps.append(Dependency(f"{match.group(2)}:{match.group(3)}".lower(), match.group(4) or "", path, line, dev))
    plugins = [m.group(1) for m in _GRADLE_PLUGIN.finditer(text)]
    return Manifest(path, "java", tuple(deps), data={"plugins": plugins})


_PARSERS = {
    "pyproject.toml": _pyproject,
    "Pipfile": _pipfile,
    "setup.cfg": _setup_cfg,
    "setup.py": _setup_py,
    "package.json": _package_json,
    "go.mod": _go_mod,
    "pom.xml": _pom,
    "build.gradle": _gradle,
    "build.gradle.kts": _gradle,
}
