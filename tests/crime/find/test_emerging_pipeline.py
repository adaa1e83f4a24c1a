"""Emerging hot spots from the store: the library pipeline and ``prevhub emerging``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from prevhub.cli import app
from prevhub.crime.find import emerging_hot_spots, find_emerging, make_grid, select_points
from prevhub.crime.find.emerging import EMERGING_COLUMNS, time_slices
from prevhub.crime.store import CrimeStore
from prevhub.errors import PrevhubError

runner = CliRunner()
FORCE = "nottinghamshire"


def _renamed(key: str) -> str:
    return "trend_p_value" if key == "trend_p" else key


def test_the_library_gives_the_same_result_as_the_find_page_selector(
    notts_2024_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's own assembly (find/selectors.py, written before the library had one)."""
    from prevhub.find import selectors

    monkeypatch.setenv("PREVHUB_STORE", str(notts_2024_store))
    for crime_type, cell in (("Burglary", None), (None, 1000.0)):
        selection = selectors.Selection(
            force=FORCE, period=("2024-01", "2024-12"), crime_type=crime_type
        )
        page = selectors.emerging(selectors.EmergingQuery(selection=selection, cell=cell))
        with CrimeStore(notts_2024_store, read_only=True) as store:
            lib = find_emerging(
                store, "2024-01:2024-12", force=FORCE, crime_type=crime_type, cell=cell
            )
        # one vocabulary: the page's "trend_p" is the library's "trend_p_value"; nothing else
        renamed = [{_renamed(k): v for k, v in row.items()} for row in page.rows]
        assert lib.rows == renamed
        assert [f["geometry"] for f in lib.geojson["features"]] == [
            f["geometry"] for f in page.geojson["features"]
        ]
        assert [f["properties"] for f in lib.geojson["features"]] == renamed
        assert (lib.months, lib.cell, lib.cell_rule, lib.events, lib.warnings) == (
            page.months,
            page.cell,
            page.cell_rule,
            page.events,
            page.warnings,
        )
        assert lib.complete


def test_a_period_with_months_missing_is_refused_or_flagged(notts_2024_store: Path) -> None:
    with CrimeStore(notts_2024_store, read_only=True) as store:
        with pytest.raises(
            PrevhubError, match="months missing from the store for nottinghamshire: 2023-12"
        ):
            find_emerging(store, "2023-12:2024-03", force=FORCE, crime_type="Burglary", cell=1000)
        flagged = find_emerging(
            store,
            "2023-12:2024-03",
            force=FORCE,
            crime_type="Burglary",
            cell=1000,
            allow_incomplete=True,
        )
        points = select_points(store, "2024-01:2024-03", force=FORCE, crime_type="Burglary")
    assert flagged.missing_months == {FORCE: ["2023-12"]}
    assert not flagged.complete
    assert flagged.to_dict()["complete"] is False
    assert any("Months missing from the store" in w and "2023-12" in w for w in flagged.warnings)
    # independently: the missing month is an empty first slice of the same cube
    grid = make_grid(points.x, points.y, 1000)
    cube = [np.zeros(grid.shape)]
    for month in ("2024-01", "2024-02", "2024-03"):
        row, col = grid.locate(points.x[points.month == month], points.y[points.month == month])
        counts = np.zeros(grid.shape)
        np.add.at(counts, (row, col), 1)
        cube.append(counts)
    expected = emerging_hot_spots(np.stack(cube), 1000)
    assert [c.category for c in flagged.cells] == list(expected.category[expected.study_area])
    assert flagged.slices[0] == ("2023-12", "2023-12")


def test_quarterly_slices_sum_the_months_of_each_quarter(notts_2024_store: Path) -> None:
    with CrimeStore(notts_2024_store, read_only=True) as store:
        result = find_emerging(
            store, "2024-01:2024-12", force=FORCE, crime_type="Burglary", cell=1000, slice_months=3
        )
        points = select_points(store, "2024-01:2024-12", force=FORCE, crime_type="Burglary")
    assert result.slices == [
        ("2024-01", "2024-03"),
        ("2024-04", "2024-06"),
        ("2024-07", "2024-09"),
        ("2024-10", "2024-12"),
    ]
    grid = make_grid(points.x, points.y, 1000)
    quarter = np.array([(int(m[5:]) - 1) // 3 for m in points.month])
    cube = np.zeros((4, *grid.shape))
    row, col = grid.locate(points.x, points.y)
    np.add.at(cube, (quarter, row, col), 1)  # brute-force count, not grid_counts
    expected = emerging_hot_spots(cube, 1000)
    classes = expected.slice_classes[:, expected.study_area]
    assert [c.hot_slices for c in result.cells] == list((classes > 0).sum(axis=0))
    assert [c.category for c in result.cells] == list(expected.category[expected.study_area])
    assert sum(c.count for c in result.cells) == len(points)
    assert any("only 4 time slices" in w for w in result.warnings)


def test_slices_must_divide_the_period() -> None:
    with pytest.raises(PrevhubError, match="5 months do not divide into slices of 2"):
        time_slices(["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"], 2)


def test_prevhub_emerging_writes_csv_json_and_geojson(notts_2024_store: Path) -> None:
    base = [
        "emerging",
        "--period",
        "2024-01:2024-12",
        "--force",
        FORCE,
        "--crime-type",
        "Burglary",
        "--cell",
        "1000",
        "--store",
        str(notts_2024_store),
    ]
    with CrimeStore(notts_2024_store, read_only=True) as store:
        lib = find_emerging(store, "2024-01:2024-12", force=FORCE, crime_type="Burglary", cell=1000)
    as_csv = runner.invoke(app, [*base, "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert tuple(rows[0]) == EMERGING_COLUMNS
    assert len(rows) == len(lib.cells)
    assert sum(int(r["count"]) for r in rows) == lib.events  # plain integers, no separators
    assert {r["category"] for r in rows} == {c.category for c in lib.cells}
    as_json = runner.invoke(app, [*base, "--format", "json"])
    data = json.loads(as_json.stdout)
    assert data["complete"] is True and len(data["slices"]) == 12
    assert data["categories"] == lib.category_counts()
    as_geojson = runner.invoke(app, [*base, "--format", "geojson"])
    features = json.loads(as_geojson.stdout)["features"]
    assert len(features) == len(lib.cells)
    assert features[0]["properties"] == lib.rows[0]
    table = runner.invoke(app, [*base, "--limit", "3"])
    assert table.exit_code == 0 and "emerging hot spots" in table.stdout
    gap = runner.invoke(app, [*base[:2], "2023-12:2024-03", *base[3:]])
    assert gap.exit_code != 0 and "months missing" in str(gap.exception)
    allowed = runner.invoke(
        app, [*base[:2], "2023-12:2024-03", *base[3:], "--allow-incomplete", "--format", "json"]
    )
    assert json.loads(allowed.stdout)["missing_months"] == {FORCE: ["2023-12"]}
