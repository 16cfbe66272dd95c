"""The `prodready` console script: answers `--version` before importing anything heavy.

typer and click take about 80 ms to import; a version query should not pay for them.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from prodready import __version__

        sys.stdout.write(f"prodready {__version__}\n")
        return
    from prodready.cli import main as cli_main

    cli_main()
