"""History reports: JSON (schema/history.schema.json), Markdown, a self-contained HTML page with an
inline SVG chart, and a compact terminal table with a sparkline. Each is a function of the frozen
History only.

Commit subjects and author names come from the repository: they were scrubbed of secrets and
control characters when read, Markdown escapes them (`md`), HTML autoescapes them, and the
terminal cleans them again. The HTML has no script, font or URL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from prodready.history.changes import failing
from prodready.history.model import BAD, History, HistoryChange, HistoryPoint
from prodready.model import CommitRef, Status
from prodready.redact import clean
from prodready.reporters.common import STATUS_ICON, STATUS_LABEL, environment
from prodready.reporters.json_report import commit_dict

HISTORY_SCHEMA_VERSION = 1
FORMATS = ("term", "md", "html", "json")
EXTENSIONS = {"term": "txt", "md": "md", "html": "html", "json": "json"}
SPARKS = "▁▂▃▄▅▆▇█"
LEVEL_COLOUR = {"none": "#8c959f", "bronze": "#a5673f", "silver": "#6e7781", "gold": "#bf8700"}
MAX_MD_POINTS = 200
MAX_MD_EVENTS = 300  # the newest; a PR comment holds 65,536 characters


def render(history: History, fmt: str, tty: bool = False) -> str:
    """The report of `history` in one of FORMATS."""
    renderers: dict[str, Callable[[History], str]] = {"json": render_json, "md": render_md, "html": render_html,
                                                      "term": lambda h: render_term(h, tty)}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return renderers[fmt](history)


# -- JSON ----------------------------------------------------------------------------------
def _point_dict(p: HistoryPoint) -> dict[str, Any]:
    return {**_commit_fields(p.commit), "parents": list(p.parents), "tags": list(p.tags), "readable": p.readable,
            "reason": p.reason or None, "score": p.score, "grade": p.grade, "level": p.level, "config": p.config,
            "checks": {check_id: status.value for check_id, status in sorted(p.statuses.items())},
            "notes": list(p.notes)}


def _commit_fields(ref: CommitRef) -> dict[str, Any]:
    data = commit_dict(ref) or {}
    return {"commit": data["sha"], **{k: v for k, v in data.items() if k != "sha"}}


def _change_dict(c: HistoryChange) -> dict[str, Any]:
    return {**_commit_fields(c.commit), "before": c.before.sha, "adjacent": c.adjacent,
            "score_before": c.score_before, "score_after": c.score_after, "score_change": c.score_change,
            "grade_before": c.grade_before, "grade_after": c.grade_after,
            "level_before": c.level_before, "level_after": c.level_after,
            "newly_failing": list(c.newly_failing), "fixed": list(c.fixed),
            "changed": [{"check": i, "before": a.value, "after": b.value} for i, a, b in c.changed]}


def _summary_point(p: HistoryPoint | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"commit": p.commit.sha, "short": p.commit.short, "date": p.commit.date, "score": p.score,
            "grade": p.grade, "level": p.level}


def summary(history: History) -> dict[str, HistoryPoint | None]:
    """First, latest, best and worst readable points (the newest of equals)."""
    scored = [p for p in history.readable if p.score is not None]
    best = max(reversed(scored), key=lambda p: p.score or 0, default=None)
    worst = min(reversed(scored), key=lambda p: p.score or 0, default=None)
    return {"first": history.first, "latest": history.latest, "best": best, "worst": worst}


def to_dict(history: History) -> dict[str, Any]:
    """The JSON report as data."""
    s = history.selection
    return {
        "schema_version": HISTORY_SCHEMA_VERSION,
        "tool": {"name": "prodready", "version": history.tool_version},
        "generated_at": history.generated_at,
        "duration_seconds": history.duration_seconds,
        "repository": {"path": history.target_path, "tip": history.tip},
        "selection": {"description": s.describe(), "last": s.last, "since": s.since, "range": s.range,
                      "every": s.every, "tags": s.tags, "first_parent": s.first_parent},
        "summary": {name: _summary_point(p) for name, p in summary(history).items()},
        "points": [_point_dict(p) for p in history.points],
        "changes": [_change_dict(c) for c in history.changes],
        "checks": [{"id": c.id, "title": c.title, "category": c.category, "severity": c.severity.value}
                   for c in history.checks],
        "notes": list(history.notes),
    }


def render_json(history: History) -> str:
    return json.dumps(to_dict(history), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# -- events: what the Markdown and HTML lists show -------------------------------------------
@dataclass(frozen=True)
class Event:
    """One line of the list of changes: a check that broke, was fixed or moved at a commit."""

    check_id: str
    kind: str  # broke | fixed | moved
    commit: CommitRef
    before: Status | None = None
    after: Status | None = None
    change: HistoryChange | None = None  # set on the first event of a commit: its score line


def events(history: History) -> list[Event]:
    """Every change as events, in commit order: broken checks first, then fixed, then moved; a
    commit whose score moved without any check changing status gets one event of its own."""
    out: list[Event] = []
    for c in history.changes:
        mine = ([Event(i, "broke", c.commit) for i in c.newly_failing] + [Event(i, "fixed", c.commit) for i in c.fixed]
                + [Event(i, "moved", c.commit, a, b) for i, a, b in c.changed])
        mine = mine or [Event("", "score", c.commit)]
        out.append(Event(mine[0].check_id, mine[0].kind, c.commit, mine[0].before, mine[0].after, c))
        out += mine[1:]
    return out


def _signed(value: int | None) -> str:
    return "" if value is None else f"{value:+d}"


def _maybe(value: object) -> str:
    return "-" if value is None else str(value)


def _template_globals() -> dict[str, Any]:
    return {"maybe": _maybe, "signed": _signed, "status_label": lambda s: STATUS_LABEL[s],
            "status_icon": lambda s: STATUS_ICON[s], "failing": failing, "BAD": BAD}


def render_md(history: History) -> str:
    """Markdown: the summary, a table of the points (newest MAX_MD_POINTS), the list of changes."""
    template = environment(False).get_template("history.md.j2")
    points = history.points[-MAX_MD_POINTS:]
    listed = events(history)
    shown = listed[-MAX_MD_EVENTS:]
    return template.render(h=history, points=points, cut=len(history.points) - len(points), events=shown,
                           events_cut=len(listed) - len(shown), summary=summary(history), **_template_globals())


# -- HTML ----------------------------------------------------------------------------------
CHART_WIDTH, CHART_HEIGHT, CHART_LEFT, CHART_TOP, LEVEL_BAND = 760, 220, 40, 12, 14


def chart(history: History) -> dict[str, Any]:
    """The SVG chart's geometry: the score line over the points (x: commit order, y: 0-100),
    a dot per audited commit, a level band under it, gridlines; the template only places it."""
    points = history.points
    count = max(len(points), 1)
    step = CHART_WIDTH / max(count - 1, 1)
    dots, line, band = [], [], []
    for index, p in enumerate(points):
        x = round(CHART_LEFT + (index * step if count > 1 else CHART_WIDTH / 2), 1)
        band.append({"x": round(x - step / 2, 1) if count > 1 else CHART_LEFT, "width": round(step, 1) if count > 1 else CHART_WIDTH,
                     "colour": LEVEL_COLOUR.get(p.level, "#ffffff") if p.readable else "#ffffff",
                     "title": f"{p.commit.short}: level {p.level}" if p.readable else f"{p.commit.short}: not readable"})
        if p.score is None:
            continue
        y = round(CHART_TOP + CHART_HEIGHT * (1 - p.score / 100), 1)
        line.append(f"{x},{y}")
        dots.append({"x": x, "y": y, "colour": LEVEL_COLOUR.get(p.level, "#0969da"),
                     "title": f"{p.commit.short} {p.commit.date[:10]}: {p.score} ({p.grade}, {p.level}) {p.commit.subject}"})
    grid = [{"y": round(CHART_TOP + CHART_HEIGHT * (1 - v / 100), 1), "label": v} for v in (0, 25, 50, 75, 100)]
    return {"width": CHART_LEFT + CHART_WIDTH + 20, "height": CHART_TOP + CHART_HEIGHT + LEVEL_BAND + 36,
            "left": CHART_LEFT, "right": CHART_LEFT + CHART_WIDTH, "band_y": CHART_TOP + CHART_HEIGHT + 8,
            "band_height": LEVEL_BAND, "line": " ".join(line), "dots": dots, "band": band, "grid": grid,
            "first": points[0].commit if points else None, "last": points[-1].commit if points else None,
            "levels": list(LEVEL_COLOUR.items())}


def render_html(history: History) -> str:
    template = environment(True).get_template("history.html.j2")
    return template.render(h=history, chart=chart(history), events=events(history), summary=summary(history),
                           **_template_globals())


# -- terminal --------------------------------------------------------------------------------
def sparkline(scores: list[int | None]) -> str:
    """One block character per point, its height the score between the lowest and the highest
    of the history (so a move of a few points shows; the numbers are printed beside it), a
    space for an unreadable one."""
    known = [s for s in scores if s is not None]
    low, high = min(known, default=0), max(known, default=0)
    span = high - low
    top = len(SPARKS) - 1
    return "".join(" " if s is None else SPARKS[round((s - low) * top / span) if span else top // 2] for s in scores)


def render_term(history: History, tty: bool = False) -> str:
    """A compact table: the sparkline and summary, one line per point, then the changes."""
    scores = [p.score for p in history.points]
    s = summary(history)
    out = [f"prodready history  {clean(history.target_path)}  {history.selection.describe()}",
           f"Score {sparkline(scores)}  {_maybe(_score(s['first']))} -> {_maybe(_score(s['latest']))}"
           f"  (best {_maybe(_score(s['best']))}, worst {_maybe(_score(s['worst']))})", "",
           f"{'commit':<8} {'date':<10} {'score':>5} {'grade':<5} {'level':<6} {'failing':>7}  subject"]
    for p in history.points:
        if not p.readable:
            out.append(f"{p.commit.short:<8} {p.commit.date[:10]:<10} {'-':>5} {'-':<5} {'-':<6} {'-':>7}  "
                       f"{clean(p.commit.subject, 50)} (not readable)")
            continue
        tags = f" [{', '.join(p.tags)}]" if p.tags else ""
        out.append(f"{p.commit.short:<8} {p.commit.date[:10]:<10} {_maybe(p.score):>5} {p.grade:<5} {p.level:<6} "
                   f"{len(failing(p.statuses)):>7}  {clean(p.commit.subject + tags, 60)}")
    out += [""] + _term_changes(history)
    if history.notes:
        out += ["", f"Notes ({len(history.notes)}):"] + [f"  - {clean(n, 200)}" for n in history.notes[:20]]
    return "\n".join(out) + "\n"


def _score(point: HistoryPoint | None) -> int | None:
    return point.score if point is not None else None


def _term_changes(history: History) -> list[str]:
    if not history.changes:
        return ["No change in the score, level or any check over these commits."]
    out = [f"Changes ({len(history.changes)}):"]
    for c in history.changes:
        ref = c.commit
        out.append(f"  {ref.short} {ref.date[:10]} {clean(ref.author, 30)}: {clean(ref.subject, 60)}"
                   f"  score {_maybe(c.score_before)} -> {_maybe(c.score_after)}"
                   + (f"  level {c.level_before} -> {c.level_after}" if c.level_before != c.level_after else ""))
        if c.newly_failing:
            out.append("    broke: " + ", ".join(c.newly_failing))
        if c.fixed:
            out.append("    fixed: " + ", ".join(c.fixed))
        if c.changed:
            out.append("    moved: " + ", ".join(f"{i} {a.value} -> {b.value}" for i, a, b in c.changed))
    return out
