"""Crime data commands: ingest, fetch, measure, headline (see prevhub.crime)."""

from __future__ import annotations

from prevhub.cli import app  # noqa: F401
