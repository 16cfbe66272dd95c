"""`python -m prodready` runs the same CLI as the `prodready` script."""

from prodready.entry import main

main()
