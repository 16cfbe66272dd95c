"""The `prodready` console script: answers `--version` and a plain `checks` before importing
anything heavy.

typer (with click, and pydantic when it is installed) takes 150-200 ms to import; a version
query or the list of checks should not pay for it. Anything else goes to the typer app.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from prodready import __version__

        sys.stdout.write(f"prodready {__version__}\n")
        return
    if sys.argv[1:] == ["checks"]:
        from prodready.registry import check_lines, load_all

        found, notes = load_all([])
        for note in notes:
            sys.stderr.write(f"prodready: warning: {note}\n")
        sys.stdout.write("".join(line + "\n" for line in check_lines(found)))
        return
    from prodready.cli import main as cli_main

    cli_main()
