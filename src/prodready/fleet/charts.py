"""Geometry for the HTML dashboard's inline SVG and heat-map, computed here so the template only
places numbers (the template never computes, and nothing here emits markup)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from prodready.fleet.model import FleetView, ServiceRow
from prodready.model import Status

STATUS_CLASS = {Status.PASS: "k", Status.PARTIAL: "p", Status.FAIL: "f", Status.NOT_APPLICABLE: "n",
                Status.ERROR: "e", Status.WAIVED: "w"}
STATUS_TEXT = {Status.PASS: "pass", Status.PARTIAL: "partial", Status.FAIL: "fail", Status.NOT_APPLICABLE: "n/a",
               Status.ERROR: "error", Status.WAIVED: "waived"}

BAR_WIDTH = 320
ROW_HEIGHT = 24


@dataclass(frozen=True)
class Bar:
    """One bar of a horizontal bar chart, already placed."""

    label: str
    count: int
    y: int
    width: int


@dataclass(frozen=True)
class HeatRow:
    """One service's row of the heat-map: its label, score and a cell per column."""

    label: str
    score: int | None
    cells: tuple[tuple[str, str], ...]  # (css class, tooltip) per column


def bars(items: Sequence[tuple[str, int]]) -> tuple[Bar, ...]:
    """Horizontal bars scaled to the largest count."""
    top = max((count for _, count in items), default=0) or 1
    return tuple(Bar(label, count, 6 + index * ROW_HEIGHT, round(BAR_WIDTH * count / top))
                 for index, (label, count) in enumerate(items))


def sparkline(row: ServiceRow, width: int = 90, height: int = 22) -> str:
    """SVG polyline points for a service's scores in earlier runs and this one ("" with fewer
    than two scored points)."""
    scores = [p.score for p in row.trend if p.score is not None]
    if row.score is not None:
        scores.append(row.score)
    if len(scores) < 2:
        return ""
    step = width / (len(scores) - 1)
    return " ".join(f"{index * step:.1f},{height - 2 - score * (height - 4) / 100:.1f}"
                    for index, score in enumerate(scores))


def heatmap(view: FleetView, rows: Sequence[ServiceRow]) -> dict[str, object]:
    """Columns: checks, the most failing first; rows: services in the order given; each cell
    a status class and a tooltip ("payments · api.cors: fail 0")."""
    columns = sorted(view.checks, key=lambda c: (-c.failing, -c.error, c.id))
    out = []
    for row in rows:
        by_id = {c.check_id: c for c in row.cells}
        cells = []
        for column in columns:
            cell = by_id.get(column.id)
            if cell is None:
                cells.append(("x", f"{row.label} · {column.id}: not run"))
                continue
            score = "" if cell.score is None else f" {cell.score:g}"
            cells.append((STATUS_CLASS[cell.status], f"{row.label} · {column.id}: {STATUS_TEXT[cell.status]}{score}"))
        out.append(HeatRow(row.label, row.score, tuple(cells)))
    return {"columns": columns, "rows": out}
