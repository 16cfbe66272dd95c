"""lizard's Go analysis in one loop, and for most files without a Python step per token.

Go is the bulk of a cold audit's CPU on a Go monorepo. lizard's GoReader tokenizes the whole
file, passes every token through its counting layers and feeds it to a GoStates machine, one
nested machine per open brace. We read three things per function (name, first line, cyclomatic
complexity), and most tokens change none of them: while the innermost machine waits in
`_state_global` (most of a function body), reads a parameter list or a struct body, a token
only becomes the machines' `last_token` unless it is one of a few (a brace or bracket, `func`,
`type`, `var`, a condition, a comment). Two paths:

- the token loop (`_analyze_tokens`): lizard's own token pattern, every token seen in Python,
  the other tokens remembered as `last_token` instead of being passed down the machines;
- the sparse loop (`_analyze_sparse`), for files where lizard's pattern can be reordered
  without changing a token (no `?` and no digits separated by `'`, the only things the C++ and
  TypeScript alternatives of the shared pattern match; nearly every Go file): in a state where
  most tokens only become `last_token`, one regex match skips the whole run of such tokens,
  tokenizing it exactly as lizard's pattern would, and hands back the run's last significant
  token (what lizard would leave as `last_token`); lines are counted over the run at once.

Both are checked against lizard's own analysis: tests/test_lizard_run.py on sources written to
hit each rule, bench/lizard_agreement.py over whole trees. They apply only with a lizard whose
Go reader and token pattern are the ones checked (GO_CHECKED_LIZARD, _LIZARD_PATTERN); with any
other, `analyze_go` returns False and the general path in lizard_run.py runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

_FORGIVES = re.compile(r"#lizard forgives?\(([^)]*)\)")

# the lizard versions whose Go reader this was checked against (bench/lizard_agreement.py)
GO_CHECKED_LIZARD = ("1.24.3",)
# the token pattern GoReader compiles in those versions, which the sparse patterns below mirror
_LIZARD_PATTERN = (
    r"(?:\/\*.*?\*\/|`[^`]*`|(?:\d+\')+\d+|0x(?:[0-9A-Fa-f]+\')+[0-9A-Fa-f]+|0b(?:[01]+\')+[01]+|\w+"
    r"|\"(?:\\.|[^\"\\])*\"|\'(?:\\.|[^\'\\])*?\'|\/\/(?:\\\n|[^\n])*|\#|:=|::|\*\*"
    r"|\<(?=(?:[^<>?]*\?)+[^<>]*\>)(?:[\w\s,.?]|(?:extends))+\>|<<=|>>=|\|\||\&\&|===|!==|==|!=|<=|>=|\->|=>"
    r"|\+\+|\-\-|\+=|\-=|\+|\-|\*|/|\*=|/=|\^=|\&=|\|=|\.\.\.|\\\n|\n|[^\S\n]+|.)"
)
_LIZARD_CONDITIONS = frozenset({"if", "for", "while", "catch", "case", "&&", "||", "?"})
# the only tokens GoStates._state_global acts on; any other token there just becomes last_token
_GO_GLOBAL_TOKENS = frozenset({"func", "type", "var", "{", "}"})
_GO_DECLARES = frozenset({"func", "var"})  # read ahead by GoReader
# what a whitespace token of lizard's pattern (`[^\S\n]+`) starts with, below 0x80
_BLANK = frozenset(" \t\r\f\v\x1c\x1d\x1e\x1f")

# The sparse loop's pieces. With no `?` in the text, lizard's template alternative (`<...?...>`)
# never matches; with no digit, `'`, digit, neither do its digit-separator alternatives. Without
# them no two alternatives can start on the same character except as ordered below, so the
# common tokens (whitespace, words) can be tried first and the tokens stay the same.
_UNSEPARATED = re.compile(r"'(?<=[\dA-Fa-f]')[\dA-Fa-f]")  # led by the literal: a fast scan
_STRINGS = r"`[^`]*`|\"(?:\\.|[^\"\\])*\"|\'(?:\\.|[^\'\\])*?\'"
_COMMENTS = r"\/\*.*?\*\/|\/\/(?:\\\n|[^\n])*"
_OPERATORS = (r"\#|:=|::|\*\*|<<=|>>=|\|\||\&\&|===|!==|==|!=|<=|>=|\->|=>|\+\+|\-\-|\+=|\-=|\+|\-|\*|/|\*="
              r"|/=|\^=|\&=|\|=|\.\.\.|\\\n")
_FLAGS = re.M | re.S
# lizard's pattern reordered: the same tokens on a text without `?` and separated digits
_FAST_TOKEN = rf"(?:[^\S\n]+|\n|\w+|{_COMMENTS}|{_STRINGS}|{_OPERATORS}|.)"
# whitespace, then one token (group 1): the next significant token from a token boundary
_NEXT_TOKEN = rf"\s*(\w+|{_COMMENTS}|{_STRINGS}|{_OPERATORS}|.)"


def _run_of_other_tokens(stop_words: frozenset[str], stop_marks: str) -> str:
    """A pattern for the longest run of tokens (from a token boundary) that are not comments,
    not one of `stop_words` and not one of the one-character tokens `stop_marks` nor `&&`/`||`,
    tokenized as lizard's pattern would; group 1 is the run's last token that is not whitespace.
    Each alternative is lizard's own, kept from matching where lizard's token would be a stop:
    a word that is a stop word, a `/` that opens a comment, a character that is a stop mark."""
    words = "|".join(sorted(stop_words, key=lambda w: (-len(w), w)))
    operators = _OPERATORS.replace(r"|\|\||\&\&|", "|").replace("|/|", "|").replace("|/=|", "|")
    other = rf"(?:(?!(?:{words})\b)\w+|{_STRINGS}|/(?!/|\*.*?\*/)|{operators}|(?!\&\&|\|\|)[^\w\s/{re.escape(stop_marks)}])"
    return rf"(?:\s+|({other}))*"


GLOBAL, PARENS, BRACES = 0, 1, 2  # what the innermost machine waits for: see _Scanner.modes
_CONDITION_WORDS = frozenset(w for w in _LIZARD_CONDITIONS if w.isalpha())


@dataclass(frozen=True)
class _Scanner:
    """The compiled sparse patterns, and which machine states each serves: `modes` maps a
    GoStates state function to GLOBAL (`_state_global`: acts on `func`, `type`, `var`, braces),
    PARENS (a parameter or receiver list: counts parentheses, keeps parameters we never read)
    or BRACES (a struct or interface body: counts braces)."""

    token: re.Pattern[str]
    next_token: Callable[..., Any]
    runs: tuple[Callable[..., Any], ...]  # by mode: .match of the run of tokens that do not act
    acting: tuple[frozenset[str], ...]  # by mode: the tokens the machine acts on
    modes: dict[Any, int]


@lru_cache(maxsize=1)
def _scanner(go_states: type) -> _Scanner:
    runs = (
        _run_of_other_tokens(_CONDITION_WORDS | {"func", "type", "var"}, "{}?"),
        _run_of_other_tokens(_CONDITION_WORDS, "()?"),
        _run_of_other_tokens(_CONDITION_WORDS, "{}?"),
    )
    modes = {go_states._state_global: GLOBAL, go_states._function_dec: PARENS, go_states._member_function: PARENS,
             go_states._struct_definition: BRACES, go_states._interface_definition: BRACES}
    return _Scanner(re.compile(_FAST_TOKEN, _FLAGS), re.compile(_NEXT_TOKEN, _FLAGS).match,
                    tuple(re.compile(run, _FLAGS).match for run in runs),
                    (_GO_GLOBAL_TOKENS, frozenset("()"), frozenset("{}")), modes)


def comment(context: Any, text: str) -> tuple[int, bool]:
    """lizard's comment_counter for one comment: (lines it spans past the first, which it turns
    into as many "\n", whether it ends the analysis: "GENERATED CODE"), applying `#lizard
    forgive` directives."""
    stripped = text.strip()
    if stripped.startswith("#lizard forgive global"):
        context.forgive_global = True
    elif stripped.startswith("#lizard forgives("):
        match = _FORGIVES.search(stripped)
        if match:
            metrics = {m.strip() for m in match.group(1).split(",") if m.strip()}
            context.current_function.forgiven_metrics.update(metrics)
    elif stripped.startswith("#lizard forgive"):
        context.forgive = True
    return len(text.splitlines()[1:]), "GENERATED CODE" in text


@lru_cache(maxsize=1)
def go_parts() -> tuple[Any, ...] | None:
    """lizard's Go pieces this module drives, or None when the installed lizard is not one it
    was checked against."""
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
    # _brace does what these do, as CodeStateMachine defines them
    if any(getattr(GoStates, name) is not getattr(CodeStateMachine, name) for name in
           ("__init__", "__call__", "statemachine_clone", "statemachine_return", "statemachine_before_return", "sub_state", "next")):
        return None
    return (GoReader, GoStates, CodeStateMachine, GoToken, function_signature, starts_declaration,
            variable_declaration, compiled_token_pattern(r"|`[^`]*`"))


def _machine(reader: Any) -> tuple | None:
    """(lizard's parts, the reader's one GoStates machine) when the Go path applies to this
    reader: lizard is a version this was checked against and the reader is its plain GoReader."""
    parts = go_parts()
    if parts is None or type(reader) is not parts[0] or len(reader.parallel_states) != 1:
        return None
    top = reader.parallel_states[0]
    return (parts, top) if type(top) is parts[1] else None


def _sparse_applies(parts: tuple, reader: Any, text: str) -> bool:
    """Whether the sparse loop gives lizard's tokens for this text: lizard's pattern and
    conditions are the ones it mirrors, and the text has none of what the reordering drops."""
    pattern = parts[7]
    return (pattern.pattern == _LIZARD_PATTERN and pattern.flags & ~re.U == _FLAGS
            and reader.conditions == _LIZARD_CONDITIONS and "?" not in text and not _UNSEPARATED.search(text))


def _declaration(token: str, text: str, end: int, parts: tuple, pattern: re.Pattern[str]) -> str:
    """`func` and `var` as GoReader tokenizes them: a function signature or a declaration list
    read ahead (with `pattern`, which gives lizard's tokens), as lizard's generate_tokens does."""
    go_token, function_signature, starts_declaration, variable_declaration = parts[3:7]
    if token == "func":
        return token if starts_declaration(text, end) else go_token(token, function_signature(pattern.finditer(text, end)))
    return go_token(token, variable_declaration(pattern.finditer(text, end)))


def _hand_over(chain: list, token: str | None) -> None:
    """Give every machine of the chain the token that was kept back as its last token."""
    if token is not None:
        for machine in chain:
            machine.last_token = token


def _chain(top: Any, machine_class: type) -> list:
    """The machines a token passes through: the top one, then each sub-machine it is in."""
    chain = [top]
    while isinstance(chain[-1]._state, machine_class):
        chain.append(chain[-1]._state)
    return chain


def _mode_of(machine: Any, go_states: type, modes: dict) -> int | None:
    """What the machine waits for (GLOBAL, PARENS, BRACES; see _Scanner.modes), or None when
    every token may change it."""
    return modes.get(getattr(machine._state, "__func__", None)) if type(machine) is go_states else None


def _after_comment(context: Any, token: str, line: int) -> tuple[int, bool]:
    """A comment token read at `line`: (the line after it, whether the analysis stops there)."""
    context.current_line = line
    extra, stop = comment(context, token[2:])
    return line + extra, stop


def _finish(reader: Any, top: Any, chain: list, skipped: str | None, line: int) -> None:
    """The end of the text: the last kept token handed over, the machines closed."""
    reader.context.current_line = line
    _hand_over(chain, skipped)
    top.statemachine_before_return()
    reader.eof()


def analyze_go(reader: Any, text: str) -> bool:
    """Run lizard's Go analysis of `text` into `reader.context`; False, with nothing done, when
    the installed lizard is not one this was checked against."""
    found = _machine(reader)
    if found is None:
        return False
    parts, top = found
    if _sparse_applies(parts, reader, text):
        _analyze_sparse(reader, text, parts, top)
    else:
        _analyze_tokens(reader, text, parts, top)
    return True


def _analyze_tokens(reader: Any, text: str, parts: tuple, top: Any) -> None:
    """lizard's whole Go pipeline in one loop: GoReader.generate_tokens, the counting layers
    and GoReader's loop feeding GoStates, with one more cut: while the innermost of the nested
    state machines (one per open brace) waits in `_state_global`, a token outside
    _GO_GLOBAL_TOKENS only becomes every machine's `last_token`, so it is remembered and set on
    the chain before the next token that acts instead of being passed down it."""
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
            line, stop = _after_comment(context, token, line)
            if stop:
                break
            continue
        if token in _GO_DECLARES:
            token = _declaration(token, text, end, parts, pattern)
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
        chain = _chain(top, machine_class)
        idle = getattr(chain[-1]._state, "__func__", None) is waiting and type(chain[-1]) is go_states
    _finish(reader, top, chain, skipped, line)


def _brace(chain: list, token: str, go_states: type, modes: dict) -> int | None:
    """What passing a brace down `chain` does when its innermost machine waits in
    `_state_global` below another (a block inside a function, mostly), done directly: `{`
    opens a fresh machine (sub_state of a clone), `}` ends the innermost one (statemachine_return)
    and its parent goes back to the state it saved, running its callback (the end of a
    function). Every machine of the chain keeps the brace as its last token. The chain is
    updated in place; gives the mode of its new innermost machine."""
    for machine in chain:
        machine.last_token = token
    inner = chain[-1]
    if token == "{":
        opened = go_states(inner.context)
        inner.saved_state, inner.callback, inner._state = inner._state, None, opened
        chain.append(opened)
        return GLOBAL
    inner.to_exit = True  # its statemachine_before_return is CodeStateMachine's, which does nothing
    chain.pop()
    parent = chain[-1]
    parent._state = parent.saved_state
    if parent.callback:
        callback, parent.callback = parent.callback, None
        callback()
    return _mode_of(parent, go_states, modes)


def _analyze_sparse(reader: Any, text: str, parts: tuple, top: Any) -> None:
    """The token loop, with every run of tokens the innermost machine would only keep as
    `last_token` (see _Scanner.modes) skipped by one match. The tokens that reach the loop
    are the ones the token loop would act on, plus conditions and comments; a skipped run
    leaves its last significant token as `last_token`, as passing its tokens one by one would.
    In a parameter list or a struct body, `func` and `var` are not read ahead: there they only
    ever become `last_token`, and the read-ahead changes nothing but the token's signature."""
    scanner = _scanner(parts[1])
    go_states, machine_class = parts[1], parts[2]
    runs, acting, modes, next_token = scanner.runs, scanner.acting, scanner.modes, scanner.next_token
    context = reader.context
    conditions = reader.conditions
    chain, skipped = [top], None
    mode = _mode_of(top, go_states, modes)
    context.current_line = line = 1
    position = 0
    while True:
        if mode is not None:
            run = runs[mode](text, position)
            if run.end() != position:
                line += text.count("\n", position, run.end())
                if run.group(1) is not None:
                    skipped = run.group(1)
                position = run.end()
        found = next_token(text, position)
        if found is None:  # only whitespace left
            line += text.count("\n", position)
            break
        token = found.group(1)
        line += text.count("\n", position, found.start(1))
        position = found.end()
        if token[0] == "/" and token[:2] in ("//", "/*"):
            line, stop = _after_comment(context, token, line)
            if stop:
                break
            continue
        if token in _GO_DECLARES:
            token = _declaration(token, text, position, parts, scanner.token)
        if "\n" in token:  # a raw string, a continued line
            line += token.count("\n")
        if token in conditions:
            context.current_line = line
            context.add_condition()
        if mode is not None and token not in acting[mode]:
            skipped = token
            continue
        context.current_line = line
        if mode == GLOBAL and token in "{}" and len(chain) > 1:
            skipped = None  # every machine's last_token becomes the brace
            mode = _brace(chain, token, go_states, modes)
            continue
        if skipped is not None:
            _hand_over(chain, skipped)
            skipped = None
        top(token)
        chain = _chain(top, machine_class)
        mode = _mode_of(chain[-1], go_states, modes)
    _finish(reader, top, chain, skipped, line)
