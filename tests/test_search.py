"""The literal prefilter in front of every search: it may skip a file only when the pattern
certainly cannot match there. Checked on hand-made corner cases and, with hypothesis, on texts
generated to match every pattern the built-in checks search with."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prodready.facts.usage import Usage
from prodready.registry import discover
from prodready.scanning.memo import match_line_starts
from prodready.scanning.search import needles, prefilter


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"foo\(|bar\.baz", ("bar.baz", "foo(")),
    (r"['\"]CONN_MAX_AGE['\"]?\s*[:=]", ("CONN_MAX_AGE",)),  # the literal need not come first
    (r"@\w+\.limit\(", (".limit(",)),
    (r"\bLimiter\(", ("Limiter(",)),  # \b sits between characters: the run goes on
    (r"\b\w{1,40}Instrumentor\(\)\.instrument", ("Instrumentor().instrument",)),
    (r"(?i)Strict-Transport-Security", ("strict-transport-security",)),  # lower-cased
    (r"pool(_size)?=", ("pool",)),  # the optional group is not required
    (r"(abc|defg)+xy", ("abc", "defg")),  # a repeat at least once keeps its needles
])
def test_needles_are_the_literals_every_match_contains(pattern, expected):
    assert needles(pattern) == expected


@pytest.mark.parametrize("pattern", [
    r"\w+",                 # nothing literal at all
    r"ab|\d+",              # one branch without a literal means no prefilter for any
    r"(?i:KEY)=",           # a case-folding group is not literal text
    r"(foo)?ba",            # too short once the optional part is left out
    r"x*yz",
])
def test_no_prefilter_when_no_literal_is_certain(pattern):
    assert needles(pattern) is None
    assert prefilter(pattern).may_match("anything at all")


def test_lookarounds_split_the_literal_run_without_losing_it():
    assert needles(r"(?<!class )JWTManager\(") == ("JWTManager(",)
    assert needles(r"secret(?!_name)Value") in (("secret",), ("Value",))


def test_a_prefilter_skips_text_without_its_literal_and_keeps_text_with_it():
    regex = re.compile(r"['\"]CONN_MAX_AGE['\"]\s*:")
    assert not prefilter(regex.pattern).may_match("DATABASES = {}\n")
    assert prefilter(regex.pattern).may_match("x = {'CONN_MAX_AGE': 60}")


def test_case_insensitive_patterns_compare_lower_cased_ascii_text():
    pattern = "(?i)x-frame-options"
    assert prefilter(pattern).may_match("resp['X-Frame-Options'] = 'DENY'")
    assert not prefilter(pattern).may_match("resp['Server'] = 'x'")
    # outside ASCII, re folds letters str.lower() does not (long s matches s): always run the regex
    text = "x-frame-option\u017f"
    assert re.search(pattern, text) is not None
    assert prefilter(pattern).may_match(text)


@given(st.text(alphabet="abcdefgKk\u017f_-. ()'\"\n", max_size=40))
def test_a_prefilter_never_hides_a_match_in_random_text(text):
    for pattern in (r"['\"]?abc['\"]?\s*\(", r"(?i)kab|fed\.", r"(a|b)cde?f|g\.\w+\(", r"\bdef\b(?!_)"):
        if re.search(pattern, text, re.M):
            assert prefilter(pattern).may_match(text), (pattern, text)


def _patterns_of_the_built_in_checks() -> list[re.Pattern[str]]:
    """Every regex the checks search code with: module-level patterns and `Usage.code`."""
    discover()
    found: dict[tuple[str, int], re.Pattern[str]] = {}

    def add(value: object) -> None:
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
            found[(value.pattern, value.flags)] = value
        elif isinstance(value, Usage) and value.code:
            found[(value.code, 0)] = re.compile(value.code, re.M)
        elif isinstance(value, (tuple, list)):
            for item in value:
                add(item)
        elif isinstance(value, dict):
            for item in value.values():
                add(item)

    for name, module in list(sys.modules.items()):
        # the secret scanner's shapes judge one value or line at a time, and the SQL text judge
        # one Sprintf call at a time: never a grep over files
        if name.startswith(("prodready_builtin_checks", "prodready.facts")) and not name.startswith(
                ("prodready.facts.secrets", "prodready.facts.sql_text")):
            for value in vars(module).values():
                add(value)
    return [found[key] for key in sorted(found)]


CHECK_PATTERNS = _patterns_of_the_built_in_checks()


def test_the_checks_patterns_are_collected_and_mostly_prefiltered():
    assert len(CHECK_PATTERNS) > 150
    with_needles = [p for p in CHECK_PATTERNS if needles(p.pattern, p.flags & ~re.UNICODE)]
    assert len(with_needles) / len(CHECK_PATTERNS) > 0.8


def _generatable(regex: re.Pattern[str]) -> bool:
    """hypothesis cannot always build text for a line anchor in mid-pattern (`.*^func`); those
    patterns are checked by hand below."""
    return re.search(r"[.*+?}]\^", regex.pattern) is None


def test_mid_pattern_anchors_keep_their_literals():
    regex = next(p for p in CHECK_PATTERNS if p.pattern.startswith(r"^package main\b"))
    text = "// x\npackage main\n\nimport \"os\"\n\nfunc main() {\n}\n"
    assert regex.search(text)
    assert prefilter(regex.pattern, regex.flags & ~re.UNICODE).may_match(text)
    assert sum(not _generatable(p) for p in CHECK_PATTERNS) <= 3


@pytest.mark.parametrize("regex", [p for p in CHECK_PATTERNS if needles(p.pattern, p.flags & ~re.UNICODE) and _generatable(p)],
                         ids=lambda p: p.pattern[:40])
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_text_a_check_pattern_matches_passes_its_prefilter(regex, data):
    text = data.draw(st.from_regex(regex))
    assert regex.search(text)
    assert prefilter(regex.pattern, regex.flags & ~re.UNICODE).may_match(text), (regex.pattern, text)


def test_a_repeated_search_is_answered_once_and_callers_cannot_change_the_answer(make_repo):
    from prodready.facts import RepoFacts

    root = make_repo({"ops/k6/load.js": "import http from 'k6/http';\n"}, base="fastapi")
    facts = RepoFacts(root)
    files = list(facts.files)
    first = facts.grep(r"from 'k6/http'", files, limit=1)
    assert [(h.path, h.line) for h in first] == [("ops/k6/load.js", 1)]
    first.clear()
    assert facts.grep(r"from 'k6/http'", files, limit=1) == facts.grep(r"from 'k6/http'", list(files), limit=1)
    assert len(facts.grep(r"from 'k6/http'", files, limit=1)) == 1
    assert len(facts._grep_memo) == 1  # three asks, one search


# -- searching only the lines that hold a literal ----------------------------------------------
def full_line_starts(regex: re.Pattern[str], text: str) -> list[int]:
    """What match_line_starts answers, by running the regex over the whole text."""
    starts: list[int] = []
    for match in regex.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        if not starts or starts[-1] != start:
            starts.append(start)
    return starts


@pytest.mark.parametrize(("pattern", "flags", "line_bound"), [
    (r"foo\(", 0, True),
    (r"\bfoo\b(?!_)", 0, True),
    (r"(?<!x)foo[^\n]*", 0, True),   # a negated class that leaves out the newline
    (r"foo\s+bar", 0, False),        # \s matches a newline
    (r"foo[^x]", 0, False),          # a negated class matches a newline
    (r"foo.", 0, True),
    (r"(?s)foo.", 0, False),         # DOTALL
    (r"foo(?s:.)", 0, False),
    (r"foo$", 0, False),             # without MULTILINE, $ is about the end of the text
    (r"foo$", re.M, True),
    (r"foo\Z", re.M, False),
    (r"foo\n", 0, False),
    (r"^foo", 0, True),              # the search keeps ^ at the real start of the text
    (r"(?P<q>['\"])foo(?P=q)", 0, True),
])
def test_patterns_whose_matches_stay_in_one_line(pattern, flags, line_bound):
    assert prefilter(pattern, flags).line_bound is line_bound


@pytest.mark.parametrize(("pattern", "flags", "text"), [
    (r"^foo", 0, "foo\nfoo\n"),            # ^ without MULTILINE: the first line only
    (r"^foo", re.M, "x\nfoo\n  foo\nfoo"),
    (r"\bfoo\b", 0, "xfoo\nfoo\nfoox\n(foo)"),
    (r"(?<=\n)foo", 0, "foo\nfoo"),        # not line bound: searched whole
    (r"(?<!a)foo", 0, "afoo\nfoo\nbfoo"),  # the lookbehind sees the real previous character
    (r"foo(?!\w)", 0, "foo\nfoox\nfoo"),
    (r"(?i)FOO\(", 0, "x = Foo(\ny = foo (\nfoo("),
    (r"foo$", re.M, "foo \nfoo\nafoo"),
])
def test_line_bound_search_answers_what_a_whole_text_search_answers(pattern, flags, text):
    regex = re.compile(pattern, flags)
    assert match_line_starts(regex, text) == full_line_starts(regex, text)


_LINE_BOUND = [p for p in CHECK_PATTERNS if prefilter(p.pattern, p.flags & ~re.UNICODE).line_bound and _generatable(p)]


def test_most_check_patterns_are_line_bound():
    assert len(_LINE_BOUND) / len(CHECK_PATTERNS) > 0.5


@pytest.mark.parametrize("regex", _LINE_BOUND, ids=lambda p: p.pattern[:40])
@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_check_patterns_find_the_same_lines_searching_lines_or_the_whole_text(regex, data):
    """Matches planted between random lines (which may hold the literals without matching)."""
    needle = prefilter(regex.pattern, regex.flags & ~re.UNICODE).needles[0]
    filler = st.text(alphabet=f"ab _-.()'\"\n\t{needle}", max_size=30)
    parts = [data.draw(filler)]
    for _ in range(data.draw(st.integers(1, 3))):
        parts += [data.draw(st.from_regex(regex)), data.draw(filler)]
    text = "".join(parts)
    assert match_line_starts(regex, text) == full_line_starts(regex, text), (regex.pattern, text)
