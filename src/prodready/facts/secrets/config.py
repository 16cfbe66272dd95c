"""Candidates in configuration: a value and the key path it sits under, with its siblings.

YAML and JSON are read as node trees (PyYAML's safe composer: line numbers kept, nothing
constructed, bounded by the loader's alias limits); env files, properties, INI, TOML, HCL, XML
and shell assignments line by line. Each scalar under a secret-like key is a candidate, with the
key path of the mapping it sits in: the siblings say whether it points at the developer's
machine (`url: jdbc:mysql://localhost...` beside `password: root`), the path whether it is a
development block (sequelize's `development:`). Kubernetes Secret `data` is base64-decoded;
SealedSecrets, SOPS files and `encrypted` blocks hold ciphertext and are left alone.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import replace
from typing import Any, Iterator

from prodready.facts.secrets.candidates import BINDING, FALLBACK, PROVIDER, Candidate, lines_holding
from prodready.facts.secrets.values import is_local_host, name_is_secret, names_password, words

_LINE_ASSIGN = re.compile(
    r"^\s*(?:export\s+|set\s+|setenv\s+|ENV\s+|ARG\s+)?(?P<key>%?[A-Za-z_./:@\-\[\]][\w./:@\-\[\]]{0,200})\s*(?::=|\?=|=|:)\s*(?P<value>.*?)\s*$")
# a Makefile rule (`target: prerequisites`) is not an assignment
_MAKE_RULE = re.compile(r"^[\w./-]+\s*:(?!=)")
# `requirepass value`, Dockerfile `ENV KEY value`: a name, spaces, one value
_DIRECTIVE = re.compile(r"^\s*(?:ENV\s+|ARG\s+)?([A-Za-z_][\w.-]{0,100})\s+(\S+)\s*;?\s*$")
_HCL_VARIABLE = re.compile(r'^variable\s+"([^"]+)"\s*\{')
_LIST_ASSIGNMENT = re.compile(r"^([A-Za-z_][\w.-]{0,200})=(.+)$")
_XML_ELEMENT = re.compile(r"<([\w.:-]{1,100})>([^<\n]{1,500})</\1>")
_SECTION = re.compile(r"^\s*\[([^\]]{1,200})\]\s*$")
_HOST_KEYS = frozenset({"url", "uri", "host", "hostname", "server", "address", "addr", "endpoint", "dsn"})
_URL_HOST = re.compile(r"(?:://|@)(?:[^@/\s]*@)?\[?([A-Za-z0-9_.\-:]+?)\]?(?::\d+)?(?:[/?;]|$)")
_DEV_BLOCKS = frozenset({"dev", "development", "local"})
_TEST_BLOCKS = frozenset({"test", "testing"})
_CIPHER_BLOCKS = frozenset({"encrypted", "encrypteddata", "sops"})
_KEY_WORDS = ("pass", "pwd", "secret", "token", "key", "credential", "auth")


def config_candidates(text: str, lower: str, fmt: str, service_names_local: bool) -> list[Candidate]:
    """Candidates of one configuration text of format `fmt` (yaml, json, env, properties, ini,
    toml, hcl, xml, shell); `lower`: the text lower-cased (candidates.lowered)."""
    if not lines_holding(lower, _KEY_WORDS):
        return []  # no key that could name a secret: nothing to parse
    if fmt in ("yaml", "json"):
        found = _tree_candidates(text, service_names_local)
        if found is not None:
            return found
    if fmt == "xml":
        return _xml_candidates(text)
    return _line_candidates(text, fmt, service_names_local)


# -- line formats -------------------------------------------------------------------------------
def _line_candidates(text: str, fmt: str, service_names_local: bool) -> list[Candidate]:
    entries: list[tuple[int, str, str, str]] = []  # (line, key path, key, value)
    fallbacks: set[int] = set()  # lines whose literal a later `key = ${?VAR}` overrides (HOCON), or a default
    block = ""
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line or line.startswith(("#", ";", "//", "!")):
            continue
        section = _SECTION.match(line) or (_HCL_VARIABLE.match(line) if fmt == "hcl" else None)
        if section and fmt != "shell":
            block = section.group(1).strip().strip('"')
            continue
        key, value = _assignment(raw, fmt)
        if key is None:
            continue
        if value.startswith("${?"):
            fallbacks.update(n for n, _path, k, _v in entries if k == key)  # the literal above is a fallback
            continue
        if fmt == "hcl" and key == "default":
            key = block  # `variable "db_password" { default = "..." }`: the default of that variable
            fallbacks.add(number)
        entries.append((number, block + "." + key if block else key, key, value))
    return [replace(c, kind=FALLBACK, title="hard-coded fallback for a secret setting") if c.line in fallbacks else c
            for c in _entries_to_candidates(entries, service_names_local)]


def _assignment(raw: str, fmt: str) -> tuple[str | None, str]:
    """(key, value) of one line: `key = value`, `key: value`, `export KEY=value`, Dockerfile
    `ENV KEY=value` / `ENV KEY value`, or a server directive `requirepass value`."""
    assign = _LINE_ASSIGN.match(raw)
    if assign is not None and not (fmt == "shell" and _MAKE_RULE.match(raw)):
        if fmt == "hcl" and not assign.group("value").strip().startswith('"'):
            return None, ""  # HCL: an unquoted value is an expression (var.x, resource.attr)
        return assign.group("key"), _unquote(_strip_comment(assign.group("value"), fmt))
    directive = _DIRECTIVE.match(raw) if fmt in ("ini", "shell") else None
    if directive is not None and name_is_secret(directive.group(1)):
        return directive.group(1), _unquote(directive.group(2))
    return None, ""


def _strip_comment(value: str, fmt: str) -> str:
    if fmt in ("env", "shell", "ini", "toml", "hcl") and " #" in value and not value.startswith(("'", '"')):
        return value.split(" #", 1)[0].rstrip()
    return value


def _unquote(value: str) -> str:
    value = value.strip().rstrip(";").strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"`":
        return value[1:-1]
    return value


def _xml_candidates(text: str) -> list[Candidate]:
    entries = []
    for match in _XML_ELEMENT.finditer(text):
        entries.append((text.count("\n", 0, match.start()) + 1, match.group(1), match.group(1), match.group(2).strip()))
    return _entries_to_candidates(entries, False)


def _entries_to_candidates(entries: list[tuple[int, str, str, str]], service_names_local: bool) -> list[Candidate]:
    """Candidates from (line, key path, key, value): secret-like keys, with what the keys beside
    them (same parent path) say of the target host."""
    local_parents = {_parent(path) for _line, path, key, value in entries
                     if _names_host(key) and is_local_host(host_of(value), service_names_local)}
    found = []
    for line, path, key, value in entries:
        if key.lower() == "auth" and _is_basic_auth_blob(value):
            found.append(Candidate(line, value, PROVIDER, "registry credentials (base64 user:password)", name=key,
                                   block=_parent(path)))
        elif name_is_secret(key) and value:
            local = _parent(path) in local_parents and names_password(key)  # the host beside it is what it opens
            found.append(Candidate(line, value, BINDING, "hard-coded secret", name=key, block=_parent(path), local=local))
    return found


def _is_basic_auth_blob(value: str) -> bool:
    """A Docker or npm `auth` value: base64 of `user:password`."""
    decoded = _decoded(value)
    return decoded != value and ":" in decoded and len(decoded.split(":", 1)[1]) >= 6


def _parent(path: str) -> str:
    return path.rsplit(".", 1)[0] if "." in path else ""


def _names_host(key: str) -> bool:
    parts = words(key)
    return bool(parts) and parts[-1] in _HOST_KEYS


def host_of(value: str) -> str | None:
    """The host a URL, a `host:port` or a bare host names."""
    match = _URL_HOST.search(value)
    if match:
        return match.group(1)
    bare = value.strip()
    if bare.count(":") == 1 and bare.rsplit(":", 1)[1].isdigit():
        bare = bare.rsplit(":", 1)[0]  # host:port
    return bare or None


# -- YAML and JSON trees ------------------------------------------------------------------------
def _tree_candidates(text: str, service_names_local: bool) -> list[Candidate] | None:
    """Candidates from the node trees of every document; None when the text does not compose."""
    if "CustomResourceDefinition" in text:
        text = _without_crds(text)
    try:
        documents = _compose_all(text)
    except Exception:  # noqa: BLE001 - any composer error: read the text line by line instead
        return None
    found: list[Candidate] = []
    for document in documents:
        if document is None or _is_ciphertext_document(document):
            continue
        secret_data = _kubernetes_secret_data(document)
        entries = list(_scalars(document, (), set()))
        if secret_data:
            entries = [(line, path, key, _decoded(value) if path[:1] == ("data",) else value)
                       for line, path, key, value in entries if path[:1] in (("data",), ("stringData",))]
        rows = [(line, ".".join(path), key, value) for line, path, key, value in entries]
        found += _entries_to_candidates(rows, service_names_local)
    return found


_DOCUMENT_START = re.compile(r"^---\s*$", re.M)
_CRD_KIND = re.compile(r"^kind:\s*[\"']?CustomResourceDefinition[\"']?\s*$", re.M)


def _without_crds(text: str) -> str:
    """The text with every CustomResourceDefinition document blanked line for line (the lines
    keep their numbers): a CRD is an API schema whose only strings are descriptions (a 300 KB
    operator bundle says "secret" and "token" hundreds of times and sets none), and composing
    it was most of the cost of a Kubernetes repository's YAML."""
    starts = [0] + [m.start() for m in _DOCUMENT_START.finditer(text)] + [len(text)]
    parts = []
    for begin, end in zip(starts, starts[1:]):
        document = text[begin:end]
        parts.append("\n" * document.count("\n") if _CRD_KIND.search(document) else document)
    return "".join(parts)


def _compose_all(text: str) -> list[Any]:
    import yaml

    from prodready.scanning.parsing import _loader

    return list(yaml.compose_all(text, Loader=_loader(True)))


def _scalars(node: Any, path: tuple[str, ...], seen: set[int]) -> Iterator[tuple[int, tuple[str, ...], str, str]]:
    """(line, key path, key, value) of every scalar under a mapping key (and of `value:` beside a
    `name:` in a list item, as in Kubernetes env lists); ciphertext blocks skipped."""
    if id(node) in seen or len(path) > 64:
        return
    seen.add(id(node))
    kind = type(node).__name__
    if kind == "MappingNode":
        pairs = [(k, v) for k, v in node.value if type(k).__name__ == "ScalarNode"]
        named = {k.value: v for k, v in pairs}
        for key_node, value_node in pairs:
            key = str(key_node.value)
            if key.lower() in _CIPHER_BLOCKS:
                continue
            if type(value_node).__name__ == "ScalarNode":
                shown = _named_by_sibling(key, named)
                yield value_node.start_mark.line + 1, (*path, shown), shown, str(value_node.value)
            else:
                yield from _scalars(value_node, (*path, key), seen)
    elif kind == "SequenceNode":
        for item in node.value:
            assignment = _LIST_ASSIGNMENT.match(str(item.value)) if type(item).__name__ == "ScalarNode" else None
            if assignment:  # `literals: [JWT_SECRET=...]` (Kustomize secretGenerator), `env: [KEY=value]`
                yield item.start_mark.line + 1, (*path, assignment.group(1)), assignment.group(1), assignment.group(2)
            else:
                yield from _scalars(item, path, seen)


def _named_by_sibling(key: str, named: dict) -> str:
    """The name a value goes by: its key, or for a `value` the `name` or `key` beside it (a
    Kubernetes env entry `{name: DB_PASSWORD, value: ...}`, a Postman environment variable
    `{"key": "apiKey", "value": ..., "type": "secret"}`)."""
    if key != "value":
        return key
    for sibling in ("name", "key"):
        if type(named.get(sibling)).__name__ == "ScalarNode":
            return str(named[sibling].value)
    return key


def _is_ciphertext_document(node: Any) -> bool:
    keys = _top_keys(node)
    return "sops" in keys or str(keys.get("kind", "")) == "SealedSecret"


def _kubernetes_secret_data(node: Any) -> bool:
    keys = _top_keys(node)
    return str(keys.get("kind", "")) == "Secret" and ("data" in keys or "stringData" in keys)


def _top_keys(node: Any) -> dict[str, Any]:
    if type(node).__name__ != "MappingNode":
        return {}
    return {str(k.value): (v.value if type(v).__name__ == "ScalarNode" else v) for k, v in node.value
            if type(k).__name__ == "ScalarNode"}


def _decoded(value: str) -> str:
    """A Kubernetes Secret data value: base64, decoded (left as is when it is not base64)."""
    try:
        return base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return value


def block_flavour(block: str) -> str | None:
    """dev or test when a key path names a development or test block (sequelize's
    config.json: `development.password`), else None."""
    parts = set(words(block))
    if parts & _TEST_BLOCKS:
        return "test"
    if parts & _DEV_BLOCKS:
        return "dev"
    return None
