"""Write the demo's GENERATED Nottinghamshire recorded-crime extract (stalking and harassment).

data.police.uk has no Home Office offence codes, so the headline's "fewer stalking and
harassment offences" line needs a force extract. No real one can be published, so `make demo`
ships this invented one: the monthly counts below are fixed by formula (not drawn at random),
so its totals are known exactly and documented in ``crime/data/demo/README.md``; places are
real Nottinghamshire map points and LSOAs taken from the packaged police.uk street files;
crime numbers, dates inside the month, victim, offender and location references are drawn
from a seeded generator. Run from the repository root::

    PYTHONPATH=src python scripts/make_demo_extract.py

The output is byte-for-byte the same on every run.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import random
import zipfile
from pathlib import Path

from pyproj import Transformer

DEMO = Path("src/prevhub/crime/data/demo")
STREET = DEMO / "nottinghamshire-derbyshire-street-2023-2024.zip"
OUT = DEMO / "nottinghamshire-recorded-crime-generated.csv.gz"
SEED = 20261202

#: Offences per month before seasonality: Home Office code -> (2023 level, 2024 level).
LEVELS = {
    "8L": (300, 280),  # harassment
    "8R": (420, 390),  # malicious communications
    "8Q": (45, 44),  # stalking
    "8M": (35, 32),  # racially or religiously aggravated harassment
    "8U": (120, 110),  # controlling or coercive behaviour (stalking and harassment since 2020-04)
}
#: Share of each code flagged as domestic abuse (invented).
DOMESTIC = {"8L": 0.35, "8R": 0.30, "8Q": 0.55, "8M": 0.05, "8U": 1.0}


def monthly_count(code: str, year: int, month: int) -> int:
    """The fixed count: the year's level times a ±8 % seasonal swing peaking in summer."""
    level = LEVELS[code][year - 2023]
    season = 1 + 0.08 * math.sin(2 * math.pi * (month - 4) / 12)
    return round(level * season)


def street_places() -> list[tuple[str, float, float]]:
    """(LSOA, longitude, latitude) of every located 2024 Nottinghamshire street-crime row
    inside the force's districts (so every generated offence counts in the force's figures)."""
    from prevhub.crime.geography import district_from_lsoa_name, packaged_force_districts

    inside = packaged_force_districts()["nottinghamshire"]
    places = []
    with zipfile.ZipFile(STREET) as archive:
        for name in sorted(archive.namelist()):
            if not name.endswith("nottinghamshire-street.csv") or "/2024-" not in f"/{name}":
                continue
            with archive.open(name) as raw:
                for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")):
                    district = district_from_lsoa_name(row["LSOA name"])
                    if row["LSOA code"] and row["Longitude"] and district in inside:
                        places.append(
                            (row["LSOA code"], float(row["Longitude"]), float(row["Latitude"]))
                        )
    return places


def main() -> None:
    rng = random.Random(SEED)
    places = street_places()
    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "CrimeNo",
            "Date Recorded",
            "HO Code",
            "LSOA",
            "Easting",
            "Northing",
            "Victim Ref",
            "Offender Ref",
            "Location Ref",
            "DA Flag",
        ]
    )
    serial = 0
    for year in (2023, 2024):
        for month in range(1, 13):
            days = (30 if month in (4, 6, 9, 11) else 31) if month != 2 else 28
            for code in LEVELS:
                for _ in range(monthly_count(code, year, month)):
                    serial += 1
                    lsoa, lon, lat = rng.choice(places)
                    east, north = to_bng.transform(lon, lat)
                    # A few victims and offenders recur: pools smaller than the crime count.
                    victim = f"GV-{rng.randint(1, 9000):05d}"
                    offender = f"GO-{rng.randint(1, 7000):05d}"
                    writer.writerow(
                        [
                            f"GEN/{year}/{serial:06d}",
                            f"{rng.randint(1, days):02d}/{month:02d}/{year}",
                            code,
                            lsoa,
                            round(east),
                            round(north),
                            victim,
                            offender,
                            f"GL-{rng.randint(1, 4000):05d}",
                            "Y" if rng.random() < DOMESTIC[code] else "N",
                        ]
                    )
    # mtime=0: the same bytes on every run.
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(out.getvalue().encode())
    print(f"{OUT}: {serial} rows")
    for year in (2023, 2024):
        total = sum(monthly_count(c, year, m) for c in LEVELS for m in range(1, 13))
        by_code = {c: sum(monthly_count(c, year, m) for m in range(1, 13)) for c in LEVELS}
        print(year, total, by_code)


if __name__ == "__main__":
    main()
