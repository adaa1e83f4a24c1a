"""The archive layout data.police.uk publishes: kinds, columns, file names, archive span."""

from __future__ import annotations

# The kinds and their columns are the reader's (one definition: what the fetch writes is what
# the ingest reads).
from prevhub.crime.sources.police_uk import (
    HEADERS,
    KINDS,
    OUTCOMES,
    STOP_AND_SEARCH,
    STREET,
)

ARCHIVE_MONTHS = 36

STREET_COLUMNS = HEADERS[STREET]
STOP_AND_SEARCH_COLUMNS = HEADERS[STOP_AND_SEARCH]
__all__ = [
    "ARCHIVE_MONTHS",
    "KINDS",
    "OUTCOMES",
    "STOP_AND_SEARCH",
    "STOP_AND_SEARCH_COLUMNS",
    "STREET",
    "STREET_COLUMNS",
    "file_name",
]


def file_name(month: str, force: str, kind: str) -> str:
    """The archive's name for one force's file of one kind for one month."""
    return f"{month}-{force}-{kind}.csv"
