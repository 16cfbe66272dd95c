"""Where a piece of source sits: in code, in a string, in a comment or in a doc block.

A regular expression finds `prometheus_client` in `start_http_server(8000)` and in a docstring
that says "we should add prometheus_client" alike; only the first is evidence. tree-sitter (one
maintained grammar per language, parsed in C, never executed) tells them apart: each file is
turned into the spans of its string literals, comments and doc blocks, and everything else is
code. An interpolation inside a string (`f"{x}"`, `${x}`) is code again.

Files are parsed only when a search has found something in them, and what the search concluded
is remembered by content (scanning/memo.py), so a warm audit parses nothing. A file that does not
parse cleanly is judged by its lines instead, with a note (see `SyntaxRegions.error_line`).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# the grammar each source suffix is read with (JSX parses with the JavaScript grammar)
SUFFIX_LANGUAGE = {
    ".py": "python", ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx", ".go": "go", ".java": "java",
    ".kt": "kotlin", ".kts": "kotlin",
}
MAX_PARSED_BYTES = 2 * 1024 * 1024  # like the file index's read limit: larger texts are not parsed

CODE, STRING, COMMENT, DOC = "code", "string", "comment", "doc"

# per grammar: the node types that are string literals, comments, and code inside a string
_STRINGS = {
    "python": ("string",),
    "javascript": ("string", "template_string", "regex", "jsx_text"),
    "typescript": ("string", "template_string", "regex"),
    "tsx": ("string", "template_string", "regex", "jsx_text"),
    "go": ("interpreted_string_literal", "raw_string_literal", "rune_literal"),
    "java": ("string_literal", "character_literal"),
    "kotlin": ("string_literal", "multiline_string_literal", "character_literal"),
}
_COMMENTS = {
    "python": ("comment",), "javascript": ("comment",), "typescript": ("comment",), "tsx": ("comment",),
    "go": ("comment",), "java": ("line_comment", "block_comment"), "kotlin": ("line_comment", "block_comment"),
}
_INTERPOLATIONS = {
    "python": ("interpolation",), "javascript": ("template_substitution", "jsx_expression"),
    "typescript": ("template_substitution",), "tsx": ("template_substitution", "jsx_expression"),
    "kotlin": ("interpolation",),
}
# strings that are configuration written in code: Go struct tags (`binding:"required"`) and the
# arguments of Java and Kotlin annotations (`@Value("${db.url}")`): read as code, not as text
_CODE_STRINGS = {
    "go": "(field_declaration tag: (_) @code)",
    "java": """
(annotation arguments: (annotation_argument_list (string_literal) @code))
(annotation arguments: (annotation_argument_list (element_value_pair value: (string_literal) @code)))
(annotation arguments: (annotation_argument_list (element_value_pair value: (element_value_array_initializer (string_literal) @code))))
""",
    "kotlin": "(annotation (constructor_invocation (value_arguments (value_argument (string_literal) @code))))",
}
# a Python docstring: the first statement of a module, class or function, when it is a string
_PYTHON_DOCSTRINGS = """
(module . (expression_statement (string) @doc))
(class_definition body: (block . (expression_statement (string) @doc)))
(function_definition body: (block . (expression_statement (string) @doc)))
"""


@lru_cache(maxsize=None)
def grammar(language: str) -> Any:
    """The tree-sitter Language of `language` (imported on first use: 40 ms for all of them)."""
    import tree_sitter

    if language == "python":
        import tree_sitter_python as module
    elif language == "javascript":
        import tree_sitter_javascript as module
    elif language in ("typescript", "tsx"):
        import tree_sitter_typescript as typescript

        raw = typescript.language_typescript() if language == "typescript" else typescript.language_tsx()
        return tree_sitter.Language(raw)
    elif language == "go":
        import tree_sitter_go as module
    elif language == "java":
        import tree_sitter_java as module
    elif language == "kotlin":
        import tree_sitter_kotlin as module
    else:
        raise KeyError(language)
    return tree_sitter.Language(module.language())


@lru_cache(maxsize=None)
def _query(language: str) -> Any:
    """One query capturing every string, comment, interpolation, string that is configuration
    in code, and Python docstring."""
    import tree_sitter

    parts = [f"({kind}) @string" for kind in _STRINGS[language]]
    parts += [f"({kind}) @comment" for kind in _COMMENTS[language]]
    parts += [f"({kind}) @code" for kind in _INTERPOLATIONS.get(language, ())]
    parts.append(_CODE_STRINGS.get(language, ""))
    if language == "python":
        parts.append(_PYTHON_DOCSTRINGS)
    return tree_sitter.Query(grammar(language), "\n".join(parts))


def parse(data: bytes, language: str) -> Any | None:
    """The syntax tree of `data` (UTF-8 source), or None when it is over MAX_PARSED_BYTES."""
    if len(data) > MAX_PARSED_BYTES:
        return None
    import tree_sitter

    return tree_sitter.Parser(grammar(language)).parse(data)


@dataclass(frozen=True)
class SyntaxRegions:
    """The strings, comments and doc blocks of one text, as sorted character spans; all the rest
    is code. `error_line`: the first line tree-sitter could not parse (0: none), so a caller can
    say the file was judged by its lines instead."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    kinds: tuple[str, ...]
    error_line: int = 0

    def kind_at(self, offset: int) -> str:
        """code, string, comment or doc: what the character at `offset` is part of."""
        index = bisect_right(self.starts, offset) - 1
        if index >= 0 and offset < self.ends[index]:
            return self.kinds[index]
        return CODE

    def is_code(self, start: int, end: int | None = None) -> bool:
        """Whether a match over [start, end) is code: it starts in code; or it starts in a string
        literal and either names the whole literal from its opening quote (an import path, an
        INSTALLED_APPS entry) or ends in code past its closing quote (a dict key and its value:
        `"verify_signature": False`). A match that starts and ends inside a string, or
        anywhere in a comment or a doc block, is a mention."""
        index = bisect_right(self.starts, start) - 1
        if index < 0 or start >= self.ends[index]:
            return True
        if self.kinds[index] != STRING:
            return False
        if start == self.starts[index]:
            return True
        return end is not None and end > self.ends[index] and self.kind_at(end - 1) == CODE


def regions(text: str, language: str) -> SyntaxRegions | None:
    """The SyntaxRegions of `text` read as `language`, or None when it is too large to parse."""
    data = text.encode("utf-8", "surrogatepass")
    tree = parse(data, language)
    if tree is None:
        return None
    return regions_of_tree(tree, language, data, char_offsets(text, data))


def regions_of_tree(tree: Any, language: str, data: bytes, to_char) -> SyntaxRegions:
    """The SyntaxRegions of a tree already parsed from `data`; `to_char` maps its byte offsets
    to character offsets of the text (char_offsets)."""
    import tree_sitter

    captures = tree_sitter.QueryCursor(_query(language)).captures(tree.root_node)
    spans = _spans(captures, data)
    root = tree.root_node
    error_line = _first_error_line(root) if root.has_error else 0
    return SyntaxRegions(tuple(to_char(s) for s, _e, _k in spans), tuple(to_char(e) for _s, e, _k in spans),
                         tuple(k for _s, _e, k in spans), error_line)


def _spans(captures: dict[str, list[Any]], data: bytes) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, kind) byte spans: strings with their interpolations cut out,
    comments (doc when they open with `/**`), docstrings; sorted by start."""
    docs = {(n.start_byte, n.end_byte) for n in captures.get("doc", ())}
    holes = sorted((n.start_byte, n.end_byte) for n in captures.get("code", ()))
    spans: list[tuple[int, int, str]] = []
    for node in captures.get("string", ()):
        kind = DOC if (node.start_byte, node.end_byte) in docs else STRING
        spans.extend(_cut(node.start_byte, node.end_byte, kind, holes))
    for node in captures.get("comment", ()):
        doc = data[node.start_byte:node.start_byte + 3] == b"/**"
        spans.append((node.start_byte, node.end_byte, DOC if doc else COMMENT))
    spans.sort()
    out: list[tuple[int, int, str]] = []
    for span in spans:  # nested captures (a string in a concatenation, a doc in a string): outer wins
        if out and span[0] < out[-1][1]:
            continue
        out.append(span)
    return out


def _cut(start: int, end: int, kind: str, holes: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """The span [start, end) without the interpolations inside it."""
    pieces = []
    at = start
    index = bisect_right(holes, (start, start))
    while index < len(holes) and holes[index][0] < end:
        hole_start, hole_end = holes[index]
        if hole_start > at:
            pieces.append((at, hole_start, kind))
        at = max(at, hole_end)
        index += 1
    if at < end:
        pieces.append((at, end, kind))
    return pieces


def char_offsets(text: str, data: bytes):
    """A function from byte offsets of `data` (text as UTF-8) to character offsets of `text`."""
    if len(data) == len(text):
        return lambda offset: offset
    byte_starts = [0]
    for char in text:
        byte_starts.append(byte_starts[-1] + len(char.encode("utf-8", "surrogatepass")))
    return lambda offset: bisect_right(byte_starts, offset) - 1


def _first_error_line(root: Any) -> int:
    """1-based line of the first ERROR or missing node (depth-first, only into nodes with errors)."""
    node = root
    while True:
        if node.type == "ERROR" or node.is_missing:
            return node.start_point[0] + 1
        child = next((c for c in node.children if c.has_error or c.is_missing), None)
        if child is None:
            return node.start_point[0] + 1
        node = child
