"""Gi* study area: the force's own area (from its boundaries) instead of the crimes' extent."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from prevhub.crime.find.hotspots import find_hotspots, hotspots_from_points
from prevhub.crime.find.points import CrimePoints
from prevhub.crime.geography import read_boundaries
from prevhub.crime.store import CrimeStore
from prevhub.errors import PrevhubError

CELL = 250.0


def _points(xy: list[tuple[float, float]], force: str = "nottinghamshire") -> CrimePoints:
    """CrimePoints at BNG positions (other columns filled with neutral values)."""
    n = len(xy)
    x = np.array([p[0] for p in xy], float)
    y = np.array([p[1] for p in xy], float)
    blank = np.array([None] * n, dtype=object)
    return CrimePoints(
        x=x,
        y=y,
        longitude=np.zeros(n),
        latitude=np.zeros(n),
        month=np.array(["2024-01"] * n),
        date=np.array(["2024-01-01"] * n, "datetime64[D]"),
        crime_type=np.array(["Burglary"] * n),
        harm_days=np.ones(n),
        lsoa_code=blank,
        lsoa_name=blank,
        district=blank,
        location=blank,
        victim=None,
        source="police-uk",
        date_resolution="month",
        forces=[force],
        period=("2024-01", "2024-01"),
    )


def _l_shaped_force(tmp_path: Path) -> Path:
    """An L of five 250 m cells in BNG: the left column and the bottom row of a 3 x 3 block.

    The 2 x 2 notch at the top right is outside the force (like a rural force's empty corner
    that belongs to a neighbour).
    """
    x0, y0 = 450000.0, 340000.0
    ring = [
        [x0, y0],
        [x0 + 3 * CELL, y0],
        [x0 + 3 * CELL, y0 + CELL],
        [x0 + CELL, y0 + CELL],
        [x0 + CELL, y0 + 3 * CELL],
        [x0, y0 + 3 * CELL],
        [x0, y0],
    ]
    data = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "EPSG:27700"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"lsoa_code": "E01000001", "lsoa_name": "Testshire 001A"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ],
    }
    path = tmp_path / "l.geojson"
    path.write_text(json.dumps(data))
    return path


def test_gi_star_over_the_force_area_matches_a_hand_working(tmp_path: Path) -> None:
    """Four crimes in the south-west cell, one in each far arm of the L.

    Hand working (Getis & Ord 1992, binary queen weights including the cell itself):

    * force area, n = 5 cells, x = (4, 0, 1, 0, 1): mean 6/5, S² = 18/5 - 36/25 = 54/25;
      the corner cell's neighbours inside the L are itself, north and east: W = 3, sum 4;
      z = (4 - 3·6/5) / (S·sqrt((5·3 - 9)/4)) = 0.4 / sqrt(54/25 · 3/2) = 0.4 / 1.8 = 2/9.
    * extent (the 3 x 3 box), n = 9: mean 2/3, S² = 18/9 - 4/9 = 14/9; W = 4 (the notch cell
      north-east is a neighbour), sum 4; z = (4 - 8/3) / sqrt(14/9 · (36 - 16)/8)
      = (4/3) / sqrt(35/9) = 4/sqrt(35) = 0.6761.
    """
    boundaries = read_boundaries(_l_shaped_force(tmp_path), force="nottinghamshire")
    centre = CELL / 2
    points = _points(
        [(450000 + centre, 340000 + centre)] * 4
        + [(450000 + centre, 340500 + centre), (450500 + centre, 340000 + centre)]
    )
    force = hotspots_from_points(points, cell=CELL, boundaries=boundaries, all_cells=True)
    extent = hotspots_from_points(points, cell=CELL, study_area="extent", all_cells=True)
    corner = "E450000N340000"
    z_force = next(c.z for c in force.cells if c.cell_id == corner)
    z_extent = next(c.z for c in extent.cells if c.cell_id == corner)
    assert z_force == pytest.approx(2 / 9, abs=1e-12)
    assert z_extent == pytest.approx(4 / math.sqrt(35), abs=1e-12)
    assert force.settings["study_area"] == "force"
    assert force.settings["study_area_cells"] == 5
    assert "5 cells whose centres lie in its 1 LSOAs" in force.settings["study_area_rule"]
    assert extent.settings["study_area"] == "extent"
    assert extent.settings["study_area_cells"] == 9
    notch = next(c for c in force.cells if c.cell_id == "E450250N340250")
    assert notch.z is None and notch.hotspot_class == 0  # outside: not tested


def test_an_edge_cell_holding_a_crime_stays_in_the_study_area(tmp_path: Path) -> None:
    boundaries = read_boundaries(_l_shaped_force(tmp_path), force="nottinghamshire")
    # a crime in the notch cell (centre outside the L) is a selected crime: it is not dropped
    points = _points([(450125.0, 340125.0)] * 3 + [(450300.0, 340300.0)])
    result = hotspots_from_points(points, cell=CELL, boundaries=boundaries)
    assert result.settings["study_area_cells"] == 6
    assert "plus 1 edge cells holding selected crimes" in result.settings["study_area_rule"]
    assert sum(c.count for c in result.cells) == 4


def test_a_force_without_boundaries_falls_back_to_the_extent_and_says_so() -> None:
    points = _points([(450125.0, 340125.0)] * 3 + [(451125.0, 341125.0)], force="kent")
    result = hotspots_from_points(points, cell=CELL)
    assert result.settings["study_area"] == "extent"
    assert "no boundaries for kent" in result.settings["study_area_rule"]
    assert any("bounding box" in w for w in result.warnings)
    with pytest.raises(PrevhubError, match="study area 'force' needs the force's boundaries"):
        hotspots_from_points(points, cell=CELL, study_area="force")
    with pytest.raises(PrevhubError, match="study area must be one of force, extent"):
        hotspots_from_points(points, cell=CELL, study_area="county")


def test_nottinghamshire_defaults_to_its_own_area_and_its_top_z_drops(
    notts_2024_store: Path,
) -> None:
    """All crime, 2024, 250 m cells. The force's area is 34,543 of the bounding box's cells.

    The extent's z is checked independently (esda is checked against it in test_gistar.py);
    here the point is the change: the busiest city cell's z falls by about a fifth (124.4 to
    100.9 when this was written) once the empty corners outside the county leave the mean.
    """
    with CrimeStore(notts_2024_store, read_only=True) as store:
        kwargs = {"force": "nottinghamshire", "cell": CELL}
        default = find_hotspots(store, "2024-01:2024-12", **kwargs)
        extent = find_hotspots(store, "2024-01:2024-12", study_area="extent", **kwargs)
    assert default.settings["study_area"] == "force"
    assert extent.settings["study_area"] == "extent"
    # the 250 m cells of the county: its area (2,159 km², Wikipedia/ONS) / 0.0625 km² ≈ 34,544
    assert default.settings["study_area_cells"] == pytest.approx(34_544, rel=0.01)
    assert extent.settings["study_area_cells"] == extent.grid.nx * extent.grid.ny
    top_force = default.cells[0]
    top_extent = extent.cells[0]
    assert top_force.cell_id == top_extent.cell_id  # the same busiest city-centre cell
    assert top_force.count == top_extent.count
    assert top_force.z < 0.85 * top_extent.z
    # Gi* by hand for that cell over the force's area: the mean and S of the tested cells
    values = np.array([c.count for c in default.cells if c.z is not None], float)
    n = default.settings["study_area_cells"]
    total, squares = values.sum(), (values**2).sum()  # empty cells add nothing to either
    mean = total / n
    s = math.sqrt(squares / n - mean * mean)
    grid = default.grid
    near = [
        c.count
        for c in default.cells
        if abs(c.x - top_force.x) <= grid.cell and abs(c.y - top_force.y) <= grid.cell
    ]
    w = 9  # city centre: all eight neighbours are inside the county
    z = (sum(near) - mean * w) / (s * math.sqrt((n * w - w * w) / (n - 1)))
    assert top_force.z == pytest.approx(z, rel=1e-9)


def test_prevhub_hotspots_takes_the_study_area_and_reports_it(notts_2024_store: Path) -> None:
    from typer.testing import CliRunner

    from prevhub.cli import app

    base = ["hotspots", "--period", "2024-01:2024-12", "--force", "nottinghamshire"]
    base += ["--crime-type", "Burglary", "--cell", "1000", "--store", str(notts_2024_store)]
    runner = CliRunner()
    found = {}
    for choice in ("force", "extent"):
        out = runner.invoke(app, [*base, "--study-area", choice, "--format", "json"])
        assert out.exit_code == 0, out.output
        found[choice] = json.loads(out.stdout)["settings"]
    with CrimeStore(notts_2024_store, read_only=True) as store:
        default = find_hotspots(
            store, "2024-01:2024-12", force="nottinghamshire", crime_type="Burglary", cell=1000
        )
    assert found["force"]["study_area"] == "force" == default.settings["study_area"]
    assert found["force"]["study_area_cells"] == default.settings["study_area_cells"]
    assert found["extent"]["study_area"] == "extent"
    assert found["extent"]["study_area_cells"] > found["force"]["study_area_cells"]
