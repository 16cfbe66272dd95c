"""The command line: parse arguments, call the engine, write reports, choose the exit code.

Exit codes: 0 done; 1 the score is under --fail-under; 2 bad usage or an unreadable target
(one line on stderr, never a traceback); 3 an internal error (a bug: set PRODREADY_DEBUG=1 to
see the traceback).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from prodready import __version__

EXIT_OK, EXIT_BELOW_THRESHOLD, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="prodready",
    help="Audit a backend repository for production readiness, with evidence.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"prodready {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Audit a backend repository for production readiness, with evidence."""


def _fail(message: str) -> None:
    typer.echo(f"prodready: error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _split(values: Optional[List[str]]) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


class _Progress:
    """A one-line progress indicator on a TTY (stderr); silent otherwise."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.width = 0

    def __call__(self, message: str) -> None:
        if self.enabled:
            from prodready.redact import clean

            line = clean(message, 70)
            sys.stderr.write("\r" + line.ljust(self.width))
            sys.stderr.flush()
            self.width = len(line)

    def done(self) -> None:
        if self.enabled and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()


@app.command()
def audit(
    path: Path = typer.Argument(Path("."), help="Repository or directory to audit."),
    formats: Optional[List[str]] = typer.Option(None, "--format", "-f", help="term, md, html or json (repeatable)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File for one format, directory for several."),
    only: Optional[List[str]] = typer.Option(None, "--only", help="Run only these check ids or categories (comma-separated)."),
    skip: Optional[List[str]] = typer.Option(None, "--skip", help="Skip these check ids or categories (comma-separated)."),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", min=0, max=100, help="Exit 1 when the score is below this."),
    coverage: Optional[List[Path]] = typer.Option(None, "--coverage", help="A coverage report to read (repeatable)."),
    coverage_threshold: float = typer.Option(80.0, "--coverage-threshold", min=0, max=100, help="Line coverage that passes."),
    max_complexity: int = typer.Option(15, "--max-complexity", min=1, help="Cyclomatic complexity above which a function is flagged."),
    min_maintainability: float = typer.Option(20.0, "--min-maintainability", min=0, max=100, help="Maintainability index below which a file is flagged."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no terminal report."),
) -> None:
    """Audit PATH and print or write the scorecard."""
    from prodready.engine import audit as run_audit
    from prodready.engine import select
    from prodready.facts import AuditOptions
    from prodready.registry import discover
    from prodready.reporters import EXTENSIONS, FORMATS, render

    chosen = _split(formats) or ["term"]
    bad = [f for f in chosen if f not in FORMATS]
    if bad:
        _fail(f"unknown format {bad[0]!r}; choose from {', '.join(FORMATS)}")
    chosen = list(dict.fromkeys(chosen))
    root = path.expanduser()
    if not root.exists():
        _fail(f"{path} does not exist")
    if not root.is_dir():
        _fail(f"{path} is not a directory")
    if not os.access(root, os.R_OK | os.X_OK):
        _fail(f"{path} is not readable")
    try:
        checks = select(discover(), _split(only), _split(skip))
    except ValueError as exc:
        _fail(str(exc))
    options = AuditOptions(
        coverage_files=tuple(coverage or ()),
        coverage_threshold=coverage_threshold,
        max_complexity=max_complexity,
        min_maintainability=min_maintainability,
    )
    tty = sys.stdout.isatty()
    progress = _Progress(sys.stderr.isatty() and not quiet)
    try:
        card = run_audit(root, checks, options, progress=progress)
    except PermissionError as exc:
        progress.done()
        _fail(f"cannot read {path}: {exc.strerror}")
    progress.done()
    card = _with_display_path(card, str(path))

    if output is None:
        for fmt in chosen:
            if fmt == "term" and quiet:
                continue
            sys.stdout.write(render(card, fmt, tty=tty))
    elif len(chosen) == 1:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(render(card, chosen[0], tty=False), encoding="utf-8")
    else:
        output.mkdir(parents=True, exist_ok=True)
        for fmt in chosen:
            (output / f"prodready.{EXTENSIONS[fmt]}").write_text(render(card, fmt, tty=False), encoding="utf-8")
    if fail_under is not None and (card.score is None or card.score < fail_under):
        if not quiet:
            typer.echo(f"prodready: score {card.score} is below --fail-under {fail_under:g}", err=True)
        raise typer.Exit(EXIT_BELOW_THRESHOLD)


def _with_display_path(card, shown: str):
    from dataclasses import replace

    return replace(card, target_path=shown)


@app.command("facts")
def facts_command(
    path: Path = typer.Argument(Path("."), help="Repository or directory to describe."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Show what prodready believes about a repository: services, stacks, CI, containers."""
    from prodready.facts import RepoFacts
    from prodready.facts_report import collect, render_json, render_text

    root = path.expanduser()
    if not root.is_dir():
        _fail(f"{path} is not a directory" if root.exists() else f"{path} does not exist")
    data = collect(RepoFacts(root))
    sys.stdout.write(render_json(data) if as_json else render_text(data))


@app.command("checks")
def list_checks() -> None:
    """List every check: id, severity and title."""
    from prodready.registry import discover

    for c in discover():
        typer.echo(f"{c.meta.id:<20} {c.meta.severity.value:<9} {c.meta.title}")


@app.command()
def explain(check_id: str = typer.Argument(..., help="A check id, for example sec.secrets.")) -> None:
    """Explain a check: why it matters, how it is judged, how to fix it."""
    from prodready.registry import discover

    checks = {c.meta.id: c for c in discover()}
    if check_id not in checks:
        import difflib

        close = difflib.get_close_matches(check_id, list(checks), n=1)
        _fail(f"no check {check_id!r}" + (f"; did you mean {close[0]!r}?" if close else ""))
    meta = checks[check_id].meta
    typer.echo(f"{meta.id}: {meta.title}")
    typer.echo(f"category {meta.category} · severity {meta.severity.value} · scope {meta.scope}\n")
    typer.echo(f"Why it matters:\n  {' '.join(meta.why.split())}\n")
    typer.echo(f"How to fix:\n  {' '.join(meta.fix.split())}")
    for stack, fix in sorted(meta.fix_by_stack.items()):
        typer.echo(f"  {stack}: {fix}")
    if meta.references:
        typer.echo("\nReferences:")
        for ref in meta.references:
            typer.echo(f"  {ref}")


def main() -> None:
    """Entry point of the `prodready` script and `python -m prodready`."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - a bug must not print a traceback with repo text
        if os.environ.get("PRODREADY_DEBUG"):
            raise
        from prodready.redact import scrub

        sys.stderr.write(f"prodready: internal error: {type(exc).__name__}: {scrub(str(exc))[:300]}\n")
        sys.exit(3)
