"""What every command of the command line shares: the exit codes and the one-line usage error."""

from __future__ import annotations

import typer

EXIT_OK, EXIT_BELOW_THRESHOLD, EXIT_USAGE = 0, 1, 2


def fail(message: str) -> None:
    """Bad usage or an unreadable input: one line on stderr, exit 2, never a traceback."""
    typer.echo(f"prodready: error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)
