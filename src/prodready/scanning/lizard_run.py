"""lizard's analysis of one source file, with its per-token bookkeeping cut to what we read.

lizard passes every token through a chain of generators (drop whitespace, drop comments, count
lines, count tokens, count conditions) before its language state machine sees it. On Go, the
bulk of a cold audit's CPU, those five layers cost as much as the tokenizer and the state
machine together. We read three things per function (name, first line, cyclomatic complexity),
so the middle three layers are fused into one here; line counting, the `newline` flag some
readers look at, comment directives (`#lizard forgive...`) and the "GENERATED CODE" stop are
kept exactly, only lizard's line and token totals (which we never read) are not kept.
tests/test_lizard_run.py holds both paths to the same functions, line and complexity, on
sources written to hit each rule; bench/lizard_agreement.py does it over a whole tree.

The fused path uses lizard's internal modules (stable since 1.17 moved them to lizard_core);
when they are not there it falls back to lizard's own `analyze_source_code`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterator

_FORGIVES = re.compile(r"#lizard forgives?\(([^)]*)\)")


def _internals() -> tuple[Any, Any, Any, Any, Any] | None:
    try:
        from lizard_core.file_analyzer import preprocessing
        from lizard_core.file_info_builder import FileInfoBuilder
        from lizard_languages import CLikeReader, get_reader_for
        from lizard_languages.clike import CCppCommentsMixin
    except ImportError:
        return None
    return preprocessing, FileInfoBuilder, get_reader_for, CLikeReader, CCppCommentsMixin


def _comment(context: Any, comment: str) -> tuple[int, bool]:
    """lizard's comment_counter for one comment: (lines it spans past the first, which it turns
    into as many "\n", whether it ends the analysis: "GENERATED CODE"), applying `#lizard
    forgive` directives."""
    stripped = comment.strip()
    if stripped.startswith("#lizard forgive global"):
        context.forgive_global = True
    elif stripped.startswith("#lizard forgives("):
        match = _FORGIVES.search(stripped)
        if match:
            metrics = {m.strip() for m in match.group(1).split(",") if m.strip()}
            context.current_function.forgiven_metrics.update(metrics)
    elif stripped.startswith("#lizard forgive"):
        context.forgive = True
    return len(comment.splitlines()[1:]), "GENERATED CODE" in comment


def _counted(tokens: Iterator[str], reader: Any, drop_space: bool, c_comments: bool) -> Iterator[str]:
    """lizard's comment_counter, line_counter and condition_counter in one pass (its
    token_counter and nloc totals are left out: nothing here reads them). `drop_space`: also do
    lizard's default preprocessing (drop whitespace tokens other than a newline), for readers
    without their own. `c_comments`: the reader takes comments as `//` and `/*` tokens
    (CCppCommentsMixin), tested here inline instead of by a call per token."""
    context = reader.context
    conditions = reader.conditions
    comment_of = reader.get_comment_from_token
    context.current_line = line = 1
    newline = 1
    for token in tokens:
        if token == "\n":
            line += 1
            context.current_line = line
            newline = 1
            continue
        if drop_space and token.isspace():
            continue
        if c_comments:
            comment = token[2:] if token[:2] in ("//", "/*") else None
        else:
            comment = comment_of(token)
        if comment is not None:
            extra, stop = _comment(context, comment)
            if extra:
                line += extra
                context.current_line = line
                newline = 1
            if stop:
                return
            continue
        count = token.count("\n")
        if count:
            line += count
            context.current_line = line
        context.newline = count + newline > 0  # what add_nloc leaves for readers that ask
        newline = 0
        if token in conditions:
            context.add_condition()
        yield token


# the lizard versions whose Go reader _analyze_go was checked against (bench/lizard_agreement.py);
# with any other, Go takes the general path below
GO_CHECKED_LIZARD = ("1.24.3",)
# the only tokens GoStates._state_global acts on; any other token there just becomes last_token
_GO_GLOBAL_TOKENS = frozenset({"func", "type", "var", "{", "}"})
_GO_DECLARES = frozenset({"func", "var"})  # read ahead by GoReader
# what a whitespace token of lizard's pattern (`[^\S\n]+`) starts with, below 0x80
_BLANK = frozenset(" \t\r\f\v\x1c\x1d\x1e\x1f")


@lru_cache(maxsize=1)
def _go_parts() -> tuple[Any, ...] | None:
    try:
        from lizard_ext import version

        if version not in GO_CHECKED_LIZARD:
            return None
        from lizard_languages.clike import CCppCommentsMixin
        from lizard_languages.code_reader import CodeStateMachine
        from lizard_languages.go import GoReader, GoStates
        from lizard_languages.go_function import (
            GoToken,
            function_signature,
            starts_declaration,
            variable_declaration,
        )
        from lizard_languages.token_pattern import compiled_token_pattern
    except Exception:  # noqa: BLE001 - not installed, or laid out differently: the general path
        return None
    if GoReader.get_comment_from_token is not CCppCommentsMixin.get_comment_from_token or hasattr(GoReader, "preprocess"):
        return None
    return (GoReader, GoStates, CodeStateMachine, GoToken, function_signature, starts_declaration,
            variable_declaration, compiled_token_pattern(r"|`[^`]*`"))


def _go_machines(reader: Any) -> tuple | None:
    """(lizard's parts, the reader's one GoStates machine) when the Go path applies to this
    reader: lizard is a version this was checked against and the reader is its plain GoReader."""
    parts = _go_parts()
    if parts is None or type(reader) is not parts[0] or len(reader.parallel_states) != 1:
        return None
    top = reader.parallel_states[0]
    return (parts, top) if type(top) is parts[1] else None


def _go_declaration(token: str, text: str, end: int, parts: tuple) -> str:
    """`func` and `var` as GoReader tokenizes them: a function signature or a declaration list
    read ahead, as lizard's own generate_tokens does."""
    go_token, function_signature, starts_declaration, variable_declaration, pattern = parts[3:]
    if token == "func":
        return token if starts_declaration(text, end) else go_token(token, function_signature(pattern.finditer(text, end)))
    return go_token(token, variable_declaration(pattern.finditer(text, end)))


def _hand_over(chain: list, token: str | None) -> None:
    """Give every machine of the chain the token that was kept back as its last token."""
    if token is not None:
        for machine in chain:
            machine.last_token = token


def _analyze_go(reader: Any, text: str) -> bool:
    """lizard's whole Go pipeline in one loop: GoReader.generate_tokens, the counting layers
    (_counted) and GoReader's loop feeding GoStates, with one more cut: while the innermost of
    the nested state machines (one per open brace) waits in `_state_global`, a token outside
    _GO_GLOBAL_TOKENS only becomes every machine's `last_token`, so it is remembered and set on
    the chain before the next token that acts instead of being passed down it (most tokens of a
    Go file; each one otherwise costs a call per open brace). False, with nothing done, when
    the installed lizard is not one this was checked against."""
    found = _go_machines(reader)
    if found is None:
        return False
    parts, top = found
    go_states, machine_class, pattern = parts[1], parts[2], parts[7]
    context = reader.context
    conditions = reader.conditions
    waiting = go_states._state_global
    chain, idle, skipped = [top], True, None
    context.current_line = line = 1
    end = 0
    # findall, not finditer: the tokens cover the text without a gap (the pattern's last
    # alternatives are `\n` and `.`), so a token's end is the running sum of their lengths, and
    # no match object is made per token; the line is handed to lizard only before what reads it
    for token in pattern.findall(text):
        end += len(token)
        if token == "\n":
            line += 1
            continue
        first = token[0]
        if first in _BLANK or first > "\x7f" and token.isspace():
            continue  # a run of spaces or tabs (or of other whitespace)
        if first == "/" and token[:2] in ("//", "/*"):
            context.current_line = line
            extra, stop = _comment(context, token[2:])
            line += extra
            if stop:
                break
            continue
        if token in _GO_DECLARES:
            token = _go_declaration(token, text, end, parts)
        if "\n" in token:  # a raw string, a continued line
            line += token.count("\n")
        if token in conditions:
            context.current_line = line
            context.add_condition()
        if idle and token not in _GO_GLOBAL_TOKENS:
            skipped = token
            continue
        if skipped is not None:
            _hand_over(chain, skipped)
            skipped = None
        context.current_line = line
        top(token)
        chain = [top]
        while isinstance(chain[-1]._state, machine_class):
            chain.append(chain[-1]._state)
        idle = getattr(chain[-1]._state, "__func__", None) is waiting and type(chain[-1]) is go_states
    context.current_line = line
    _hand_over(chain, skipped)
    top.statemachine_before_return()
    reader.eof()
    return True


def analyze(path: str, text: str) -> list[tuple[str, int, int]]:
    """[(function name, first line, cyclomatic complexity), ...] as lizard finds them."""
    parts = _internals()
    if parts is None:
        import lizard

        return [(f.name, f.start_line, f.cyclomatic_complexity)
                for f in lizard.analyze_file.analyze_source_code(path, text).function_list]
    preprocessing, file_info_builder, get_reader_for, clike_reader, c_comments = parts
    context = file_info_builder(path)
    reader = (get_reader_for(path) or clike_reader)(context)
    try:
        if not _analyze_go(reader, text):
            tokens = reader.generate_tokens(text)
            own_preprocessing = hasattr(reader, "preprocess")
            if own_preprocessing:
                tokens = preprocessing(tokens, reader)
            uses_c_comments = type(reader).get_comment_from_token is c_comments.get_comment_from_token
            tokens = _counted(tokens, reader, drop_space=not own_preprocessing, c_comments=uses_c_comments)
            for _ in reader(tokens, reader):
                pass
    except RecursionError:
        pass  # as lizard: what was found before the recursion limit stands
    return [(f.name, f.start_line, f.cyclomatic_complexity) for f in context.fileinfo.function_list]
