"""Candidates in source code, read with tree-sitter: a literal and the name code gives it.

One query per grammar finds the places where code gives a string literal a name: assignments,
constants (`const`, `static final`, `const val`), object and dict entries, keyword arguments,
class fields; and the places where it gives a secret setting a literal default: environment
reads with a fallback (`os.environ.get("X", "lit")`, `process.env.X || "lit"`, `getEnv("X",
"lit")`, `viper.SetDefault`, `env("X", default="lit")`), pydantic settings fields, Go
`default:"..."` struct tags. A literal passed straight to a signing call (`jwt.sign(payload,
"lit")`) is a candidate when it looks generated. A use of a name (`api_key=API_KEY`) is never a
candidate: the constant was one where it was defined.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from prodready.facts.secrets.candidates import BINDING, FALLBACK, Candidate
from prodready.facts.secrets.values import looks_random, name_is_secret

_STR = {
    "python": "(string)", "javascript": "[(string) (template_string)]", "typescript": "[(string) (template_string)]",
    "tsx": "[(string) (template_string)]", "go": "[(interpreted_string_literal) (raw_string_literal)]",
    "java": "(string_literal)", "kotlin": "[(string_literal) (multiline_string_literal)]",
}
# per grammar: (role, pattern); {S} is the grammar's string literal
_PATTERNS: dict[str, tuple[tuple[str, str], ...]] = {
    "python": (
        ("setting", "(class_definition superclasses: (argument_list) @base body: (block (expression_statement (assignment left: (identifier) @name type: (_) right: {S} @value))))"),
        ("bind", "(assignment left: (identifier) @name right: {S} @value)"),
        ("bind", "(assignment left: (attribute attribute: (identifier) @name) right: {S} @value)"),
        ("bind", "(assignment left: (subscript subscript: (string) @name) right: {S} @value)"),
        ("bind", "(pair key: (string) @name value: {S} @value)"),
        ("bind", "(keyword_argument name: (identifier) @name value: {S} @value)"),
        ("bind", "(default_parameter name: (identifier) @name value: {S} @value)"),
        ("bind", "(typed_default_parameter name: (identifier) @name value: {S} @value)"),
        ("env", "(call function: (_) @fn arguments: (argument_list . (string) @env . {S} @value))"),
        ("env", "(call function: (_) @fn arguments: (argument_list . (string) @env (keyword_argument name: (identifier) @kw value: {S} @value)))"),
        ("sign", "(call function: (_) @fn arguments: (argument_list {S} @value))"),
    ),
    "javascript": (
        ("bind", "(variable_declarator name: (identifier) @name value: {S} @value)"),
        ("bind", "(pair key: [(property_identifier) (string)] @name value: {S} @value)"),
        ("bind", "(assignment_expression left: [(identifier) (member_expression property: (property_identifier))] @name right: {S} @value)"),
        ("or", "(binary_expression left: (_) @env right: {S} @value)"),
        ("sign", "(call_expression function: (_) @fn arguments: (arguments {S} @value))"),
        ("bind", "(field_definition property: (_) @name value: {S} @value)"),
    ),
    "go": (
        ("bind", "(const_spec name: (identifier) @name value: (expression_list . {S} @value))"),
        ("bind", "(var_spec name: (identifier) @name value: (expression_list . {S} @value))"),
        ("bind", "(var_spec name: (identifier) @name value: (expression_list . (type_conversion_expression operand: {S} @value)))"),
        ("bind", "(short_var_declaration left: (expression_list . (identifier) @name) right: (expression_list . {S} @value))"),
        ("bind", "(assignment_statement left: (expression_list . [(identifier) (selector_expression field: (field_identifier))] @name) right: (expression_list . {S} @value))"),
        ("bind", "(keyed_element . (literal_element (identifier) @name) . (literal_element {S} @value))"),
        ("env", "(call_expression function: (_) @fn arguments: (argument_list . (interpreted_string_literal) @env . {S} @value))"),
        ("tag", "(field_declaration name: (field_identifier) @name tag: (raw_string_literal) @value)"),
        ("sign", "(call_expression function: (_) @fn arguments: (argument_list [{S} (type_conversion_expression operand: {S})] @value))"),
    ),
    "java": (
        ("bind", "(variable_declarator name: (identifier) @name value: {S} @value)"),
        ("bind", "(assignment_expression left: [(identifier) (field_access field: (identifier))] @name right: {S} @value)"),
        ("env", "(method_invocation name: (identifier) @fn arguments: (argument_list . {S} @env . {S} @value))"),
    ),
    "kotlin": (
        ("bind", "(property_declaration (variable_declaration (identifier) @name) {S} @value)"),
        ("or", "(binary_expression left: (_) @env right: {S} @value)"),
    ),
}
_PATTERNS["typescript"] = _PATTERNS["tsx"] = _PATTERNS["javascript"][:-1] + (
    ("bind", "(public_field_definition name: (_) @name value: {S} @value)"),
)
# callees whose two string arguments are (setting, default): environment and configuration reads
_ENV_CALL = re.compile(r"(?i)(getenv|environ|\benv\b|env\.|getenvordefault|get_env|config|setdefault|getordefault|getproperty|settings|lookupenv)")
_SETS_ENV = re.compile(r"(?i)(setenv|putenv)$")
_SIGN_CALL = re.compile(r"(?i)(^|\.)(sign|verify|encode|decode|hmac|new_?hmac|createhmac|signedstring|hmacshakeyfor|setapikey|secretkeyspec)$")
_OR_OPERATORS = ("||", "??", "?:")
_TAG_DEFAULT = re.compile(r'\bdefault:"([^"]*)"')
_TAG_ENV = re.compile(r'\b(?:env|envconfig|mapstructure|yaml|json):"([^",]+)')
_PREFIX = re.compile(r"^[rRbBuUfF]{0,2}")


@lru_cache(maxsize=None)
def _query(language: str) -> tuple[Any, tuple[str, ...]]:
    """The compiled query of a grammar and the role of each of its patterns."""
    import tree_sitter

    from prodready.scanning.syntax import grammar

    patterns = _PATTERNS[language]
    text = "\n".join(pattern.replace("{S}", _STR[language]) for _role, pattern in patterns)
    return tree_sitter.Query(grammar(language), text), tuple(role for role, _pattern in patterns)


_PRIORITY = {"setting": 0, "env": 1, "or": 2, "tag": 3, "bind": 4, "sign": 5}


def code_candidates(tree: Any, language: str, data: bytes, to_char) -> list[Candidate]:
    """Candidates of one parsed file: (tree, its UTF-8 bytes, byte -> character offsets). A
    literal that several patterns see (a settings field is also an assignment) is taken once,
    as the most specific of them."""
    import tree_sitter

    query, roles = _query(language)
    best: dict[int, tuple[int, Candidate | None]] = {}
    for index, captures in tree_sitter.QueryCursor(query).matches(tree.root_node):
        node = captures["value"][0]
        role = roles[index]
        found = _ROLE_HANDLERS[role](captures, data)
        held = best.get(node.start_byte)
        if held is not None and held[0] <= _PRIORITY[role]:
            continue
        if found is not None:
            name, value, kind, title = found
            best[node.start_byte] = (_PRIORITY[role], Candidate(node.start_point[0] + 1, value, kind, title, name=name,
                                                                offset=to_char(node.start_byte)))
        elif role == "setting":
            best[node.start_byte] = (_PRIORITY[role], None)  # a settings field that is not a secret: not a binding either
    return [candidate for _priority, candidate in best.values() if candidate is not None]


def _text(node: Any, data: bytes) -> str:
    return data[node.start_byte:node.end_byte].decode("utf-8", "replace")


def literal(node: Any, data: bytes) -> str | None:
    """A string literal's content, or None when it interpolates code (f-strings, `${}`)."""
    if any(child.type in ("interpolation", "template_substitution") for child in node.children):
        return None
    text = _PREFIX.sub("", _text(node, data))
    for quote in ('"""', "'''", '"', "'", "`"):
        if len(text) >= 2 * len(quote) and text.startswith(quote) and text.endswith(quote):
            return text[len(quote):-len(quote)]
    return None


def _name_of(captures: dict, data: bytes) -> str:
    node = captures["name"][0]
    text = literal(node, data) if node.type in ("string", "string_literal") else _text(node, data)
    return (text or "").rsplit(".", 1)[-1]


def _bind(captures: dict, data: bytes) -> tuple | None:
    name = _name_of(captures, data)
    value = literal(captures["value"][0], data)
    if value is None or not name_is_secret(name):
        return None
    return name, value, BINDING, "hard-coded secret"


def _setting(captures: dict, data: bytes) -> tuple | None:
    """A pydantic BaseSettings field default: what runs when the variable is unset."""
    if "Settings" not in _text(captures["base"][0], data):
        return _bind(captures, data)
    name = _name_of(captures, data)
    value = literal(captures["value"][0], data)
    if value is None or not name_is_secret(name):
        return None
    return name, value, FALLBACK, "hard-coded fallback for a secret setting"


def _env(captures: dict, data: bytes) -> tuple | None:
    """`read("SECRET", "literal")` or `read("SECRET", default="literal")`."""
    callee = _text(captures["fn"][0], data)
    setting = literal(captures["env"][0], data) or ""
    value = literal(captures["value"][0], data)
    if value is None or not name_is_secret(setting):
        return None
    if _SETS_ENV.search(callee):
        return setting, value, BINDING, "hard-coded secret"
    if "kw" in captures and _text(captures["kw"][0], data) != "default":
        return None
    if not _ENV_CALL.search(callee):
        return None
    return setting, value, FALLBACK, "hard-coded fallback for a secret variable"


def _or(captures: dict, data: bytes) -> tuple | None:
    """`process.env.SECRET || "literal"` (and `??`, Kotlin `?:`)."""
    left = captures["env"][0]
    between = data[left.end_byte:captures["value"][0].start_byte].decode("utf-8", "replace").strip()
    source = _text(left, data)
    if between not in _OR_OPERATORS or not re.search(r"(?i)env|config|getenv", source):
        return None
    setting = re.findall(r"[A-Za-z_]\w*", source.replace("getenv", " "))
    named = next((s for s in reversed(setting) if name_is_secret(s)), "")
    quoted = re.findall(r"[\"']([\w.-]+)[\"']", source)
    named = named or next((q for q in quoted if name_is_secret(q)), "")
    value = literal(captures["value"][0], data)
    if value is None or not named:
        return None
    return named, value, FALLBACK, "hard-coded fallback for a secret variable"


def _tag(captures: dict, data: bytes) -> tuple | None:
    """Go `envconfig:"JWT_SECRET" default:"secret"`: the default is the fallback."""
    tag = _text(captures["value"][0], data)
    default = _TAG_DEFAULT.search(tag)
    if default is None:
        return None
    named = _TAG_ENV.search(tag)
    name = named.group(1) if named else _name_of(captures, data)
    if not name_is_secret(name) and not name_is_secret(_name_of(captures, data)):
        return None
    return name, default.group(1), FALLBACK, "hard-coded fallback for a secret variable"


def _sign(captures: dict, data: bytes) -> tuple | None:
    """A generated-looking literal handed straight to a signing or key call."""
    callee = _text(captures["fn"][0], data)
    node = captures["value"][0]
    if node.type == "type_conversion_expression":
        node = node.child_by_field_name("operand")
    value = literal(node, data) if node is not None else None
    if value is None or not _SIGN_CALL.search(callee) or not looks_random(value):
        return None
    return f"{callee} key", value, BINDING, "hard-coded signing key"


_ROLE_HANDLERS = {"bind": _bind, "setting": _setting, "env": _env, "or": _or, "tag": _tag, "sign": _sign}
