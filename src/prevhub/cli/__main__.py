"""`python -m prevhub.cli ...`, and the file to hand to `spark-submit` (see docs/scale.md)."""

from prevhub.cli import main

main()
