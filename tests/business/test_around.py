"""Business crime around premises equals an independent count of the packaged demo CSVs.

The independent count reads the real police.uk files in ``crime/data/demo`` with the csv
module and measures each crime's distance to each business with the haversine formula on a
sphere of the Earth's mean radius (6,371,008.8 m, IUGG), not with the library's British
National Grid projection. The two distances differ by well under 0.5 % (about 0.2-0.3 % for
the sphere against the ellipsoid's radii of curvature at 53° N, and 0.04 % for the projection's
scale factor near 1.15° W), so the test first checks that no crime lies within 0.5 % of the
circle's edge for the radii used (260 m and 400 m were chosen so: at 250 m six map points lie
within 1.25 m of the edge): there the methods could disagree, anywhere else they must agree.
"""

from __future__ import annotations

import csv
import io
import math
import zipfile
from pathlib import Path
from typing import Any

import pytest

from prevhub.crime import CrimeStore
from prevhub.crime.area_figures import relative_effect_size
from prevhub.crime.around import (
    SHOPLIFTING,
    Site,
    compare_groups,
    crimes_around,
    repeat_victim_locations,
)
from tests.insights.store_fixtures import DEMO_ZIP

EARTH_RADIUS_M = 6_371_008.8

#: Real places in the sample: Nottingham's Old Market Square and Victoria Centre area, Hockley,
#: Mansfield's Four Seasons area, Beeston (invented businesses; real streets).
SITES = {
    "square": (-1.14750, 52.95369),
    "victoria": (-1.14790, 52.95585),
    "hockley": (-1.14290, 52.95310),
    "mansfield": (-1.19680, 53.14160),
    "beeston": (-1.21500, 52.92550),
}


def haversine(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def demo_rows(months: set[str], crime_types: set[str]) -> list[dict[str, Any]]:
    """Located rows of the months and types, read straight from the packaged zip."""
    out = []
    with zipfile.ZipFile(DEMO_ZIP) as archive:
        for name in archive.namelist():
            if not name.endswith("-street.csv"):
                continue
            with archive.open(name) as raw:
                for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")):
                    wanted = row["Month"] in months and row["Crime type"] in crime_types
                    if wanted and row["Longitude"] and row["Latitude"]:
                        out.append(
                            {
                                "month": row["Month"],
                                "lon": float(row["Longitude"]),
                                "lat": float(row["Latitude"]),
                            }
                        )
    return out


def independent(radius: float, before: set[str], after: set[str]) -> tuple[dict, dict]:
    rows = demo_rows(before | after, set(SHOPLIFTING))
    per_site: dict[str, list[int]] = {}
    near: dict[str, set[int]] = {}
    for key, (lon, lat) in SITES.items():
        near[key] = set()
        for i, r in enumerate(rows):
            d = haversine(lon, lat, r["lon"], r["lat"])
            assert abs(d - radius) > 0.005 * radius, (key, d)  # the edge: see the docstring
            if d <= radius:
                near[key].add(i)
        b = sum(1 for i in near[key] if rows[i]["month"] in before)
        per_site[key] = [b, len(near[key]) - b]
    return per_site, {"rows": rows, "near": near}


@pytest.fixture(scope="module")
def store(demo_store: Path) -> Any:
    with CrimeStore(demo_store, read_only=True) as s:
        yield s


@pytest.mark.parametrize("radius", [260.0, 400.0])
def test_crimes_around_each_business_equal_a_haversine_count_of_the_csv(
    store: Any, radius: float
) -> None:
    expected, _ = independent(radius, {"2024-01"}, {"2024-03"})
    sites = [Site(k, lon, lat) for k, (lon, lat) in SITES.items()]
    result = crimes_around(
        store, sites, force="nottinghamshire", before="2024-01", after="2024-03",
        radius_m=radius,
    )  # fmt: skip
    got = {s.key: [s.before, s.after] for s in result.sites}
    assert got == expected
    assert sum(sum(v) for v in expected.values()) > 100  # the city centre has real numbers
    assert any("snapped" in w for w in result.warnings)


def test_a_group_counts_each_crime_once_and_the_tests_use_those_counts(store: Any) -> None:
    """The square, Victoria Centre and Hockley are a few hundred metres apart: their circles
    overlap at 260 m, so the visited group's total is the number of distinct rows near any."""
    radius = 260.0
    before, after = {"2023-01", "2023-02", "2023-03"}, {"2024-01", "2024-02", "2024-03"}
    _, found = independent(radius, before, after)
    rows, near = found["rows"], found["near"]
    treated, comparison = ["square", "victoria", "hockley"], ["mansfield", "beeston"]

    def group(keys: list[str]) -> tuple[int, int]:
        union = set().union(*(near[k] for k in keys))
        b = sum(1 for i in union if rows[i]["month"] in before)
        return b, len(union) - b

    tb, ta = group(treated)
    cb, ca = group(comparison)
    assert tb + ta < sum(len(near[k]) for k in treated)  # the overlap is real
    result = crimes_around(
        store, [Site(k, *SITES[k]) for k in SITES], force="nottinghamshire",
        before=("2023-01", "2023-03"), after=("2024-01", "2024-03"), radius_m=radius,
    )  # fmt: skip
    c = compare_groups(result, treated, comparison)
    assert (c.treated_before, c.treated_after, c.comparison_before, c.comparison_after) == (
        tb, ta, cb, ca,
    )  # fmt: skip
    # RES = (a·d)/(b·c), by hand from the independent counts
    assert c.res == pytest.approx(tb * ca / (ta * cb))
    assert c.res_ci95 == pytest.approx(relative_effect_size(tb, ta, cb, ca)[1:3])
    assert c.treated_test["current"] == ta and c.treated_test["baseline"] == tb


def test_a_period_order_or_a_shared_site_is_refused(store: Any) -> None:
    from prevhub.errors import PrevhubError

    site = Site("a", *SITES["square"])
    with pytest.raises(PrevhubError, match="before"):
        crimes_around(store, [site], force="nottinghamshire", before="2024-03", after="2024-01")
    result = crimes_around(
        store, [site], force="nottinghamshire", before="2024-01", after="2024-03"
    )
    with pytest.raises(PrevhubError, match="both"):
        compare_groups(result, ["a"], ["a"])


def test_repeat_victims_need_force_extracts_with_location_ids(store: Any) -> None:
    """The demo store holds police.uk rows only: no location ids, so no repeat victims (None,
    which the page shows as "not available", never as zero)."""
    assert (
        repeat_victim_locations(
            store, ["LOC1"], force="nottinghamshire", period=("2024-01", "2024-03")
        )
        is None
    )


def test_repeat_victim_businesses_are_counted_from_a_force_extract(tmp_path: Path) -> None:
    """A small force extract written here: LOC-A has three business crimes in the period (two
    shoplifting, one robbery of business property), LOC-B one, LOC-C two but one is a
    residential burglary code (28E) — so, by hand, LOC-A 3 and nothing else at 2 or more."""
    extract = tmp_path / "extract.csv"
    rows = [
        ("C1", "2024-01-05", "46", "LOC-A"),
        ("C2", "2024-02-10", "46", "LOC-A"),
        ("C3", "2024-03-01", "34A", "LOC-A"),
        ("C4", "2024-01-20", "46", "LOC-B"),
        ("C5", "2024-02-02", "46", "LOC-C"),
        ("C6", "2024-02-03", "28E", "LOC-C"),
        ("C7", "2023-06-01", "46", "LOC-B"),  # outside the period
    ]
    with extract.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["crime_reference", "recorded_date", "offence_code", "location_id",
                    "longitude", "latitude"])  # fmt: skip
        for ref, day, code, loc in rows:
            w.writerow([ref, day, code, loc, SITES["square"][0], SITES["square"][1]])
    path = tmp_path / "crime.duckdb"
    with CrimeStore(path) as s:
        s.ingest_recorded_crime(extract, force="nottinghamshire")
    with CrimeStore(path, read_only=True) as s:
        got = repeat_victim_locations(
            s, ["LOC-A", "LOC-B", "LOC-C"], force="nottinghamshire",
            period=("2024-01", "2024-03"),
        )  # fmt: skip
        assert got == {"LOC-A": 3}
        # force extracts' business offence codes are counted around premises too
        around = crimes_around(
            s, [Site("square", *SITES["square"])], force="nottinghamshire",
            before=("2023-06", "2023-12"), after=("2024-01", "2024-03"), radius_m=100,
            crime_types=(), offence_codes=("46", "34A"),
        )  # fmt: skip
        # by hand: before C7 (46); after C1, C2, C3, C4, C5 (C6 is 28E)
        assert (around.sites[0].before, around.sites[0].after) == (1, 5)
