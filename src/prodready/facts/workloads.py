"""Kubernetes workloads: each container with its probes, resources, image and security context.

One reading of a manifest serves every check that asks about it (`ops.k8s` judges the
containers, `obs.health` and `ops.dockerfile` ask whether a probe calls the health route), so a
Deployment written in flow style (`httpGet: {path: /health, port: 8080}`) is seen the same way
by all of them. Manifests are read as YAML node trees (safe composer, line numbers kept); a Helm
template is not valid YAML until rendered, so its containers are read from the text, by
indentation, with the values it cannot know (`{{ ... }}`) taken as set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from prodready.scanning.parsing import line_of

PROBE_KINDS = ("livenessProbe", "readinessProbe", "startupProbe")


@dataclass(frozen=True)
class Probe:
    """A liveness, readiness or startup probe of a container."""

    path: str
    line: int
    kind: str  # livenessProbe | readinessProbe | startupProbe
    http_path: str | None


@dataclass(frozen=True)
class KubeContainer:
    """A container of a Kubernetes workload (or Helm template of one), as ops.k8s judges it and
    obs.health asks whether its probes call the health route."""

    path: str
    line: int
    name: str
    image: str
    probes: tuple[Probe, ...]
    requests: bool
    limits: bool
    non_root: bool


def containers_from(path: str, rows: list[list[Any]]) -> list[KubeContainer]:
    """KubeContainers from read_containers' rows for the file at `path`."""
    return [KubeContainer(path, line, name, image, tuple(Probe(path, at, kind, http) for kind, at, http in probes),
                          requests, limits, non_root)
            for line, name, image, probes, requests, limits, non_root in rows]
WORKLOAD_KINDS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "Pod", "Job", "CronJob", "ReplicaSet"})


def read_containers(text: str, is_template: int) -> list[list[Any]]:
    """[[line, name, image, [[probe kind, line, http path or None], ...], has requests, has a
    limit, runs as non-root], ...] for every container of every workload in one manifest (or,
    `is_template`, Helm template): plain JSON data, so RepoFacts.per_file can remember it."""
    if not is_template and "{{" not in text:
        found = _from_yaml(text)
        if found is not None:
            return found
    return _from_text(text)


# -- manifests: YAML node trees -------------------------------------------------------------------
def _from_yaml(text: str) -> list[list[Any]] | None:
    import yaml

    from prodready.scanning.parsing import _loader

    try:
        documents = list(yaml.compose_all(text, Loader=_loader(True)))
    except Exception:  # noqa: BLE001 - not YAML after all: read it as a template
        return None
    found: list[list[Any]] = []
    for document in documents:
        mapping = _mapping(document)
        if str(_scalar(mapping.get("kind"))) not in WORKLOAD_KINDS:
            continue
        pod = _pod_spec(mapping)
        pod_non_root = _non_root(_mapping(pod.get("securityContext")))
        for container in _items(pod.get("containers")):
            found.append(_container(container, pod_non_root))
    return found


def _pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    """The pod spec of a Pod, of a controller's template, or of a CronJob's job template."""
    spec = _mapping(workload.get("spec"))
    if "containers" in spec:
        return spec
    job = _mapping(_mapping(spec.get("jobTemplate")).get("spec"))
    template = _mapping(spec.get("template")) or _mapping(job.get("template"))
    return _mapping(template.get("spec"))


def _container(node: Any, pod_non_root: bool) -> list[Any]:
    fields = _mapping(node)
    key_lines = {str(k.value): k.start_mark.line + 1 for k, _v in getattr(node, "value", ()) if type(k).__name__ == "ScalarNode"}
    probes = []
    for kind in PROBE_KINDS:
        if kind in fields:
            http = _mapping(_mapping(fields[kind]).get("httpGet"))
            path = _scalar(http.get("path"))
            probes.append([kind, key_lines[kind], str(path) if path is not None else None])
    resources = _mapping(fields.get("resources"))
    return [_line(node, node), str(_scalar(fields.get("name")) or ""), str(_scalar(fields.get("image")) or ""), probes,
            "requests" in resources, "limits" in resources,
            pod_non_root or _non_root(_mapping(fields.get("securityContext")))]


def _non_root(context: dict[str, Any]) -> bool:
    user = _scalar(context.get("runAsUser"))
    return str(_scalar(context.get("runAsNonRoot"))).lower() == "true" or (str(user).isdigit() and int(str(user)) > 0)


def _mapping(node: Any) -> dict[str, Any]:
    """A mapping node's {key: value node}; {} for anything else."""
    if type(node).__name__ != "MappingNode":
        return {}
    return {str(k.value): v for k, v in node.value if type(k).__name__ == "ScalarNode"}


def _items(node: Any) -> list[Any]:
    return list(node.value) if type(node).__name__ == "SequenceNode" else []


def _scalar(node: Any) -> Any:
    return node.value if type(node).__name__ == "ScalarNode" else None


def _line(node: Any, fallback: Any) -> int:
    mark = getattr(node, "start_mark", None) or getattr(fallback, "start_mark", None)
    return mark.line + 1 if mark is not None else 1


# -- Helm templates: by indentation ----------------------------------------------------------------
_SECTION = re.compile(r"^(\s*)(initContainers|containers)\s*:\s*$", re.M)
_ITEM = re.compile(r"^\s*-\s", re.M)
_PROBE = re.compile(r"^\s*(livenessProbe|readinessProbe|startupProbe)\s*:", re.M)
_HTTP_PATH = re.compile(r"\bpath\s*:\s*[\"']?([^\"'\s#,}]+)")
_NON_ROOT = re.compile(r"runAsNonRoot\s*:\s*true|runAsUser\s*:\s*[1-9]")


def _from_text(text: str) -> list[list[Any]]:
    pod_non_root = _NON_ROOT.search(text) is not None
    found = []
    for line, offset, block in _container_blocks(text):
        name = re.search(r"name\s*:\s*['\"]?([^\s'\"]+)", block)
        image = re.search(r"image\s*:\s*['\"]?([^\s'\"]+)", block)
        probes = [[m.group(1), line_of(text, offset + m.start(1)), _probe_path(block, m.end())]
                  for m in _PROBE.finditer(block)]
        found.append([line, name.group(1) if name else "", image.group(1) if image else "", probes,
                      re.search(r"requests\s*:", block) is not None, re.search(r"limits\s*:", block) is not None,
                      pod_non_root or _NON_ROOT.search(block) is not None])
    return found


def _probe_path(block: str, start: int) -> str | None:
    """The httpGet path of the probe that starts at `start` (block or flow style)."""
    following = _PROBE.search(block, start)
    http = _HTTP_PATH.search(block, start, following.start() if following else min(len(block), start + 400))
    return http.group(1) if http else None


def _container_blocks(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, offset, text) of each container entry under `containers:` (not initContainers)."""
    for section in _SECTION.finditer(text):
        if section.group(2) == "initContainers":
            continue
        indent = len(section.group(1))
        body_start = section.end()
        end = len(text)
        for line_match in re.finditer(r"^(\s*)\S", text[body_start:], re.M):
            if len(line_match.group(1)) <= indent and not text[body_start + line_match.start():].lstrip().startswith("-"):
                end = body_start + line_match.start()
                break
        body = text[body_start:end]
        items = list(_ITEM.finditer(body))
        item_indent = min((len(m.group(0)) - len(m.group(0).lstrip()) for m in items), default=0)
        starts = [m.start() for m in items if len(m.group(0)) - len(m.group(0).lstrip()) == item_indent]
        for i, start in enumerate(starts):
            stop = starts[i + 1] if i + 1 < len(starts) else len(body)
            yield text.count("\n", 0, body_start + start) + 2, body_start + start, body[start:stop]
