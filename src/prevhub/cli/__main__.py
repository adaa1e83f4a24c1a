"""`python -m prevhub.cli`: the same as the `prevhub` command (the server starts its worker so)."""

from prevhub.cli import main

main()
