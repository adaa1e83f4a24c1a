"""`prevhub hotspots` and `prevhub near-repeat` on the shared real data, through Typer's runner."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from prevhub.cli import app
from prevhub.crime.find.points import to_bng

from ..conftest import NOTTS_DERBYS, iter_csv_members
from .conftest import NEAR_REPEAT, read_chicago
from .test_knox import brute_force_table

runner = CliRunner()


def _notts_2024_burglary_points() -> tuple[np.ndarray, np.ndarray]:
    """Located Nottinghamshire 2024 burglaries inside the force's districts, read with csv."""
    from ..conftest import NOTTINGHAMSHIRE_DISTRICTS

    lon, lat = [], []
    for _, month, force, kind, reader in iter_csv_members(NOTTS_DERBYS):
        if force != "nottinghamshire" or kind != "street" or not month.startswith("2024"):
            continue
        for row in reader:
            district = row["LSOA name"].rsplit(" ", 1)[0] if row["LSOA name"] else None
            if row["Crime type"] != "Burglary" or not row["Longitude"]:
                continue
            if district not in NOTTINGHAMSHIRE_DISTRICTS:
                continue
            lon.append(float(row["Longitude"]))
            lat.append(float(row["Latitude"]))
    return to_bng(np.array(lon), np.array(lat))


def test_hotspots_csv_counts_equal_an_independent_count_of_the_zip(notts_2024_store: Path) -> None:
    result = runner.invoke(
        app,
        [
            "hotspots",
            "--period",
            "2024-01:2024-12",
            "--force",
            "nottinghamshire",
            "--crime-type",
            "Burglary",
            "--cell",
            "1000",
            "--method",
            "count",
            "--store",
            str(notts_2024_store),
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "cell_id",
        "x",
        "y",
        "count",
        "z",
        "p_value",
        "q_value",
        "hotspot_class",
        # grid cells are named by the packaged Nottinghamshire boundaries (test_boundaries.py)
        "lsoa_code",
        "lsoa_name",
        "ward_name",
        "district",
    ]
    x, y = _notts_2024_burglary_points()
    expected = Counter(
        f"E{int(a // 1000) * 1000}N{int(b // 1000) * 1000}" for a, b in zip(x, y, strict=True)
    )
    assert {r["cell_id"]: int(r["count"]) for r in rows} == dict(expected)
    assert "snapped to anonymous map points" in result.stderr


def test_hotspots_json_gistar_has_the_issue_columns(notts_2024_store: Path) -> None:
    result = runner.invoke(
        app,
        [
            "hotspots",
            "--period",
            "2024-01:2024-12",
            "--class",
            "victim-based",
            "--cell",
            "1000",
            "--method",
            "gistar",
            "--store",
            str(notts_2024_store),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["crs"] == "EPSG:27700"
    first = data["cells"][0]
    assert set(first) == {
        "cell_id",
        "x",
        "y",
        "count",
        "z",
        "p_value",
        "q_value",
        "hotspot_class",
    } | {
        "lsoa_code",  # places from the packaged boundaries (test_boundaries.py)
        "lsoa_name",
        "ward_name",
        "district",
    }
    assert first["hotspot_class"] == 3 and first["z"] > 2.58
    assert any("snapped" in w for w in data["warnings"])


def test_hotspots_geojson_is_wgs84_squares_with_the_same_properties(
    notts_2024_store: Path,
) -> None:
    result = runner.invoke(
        app,
        [
            "hotspots",
            "--period",
            "2024-06:2024-06",
            "--crime-type",
            "Robbery",
            "--cell",
            "2000",
            "--method",
            "gistar",
            "--store",
            str(notts_2024_store),
            "--format",
            "geojson",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    feature = data["features"][0]
    ring = feature["geometry"]["coordinates"][0]
    assert len(ring) == 5 and ring[0] == ring[-1]
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    assert -2.0 < min(lons) < -0.6 and 52.7 < min(lats) < 53.6  # Nottinghamshire
    assert {"cell_id", "x", "y", "count", "z", "p_value", "q_value", "hotspot_class"} <= set(
        feature["properties"]
    )


def test_hotspots_kde_warns_when_bandwidth_is_below_the_cell(notts_2024_store: Path) -> None:
    result = runner.invoke(
        app,
        [
            "hotspots",
            "--period",
            "2024-01:2024-03",
            "--crime-type",
            "Burglary",
            "--cell",
            "500",
            "--method",
            "kde",
            "--bandwidth",
            "200",
            "--store",
            str(notts_2024_store),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sum(c["count"] for c in data["cells"]) == data["events"]
    assert "smaller than the cell size" in result.stderr


def test_near_repeat_json_on_chicago_counts_pairs_independently() -> None:
    path = NEAR_REPEAT / "chicago_be_month1.csv"
    result = runner.invoke(
        app,
        [
            "near-repeat",
            str(path),
            "--columns",
            "x,y,date",
            "--space-band",
            "200",
            "--space-bands",
            "3",
            "--time-band",
            "7",
            "--time-bands",
            "2",
            "--distance",
            "manhattan",
            "--permutations",
            "99",
            "--seed",
            "1",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    x, y, t = read_chicago("chicago_be_month1.csv")
    assert data["observed"] == brute_force_table(x, y, t, 200, 3, 7, 2, "manhattan").tolist()
    assert data["space_bands"][0] == {"label": "same location (0 m)", "lo": 0, "hi": 0}
    assert [b["label"] for b in data["time_bands"]] == ["0 to 6 days", "7 to 13 days"]
    assert all(0 < p <= 1 for row in data["p_value"] for p in row)
    assert data["seed"] == 1 and data["permutations"] == 99


def test_near_repeat_on_the_store_warns_about_months_and_snapping(notts_2024_store: Path) -> None:
    result = runner.invoke(
        app,
        [
            "near-repeat",
            "--period",
            "2024-01:2024-03",
            "--crime-type",
            "Burglary",
            "--space-band",
            "200",
            "--space-bands",
            "2",
            "--time-band",
            "31",
            "--time-bands",
            "2",
            "--permutations",
            "19",
            "--seed",
            "3",
            "--store",
            str(notts_2024_store),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "snapped to anonymous map points" in result.stderr
    assert "only the month" in result.stderr


def test_near_repeat_refuses_both_a_file_and_a_period(tmp_path: Path) -> None:
    from prevhub.errors import PrevhubError

    result = runner.invoke(
        app, ["near-repeat", str(tmp_path / "x.csv"), "--period", "2024-01:2024-02"]
    )
    assert result.exit_code != 0
    assert isinstance(result.exception, PrevhubError)
