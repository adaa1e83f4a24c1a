"""A generated force recorded-crime extract with offender ids, for the demo, tests and the
benchmark. Everything in it is invented; the same seed writes the same file.

People selected for a cohort are given a peak of offending in the year before selection (as
real selection picks people at a peak) and a lower rate afterwards, so the measures have
something to find; everyone else offends at a steady rate, a few prolifically (a Pareto
spread of rates). About one row in five carries no offender id (no suspect identified).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import numpy as np

#: (Home Office offence code, weight): a plausible mix of what prolific offenders are linked to.
OFFENCE_MIX = (
    ("46", 30),  # shoplifting
    ("28E", 8),  # burglary residential
    ("39", 5),  # theft from the person
    ("45", 8),  # theft from a vehicle
    ("48", 4),  # theft or unauthorised taking of a motor vehicle
    ("34B", 3),  # robbery of personal property
    ("8N", 10),  # assault with injury
    ("105A", 12),  # assault without injury
    ("92D", 8),  # possession of drugs (excluding cannabis)
    ("58C", 12),  # criminal damage to a vehicle
)
COLUMNS = ("crime_reference", "recorded_date", "offence_code", "offender_id")


def offender_id(number: int) -> str:
    return f"OFF-{number:07d}"


def generate_offender_extract(
    path: Path | str,
    *,
    rows: int,
    offenders: int,
    first: dt.date,
    last: dt.date,
    seed: int,
    cohort: Sequence[tuple[str, dt.date]] = (),
    peak_offences: int = 6,
    after_offences: int = 2,
) -> int:
    """Write the extract to `path`; returns the number of rows written.

    ``rows`` background crimes are spread over ``first``..``last`` among ``offenders`` people
    (ids :func:`offender_id` 1..offenders; a fifth of rows with no id); each cohort entry
    (offender id, selection day) adds about ``peak_offences`` in the year before selection and
    ``after_offences`` in the year after (Poisson), inside the extract's span.
    """
    rng = np.random.default_rng(seed)
    span = (last - first).days + 1
    codes = np.array([c for c, _ in OFFENCE_MIX])
    weights = np.array([w for _, w in OFFENCE_MIX], dtype=float)
    weights /= weights.sum()
    rates = rng.pareto(1.5, offenders) + 0.1
    rates /= rates.sum()
    who = rng.choice(offenders, size=rows, p=rates) + 1
    has_id = rng.random(rows) >= 0.2
    days = rng.integers(0, span, size=rows)
    offence = rng.choice(codes, size=rows, p=weights)
    extra_who: list[str] = []
    extra_days: list[int] = []
    for key, selected in cohort:
        offset = (selected - first).days
        for count, low, high in (
            (rng.poisson(peak_offences), offset - 365, offset),
            (rng.poisson(after_offences), offset, offset + 365),
        ):
            lo, hi = max(low, 0), min(high, span)
            if hi <= lo:
                continue
            for day in rng.integers(lo, hi, size=count):
                extra_who.append(key)
                extra_days.append(int(day))
    extra_codes = rng.choice(codes, size=len(extra_who), p=weights)
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        ordinal = first.toordinal()
        dates = [dt.date.fromordinal(ordinal + int(d)).isoformat() for d in days]
        writer.writerows(
            (
                f"GEN{i:08d}",
                dates[i],
                offence[i],
                offender_id(int(who[i])) if has_id[i] else "",
            )
            for i in range(rows)
        )
        writer.writerows(
            (
                f"COH{i:08d}",
                dt.date.fromordinal(ordinal + extra_days[i]).isoformat(),
                extra_codes[i],
                extra_who[i],
            )
            for i in range(len(extra_who))
        )
    return rows + len(extra_who)
