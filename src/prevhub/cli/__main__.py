"""`python -m prevhub.cli ...`: the same as the `prevhub` command (the server starts its worker
so), and the file to hand to `spark-submit` (see docs/scale.md)."""

from prevhub.cli import main

main()
