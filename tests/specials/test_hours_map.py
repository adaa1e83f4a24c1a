"""Where the hours went: the library's figures against an independent brute-force count of the
demo's real crime data (read with the csv module), and the page on the demo data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from prevhub.crime import CrimeStore
from prevhub.crime.find import to_bng
from prevhub.crime.find.deployment import (
    EVERYWHERE_ELSE,
    TOP_HOT_SPOTS,
    WITH_HOURS,
    HoursPlace,
    hours_beside_crime,
)
from tests.insights.store_fixtures import DEMO_ZIP, REFERENCE, VICTIM_BASED_TYPES

CELL = 250


def _brute_cells() -> tuple[Counter, Counter]:
    """Victim-based crimes per 250 m cell id, baseline (2023-01..03) and period (2024-01..03):
    rows outside the force's districts and unlocated rows left out (Find's documented rule)."""
    with (REFERENCE / "force_districts.csv").open() as f:
        districts = {r["district"] for r in csv.DictReader(f) if r["force"] == "nottinghamshire"}
    rows: list[tuple[str, float, float]] = []
    with zipfile.ZipFile(DEMO_ZIP) as archive:
        for name in archive.namelist():
            if not name.endswith("-nottinghamshire-street.csv"):
                continue
            with archive.open(name) as raw:
                for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")):
                    if row["Crime type"] not in VICTIM_BASED_TYPES or not row["Longitude"]:
                        continue
                    lsoa = row["LSOA name"].strip()
                    if lsoa and lsoa.rsplit(" ", 1)[0] not in districts:
                        continue
                    rows.append((row["Month"], float(row["Longitude"]), float(row["Latitude"])))
    x, y = to_bng(np.array([r[1] for r in rows]), np.array([r[2] for r in rows]))
    before, now = Counter(), Counter()
    for (month, _, _), a, b in zip(rows, x, y, strict=True):
        cell = f"E{int(a // CELL) * CELL}N{int(b // CELL) * CELL}"
        (now if month >= "2024-01" else before)[cell] += 1
    return before, now


PLACES = [
    HoursPlace(hours=6, on=dt.date(2024, 1, 12), longitude=-1.1466, latitude=52.9536),
    HoursPlace(hours=4, on=dt.date(2024, 2, 3), longitude=-1.1466, latitude=52.9536),
    HoursPlace(hours=5, on=dt.date(2024, 3, 9), longitude=-1.0800, latitude=52.9750),
    HoursPlace(hours=8, on=dt.date(2024, 3, 30), longitude=-1.1960, latitude=53.1440),
    HoursPlace(hours=9, on=dt.date(2023, 12, 31), longitude=-1.1466, latitude=52.9536),  # outside
]


def test_hours_in_top_hot_spots_equal_a_brute_force_count(demo_store: Path) -> None:
    before, now = _brute_cells()
    top = [c for c, _ in sorted(before.items(), key=lambda kv: (-kv[1], kv[0]))[:20]]
    x, y = to_bng(np.array([p.longitude for p in PLACES]), np.array([p.latitude for p in PLACES]))
    hours: Counter = Counter()
    for p, a, b in zip(PLACES, x, y, strict=True):
        if dt.date(2024, 1, 1) <= p.on <= dt.date(2024, 3, 31):
            hours[f"E{int(a // CELL) * CELL}N{int(b // CELL) * CELL}"] += p.hours
    with CrimeStore(demo_store, read_only=True) as store:
        result = hours_beside_crime(
            store, PLACES, "2024-01:2024-03", force="nottinghamshire", cell=CELL, top=20
        )
    hot = result.group(TOP_HOT_SPOTS)
    assert hot.baseline == sum(before[c] for c in top)
    assert hot.current == sum(now[c] for c in top)
    assert hot.hours == sum(hours[c] for c in top)
    rest = result.group(EVERYWHERE_ELSE)
    assert rest.baseline == sum(before.values()) - hot.baseline
    assert rest.current == sum(now.values()) - hot.current
    assert hot.hours + rest.hours == 23  # 6 + 4 + 5 + 8; the December hours are outside
    worked = result.group(WITH_HOURS)
    assert worked.cells == len(hours)
    assert worked.current == sum(now[c] for c in hours)
    assert {c.cell_id for c in result.cells if c.top} == set(top)
    # The rate test is the engine's: current / baseline with equal 3-month exposures.
    assert hot.test.rate_ratio == pytest.approx(hot.current / hot.baseline)
    assert "association, not an evaluation" in result.caveat


@pytest.mark.django_db
def test_the_page_works_on_the_demo_data(client: Any, use_demo_store: Path) -> None:
    from prevhub.core import roles
    from prevhub.core.testing import make_user
    from prevhub.specials.demo import load_specials_demo

    load_specials_demo()
    client.force_login(make_user(roles.HUB_LEAD))
    page = client.get("/specials/where-the-hours-went/", {"period": "2024-01:2024-03"})
    assert page.status_code == 200, page.content.decode()[:500]
    html = page.content.decode()
    assert "association, not an evaluation" in html
    assert 'data-testid="groups-table"' in html and "Top hot spots" in html
    assert "hours-crime-spec" in html
