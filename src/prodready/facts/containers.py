"""Containers: Dockerfiles (parsed into stages), compose services and Kubernetes workloads.

The Dockerfile parser follows the reference rules that matter for judging practice: line
continuations (with the `# escape=` directive), comments, ARG substitution in FROM (global
ARGs before the first FROM), `--platform` flags and multiple stages referring to each other.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import PurePosixPath

from prodready.scanning.parsing import ParseError, line_of, load_yaml, load_yaml_all

_DOCKERFILE_NAME = re.compile(r"^(Dockerfile|Containerfile)([.-][\w.-]+)?$|\.(dockerfile|Dockerfile)$")
_COMPOSE_NAME = re.compile(r"^(docker-)?compose([.-][\w.-]+)?\.ya?ml$")
_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+]([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")


@dataclass(frozen=True)
class Instruction:
    keyword: str  # upper-case
    args: str
    line: int  # 1-based line where the instruction starts
    text: str  # the instruction as written (continuations joined)


@dataclass(frozen=True)
class Stage:
    index: int
    name: str | None
    base: str  # as written
    base_resolved: str  # ARGs substituted; "" if an ARG had no value
    line: int
    instructions: tuple[Instruction, ...]


@dataclass(frozen=True)
class Dockerfile:
    path: str
    global_args: tuple[Instruction, ...]
    stages: tuple[Stage, ...]
    error: ParseError | None = None

    @property
    def directory(self) -> str:
        parent = str(PurePosixPath(self.path).parent)
        return "" if parent == "." else parent

    @property
    def final(self) -> Stage | None:
        return self.stages[-1] if self.stages else None


def is_dockerfile(name: str) -> bool:
    return bool(_DOCKERFILE_NAME.search(name))


def is_compose(name: str) -> bool:
    return bool(_COMPOSE_NAME.match(name))


def _logical_lines(text: str) -> list[tuple[int, str]]:
    escape = "\\"
    lines = text.splitlines()
    for raw in lines[:5]:
        match = re.match(r"#\s*escape\s*=\s*(\S)", raw.strip())
        if match:
            escape = match.group(1)
    out: list[tuple[int, str]] = []
    buffer: list[str] = []
    start = 0
    for number, raw in enumerate(lines, 1):
        stripped = raw.strip()
        if buffer and (stripped.startswith("#") or not stripped):
            continue  # comments and blank lines inside a continuation are dropped
        if not buffer:
            if not stripped or stripped.startswith("#"):
                continue
            start = number
        if stripped.endswith(escape):
            buffer.append(stripped[:-1])
            continue
        buffer.append(stripped)
        out.append((start, " ".join(part.strip() for part in buffer)))
        buffer = []
    if buffer:
        out.append((start, " ".join(buffer)))
    return out


def substitute(value: str, variables: dict[str, str | None]) -> str:
    """Expand $VAR / ${VAR} / ${VAR:-default}; an unknown variable expands to ""."""

    def repl(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(3)
        current = variables.get(name)
        if current:
            return current
        return match.group(2) or ""

    return _VAR.sub(repl, value)


def parse_dockerfile(path: str, text: str) -> Dockerfile:
    global_args: list[Instruction] = []
    variables: dict[str, str | None] = {}
    stages: list[Stage] = []
    current: list[Instruction] = []
    header: tuple[str | None, str, str, int] | None = None

    def close() -> None:
        if header is not None:
            name, base, resolved, line = header
            stages.append(Stage(len(stages), name, base, resolved, line, tuple(current)))

    for line, logical in _logical_lines(text):
        keyword, _, args = logical.partition(" ")
        keyword = keyword.upper()
        instruction = Instruction(keyword, args.strip(), line, logical)
        if keyword == "FROM":
            close()
            current = []
            words = [w for w in args.split() if not w.startswith("--")]
            if not words:
                return Dockerfile(path, tuple(global_args), tuple(stages), ParseError(path, "FROM without an image", line))
            base = words[0]
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            header = (name, base, substitute(base, variables), line)
        elif header is None:
            if keyword == "ARG":
                global_args.append(instruction)
                for key, value in _arg_pairs(instruction.args):
                    variables[key] = value
            elif keyword not in ("#",):
                return Dockerfile(path, tuple(global_args), (), ParseError(path, f"{keyword} before the first FROM", line))
        else:
            current.append(instruction)
    close()
    if not stages:
        return Dockerfile(path, tuple(global_args), (), ParseError(path, "no FROM instruction", None))
    return Dockerfile(path, tuple(global_args), tuple(stages))


def _arg_pairs(args: str) -> list[tuple[str, str | None]]:
    pairs = []
    for word in args.split():
        key, sep, value = word.partition("=")
        pairs.append((key, value.strip("\"'") if sep else None))
    return pairs


def env_pairs(instruction: Instruction) -> list[tuple[str, str | None]]:
    """Key/value pairs of ENV or ARG (`ENV A=1 B=2`, legacy `ENV A 1`, `ARG A`)."""
    args = instruction.args
    if instruction.keyword == "ENV" and "=" not in args.split(" ", 1)[0]:
        key, _, value = args.partition(" ")
        return [(key, value.strip() or None)]
    try:
        words = shlex.split(args, posix=True)
    except ValueError:
        words = args.split()
    out = []
    for word in words:
        key, sep, value = word.partition("=")
        out.append((key, value if sep else None))
    return out


@dataclass(frozen=True)
class ComposeService:
    file: str
    name: str
    line: int | None
    build_context: str | None  # repo-relative, "" for the root
    dockerfile: str | None  # repo-relative path of the Dockerfile it builds
    image: str | None
    healthcheck: str | None  # the test command, flattened
    healthcheck_line: int | None


@dataclass(frozen=True)
class ComposeFile:
    path: str
    services: tuple[ComposeService, ...]
    error: ParseError | None = None


def _join(base: str, relative: str) -> str:
    parts: list[str] = [p for p in base.split("/") if p]
    for piece in relative.replace("\\", "/").split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if not parts:
                return ""  # leaves the root: refuse to follow, treat as root
            parts.pop()
        else:
            parts.append(piece)
    return "/".join(parts)


def parse_compose(path: str, text: str) -> ComposeFile:
    """The services of a compose file, with the build context and Dockerfile (repo-relative),
    image and healthcheck of each; a broken file keeps its ParseError."""
    data, error = load_yaml(text, path)
    if error:
        return ComposeFile(path, (), error)
    if not isinstance(data, dict) or not isinstance(data.get("services"), dict):
        return ComposeFile(path, ())
    directory = str(PurePosixPath(path).parent)
    directory = "" if directory == "." else directory
    lines = text.splitlines()
    services = [_compose_service(path, directory, lines, str(name), body)
                for name, body in data["services"].items() if isinstance(body, dict)]
    return ComposeFile(path, tuple(services))


def _compose_service(path: str, directory: str, lines: list[str], name: str, body: dict) -> ComposeService:
    line = next((n for n, l in enumerate(lines, 1) if re.match(rf"\s+{re.escape(name)}\s*:", l)), None)
    context, dockerfile = _build_paths(directory, body.get("build"))
    test = _healthcheck_test(body.get("healthcheck"))
    health_line = None
    if test and line:
        health_line = next((n for n, l in enumerate(lines[line:], line + 1) if "healthcheck" in l), None)
    return ComposeService(path, name, line, context, dockerfile,
                          str(body["image"]) if body.get("image") else None, test, health_line)


def _build_paths(directory: str, build: object) -> tuple[str | None, str | None]:
    """(build context, Dockerfile) of `build:`, a context string or a mapping, relative to the
    compose file's directory; (None, None) when the service does not build an image."""
    if isinstance(build, str):
        context = _join(directory, build)
    elif isinstance(build, dict):
        context = _join(directory, str(build.get("context", ".")))
    else:
        return None, None
    df_name = build.get("dockerfile", "Dockerfile") if isinstance(build, dict) else "Dockerfile"
    return context, _join(context, str(df_name))


def _healthcheck_test(health: object) -> str | None:
    """The healthcheck's test command, flattened; None when there is none, it is disabled,
    or it is `NONE` (which turns off the image's own HEALTHCHECK)."""
    if not isinstance(health, dict) or health.get("disable"):
        return None
    raw = health.get("test")
    test = " ".join(map(str, raw)) if isinstance(raw, list) else (str(raw) if raw else None)
    if test and "NONE" in test.split()[:1]:
        return None
    return test


K8S_KINDS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "Pod", "Job", "CronJob", "ReplicaSet"})


def is_k8s_manifest(text: str) -> bool:
    return "apiVersion" in text and re.search(r"^kind:\s*(" + "|".join(K8S_KINDS) + r")\b", text, re.M) is not None


def is_manifest_or_template(text: str, in_templates_dir: int) -> bool:
    """A Kubernetes workload manifest, or (under a templates/ directory) a Helm template of
    one. A pure function of the text and the flag: RepoFacts.per_file remembers it."""
    return is_k8s_manifest(text) or (bool(in_templates_dir) and "kind:" in text and "{{" in text)


def load_k8s_documents(path: str, text: str) -> tuple[list[dict], ParseError | None]:
    docs, error = load_yaml_all(text, path)
    return [d for d in docs if isinstance(d, dict)], error
