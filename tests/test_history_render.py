"""History reports of a History built by hand (a sampled point, an unreadable commit, text with
markup and control characters): whole Markdown and terminal outputs, the JSON against its schema,
the change computation and what refs.py accepts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from prodready.history.changes import changes
from prodready.history.model import CheckInfo, History, HistoryPoint, Selection
from prodready.history.refs import RefError, git_date, parse_range, parse_revision, parse_since
from prodready.history.render import render, sparkline
from prodready.model import CommitRef, Severity, Status

SCHEMA = Path(__file__).resolve().parents[1] / "src" / "prodready" / "schema" / "history.schema.json"
P, F, N = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE


def ref(n: int, subject: str, author: str = "Ana") -> CommitRef:
    return CommitRef(f"{n:x}" * 40, f"2026-03-0{n}T12:00:00+00:00", author, subject)


def point(n: int, subject: str, score: int | None, level: str, checks: dict | None, parent: int | None = None,
          **extra) -> HistoryPoint:
    parents = (f"{parent:x}" * 40,) if parent else ()
    if checks is None:
        return HistoryPoint(ref(n, subject), parents, readable=False, reason="git could not read this commit's files")
    return HistoryPoint(ref(n, subject), parents, score=score, grade="F", level=level, checks=checks, **extra)


def sample() -> History:
    points = (
        point(1, "flask service", 30, "bronze", {"sec.secrets": P, "ops.dockerfile": N}, tags=("v1",)),
        point(2, "key <b>in</b> settings | pipe", 20, "none", {"sec.secrets": F, "ops.dockerfile": N}, parent=1),
        point(3, "unreadable", None, "-", None, parent=2),
        point(4, "dockerfile\x1b[31m", 25, "none", {"sec.secrets": F, "ops.dockerfile": P}, parent=3),
    )
    return History("0.1.0", "2026-03-05T00:00:00+00:00", "svc", "4" * 40, Selection(last=4), points, changes(points),
                   (CheckInfo("ops.dockerfile", "Dockerfile", "ops", Severity.HIGH),
                    CheckInfo("sec.secrets", "No hard-coded secrets", "sec", Severity.CRITICAL)),
                   ("3333333: git could not read this commit's files",))


def test_changes_skip_unreadable_points_and_say_so():
    first, second = sample().changes
    assert (first.commit.sha, first.before.sha, first.newly_failing, first.adjacent) == ("2" * 40, "1" * 40, ("sec.secrets",), True)
    assert (second.before.sha, second.adjacent, second.changed) == ("2" * 40, False, (("ops.dockerfile", N, P),))


def test_markdown_whole():
    assert render(sample(), "md") == """\
## prodready history: **25/100** now · grade F · level none

svc · the last 4 commits · 4 commits · prodready 0.1.0

Score 30 at `1111111` → 25 at `4444444` · best 30 at `1111111` (bronze) · worst 20 at `2222222` (none)

### Changes (2)

- ❌ `sec.secrets` broke in `2222222` *key &lt;b&gt;in&lt;/b&gt; settings &#124; pipe* by Ana, 2026-03-02 (score 30 → 20, level bronze → none)
- ✅ `ops.dockerfile` n/a → pass in `4444444` *dockerfile\\x1b&#91;31m* by Ana, 2026-03-04 (score 20 → 25, against `2222222`)

### Commits

| Commit | Date | Author | Subject | Score | Grade | Level | Failing |
|---|---|---|---|---:|---|---|---:|
| `1111111` v1 | 2026-03-01 | Ana | flask service | 30 | F | bronze | 0 |
| `2222222` | 2026-03-02 | Ana | key &lt;b&gt;in&lt;/b&gt; settings &#124; pipe | 20 | F | none | 1 |
| `3333333` | 2026-03-03 | Ana | unreadable | - | - | - | not readable |
| `4444444` | 2026-03-04 | Ana | dockerfile\\x1b&#91;31m | 25 | F | none | 1 |

<details><summary>Notes (1)</summary>

- 3333333: git could not read this commit's files

</details>
"""


def test_terminal_whole():
    assert render(sample(), "term") == """\
prodready history  svc  the last 4 commits
Score █▁ ▅  30 -> 25  (best 30, worst 20)

commit   date       score grade level  failing  subject
1111111  2026-03-01    30 F     bronze       0  flask service [v1]
2222222  2026-03-02    20 F     none         1  key <b>in</b> settings | pipe
3333333  2026-03-03     - -     -            -  unreadable (not readable)
4444444  2026-03-04    25 F     none         1  dockerfile[31m

Changes (2):
  2222222 2026-03-02 Ana: key <b>in</b> settings | pipe  score 30 -> 20  level bronze -> none
    broke: sec.secrets
  4444444 2026-03-04 Ana: dockerfile[31m  score 20 -> 25
    moved: ops.dockerfile not_applicable -> pass

Notes (1):
  - 3333333: git could not read this commit's files
"""


def test_json_follows_its_schema_and_html_escapes():
    data = json.loads(render(sample(), "json"))
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    assert data["points"][2] == {**data["points"][2], "readable": False, "score": None, "checks": {}}
    assert [c["commit"] for c in data["changes"]] == ["2" * 40, "4" * 40]
    page = render(sample(), "html")
    assert "<b>in</b>" not in page and "&lt;b&gt;in&lt;/b&gt;" in page and "\x1b" not in page
    assert page.count('class="point"') == 3 and page.count('class="level"') == 4 and "<script" not in page


def test_sparkline_spans_the_histories_own_range():
    assert sparkline([10, 20, None, 30]) == "▁▅ █"
    assert sparkline([50, 50]) == "▄▄" and sparkline([]) == ""


@pytest.mark.parametrize("text", ["main", "HEAD~3", "v1.2.0^", "release/2026-03", "a1b2c3d", "HEAD^2~1", "feature/x_y"])
def test_ordinary_refs_are_accepted(text):
    assert parse_revision(text).spec == text


@pytest.mark.parametrize("text", ["-x", "--upload-pack=x", "a..b", "HEAD@{1}", "a b", "HEAD:file", "a\x00b", "x.lock",
                                  ".hidden", "a//b", "a/", "@", "x" * 300, "", "HEAD^{tree}", "~1"])
def test_hostile_refs_are_refused(text):
    with pytest.raises(RefError):
        parse_revision(text)


def test_ranges_and_dates():
    start, end = parse_range("v1..main~2")
    assert (start.spec, end.spec) == ("v1", "main~2")
    assert parse_range("v1..")[1].spec == "HEAD"
    for bad in ("v1...main", "..main", "a..b..c", "v1"):
        with pytest.raises(RefError):
            parse_range(bad)
    assert parse_since("2026-03-01") == "2026-03-01" and git_date("2026-03-01") == "2026-03-01 00:00:00"
    assert parse_since("3 weeks ago") == "3 weeks ago" and git_date("2026-03-01T12:00:00+01:00") == "2026-03-01T12:00:00+01:00"
    for bad in ("yesterday", "--all", "2026-13-01", "3 fortnights ago"):
        with pytest.raises(RefError):
            parse_since(bad)
