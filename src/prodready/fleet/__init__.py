"""prodready fleet: one readiness view of many services, for the team that runs the platform.

Each repository's CI already audits it (the Action uploads `prodready.json`); this package
brings the results together: it reads saved reports and audits local checkouts (in parallel),
turns them into one row per service, summarises every check across the fleet with the gain of
fixing it, stores the run in a SQLite history for trends and changes, and renders the view.

    sources.py    the manifest, the command line, CODEOWNERS -> Source
    collect.py    checkouts audited, reports read (worker processes) -> ServiceRow
    aggregate.py  pure functions: counts, shares, gains, groups -> FleetView
    store.py      the SQLite history, with its own migrations
    render.py     JSON, Markdown, HTML (charts.py: its geometry), text
    command.py    what `prodready fleet` does around them: outputs, messages, exit code
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from prodready.fleet.collect import Options
from prodready.fleet.model import FleetView

__all__ = ["Options", "Request", "build"]


@dataclass(frozen=True)
class Request:
    """What to bring together, and where to keep the history (None: keep none)."""

    arguments: tuple[Path, ...] = ()
    manifest: Path | None = None
    db: Path | None = None
    options: Options = field(default_factory=Options)


def build(request: Request, progress: Callable[[str], None] | None = None) -> FleetView:
    """Resolve the sources, collect their services, compare with the stored history, store
    this run, and return the view. Raises runner.UsageError (bad input, or no service could be
    read) and store.StoreError (a history database that cannot be used) before storing anything."""
    from prodready import __version__
    from prodready.fleet.aggregate import build_view
    from prodready.fleet.collect import collect
    from prodready.fleet.sources import resolve
    from prodready.fleet.store import Store
    from prodready.runner import UsageError

    sources = resolve(request.arguments, request.manifest)
    store = Store(request.db) if request.db is not None else None  # a bad database fails before any audit
    try:
        rows, catalog, notes = collect(sources, request.options, progress)
        if not rows:
            raise UsageError("no service could be read from the sources", *notes)
        history = store.history() if store else None
        now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
        view = build_view(rows, catalog, len(sources), notes, now, __version__, history,
                          str(request.db) if request.db is not None else None)
        return replace(view, run=store.record(view)) if store else view
    finally:
        if store:
            store.close()
