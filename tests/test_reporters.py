"""Reporters read a frozen scorecard: escaping, size limits, whole-output shape."""

from __future__ import annotations

import re

from prodready.model import Status
from prodready.reporters import render
from prodready.testing import run_audit

HOSTILE_NAME = "evil|<script>alert(1)</script>[x](https://evil.example)`*_.py"


def hostile_repo(make_repo):
    # a file name and content full of HTML, Markdown and terminal metacharacters
    return make_repo({
        HOSTILE_NAME: "api_key = 'Qz8-hostile-Kx2!value'\n",
        "app.py": "from flask import Flask\napp = Flask(__name__)\n\n@app.route('/health\x1b[31m<b>x</b>')\ndef h():\n    return 'ok'\n",
    }, base="flask")


def test_markdown_escapes_repository_text(make_repo):
    text = render(run_audit(hostile_repo(make_repo)), "md")
    assert "<script>" not in text
    assert "https://evil" not in text  # the file name stays inert text, never a link target
    assert all(link.startswith(("https://", "http://")) for link in __import__("re").findall(r"\]\(([^)]*)\)", text))
    for line in text.splitlines():
        if line.startswith("| evil"):
            # a table row keeps exactly its two cells: the pipe in the file name is an entity
            assert line.count("|") == 3, line
    assert "evil&#124;&lt;script&gt;" in text


def test_html_escapes_repository_text(make_repo):
    text = render(run_audit(hostile_repo(make_repo)), "html")
    assert "<script>" not in text.lower()
    assert "evil|&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b>x</b>" not in text


def test_html_is_self_contained(make_repo):
    text = render(run_audit(hostile_repo(make_repo)), "html")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "<script" not in text.lower() and "@import" not in text and "url(" not in text
    assert "<svg id=\"category-chart\"" in text


def test_terminal_output_has_no_escape_sequences_from_the_repo(make_repo):
    text = render(run_audit(hostile_repo(make_repo)), "term", tty=False)
    assert "\x1b" not in text
    coloured = render(run_audit(hostile_repo(make_repo)), "term", tty=True, colour=True, width=120)
    # only our own SGR colour codes remain
    assert set(re.findall(r"\x1b\[[0-9;]*[A-Za-z]", coloured)) <= {"\x1b[1m", "\x1b[0m", "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[35m", "\x1b[90m"}


def test_html_and_markdown_show_a_control_character_in_a_file_name_as_an_escape(make_repo):
    branchy = "def tangled(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(20))
    card = run_audit(make_repo({"odd\x1b[2Jname.py": branchy}, base="flask"))
    for fmt in ("html", "md"):
        text = render(card, fmt)
        assert "\x1b" not in text, fmt  # never the raw escape
        assert "odd\\x1b[2Jname.py:1" in text.replace("&#91;", "["), fmt  # shown, so a reader sees it


def test_markdown_folds_evidence_to_fit(make_repo):
    files = {f"m{i}.py": "\n".join(f'password = "Zx9-{i}-{j}-Qw7!abc"' for j in range(20)) for i in range(20)}
    card = run_audit(make_repo(files, base="flask"))
    full = render(card, "md")
    small = render(card, "md", max_chars=len(full) - 100)
    assert len(small) <= len(full) - 100
    assert "… and 195 more." in small  # fewer evidence rows shown once the limit bites


def test_markdown_whole_shape(make_repo):
    card = run_audit(make_repo({"Dockerfile": "FROM python:3.12\n"}, base="flask"), only=["ops.dockerfile", "obs.health"])
    text = render(card, "md")
    lines = text.splitlines()
    assert lines[0].startswith("## prodready scorecard: **")
    assert lines[4] == "| Category | Score | ✅ pass | 🟡 partial | ❌ fail | ➖ n/a | ⚠️ error |"
    assert "### Needs attention (2)" in text
    assert text.index("`obs.health`") < text.index("`ops.dockerfile`")  # same status: severity then id
    assert "**Fix:** Add `@app.get(\"/healthz\")` (Flask 2+)" in text
    assert "([docs](https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/))" in text
    assert "### Next level: silver" in text


def test_error_results_are_shown_with_reason(make_repo, monkeypatch):
    from prodready import engine
    from prodready.registry import discover

    checks = [c for c in discover() if c.meta.id == "obs.health"]
    broken = [type(c)(c.meta, lambda ctx: 1 / 0, c.source) for c in checks]
    card = engine.audit(make_repo({}, base="flask"), broken)
    assert card.results[0].status is Status.ERROR
    assert card.results[0].outcome.message == "check crashed: ZeroDivisionError: division by zero"
    assert "⚠️" in render(card, "md")
