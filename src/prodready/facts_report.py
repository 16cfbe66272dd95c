"""`prodready facts`: what the tool believes about a repository, before any verdict.

When a verdict looks wrong, this is the first thing to read: which services were found and
why, their frameworks and dependencies, entry points, CI jobs, containers and manifests.

Almost every name printed is chosen by the audited repository (directories, manifests,
dependency names, CI job names, image names). The text form shows each one with its control
characters written out (`redact.visible`), so a name says that it held an escape sequence and
the terminal never acts on it; JSON keeps the names as they are (json.dumps escapes them).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from prodready.facts import RepoFacts
from prodready.redact import clean, one_line

MAX_SHOWN = 300  # characters of one name in the text form: a line stays a line


def collect(facts: RepoFacts) -> dict[str, Any]:
    services = []
    for service in facts.services + facts.other_packages:
        services.append({
            "path": service.display,
            "stack": service.stack,
            "kind": service.kind,
            "audited": service in facts.services,
            "frameworks": list(service.frameworks),
            "manifests": list(service.manifests),
            "entry_points": list(service.entry_points),
            "dependencies": [
                {"name": d.name, "version": d.version, "path": d.path, "line": d.line, "dev": d.dev}
                for d in service.dependencies
            ],
        })
    return {
        "root": str(facts.root.name),
        "commit": facts.commit,
        "files": {
            "first_party": len(facts.files),
            "by_role": {role: sum(1 for f in facts.files if f.role == role) for role in ("source", "test", "example")},
            "left_out": dict(sorted(facts.files.excluded.items())),
        },
        "services": services,
        "ci": [
            {"path": p.path, "system": p.system, "triggers": list(p.triggers),
             "jobs": [{"name": j.name, "line": j.line, "runs": list(j.kinds)} for j in p.jobs],
             "error": p.error.message() if p.error else None}
            for p in facts.ci_pipelines
        ],
        "dockerfiles": [
            {"path": d.path, "stages": [{"name": s.name, "base": s.base_resolved or s.base, "line": s.line} for s in d.stages],
             "error": d.error.message() if d.error else None}
            for d in facts.dockerfiles
        ],
        "compose": [
            {"path": c.path, "services": [{"name": s.name, "build": s.build_context, "image": s.image, "healthcheck": bool(s.healthcheck)} for s in c.services],
             "error": c.error.message() if c.error else None}
            for c in facts.compose_files
        ],
        "kubernetes": list(facts.k8s_manifests),
        "openapi": [{"path": d.path, "version": d.version, "valid": d.valid, "operations": d.operations} for d in facts.openapi_documents],
        "routes": len(facts.routes),
        "health_routes": [{"path": r.path, "file": r.file, "line": r.line} for r in facts.routes if r.is_health],
        "notes": [clean(n, 300) for n in facts.notes + facts.files.notes],
    }


def render_text(data: dict[str, Any]) -> str:
    """`prodready facts` as text, from the data of `collect`: one section after another."""
    data = _inert(data)
    out = _files_section(data) + _services_section(data["services"])
    for key, title, describe in _LISTS:
        out += _list_section(title, data[key], describe)
    out += _counts_section(data) + _notes_section(data["notes"])
    return "\n".join(out) + "\n"


def _inert(value: Any) -> Any:
    """`value` (data from `collect`) with every string, keys included, made safe to print on
    one line: every section below prints repository text, and doing it here, once, means a
    section added later cannot forget it."""
    if isinstance(value, str):
        return _shown(value)
    if isinstance(value, dict):
        return {_inert(key): _inert(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_inert(item) for item in value]
    return value


def _shown(text: str) -> str:
    """`text` with control characters written out; newline and tab too (`visible` leaves them,
    for multi-line report fields), since a name holding one would start a line of its own."""
    text = one_line(text)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _files_section(data: dict[str, Any]) -> list[str]:
    files = data["files"]
    out = [f"{data['root']} @ {(data['commit'] or 'no commit')[:12]}",
           f"files: {files['first_party']} first-party ({', '.join(f'{k} {v}' for k, v in files['by_role'].items())})"]
    out.extend(f"  left out: {count} ({reason})" for reason, count in files["left_out"].items())
    return out


def _services_section(services: list[dict[str, Any]]) -> list[str]:
    out = ["", "services:"]
    for s in services:
        mark = "audited" if s["audited"] else "not audited"
        out.append(f"  {s['path']}: {s['stack']} {s['kind']} ({mark}); frameworks: {', '.join(s['frameworks']) or '-'}")
        out.append(f"    manifests: {', '.join(s['manifests']) or '-'}; entry points: {', '.join(s['entry_points'][:5]) or '-'}")
        runtime = [d["name"] for d in s["dependencies"] if not d["dev"]]
        out.append(f"    dependencies: {len(s['dependencies'])} ({len(runtime)} runtime): {', '.join(runtime[:12])}{' ...' if len(runtime) > 12 else ''}")
    return out


def _pipeline_lines(item: dict[str, Any]) -> list[str]:
    return [f"  {item['path']} ({item['system']}, on {', '.join(item['triggers']) or '?'})",
            *(f"    job {j['name']}: {', '.join(j['runs']) or 'other'}" for j in item["jobs"][:20])]


def _dockerfile_lines(item: dict[str, Any]) -> list[str]:
    stages = " -> ".join(f"{s['base']}" + (f" AS {s['name']}" if s["name"] else "") for s in item["stages"])
    return [f"  {item['path']}: " + stages]


def _compose_lines(item: dict[str, Any]) -> list[str]:
    services = ", ".join(s["name"] + (" (build)" if s["build"] is not None else "") for s in item["services"])
    return [f"  {item['path']}: " + services]


# (key in the data, section title, the lines of one item)
_LISTS: tuple[tuple[str, str, Callable[[dict[str, Any]], list[str]]], ...] = (
    ("ci", "CI", _pipeline_lines),
    ("dockerfiles", "Dockerfiles", _dockerfile_lines),
    ("compose", "compose files", _compose_lines),
)


def _list_section(title: str, items: list[dict[str, Any]], describe: Callable[[dict[str, Any]], list[str]]) -> list[str]:
    """A titled list ("none" when empty); an item that could not be read shows its error."""
    out = ["", f"{title}:" + ("" if items else " none")]
    for item in items:
        out.extend(describe(item))
        if item.get("error"):
            out.append(f"    {item['error']}")
    return out


def _counts_section(data: dict[str, Any]) -> list[str]:
    health = ", ".join(f"{h['path']} ({h['file']}:{h['line']})" for h in data["health_routes"][:5]) or "none"
    return ["", f"kubernetes manifests: {len(data['kubernetes'])}; OpenAPI documents: {len(data['openapi'])}; "
                f"routes: {data['routes']}; health routes: " + health]


def _notes_section(notes: list[str]) -> list[str]:
    if not notes:
        return []
    return ["", "notes:", *(f"  - {n}" for n in notes[:20])]


def render_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, sort_keys=True) + "\n"
