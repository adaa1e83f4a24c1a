"""The demo force's incident extract: invented calls for service, generated from a fixed seed.

No force publishes its command-and-control log, so the demo's incidents are made up here (the
LSOAs are real Nottinghamshire ones, taken from the packaged data.police.uk sample; every
incident, caller and location is invented). ``python -m prevhub.crime.demo_incidents`` writes
the packaged file again byte for byte; its counts are in ``data/demo/README-incidents.md``
and ``docs/demand.md``, and ``tests/crime/test_incidents.py`` checks both.

The invented story: 2023-01 to 2024-12, about 420 incidents a month in 2023 and 380 in
2024, a handful of frequent callers and addresses that call much less in 2024 (as if the hub
had worked with them), and Right Care Right Person decisions recorded from 2023-07.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from pathlib import Path

from prevhub.crime.periods import months_in

SEED = 13
MONTHS = ("2023-01", "2024-12")
EXTRACT_NAME = "nottinghamshire-incidents-demo.csv"
MAPPING_NAME = "nottinghamshire-incidents-demo.toml"
HEADER = (
    "Log No", "Opened", "Closed", "Grade", "NSIR Category", "ASB Type", "LSOA", "Easting",
    "Northing", "Location Ref", "Caller Ref", "Concern For Welfare", "Attended",
    "Officer Minutes", "RCRP Decision",
)  # fmt: skip


def _lsoas(demo_zip: Path) -> list[str]:
    """Nottinghamshire's LSOAs in the first month of the demo sample (those in its districts)."""
    from prevhub.crime.geography import packaged_force_districts

    districts = packaged_force_districts()["nottinghamshire"]
    with zipfile.ZipFile(demo_zip) as archive:
        name = next(n for n in sorted(archive.namelist()) if n.endswith("-street.csv"))
        with archive.open(name) as raw:
            rows = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig"))
            return sorted(
                {
                    r["LSOA code"]
                    for r in rows
                    if r["LSOA code"] and r["LSOA name"].rsplit(" ", 1)[0] in districts
                }
            )


def generate(demo_zip: Path) -> str:
    """The extract's text (CSV, Unix line endings), the same for the same seed and zip."""
    rng = random.Random(SEED)
    lsoas = _lsoas(demo_zip)
    locations = [(f"LOC{i:05d}", rng.choice(lsoas)) for i in range(2500)]
    frequent_callers = [f"CALLER{i:04d}" for i in range(12)]
    frequent_places = locations[:8]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    number = 0
    for month in months_in(MONTHS):
        year, mon = int(month[:4]), int(month[5:7])
        days = 31 if mon in (1, 3, 5, 7, 8, 10, 12) else 30 if mon != 2 else 28
        n = rng.randint(400, 440) if year == 2023 else rng.randint(360, 400)
        for _ in range(n):
            number += 1
            day, hour, minute = rng.randint(1, days), rng.randint(0, 23), rng.randint(0, 59)
            opened = f"{month}-{day:02d} {hour:02d}:{minute:02d}:00"
            draw = rng.random()
            category = (
                "Public Safety" if draw < 0.40 else "Crime" if draw < 0.70
                else "ASB" if draw < 0.92 else "Transport"
            )  # fmt: skip
            asb_type = ""
            if category == "ASB":
                q = rng.random()
                asb_type = "Personal" if q < 0.3 else "Nuisance" if q < 0.9 else "Environmental"
            caller = f"CALLER{rng.randint(100, 3099):04d}" if rng.random() < 0.9 else ""
            location, lsoa = rng.choice(locations)
            # Frequent callers and places: many calls in 2023, fewer in 2024.
            if rng.random() < (0.08 if year == 2023 else 0.03):
                caller = rng.choice(frequent_callers)
                location, lsoa = frequent_places[frequent_callers.index(caller) % 8]
                category, asb_type = "Public Safety", ""
            welfare = category == "Public Safety" and rng.random() < 0.35
            grade = rng.choice(("1", "2", "2", "3", "3", "4"))
            attended = grade in ("1", "2") or (grade == "3" and rng.random() < 0.7)
            decision = ""
            if welfare and month >= "2023-07":
                decision = "Police" if rng.random() < 0.55 else "Partner"
                attended = attended and decision == "Police"
            minutes = ""
            if rng.random() > 0.05:
                minutes = str(rng.randint(30, 240) if attended else rng.randint(0, 20))
            closed_minutes = hour * 60 + minute + rng.randint(10, 300)
            closed = (
                f"{month}-{day:02d} {closed_minutes // 60:02d}:{closed_minutes % 60:02d}:00"
                if closed_minutes < 24 * 60
                else ""
            )
            easting = northing = ""
            if rng.random() < 0.5:
                easting = str(rng.randint(450000, 465000))
                northing = str(rng.randint(335000, 345000))
            writer.writerow((
                f"NTI-{number:06d}", opened, closed, grade, category, asb_type, lsoa, easting,
                northing, location, caller, "Y" if welfare else "N", "Y" if attended else "N",
                minutes, decision,
            ))  # fmt: skip
    return out.getvalue()


MAPPING = """# Column mapping of the demo incident extract (see README-incidents.md).
force = "nottinghamshire"
datetime_format = "%Y-%m-%d %H:%M:%S"

[columns]
incident_reference = "Log No"
opened_at = "Opened"
closed_at = "Closed"
grade = "Grade"
category = "NSIR Category"
asb_qualifier = "ASB Type"
lsoa_code = "LSOA"
x = "Easting"
y = "Northing"
location_id = "Location Ref"
caller_id = "Caller Ref"
concern_for_welfare = "Concern For Welfare"
attended = "Attended"
officer_minutes = "Officer Minutes"
rcrp_decision = "RCRP Decision"
"""


if __name__ == "__main__":  # pragma: no cover - regenerates the packaged file
    from prevhub.crime.demo import demo_archive

    folder = demo_archive().parent
    (folder / EXTRACT_NAME).write_text(generate(demo_archive()), encoding="utf-8")
    (folder / MAPPING_NAME).write_text(MAPPING, encoding="utf-8")
