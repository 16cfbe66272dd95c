"""Fleet reports: JSON (schema/fleet.schema.json), Markdown, a self-contained HTML dashboard and
plain text. Each is a function of the frozen FleetView only.

The HTML has no scripts, fonts or URLs: inline CSS and SVG, a Content-Security-Policy that
forbids loading anything, and every text from a report escaped by jinja2's autoescape.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable

from prodready.fleet.charts import STATUS_TEXT, bars, heatmap, sparkline
from prodready.fleet.model import CheckSummary, FleetView, ServiceChange, ServiceRow
from prodready.reporters.common import environment

FLEET_SCHEMA_VERSION = 1
FORMATS = ("term", "md", "html", "json")
EXTENSIONS = {"term": "txt", "md": "md", "html": "html", "json": "json"}
TOP_FIXES = 10
_PLAIN_ID = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def render(view: FleetView, fmt: str) -> str:
    """The report of `view` in one of FORMATS."""
    renderers: dict[str, Callable[[FleetView], str]] = {"json": render_json, "md": render_md, "html": render_html,
                                                         "term": render_term}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return renderers[fmt](view)


def _pairs(items: tuple[tuple[str, int], ...]) -> dict[str, int]:
    return {key: value for key, value in items}


def _check_dict(c: CheckSummary) -> dict[str, Any]:
    return {"id": c.id, "title": c.info.title, "category": c.info.category, "severity": c.info.severity.value,
            "failing": c.failing, "share": c.share, "fail": c.fail, "partial": c.partial, "pass": c.passing,
            "not_applicable": c.not_applicable, "error": c.error, "waived": c.waived, "applicable": c.applicable,
            "gain": c.gain, "fleet_gain": c.fleet_gain}


def _service_dict(r: ServiceRow) -> dict[str, Any]:
    return {"repo": r.repo, "service": r.service, "team": r.team, "tier": r.tier, "kind": r.kind, "stack": r.stack,
            "source": r.source, "source_kind": r.source_kind, "commit": r.commit, "audited_at": r.audited_at,
            "score": r.score, "grade": r.grade, "level": r.level, "failing": list(r.failing),
            "statuses": {c.check_id: c.status.value for c in r.cells}, "gains": dict(r.gains),
            "trend": [{"run": p.run, "at": p.at, "score": p.score} for p in r.trend]}


def _change_dict(c: ServiceChange) -> dict[str, Any]:
    return {"repo": c.repo, "service": c.service, "state": c.state, "score_before": c.score_before,
            "score_after": c.score_after, "level_before": c.level_before, "level_after": c.level_after,
            "newly_failing": list(c.newly_failing), "fixed": list(c.fixed)}


def _run_dict(run) -> dict[str, Any] | None:
    return None if run is None else {"number": run.number, "at": run.at, "services": run.services, "average": run.average}


def to_dict(view: FleetView) -> dict[str, Any]:
    """The JSON report as data (schema: src/prodready/schema/fleet.schema.json)."""
    spread = view.distribution
    return {
        "fleet_schema_version": FLEET_SCHEMA_VERSION,
        "tool": {"name": "prodready", "version": view.tool_version},
        "generated_at": view.generated_at,
        "summary": {"sources": view.sources, "services": len(view.services), "average": view.average,
                    "median": view.median, "unscored": spread.unscored, "scores": _pairs(spread.buckets),
                    "levels": _pairs(spread.levels), "grades": _pairs(spread.grades)},
        "services": [_service_dict(r) for r in view.services],
        "checks": [_check_dict(c) for c in view.checks],
        "ranked": [c.id for c in view.ranked],
        "teams": [_group_dict(g, "team") for g in view.teams],
        "tiers": [_group_dict(g, "tier") for g in view.tiers],
        "run": _run_dict(view.run),
        "previous_run": _run_dict(view.previous),
        "changes": [_change_dict(c) for c in view.changes],
        "database": view.database,
        "notes": list(view.notes),
    }


def _group_dict(g, key: str) -> dict[str, Any]:
    return {key: g.name, "services": g.services, "average": g.average, "lowest": g.lowest,
            "levels": _pairs(g.levels), "top_failing": [{"id": i, "failing": n} for i, n in g.top_failing]}


def render_json(view: FleetView) -> str:
    """Sorted keys and ordered lists: the same inputs give the same bytes (but for timestamps).
    One service (one check, one change...) per line: a thousand services stay readable and
    diffable, and each line is written by json's C encoder (with `indent` json falls back to
    its pure-Python encoder, five times slower on a fleet)."""
    def compact(value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(", ", ": "))

    lines = []
    for key, value in sorted(to_dict(view).items()):
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            inner = ",\n".join(f"    {compact(item)}" for item in value)
            lines.append(f"  {compact(key)}: [\n{inner}\n  ]")
        else:
            lines.append(f"  {compact(key)}: {compact(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _fix_line(c: CheckSummary) -> str:
    return f"fix {c.id} in {c.failing} service{'s' if c.failing != 1 else ''}: +{c.gain:.1f} average"


def _md_code(text: str) -> str:
    """A check id in Markdown: in backticks when it is plain, else escaped (ids come from reports)."""
    from prodready.reporters.common import md_text

    return f"`{text}`" if _PLAIN_ID.match(text) else f"<code>{md_text(text)}</code>"


def _trend_text(row: ServiceRow, points: int = 6) -> str:
    """The last scores of a service, this run's last: "45 → 50 → 56" ("" without history)."""
    if not row.trend:
        return ""
    scores = [p.score for p in row.trend] + [row.score]
    return " → ".join("-" if s is None else str(s) for s in scores[-points:])


def _context(view: FleetView) -> dict[str, Any]:
    """What the Markdown and HTML templates share: ranked fixes, worst services first, changes."""
    worst = sorted(view.services, key=lambda r: (r.score is None, r.score if r.score is not None else 0, r.label))
    changed = {(c.repo, c.service): c for c in view.changes}
    return {"view": view, "fixes": view.ranked[:TOP_FIXES], "worst": worst, "changed": changed,
            "code": _md_code, "trend": _trend_text, "checks": {c.id: c for c in view.checks},
            "status_text": STATUS_TEXT, "signed": lambda v: "" if v is None else f"{v:+d}",
            "maybe": lambda v, empty="-": empty if v is None else v}


def render_md(view: FleetView) -> str:
    """GitHub-flavoured Markdown (the job summary of the organisation's fleet workflow)."""
    return environment(False).get_template("fleet.md.j2").render(**_context(view))


def render_html(view: FleetView) -> str:
    """The dashboard: one self-contained file, inline CSS and SVG, no scripts, no URLs."""
    context = _context(view)
    context.update(score_bars=bars(view.distribution.buckets), level_bars=bars(view.distribution.levels),
                   heat=heatmap(view, context["worst"]), sparkline=sparkline)
    return environment(True).get_template("fleet.html.j2").render(**context)


def render_term(view: FleetView) -> str:
    """Plain text for a terminal or a log."""
    out = [(f"prodready fleet: {len(view.services)} services from {view.sources} sources, "
            f"average {_num(view.average)}, median {_num(view.median)}")]
    out.append("levels: " + ", ".join(f"{name} {count}" for name, count in view.distribution.levels))
    if view.run:
        out.append(f"run {view.run.number} stored in {view.database}"
                   + (f"; {len(view.changes)} change(s) since run {view.previous.number}" if view.previous else ""))
    if view.ranked:
        out += ["", "Fix first (points the fleet's average gains):"]
        out += [f"  {_fix_line(c)} (fleet +{c.fleet_gain:.1f})" for c in view.ranked[:TOP_FIXES]]
    out += ["", f"{'team':<24} {'services':>8} {'average':>8} {'lowest':>7}"]
    for team in view.teams:
        out.append(f"{(team.name or '(no team)')[:24]:<24} {team.services:>8} {_num(team.average):>8} {_num(team.lowest):>7}")
    if view.notes:
        out += ["", "Notes:"] + [f"  {note}" for note in view.notes]
    return "\n".join(out) + "\n"


def _num(value: float | None) -> str:
    return "-" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
