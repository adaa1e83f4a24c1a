"""Areas the hub reports by: force, district (Community Safety Partnership), LSOA, neighbourhood.

A district is the local authority an LSOA lies in. police.uk names every LSOA after its local
authority ("Ashfield 001A" lies in Ashfield), so the LSOA -> district lookup comes from the data
itself with no boundary files. Which districts belong to a force comes from the packaged table
``reference/force_districts.csv``: for each force in the shared data, the local authorities where
that force published the large majority (>= 50 %) of all rows and which hold at least 0.2 % of
the force's own rows, checked by hand (City of London's and Warwickshire's neighbours in London
and Coventry removed, Bournemouth, Christchurch and Poole added to Dorset). For a force not in the
table, :func:`derive_force_districts` applies the same rule to the rows in the store.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

_LSOA_NAME = re.compile(r"^(?P<district>.+) \d{3}[A-Z]$")

#: SQL expression giving the district from a column called ``lsoa_name`` (a full match and a
#: cut gives the same result as ``regexp_extract`` with a group, about three times faster).
DISTRICT_FROM_LSOA_NAME_SQL = (
    "CASE WHEN regexp_full_match(lsoa_name, '.+ [0-9]{3}[A-Z]') "
    "THEN left(lsoa_name, length(lsoa_name) - 5) END"
)

#: A district belongs to a force when the force published at least this share of its rows...
DISTRICT_SHARE_OF_DISTRICT_ROWS = 0.5
#: ...and the district holds at least this share of the force's own rows.
DISTRICT_SHARE_OF_FORCE_ROWS = 0.002


def district_from_lsoa_name(lsoa_name: str | None) -> str | None:
    """The local authority an LSOA lies in, from its police.uk/ONS name ("Ashfield 001A")."""
    if not lsoa_name:
        return None
    match = _LSOA_NAME.match(lsoa_name.strip())
    return match.group("district") if match else None


@cache
def packaged_force_districts() -> dict[str, frozenset[str]]:
    """force id -> its districts, from the packaged table."""
    text = (
        resources.files("prevhub.crime.reference")
        .joinpath("force_districts.csv")
        .read_text(encoding="utf-8")
    )
    table: dict[str, set[str]] = {}
    for row in csv.DictReader(text.splitlines()):
        table.setdefault(row["force"], set()).add(row["district"])
    return {force: frozenset(districts) for force, districts in table.items()}


@cache
def force_neighbours() -> dict[str, frozenset[str]]:
    """force id -> forces sharing a boundary with it (packaged, England and Wales)."""
    text = (
        resources.files("prevhub.crime.reference")
        .joinpath("force_adjacency.csv")
        .read_text(encoding="utf-8")
    )
    table: dict[str, set[str]] = {}
    for row in csv.DictReader(text.splitlines()):
        table.setdefault(row["force"], set()).add(row["neighbour"])
        table.setdefault(row["neighbour"], set()).add(row["force"])
    return {force: frozenset(n) for force, n in table.items()}


def derive_force_districts(
    rows_by_force_district: dict[tuple[str, str], int],
) -> dict[str, set[str]]:
    """Apply the packaged table's rule to counts of rows per (force, district).

    Used for forces the packaged table does not cover. Only as good as the forces present:
    with one force loaded, every district it reports in with enough rows is assigned to it.
    """
    force_totals: dict[str, int] = {}
    district_totals: dict[str, int] = {}
    for (force, district), n in rows_by_force_district.items():
        force_totals[force] = force_totals.get(force, 0) + n
        district_totals[district] = district_totals.get(district, 0) + n
    result: dict[str, set[str]] = {}
    for (force, district), n in rows_by_force_district.items():
        if (
            n >= DISTRICT_SHARE_OF_DISTRICT_ROWS * district_totals[district]
            and n >= DISTRICT_SHARE_OF_FORCE_ROWS * force_totals[force]
        ):
            result.setdefault(force, set()).add(district)
    return result
