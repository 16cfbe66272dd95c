"""`prodready history` and `audit --blame` around the library: input checked, messages on stderr,
outputs written, the exit code.

cli.py only parses the command line and calls in here (it is shared by every command); the
tests can call these without typer. Every failure the user can act on is one line on stderr and
exit 2, never a traceback.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence, TextIO

from prodready.history.model import Selection
from prodready.history.render import EXTENSIONS, FORMATS

EXIT_OK, EXIT_USAGE = 0, 2
DEFAULT_LAST, MAX_LAST = 20, 1000


@dataclass(frozen=True)
class Choice:
    """The command line's choice of commits, before it is checked."""

    last: int | None = None
    since: str | None = None
    range: str | None = None
    every: int | None = None
    tags: bool = False
    first_parent: bool = False


@dataclass(frozen=True)
class HowToAudit:
    """How each commit is audited: the same options `prodready audit` takes."""

    config_file: Path | None = None
    checks_dirs: tuple[Path, ...] = ()
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    jobs: int = 0
    cache_dir: Path | None = None
    no_cache: bool = False
    max_file_bytes: int | None = None


class Refused(ValueError):
    """Input refused before any work: the message is the line shown."""


def selection_of(choice: Choice) -> Selection:
    """The Selection the command line asks for; Refused with the reason otherwise."""
    from prodready.history.refs import RefError, parse_range, parse_since

    if sum(x is not None for x in (choice.last, choice.since, choice.range)) > 1:
        raise Refused("choose one of --last, --since and --range")
    if choice.every is not None and choice.tags:
        raise Refused("choose one of --every and --tags")
    try:
        if choice.range is not None:
            parse_range(choice.range)
        since = parse_since(choice.since) if choice.since is not None else None
    except RefError as exc:
        raise Refused(str(exc)) from None
    last = None if (choice.since or choice.range) else (choice.last or DEFAULT_LAST)
    return Selection(last, since, choice.range, choice.every or 1, choice.tags, choice.first_parent)


def main(path: Path, choice: Choice, how: HowToAudit, formats: Sequence[str], output: Path | None, quiet: bool = False,
         stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Build the history of `path` and write its reports; the exit code (0 done, 2 refused or
    nothing readable)."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        chosen = _formats(formats)
        selection = selection_of(choice)
        history = _build(path, selection, how, err, quiet)
    except Refused as exc:
        err.write(f"prodready: error: {exc}\n")
        return EXIT_USAGE
    try:
        _write(history, chosen, output, out, quiet, out.isatty())
    except OSError as exc:
        err.write(f"prodready: error: cannot write {exc.filename or output}: {exc.strerror or exc}\n")
        return EXIT_USAGE
    return EXIT_OK


def _formats(formats: Sequence[str]) -> list[str]:
    chosen = list(dict.fromkeys(f.strip() for value in formats for f in value.split(",") if f.strip())) or ["term"]
    bad = [f for f in chosen if f not in FORMATS]
    if bad:
        raise Refused(f"unknown format {bad[0]!r}; choose from {', '.join(FORMATS)}")
    return chosen


def settings_for(root: Path, how: HowToAudit):
    """The config.Settings every commit shares; Refused for a bad --config, --checks-dir or id."""
    from prodready.history.config import Settings, default_prepared
    from prodready.runner import Overrides, UsageError, all_checks, prepare

    overrides = Overrides(max_file_bytes=how.max_file_bytes, jobs=how.jobs, cache_dir=how.cache_dir,
                          no_cache=how.no_cache)
    try:
        found, _notes = all_checks(how.checks_dirs)
        settings = Settings(tuple(found), how.only, how.skip, overrides)
        if how.config_file is not None:  # from outside the tree: one preparation for every commit
            fixed = prepare(root, how.config_file, how.checks_dirs, False, how.only, how.skip, overrides)
            return Settings(tuple(found), how.only, how.skip, overrides, fixed)
        default_prepared(settings, root)
        return settings
    except UsageError as exc:
        raise Refused("; ".join(exc.lines)) from None


def _build(path: Path, selection: Selection, how: HowToAudit, err: TextIO, quiet: bool):
    from prodready.history import HistoryError, Request, build

    root = _root(path)
    settings = settings_for(root, how)
    progress = _Progress(err) if err.isatty() and not quiet else None
    try:
        return build(Request(root, selection, settings, str(path)), progress)
    except HistoryError as exc:
        raise Refused(str(exc)) from None
    finally:
        if progress:
            progress.done()


def _root(path: Path) -> Path:
    root = path.expanduser()
    if not root.is_dir():
        raise Refused(f"{path} is not a directory" if root.exists() else f"{path} does not exist")
    return root


def _write(history, chosen: list[str], output: Path | None, out: TextIO, quiet: bool, tty: bool) -> None:
    """One format to stdout or a file; several into a directory (history.<ext>)."""
    from prodready.history.render import render

    if output is None:
        for fmt in chosen:
            if not (fmt == "term" and quiet):
                out.write(render(history, fmt, tty=tty))
    elif len(chosen) == 1:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(render(history, chosen[0]), encoding="utf-8")
    else:
        output.mkdir(parents=True, exist_ok=True)
        for fmt in chosen:
            (output / f"history.{EXTENSIONS[fmt]}").write_text(render(history, fmt), encoding="utf-8")


def with_blame(card, root: Path, prepared, last: int, progress=None):
    """`card` with its BlameReport; Refused (shown as one line, exit 2) when the history cannot
    be read at all."""
    from dataclasses import replace

    from prodready.history import HistoryError
    from prodready.history.blame import blame

    try:
        return replace(card, blame=blame(root, card, prepared, last, progress))
    except HistoryError as exc:
        raise Refused(f"--blame: {exc}") from None



class _Progress:
    """One line on a terminal's stderr: which commit is being audited."""

    def __init__(self, stream: TextIO):
        self.stream, self.width = stream, 0

    def __call__(self, message: str) -> None:
        from prodready.redact import clean

        line = clean(message, 70)
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)

    def done(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
