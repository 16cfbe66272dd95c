"""OpenAPI/Swagger documents in the repo, validated offline with openapi-spec-validator.

The validator's resolver is replaced: a `$ref` to another file is read through the file index
(so it stays inside the root and within size limits), and any other URL is refused, so no
audit ever touches the network. Error paths (JSON pointers) are mapped back to lines by
composing the document with PyYAML, which also reads JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import unquote, urlparse

import yaml

from prodready.scanning.parsing import load_json, load_yaml

# at a line start (YAML, pretty JSON) or after `{` / `,` (minified JSON on one line)
_SNIFF = re.compile(r"""(?m)(?:^\s*|[{,]\s*)["']?(openapi|swagger)["']?\s*:\s*["']?(\d[\w.]*)""")
MAX_ERRORS = 5


@dataclass(frozen=True)
class SpecProblem:
    message: str
    line: int | None


@dataclass(frozen=True)
class SpecDocument:
    path: str
    version: str  # "2.0", "3.0.3", "3.1.0" ...
    title: str
    valid: bool
    problems: tuple[SpecProblem, ...]
    operations: int
    template: bool = False  # a generator's template (`"host": "{{.Host}}"`), filled in at build time


def sniffs_as_spec(text: str) -> bool:
    """Whether the text's first 4 KB declare an OpenAPI or Swagger version (a pure function of
    the text, so RepoFacts.per_file remembers it: a warm audit reads only the specs)."""
    return bool(_SNIFF.search(text[:4096]))


class _RefusingHandler:
    """A resolver handler that reads local files through the index and refuses URLs."""

    def __init__(self, root_uri: str, read_text: Callable[[str], str | None]):
        self.root_uri = root_uri
        self.read_text = read_text

    def __call__(self, uri: str) -> Any:
        parsed = urlparse(uri)
        if parsed.scheme != "file" or not uri.startswith(self.root_uri):
            raise ValueError(f"remote $ref refused (offline audit): {uri[:80]}")
        rel = unquote(uri[len(self.root_uri):]).split("#", 1)[0]
        text = self.read_text(rel)
        if text is None:
            raise ValueError(f"$ref target {rel} is not a readable file in the repository")
        loader = load_json if rel.endswith(".json") else load_yaml
        data, error = loader(text, rel)
        if error:
            raise ValueError(error.message())
        return data


def _line_for(text: str, pointer: tuple[Any, ...]) -> int | None:
    """Line of the node at `pointer` (a deque of keys/indices), or of its nearest parent."""
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node else None
    for key in pointer:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if getattr(k, "value", None) == str(key)), None)
            if pair is None:
                break
            line = pair[0].start_mark.line + 1  # the key's line: where a reader looks
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def analyse_spec(path: str, text: str, root_uri: str, read_text) -> SpecDocument | None:
    """Validate one candidate document; None if it is not an OpenAPI/Swagger document."""
    loader = load_json if path.lower().endswith(".json") else load_yaml
    data, error = loader(text, path)
    if error:
        sniff = _SNIFF.search(text[:4096])
        return SpecDocument(path, sniff.group(2) if sniff else "?", "", False,
                            (SpecProblem(error.message(), error.line),), 0)
    if not isinstance(data, dict) or not ({"openapi", "swagger"} & set(data)):
        return None
    version = str(data.get("openapi") or data.get("swagger"))
    info = data.get("info") if isinstance(data.get("info"), dict) else {}
    paths = data.get("paths") if isinstance(data.get("paths"), dict) else {}
    operations = sum(
        1 for item in paths.values() if isinstance(item, dict)
        for method in item if method in ("get", "put", "post", "delete", "patch", "head", "options", "trace")
    )
    problems = _validate(data, path, text, root_uri, read_text)
    template = bool(problems) and all(_TEMPLATE_HOLE.search(problem.message) for problem in problems)
    return SpecDocument(path, version, str(info.get("title", ""))[:100], not problems, tuple(problems), operations,
                        template)


# a Go template or Jinja hole left in a value (swag's docs/swagger template: `"host":
# "{{.Host}}"`): the document is a template a generator fills in, not the contract itself
_TEMPLATE_HOLE = re.compile(r"'\{\{[^']*\}\}'")


def _validate(data: dict, path: str, text: str, root_uri: str, read_text) -> list[SpecProblem]:
    from openapi_spec_validator.shortcuts import get_validator_cls
    from openapi_spec_validator.validation.exceptions import ValidatorDetectError

    try:
        base_cls = get_validator_cls(data)
    except (ValidatorDetectError, KeyError) as exc:
        return [SpecProblem(f"unsupported or unknown OpenAPI version ({exc or 'no version'})", _line_for(text, ()))]
    handler = _RefusingHandler(root_uri, read_text)
    offline_cls = type("Offline" + base_cls.__name__, (base_cls,), {
        "resolver_handlers": {"<all_urls>": handler, "file": handler, "http": handler, "https": handler}
    })
    problems: list[SpecProblem] = []
    try:
        validator = offline_cls(data, base_uri=root_uri + path)
        for err in validator.iter_errors():
            pointer = tuple(getattr(err, "absolute_path", ()) or getattr(err, "path", ()) or ())
            where = " › ".join(str(p) for p in pointer)
            message = getattr(err, "message", str(err)).splitlines()[0][:300]
            problems.append(SpecProblem(f"{message}" + (f" (at {where})" if where else ""), _line_for(text, pointer)))
            if len(problems) >= MAX_ERRORS:
                break
    except RecursionError:
        problems.append(SpecProblem("document is nested too deeply or has a $ref cycle", None))
    except Exception as exc:  # noqa: BLE001 - a validator crash on hostile input is a finding
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        problems.append(SpecProblem(f"could not resolve or validate the document: {detail}", None))
    return problems
