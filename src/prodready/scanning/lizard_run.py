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

Go takes its own loop (lizard_go.py). The fused path uses lizard's internal modules (stable
since 1.17 moved them to lizard_core); when they are not there it falls back to lizard's own
`analyze_source_code`.
"""

from __future__ import annotations

from typing import Any, Iterator

from prodready.scanning.lizard_go import analyze_go
from prodready.scanning.lizard_go import comment as comment_lines


def _internals() -> tuple[Any, Any, Any, Any, Any] | None:
    try:
        from lizard_core.file_analyzer import preprocessing
        from lizard_core.file_info_builder import FileInfoBuilder
        from lizard_languages import CLikeReader, get_reader_for
        from lizard_languages.clike import CCppCommentsMixin
    except ImportError:
        return None
    return preprocessing, FileInfoBuilder, get_reader_for, CLikeReader, CCppCommentsMixin


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
            extra, stop = comment_lines(context, comment)
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
        if not analyze_go(reader, text):
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
