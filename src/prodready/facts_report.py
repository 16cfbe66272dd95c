"""`prodready facts`: what the tool believes about a repository, before any verdict.

When a verdict looks wrong, this is the first thing to read: which services were found and
why, their frameworks and dependencies, entry points, CI jobs, containers and manifests.
"""

from __future__ import annotations

import json
from typing import Any

from prodready.facts import RepoFacts
from prodready.redact import clean


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
    out = [f"{data['root']} @ {(data['commit'] or 'no commit')[:12]}",
           f"files: {data['files']['first_party']} first-party ({', '.join(f'{k} {v}' for k, v in data['files']['by_role'].items())})"]
    for reason, count in data["files"]["left_out"].items():
        out.append(f"  left out: {count} ({reason})")
    out.append("")
    out.append("services:")
    for s in data["services"]:
        mark = "audited" if s["audited"] else "not audited"
        out.append(f"  {clean(s['path'])}: {s['stack']} {s['kind']} ({mark}); frameworks: {', '.join(s['frameworks']) or '-'}")
        out.append(f"    manifests: {', '.join(s['manifests']) or '-'}; entry points: {', '.join(s['entry_points'][:5]) or '-'}")
        runtime = [d["name"] for d in s["dependencies"] if not d["dev"]]
        out.append(f"    dependencies: {len(s['dependencies'])} ({len(runtime)} runtime): {', '.join(runtime[:12])}{' ...' if len(runtime) > 12 else ''}")
    for key, title in (("ci", "CI"), ("dockerfiles", "Dockerfiles"), ("compose", "compose files")):
        out.append("")
        out.append(f"{title}:" + ("" if data[key] else " none"))
        for item in data[key]:
            if key == "ci":
                out.append(f"  {item['path']} ({item['system']}, on {', '.join(item['triggers']) or '?'})")
                out.extend(f"    job {j['name']}: {', '.join(j['runs']) or 'other'}" for j in item["jobs"][:20])
            elif key == "dockerfiles":
                out.append(f"  {item['path']}: " + " -> ".join(f"{s['base']}" + (f" AS {s['name']}" if s["name"] else "") for s in item["stages"]))
            else:
                out.append(f"  {item['path']}: " + ", ".join(s["name"] + (" (build)" if s["build"] is not None else "") for s in item["services"]))
            if item.get("error"):
                out.append(f"    {item['error']}")
    out.append("")
    out.append(f"kubernetes manifests: {len(data['kubernetes'])}; OpenAPI documents: {len(data['openapi'])}; routes: {data['routes']}; health routes: "
               + (", ".join(f"{h['path']} ({h['file']}:{h['line']})" for h in data["health_routes"][:5]) or "none"))
    if data["notes"]:
        out.append("")
        out.append("notes:")
        out.extend(f"  - {n}" for n in data["notes"][:20])
    return "\n".join(out) + "\n"


def render_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, sort_keys=True) + "\n"
