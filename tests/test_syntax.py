"""Where a match sits: code, string, comment or doc block, per grammar (scanning/syntax.py)."""

from __future__ import annotations

import re

import pytest

from prodready.scanning.syntax import CODE, COMMENT, DOC, STRING, regions


def kinds(text: str, language: str, word: str) -> list[str]:
    """The kind at each occurrence of `word` in `text`, in order."""
    found = regions(text, language)
    assert found is not None and found.error_line == 0
    return [found.kind_at(m.start()) for m in re.finditer(re.escape(word), text)]


def code_matches(text: str, language: str, pattern: str) -> list[bool]:
    found = regions(text, language)
    assert found is not None
    return [found.is_code(m.start(), m.end()) for m in re.finditer(pattern, text)]


PYTHON = '''"""Add X to the service."""
import X  # X here
FIX = "call X() at start-up"
X()
value = f"{X()} and X"


def f():
    """X in a docstring."""
    return X
'''


def test_python_docstrings_comments_strings_and_interpolations():
    # FIX holds an X too: a name in code
    assert kinds(PYTHON, "python", "X") == [DOC, CODE, COMMENT, CODE, STRING, CODE, CODE, STRING, DOC, CODE]


def test_javascript_template_substitution_jsdoc_and_regex():
    text = "/** use X() */\nconst a = `X ${X()}`; // X\nconst r = /X/; X();\n"
    assert kinds(text, "javascript", "X") == [DOC, STRING, CODE, COMMENT, STRING, CODE]


def test_typescript_and_tsx():
    assert kinds("const k: string = 'X'; X();\n", "typescript", "X") == [STRING, CODE]
    assert kinds("const a = <p>X {X()}</p>;\n", "tsx", "X") == [STRING, CODE]


def test_go_raw_strings_comments_and_struct_tags_as_code():
    text = 'package main\n\n// X\nvar s = `X`\n\ntype In struct {\n\tName string `binding:"X"`\n}\n\nfunc f() { X() }\n'
    assert kinds(text, "go", "X") == [COMMENT, STRING, CODE, CODE]


def test_java_annotation_arguments_are_code_and_javadoc_is_doc():
    text = '/** X */\nclass A {\n  @Value("${X}") String v;\n  String s = "X"; // X\n  void f() { X(); }\n}\n'
    assert kinds(text, "java", "X") == [DOC, CODE, STRING, COMMENT, CODE]


def test_kotlin_strings_interpolation_and_annotations():
    text = '@GetMapping("X")\nfun f() {\n  val s = "X ${X()}"\n  /* X */\n}\n'
    assert kinds(text, "kotlin", "X") == [CODE, STRING, CODE, COMMENT]


def test_a_match_naming_a_whole_literal_or_ending_in_code_is_code():
    text = 'INSTALLED_APPS = ["django_prometheus"]\nopts = {"verify_signature": False}\nFIX = "add \'django_prometheus\' here"\n'
    assert code_matches(text, "python", r"['\"]django_prometheus['\"]") == [True, False]
    assert code_matches(text, "python", r"verify_signature['\"]?\s*:\s*False") == [True]
    # starts in one string, ends inside another: a mention
    assert code_matches('A = ("gunicorn app", "asgi")\n', "python", r"gunicorn.*asgi") == [False]


def test_offsets_are_characters_in_non_ascii_text():
    text = 'é = "ü X"\nX()  # ☃ X\n'
    assert kinds(text, "python", "X") == [STRING, CODE, COMMENT]


def test_a_file_that_does_not_parse_names_its_first_bad_line():
    found = regions("def ok():\n    return 1\n\ndef broken(:\n    pass\n", "python")
    assert found is not None and found.error_line == 4


@pytest.mark.parametrize("language", ["python", "javascript", "typescript", "tsx", "go", "java", "kotlin"])
def test_every_grammar_loads_and_an_empty_text_is_all_code(language):
    found = regions("", language)
    assert found is not None and found.starts == () and found.kind_at(0) == CODE


def test_a_file_that_does_not_parse_is_judged_by_line_with_a_note_cold_and_warm(make_repo, tmp_path):
    from prodready.engine import audit, select
    from prodready.facts import AuditOptions
    from prodready.registry import discover

    broken = "def broken(:\n    pass\n\nInstrumentator().instrument(app).expose(app)\n"
    root = make_repo({"requirements.txt": "fastapi\nprometheus-fastapi-instrumentator\n", "app/metrics.py": broken},
                     base="fastapi")
    options = AuditOptions(cache_dir=tmp_path / "cache")
    for _run in ("cold", "warm"):
        card = audit(root, select(discover(), ["obs.metrics"]), options)
        assert card.results[0].status.value == "pass"
        assert [e.location() for e in card.results[0].outcome.evidence] == ["app/metrics.py:4"]
        assert ("could not parse app/metrics.py as python (a syntax error at line 1): its matches are judged by line, "
                "mentions in strings and comments included") in card.notes
