"""`python -m prodready` runs the same CLI as the `prodready` script."""

from prodready.cli import main

main()
