"""An independent count of reoffending windows: day by day, from a CSV read with the csv
module, for checking the library and the register against (no code shared with them)."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

#: Harm days per offence code, copied by hand from the packaged Crime Harm Index table
#: (reference/cchi_weights_by_prc_subgroup.csv via offence_classes).
HARM = {"46": 1.0, "28E": 273.5, "39": 2.0, "45": 5.0, "48": 5.0, "34B": 365.0, "8N": 365.0,
        "105A": 10.0, "92D": 3.0, "58C": 2.0}  # fmt: skip


def read_extract(path: Path) -> dict[str, list[tuple[dt.date, str]]]:
    rows: dict[str, list[tuple[dt.date, str]]] = defaultdict(list)
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["offender_id"].strip():
                day = dt.date.fromisoformat(row["recorded_date"])
                rows[row["offender_id"].strip()].append((day, row["offence_code"]))
    return rows


def window_days(
    selected: dt.date, custody: list[tuple[dt.date, dt.date]], *, year: int
) -> list[dt.date]:
    """The 365 days at risk of a window, walking a day at a time (year 0: the year before)."""
    inside = set()
    for start, end in custody:
        day = start
        while day < end:
            inside.add(day)
            day += dt.timedelta(days=1)
    step = dt.timedelta(days=-1 if year == 0 else 1)
    day = selected - dt.timedelta(days=1) if year == 0 else selected
    found: list[dt.date] = []
    skip = 0 if year == 0 else 365 * (year - 1)
    while len(found) < 365:
        if day not in inside:
            if skip:
                skip -= 1
            else:
                found.append(day)
        day += step
    return found
