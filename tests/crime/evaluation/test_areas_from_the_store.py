"""Series, buffers and similar areas read from the crime store equal independent counts.

Counts come from the packaged demo CSVs read with the csv module (never the store); the
buffer is checked by brute force against every LSOA polygon's distance to the area.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from prevhub.crime import CrimeStore
from prevhub.crime.area_figures import AreaSelection
from prevhub.crime.evaluation import areas
from tests.insights.store_fixtures import DEMO_ZIP, REFERENCE

MONTHS = ["2023-01", "2023-02", "2023-03", "2024-01", "2024-02", "2024-03"]
TARGET = ("E01028268", "E01028284")  # two Mansfield LSOAs


@pytest.fixture(scope="module")
def truth() -> Counter:
    with (REFERENCE / "force_districts.csv").open() as f:
        own = {r["district"] for r in csv.DictReader(f) if r["force"] == "nottinghamshire"}
    counts: Counter = Counter()
    with zipfile.ZipFile(DEMO_ZIP) as archive:
        for name in archive.namelist():
            if name.endswith("-street.csv"):
                with archive.open(name) as raw:
                    for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")):
                        if not row["LSOA code"] or row["Crime type"] == "Anti-social behaviour":
                            continue
                        district = row["LSOA name"].rsplit(" ", 1)[0]
                        if district in own:
                            counts[
                                (row["Month"], district, row["LSOA code"], row["Crime type"])
                            ] += 1
    return counts


def test_monthly_by_lsoa_and_district_equal_the_csv(demo_store: Path, truth: Counter) -> None:
    with CrimeStore(demo_store, read_only=True) as store:
        lsoa = areas.monthly_by_lsoa(store, "nottinghamshire", MONTHS, crime_types=["Burglary"])
        district = areas.monthly_by_district(store, "nottinghamshire", MONTHS)
    for code in TARGET:
        expected = [
            sum(
                n
                for (m, _, c, t), n in truth.items()
                if m == month and c == code and t == "Burglary"
            )
            for month in MONTHS
        ]
        assert lsoa.get(code, [0] * 6) == expected
    ashfield = [
        sum(n for (m, d, _, _), n in truth.items() if m == month and d == "Ashfield")
        for month in MONTHS
    ]
    assert district["Ashfield"] == ashfield
    assert len(district) == 8  # Nottinghamshire's own districts only


def test_series_over_two_separate_periods(demo_store: Path, truth: Counter) -> None:
    sel = AreaSelection("nottinghamshire", lsoas=TARGET, crime_types=("Shoplifting",))
    with CrimeStore(demo_store, read_only=True) as store:
        got = areas.series(store, sel, MONTHS)
    assert got == [
        sum(
            n
            for (m, _, c, t), n in truth.items()
            if m == month and c in TARGET and t == "Shoplifting"
        )
        for month in MONTHS
    ]


def test_the_buffer_is_every_lsoa_touching_the_area() -> None:
    import shapely

    from prevhub.crime.geography import force_boundaries

    buffer = areas.neighbouring_lsoas("nottinghamshire", list(TARGET))
    b = force_boundaries("nottinghamshire")
    assert b is not None
    idx = {c: i for i, c in enumerate(b.lsoa_code)}
    area = shapely.union_all(b.lsoa_bng[[idx[c] for c in TARGET]])
    touching = sorted(
        code
        for code, shape in zip(b.lsoa_code, b.lsoa_bng, strict=True)
        if code not in TARGET and shapely.distance(area, shape) <= 1.0
    )
    assert buffer == touching and len(buffer) >= 3
    assert not set(buffer) & set(TARGET)


def test_similar_areas_rank_by_level_and_mix(demo_store: Path, truth: Counter) -> None:
    target = AreaSelection("nottinghamshire", districts=("Mansfield",))
    with CrimeStore(demo_store, read_only=True) as store:
        similar = areas.similar_areas(store, target, "2023-01:2023-03", level="district", limit=7)
    q1 = {"2023-01", "2023-02", "2023-03"}
    mine = sum(n for (m, d, _, _), n in truth.items() if m in q1 and d == "Mansfield")
    first = similar[0]
    theirs = sum(n for (m, d, _, _), n in truth.items() if m in q1 and d == first.area)
    assert first.count == theirs and first.level_ratio == pytest.approx(theirs / mine)
    assert "Mansfield" not in [s.area for s in similar]
    assert [s.score for s in similar] == sorted(s.score for s in similar)
