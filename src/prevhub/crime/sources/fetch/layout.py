"""The archive layout data.police.uk publishes: kinds, columns, file names, archive span."""

from __future__ import annotations

ARCHIVE_MONTHS = 36

STREET = "street"
OUTCOMES = "outcomes"
STOP_AND_SEARCH = "stop-and-search"
KINDS = (STREET, OUTCOMES, STOP_AND_SEARCH)

STREET_COLUMNS = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
STOP_AND_SEARCH_COLUMNS = (
    "Type",
    "Date",
    "Part of a policing operation",
    "Policing operation",
    "Latitude",
    "Longitude",
    "Gender",
    "Age range",
    "Self-defined ethnicity",
    "Officer-defined ethnicity",
    "Legislation",
    "Object of search",
    "Outcome",
    "Outcome linked to object of search",
    "Removal of more than just outer clothing",
)


def file_name(month: str, force: str, kind: str) -> str:
    """The archive's name for one force's file of one kind for one month."""
    return f"{month}-{force}-{kind}.csv"
