"""Services in a repository: where each one lives, its stack, frameworks and kind.

A service root is a directory with a manifest plus a backend framework or an entry point.
A frontend-only package is not a backend service; a library (manifest, no framework, no
entry point) is listed but only audited when nothing else is found. Every file belongs to the
deepest service root that contains it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from pathlib import PurePosixPath
from typing import Iterable

from prodready.facts.manifests import Dependency, Manifest
from prodready.scanning.files import FileEntry
from prodready.scanning.memo import FirstMatch


@dataclass(frozen=True)
class Framework:
    """How to recognise a framework: dependency names, or a line of code that uses it."""

    id: str
    stack: str
    http: bool
    dependencies: tuple[str, ...] = ()
    code: str | None = None  # regex over production source of the stack


FRAMEWORKS: tuple[Framework, ...] = (
    Framework("fastapi", "python", True, ("fastapi",), r"^\s*(from fastapi\b|import fastapi\b)"),
    Framework("django", "python", True, ("django",), r"^\s*(from django\b|import django\b)"),
    Framework("drf", "python", True, ("djangorestframework",), r"^\s*from rest_framework\b"),
    Framework("flask", "python", True, ("flask",), r"^\s*(from flask import|import flask\b)"),
    Framework("express", "node", True, ("express",), None),
    Framework("nestjs", "node", True, ("@nestjs/core",), None),
    Framework("fastify", "node", True, ("fastify",), None),
    Framework("gin", "go", True, ("github.com/gin-gonic/gin",), None),
    Framework("echo", "go", True, ("github.com/labstack/echo/v4", "github.com/labstack/echo"), None),
    Framework("chi", "go", True, ("github.com/go-chi/chi/v5", "github.com/go-chi/chi"), None),
    Framework("fiber", "go", True, ("github.com/gofiber/fiber/v2", "github.com/gofiber/fiber/v3"), None),
    Framework("net/http", "go", True, (), r"\bhttp\.(ListenAndServe(TLS)?\(|Server\s*\{|NewServeMux\(\))"),
    Framework(
        "spring-boot", "java", True,
        ("org.springframework.boot:spring-boot-starter-web",
         "org.springframework.boot:spring-boot-starter-webflux"),
        None,
    ),
)
FRONTEND_DEPENDENCIES = frozenset(
    {"react", "react-dom", "vue", "@angular/core", "svelte", "next", "nuxt", "preact",
     "solid-js", "vite", "@sveltejs/kit", "gatsby"}
)
PYTHON_ENTRY_NAMES = frozenset(
    {"main.py", "app.py", "manage.py", "wsgi.py", "asgi.py", "server.py", "run.py", "application.py"}
)
SOURCE_SUFFIX = {
    "python": (".py",), "node": (".js", ".ts", ".mjs", ".cjs"), "go": (".go",),
    "java": (".java", ".kt"),
}
_GO_MAIN = re.compile(r"^package main\b.*^func main\(\)", re.S | re.M)
_JAVA_MAIN = re.compile(r"@SpringBootApplication|\bstatic\s+void\s+main\s*\(")
_NODE_SERVER = re.compile(r"\b(createServer\(|\.listen\()")


@dataclass(frozen=True)
class Service:
    """A detected (or configured) service; `path` is "" for the repository root."""

    path: str
    stack: str
    kind: str  # api | worker | library | frontend
    frameworks: tuple[str, ...]
    manifests: tuple[str, ...]
    entry_points: tuple[str, ...]
    dependencies: tuple[Dependency, ...]

    @property
    def display(self) -> str:
        return self.path or "."

    @property
    def deployable(self) -> bool:
        return self.kind in ("api", "worker")

    def depends_on(self, *names: str, dev: bool = False) -> Dependency | None:
        """The first dependency (runtime only unless `dev`) matching a name or glob (`a:*-test`)."""
        for dep in self.dependencies:
            if dep.dev and not dev:
                continue
            for name in names:
                if dep.name == name or ("*" in name and fnmatchcase(dep.name, name)):
                    return dep
        return None


def owner_of(path: str, roots: Iterable[str]) -> str | None:
    """The deepest root that contains `path` ("" contains everything)."""
    best: str | None = None
    for root in roots:
        if root == "" or path == root or path.startswith(root + "/"):
            if best is None or len(root) > len(best):
                best = root
    return best


def detect_services(
    manifests: list[Manifest], files: list[FileEntry], first_match: FirstMatch,
    declared: tuple[tuple[str, str, str], ...] = (),
) -> tuple[list[Service], list[Service]]:
    """(services to audit, other packages seen: libraries and frontends).

    `first_match(regex, path)` searches one file (RepoFacts.first_match: remembered across
    audits).

    `declared` are the configuration's (path, kind, stack) entries: when given, exactly those
    are audited, with the kind (and stack, when set) the configuration says; whatever else
    detection finds is listed as another package."""
    by_dir = _candidate_roots(manifests, files, declared)
    roots = sorted(by_dir)
    files_of = _files_by_root(files, roots)
    candidates = _shared_modules_are_libraries([
        _describe(root, by_dir[root], files_of[root], first_match) for root in roots
    ], by_dir)
    if declared:
        return _as_declared(candidates, declared)
    return _deployable_or_root_library(candidates)


def _candidate_roots(
    manifests: list[Manifest], files: list[FileEntry], declared: tuple[tuple[str, str, str], ...],
) -> dict[str, list[Manifest]]:
    """Directory -> its production manifests, for every directory that may be a service: one
    with a manifest, one with a Django manage.py (apps often ship without a manifest of their
    own), and every directory the configuration declares."""
    by_dir: dict[str, list[Manifest]] = {}
    for manifest in manifests:
        entry = next((f for f in files if f.path == manifest.path), None)
        if entry is not None and not entry.is_production:
            continue
        by_dir.setdefault(manifest.directory, []).append(manifest)
    for entry in files:
        if entry.name == "manage.py" and entry.is_production:
            parent = str(PurePosixPath(entry.path).parent)
            by_dir.setdefault("" if parent == "." else parent, [])
    for path, _kind, _stack in declared:
        by_dir.setdefault(path, [])
    return by_dir


def _files_by_root(files: list[FileEntry], roots: list[str]) -> dict[str, list[FileEntry]]:
    """Each root's production files: a file belongs to the deepest root that contains it."""
    files_of: dict[str, list[FileEntry]] = {root: [] for root in roots}
    for entry in files:
        owner = owner_of(entry.path, roots)
        if owner is not None and entry.is_production:
            files_of[owner].append(entry)
    return files_of


def _as_declared(
    candidates: list[Service], declared: tuple[tuple[str, str, str], ...],
) -> tuple[list[Service], list[Service]]:
    """The configuration decides: the declared roots are audited with its kind (and stack,
    when set); everything else detection found is only listed."""
    wanted = {path: (kind, stack) for path, kind, stack in declared}
    audited = [replace(c, kind=wanted[c.path][0], stack=wanted[c.path][1] or c.stack)
               for c in candidates if c.path in wanted]
    return audited, [c for c in candidates if c.path not in wanted]


def _deployable_or_root_library(candidates: list[Service]) -> tuple[list[Service], list[Service]]:
    """APIs and workers are audited. A repository with none of them is still audited, as one
    library at the root: the root's own package, or one made up with the stack of the only
    package seen (unknown when there are several)."""
    audited = [c for c in candidates if c.deployable]
    others = [c for c in candidates if not c.deployable]
    if audited:
        return audited, others
    root_lib = next((c for c in others if c.path == ""), None)
    if root_lib is None:
        stack = others[0].stack if len(others) == 1 else "unknown"
        root_lib = Service("", stack, "library", (), (), (), ())
    return [root_lib], [c for c in others if c is not root_lib]


def _module_name(manifests: list[Manifest]) -> str | None:
    for manifest in manifests:
        data = manifest.data if isinstance(manifest.data, dict) else {}
        if manifest.path.endswith("go.mod") and data.get("module"):
            return str(data["module"]).lower()
        if manifest.path.endswith("package.json") and isinstance(data.get("name"), str):
            return data["name"].lower()
        if manifest.path.endswith("pyproject.toml") and isinstance(data.get("project"), dict) and data["project"].get("name"):
            return str(data["project"]["name"]).lower().replace("_", "-")
    return None


def _shared_modules_are_libraries(candidates: list[Service], by_dir: dict[str, list[Manifest]]) -> list[Service]:
    """A module that other services in the repo depend on, with no entry point of its own, is
    shared code (a monorepo's common/ or pkg/), not a service, even if it uses a framework."""
    out = []
    for candidate in candidates:
        name = _module_name(by_dir.get(candidate.path, []))
        used_by_others = name is not None and any(
            other is not candidate and any(d.name == name for d in other.dependencies) for other in candidates
        )
        if used_by_others and not candidate.entry_points and candidate.kind == "api":
            candidate = Service(candidate.path, candidate.stack, "library", candidate.frameworks,
                                candidate.manifests, candidate.entry_points, candidate.dependencies)
        out.append(candidate)
    return out


def _describe(root: str, manifests: list[Manifest], files: list[FileEntry], first_match: FirstMatch) -> Service:
    """Describe a candidate root; with several ecosystems in one directory (a Django app with
    a package.json for front-end tooling), the stack with a backend framework wins, then the
    one with an entry point, then any but Node (whose manifest is often only tooling)."""
    stacks = sorted({m.stack for m in manifests if m.stack != "unknown"})
    if not stacks:
        stacks = ["python"] if any(f.name == "manage.py" for f in files) else ["unknown"]
    described = [_describe_stack(root, stack, manifests, files, first_match) for stack in stacks]
    for prefer in (lambda s: s.kind == "api", lambda s: s.kind == "worker", lambda s: s.stack != "node"):
        chosen = next((s for s in described if prefer(s)), None)
        if chosen is not None:
            return chosen
    return described[0]


def _describe_stack(root: str, stack: str, all_manifests: list[Manifest], files: list[FileEntry], first_match: FirstMatch) -> Service:
    """The candidate root seen as a service of one stack: that stack's manifests and
    dependencies (all of them when none is of the stack), frameworks, entry points, kind."""
    manifests = [m for m in all_manifests if m.stack == stack] or all_manifests
    dependencies = tuple(dep for m in manifests for dep in m.dependencies)
    names = {dep.name for dep in dependencies if not dep.dev}
    code_files = [f for f in files if f.suffix in SOURCE_SUFFIX.get(stack, ())]
    frameworks = _frameworks(stack, names, code_files, first_match)
    entry_points = _entry_points(stack, manifests, code_files, first_match)
    kind, frameworks = _kind(stack, frameworks, names, entry_points, code_files, first_match)
    return Service(
        path=root,
        stack=stack,
        kind=kind,
        frameworks=tuple(frameworks),
        manifests=tuple(sorted(m.path for m in all_manifests)),
        entry_points=tuple(entry_points),
        dependencies=dependencies,
    )


def _frameworks(stack: str, names: set[str], code_files: list[FileEntry], first_match: FirstMatch) -> list[str]:
    """The backend frameworks of `stack` in use, by runtime dependency or by code."""
    found = [f.id for f in FRAMEWORKS if f.stack == stack and _uses(f, names, code_files, first_match)]
    if stack == "java" and not found and _spring_boot_controllers(names, code_files, first_match):
        found.append("spring-boot")
    return found


def _uses(framework: Framework, names: set[str], code_files: list[FileEntry], first_match: FirstMatch) -> bool:
    """A runtime dependency names the framework; else (when it has one) its code line is found:
    the dependency is cheaper to check, so the code is only searched without it."""
    if names.intersection(framework.dependencies):
        return True
    return bool(framework.code) and _any_match(framework.code, code_files, first_match)


def _spring_boot_controllers(names: set[str], code_files: list[FileEntry], first_match: FirstMatch) -> bool:
    """Spring Boot without a web starter (Jersey, a custom starter) still serves HTTP when it
    declares controllers."""
    return any(n.startswith("org.springframework.boot:") for n in names) and _any_match(
        r"@(RestController|Controller)\b", code_files, first_match)


def _kind(
    stack: str, frameworks: list[str], names: set[str], entry_points: list[str],
    code_files: list[FileEntry], first_match: FirstMatch,
) -> tuple[str, list[str]]:
    """(kind, frameworks): an api when it has a framework (or Node serves HTTP by hand, counted
    as the node:http framework), a frontend when a Node package depends on a UI library, a
    worker when it has an entry point, else a library."""
    if frameworks:
        return "api", frameworks
    if stack == "node" and names & FRONTEND_DEPENDENCIES:
        return "frontend", frameworks
    if stack == "node" and _any_match(_NODE_SERVER.pattern, code_files, first_match):
        return "api", ["node:http"]
    if entry_points:
        return "worker", frameworks
    return "library", frameworks


def _any_match(pattern: str, files: list[FileEntry], first_match: FirstMatch) -> bool:
    regex = re.compile(pattern, re.M)
    return any(first_match(regex, f.path) for f in files)


def _entry_points(stack: str, manifests: list[Manifest], files: list[FileEntry], first_match: FirstMatch) -> list[str]:
    if stack == "python":
        return sorted(f.path for f in files if f.name in PYTHON_ENTRY_NAMES)
    if stack == "go":
        return sorted(f.path for f in files if first_match(_GO_MAIN, f.path))
    if stack == "java":
        return sorted(f.path for f in files if first_match(_JAVA_MAIN, f.path))
    if stack == "node":
        for manifest in manifests:
            data = manifest.data if isinstance(manifest.data, dict) else {}
            scripts = data.get("scripts") if isinstance(data.get("scripts"), dict) else {}
            if "start" in scripts:
                return [manifest.path]
    return []
