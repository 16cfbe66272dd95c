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
from prodready.facts.secrets.config import host_of
from prodready.facts.secrets.values import (
    STRONG_NAME, is_local_host, looks_random, name_is_secret, name_strength, names_password,
)

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
        ("setting", "(class_definition superclasses: (argument_list) @base body: (block (expression_statement (assignment left: (identifier) @name type: (_) right: (call arguments: (argument_list . {S} @value))))))"),
        ("env", "(call function: (_) @fn arguments: (argument_list . (string) @env . {S} @value))"),
        ("env", "(call function: (_) @fn arguments: (argument_list . (string) @env (keyword_argument name: (identifier) @kw value: {S} @value)))"),
        ("default", "(call function: (_) @fn arguments: (argument_list (keyword_argument name: (identifier) @kw value: {S} @value)))"),
        ("or", "(boolean_operator left: (_) @env right: {S} @value)"),
        ("pair", "(keyword_argument name: (identifier) @name value: (tuple . {S} . {S} @value))"),
        ("setter", "(call function: (attribute attribute: (identifier) @fn) arguments: (argument_list . {S} @value))"),
        ("sign", "(call function: (_) @fn arguments: (argument_list {S} @value))"),
    ),
    "javascript": (
        ("bind", "(variable_declarator name: (identifier) @name value: {S} @value)"),
        ("bind", "(pair key: [(property_identifier) (string)] @name value: {S} @value)"),
        ("bind", "(assignment_expression left: [(identifier) (member_expression property: (property_identifier))] @name right: {S} @value)"),
        ("or", "(binary_expression left: (_) @env right: {S} @value)"),
        ("env", "(call_expression function: (_) @fn arguments: (arguments . (string) @env . {S} @value))"),
        ("users", "(pair key: (_) @outer value: (object (pair key: (_) @name value: {S} @value)))"),
        ("bind", "(pair key: [(property_identifier) (string)] @name value: (array {S} @value))"),
        ("setter", "(call_expression function: (member_expression property: (property_identifier) @fn) arguments: (arguments . {S} @value))"),
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
        ("setter", "(call_expression function: (selector_expression field: (field_identifier) @fn) arguments: (argument_list . {S} @value))"),
        ("third", "(call_expression function: (selector_expression field: (field_identifier) @fn) arguments: (argument_list . (_) . (_) . {S} @value))"),
        ("sign", "(call_expression function: (_) @fn arguments: (argument_list [{S} (type_conversion_expression operand: {S})] @value))"),
    ),
    "java": (
        ("props", "(class_declaration (modifiers [(annotation name: (identifier) @ann) (marker_annotation name: (identifier) @ann)]) body: (class_body (field_declaration declarator: (variable_declarator name: (identifier) @name value: {S} @value))))"),
        ("bind", "(variable_declarator name: (identifier) @name value: {S} @value)"),
        ("setter", "(method_invocation name: (identifier) @fn arguments: (argument_list . {S} @value))"),
        ("third", "(method_invocation name: (identifier) @fn arguments: (argument_list . (_) . (_) . {S} @value))"),
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
_SIGN_CALL = re.compile(r"(?i)(^|\.)(sign|verify|encode|decode|hmac|new_?hmac|createhmac|signedstring|hmacshakeyfor|setapikey|"
                        r"secretkeyspec|newstore|newcookiestore|cookieparser|cookie_parser|sessionmiddleware)$")
_OR_OPERATORS = ("||", "??", "?:", "or")
# a literal handed straight to a call that sets a credential: `.password("...")`, `setApiKey("...")`
_SETTER_PREFIX = re.compile(r"^(set|with)(?=[A-Z_])")
# keys beside a credential that say where it connects, and values that say a developer's machine
_HOST_KEY = re.compile(r"(?i)^(addr|address|host|hostname|url|uri|server|endpoint|dsn)$")
_ENV_KEY = re.compile(r"(?i)^(node_env|env|environment|app_env|rails_env|flask_env|profile)$")
_DEV_VALUE = re.compile(r"(?i)^(dev|development|local)$")
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


_PRIORITY = {"third": 3, "setting": 0, "props": 0, "env": 1, "default": 1, "or": 2, "tag": 3, "users": 3, "pair": 3, "bind": 4,
             "setter": 5, "sign": 6}


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
                                                                offset=to_char(node.start_byte),
                                                                local=_beside_local(node, data, names_password(name))))
        elif role == "setting":
            best[node.start_byte] = (_PRIORITY[role], None)  # a settings field that is not a secret: not a binding either
    return [candidate for _priority, candidate in best.values() if candidate is not None]


_CONTAINERS = frozenset({"object", "dictionary", "literal_value", "argument_list", "arguments", "class_body"})


def _beside_local(node: Any, data: bytes, password: bool) -> bool:
    """Whether the literal sits in an object, dict, struct or argument list whose other entries
    point at the developer's machine: a password beside `Addr: "localhost:6379"` or `host:
    '127.0.0.1'`, or any secret in a `NODE_ENV: 'development'` block (a pm2 dev environment)."""
    container = node.parent
    for _ in range(3):
        if container is None or container.type in _CONTAINERS:
            break
        container = container.parent
    if container is None or container.type not in _CONTAINERS:
        return False
    for child in container.named_children:
        key, value = _entry(child, data)
        if key is None or value is None:
            continue
        if password and _HOST_KEY.match(key) and is_local_host(host_of(value), False):
            return True
        if _ENV_KEY.match(key) and _DEV_VALUE.match(value):
            return True
    return False


def _entry(node: Any, data: bytes) -> tuple[str | None, str | None]:
    """(key, literal value) of an object pair, a dict pair, a Go keyed element or a keyword
    argument; (None, None) for anything else."""
    if node.type in ("pair", "keyword_argument"):
        key = node.child_by_field_name("key") or node.child_by_field_name("name")
        value = node.child_by_field_name("value")
    elif node.type == "keyed_element" and len(node.named_children) == 2:
        key, value = (child.named_children[0] if child.named_children else child for child in node.named_children)
    else:
        return None, None
    if key is None or value is None or value.type not in _STRING_TYPES:
        return None, None
    key_text = literal(key, data) if key.type in _STRING_TYPES else _text(key, data)
    return key_text, literal(value, data)


_STRING_TYPES = frozenset({"string", "string_literal", "interpreted_string_literal", "raw_string_literal", "template_string"})


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
    if value is None or not name_is_secret(name) or _a_kind_among_siblings(captures["value"][0], value, data):
        return None
    return name, value, BINDING, "hard-coded secret"


def _a_kind_among_siblings(node: Any, value: str, data: bytes) -> bool:
    """Whether the value also sits under two or more other keys of the same dict or object
    whose names are not secret: `{"Makefile": "shell", "credentials": "ini", ".npmrc":
    "ini", ".pypirc": "ini"}` maps names to a kind, it holds no credential."""
    container = node.parent.parent if node.parent is not None else None
    if container is None or container.type not in ("object", "dictionary"):
        return False
    same = 0
    for child in container.named_children:
        key, other = _entry(child, data)
        if other == value and key is not None and not name_is_secret(key) and child is not node.parent:
            same += 1
    return same >= 2


def _props(captures: dict, data: bytes) -> tuple | None:
    """A field initialiser of a @ConfigurationProperties class: the default when the property
    is not bound, a fallback like a @Value default."""
    if _text(captures["ann"][0], data) != "ConfigurationProperties":
        return _bind(captures, data)
    found = _bind(captures, data)
    return None if found is None else (found[0], found[1], FALLBACK, "hard-coded fallback for a secret property")


def _default(captures: dict, data: bytes) -> tuple | None:
    """`default="literal"` beside the name of a secret setting (click's envvar=, an option
    `--api-token`): what runs when the variable is unset."""
    if _text(captures["kw"][0], data) != "default":
        return None
    value = literal(captures["value"][0], data)
    arguments = captures["value"][0].parent.parent
    if not _reads_environment(arguments, data):
        return None  # a command-line option's default: not what runs when a variable is unset
    named = [literal(node, data) or "" for node in _setting_names(arguments)]
    setting = next((n.lstrip("-") for n in named if name_is_secret(n.lstrip("-"))), None)
    if value is None or setting is None:
        return None
    return setting, value, FALLBACK, "hard-coded fallback for a secret variable"


def _reads_environment(arguments: Any, data: bytes) -> bool:
    """Whether a call's arguments tie it to an environment variable (`envvar=`, `env=`)."""
    for child in arguments.named_children:
        name = child.child_by_field_name("name") if child.type == "keyword_argument" else None
        if name is not None and name.text.decode("utf-8", "replace") in ("envvar", "env", "env_var"):
            return True
    return False


def _setting_names(arguments: Any) -> list[Any]:
    """The string arguments of a call that may name its setting: positional strings, and
    envvar=/env=/name= keyword values."""
    found = []
    for child in arguments.named_children:
        if child.type == "string":
            found.append(child)
        elif child.type == "keyword_argument" and child.child_by_field_name("name") is not None:
            key = child.child_by_field_name("name").text.decode("utf-8", "replace")
            value = child.child_by_field_name("value")
            if key in ("envvar", "env", "name", "var") and value is not None and value.type == "string":
                found.append(value)
    return found


def _pair(captures: dict, data: bytes) -> tuple | None:
    """`auth=("user", "password")`: the second item of an auth tuple is a password."""
    if _text(captures["name"][0], data) not in ("auth", "basic_auth", "http_auth", "credentials"):
        return None
    value = literal(captures["value"][0], data)
    return None if value is None else ("password", value, BINDING, "hard-coded password")


def _users(captures: dict, data: bytes) -> tuple | None:
    """`users: { ops: "password" }` (express-basic-auth): each value is a user's password."""
    if _text(captures["outer"][0], data).strip("'\"") not in ("users", "accounts", "credentials"):
        return None
    value = literal(captures["value"][0], data)
    return None if value is None else ("password", value, BINDING, "hard-coded password")


# calls whose third argument is a password: (url, user, password), (identity, user, password, host)
_PASSWORD_THIRD = frozenset({"getConnection", "PlainAuth", "connect"})


def _third(captures: dict, data: bytes) -> tuple | None:
    """`DriverManager.getConnection(url, "user", "password")`, `smtp.PlainAuth("", user,
    "password", host)`: a password known by its place in a well-known call."""
    if _text(captures["fn"][0], data) not in _PASSWORD_THIRD:
        return None
    value = literal(captures["value"][0], data)
    return None if not value else ("password", value, BINDING, "hard-coded password")


def _setter(captures: dict, data: bytes) -> tuple | None:
    """`.password("literal")`, `setApiKey("literal")`: a call with one argument that sets a
    credential (`morgan.token(name, fn)` defines a token, it sets none)."""
    name = _SETTER_PREFIX.sub("", _text(captures["fn"][0], data))
    node = captures["value"][0]
    value = literal(node, data)
    if value is None or name_strength(name) != STRONG_NAME or len(node.parent.named_children) != 1:
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


_ROLE_HANDLERS = {"bind": _bind, "setting": _setting, "props": _props, "env": _env, "default": _default, "or": _or,
                  "tag": _tag, "pair": _pair, "users": _users, "setter": _setter, "third": _third, "sign": _sign}
