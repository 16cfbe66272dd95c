"""`prodready fleet` around the library: formats, outputs, messages on stderr, the exit code.

cli.py only parses the command line and calls `main`; keeping the rest here keeps cli.py
small (it is shared by every command) and lets tests call the command without typer.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence, TextIO

from prodready.fleet import Options, Request, build
from prodready.fleet.model import FleetView
from prodready.fleet.render import EXTENSIONS, FORMATS, render

EXIT_OK, EXIT_USAGE = 0, 2


def main(arguments: Sequence[Path], manifest: Path | None, db: Path | None, formats: Sequence[str],
         output: Path | None, options: Options, quiet: bool = False, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """Run the fleet and write its reports; the exit code: 0 done (notes are warnings), 2 bad
    usage, no readable service, or a history database that cannot be used."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    chosen = _formats(formats, err)
    view = _build(Request(tuple(arguments), manifest, db, options), err, quiet) if chosen else None
    if view is None:
        return EXIT_USAGE
    for note in view.notes:
        err.write(f"prodready: warning: {note}\n")
    try:
        _write(view, chosen, output, out, quiet)
    except OSError as exc:
        err.write(f"prodready: error: cannot write {exc.filename or output}: {exc.strerror or exc}\n")
        return EXIT_USAGE
    return EXIT_OK


def _formats(formats: Sequence[str], err: TextIO) -> list[str]:
    """`-f md,html -f json` -> [md, html, json] (term by default); [] after an error on stderr."""
    chosen = list(dict.fromkeys(f.strip() for value in formats for f in value.split(",") if f.strip())) or ["term"]
    bad = [f for f in chosen if f not in FORMATS]
    if bad:
        err.write(f"prodready: error: unknown format {bad[0]!r}; choose from {', '.join(FORMATS)}\n")
        return []
    return chosen


def _build(request: Request, err: TextIO, quiet: bool) -> FleetView | None:
    """The view, or None once the reason is on stderr (one line, then one per note)."""
    from prodready.fleet.store import StoreError
    from prodready.runner import UsageError

    progress = _Progress(err) if err.isatty() and not quiet else None
    try:
        return build(request, progress)
    except UsageError as exc:
        err.write(f"prodready: error: {exc.lines[0]}\n" + "".join(f"prodready: {line}\n" for line in exc.lines[1:]))
    except StoreError as exc:
        err.write(f"prodready: error: {exc}\n")
    finally:
        if progress:
            progress.done()
    return None


def _write(view: FleetView, chosen: list[str], output: Path | None, out: TextIO, quiet: bool) -> None:
    """One format to stdout or a file; several into a directory (fleet.<ext>)."""
    if output is None:
        for fmt in chosen:
            if not (fmt == "term" and quiet):
                out.write(render(view, fmt))
    elif len(chosen) == 1:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(render(view, chosen[0]), encoding="utf-8")
    else:
        output.mkdir(parents=True, exist_ok=True)
        for fmt in chosen:
            (output / f"fleet.{EXTENSIONS[fmt]}").write_text(render(view, fmt), encoding="utf-8")


class _Progress:
    """One line on a terminal's stderr: which source was just done."""

    def __init__(self, stream: TextIO):
        self.stream, self.width = stream, 0

    def __call__(self, message: str) -> None:
        from prodready.redact import clean

        line = clean(message, 70)
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)

    def done(self) -> None:
        """Erase the line, so what follows starts on a clean one."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
