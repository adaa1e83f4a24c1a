"""Boundaries: packaged Nottinghamshire LSOAs and wards, lookups, and an administrator's load.

Expected places come from the shared ONS files read with ``json`` and tested with shapely in
WGS84 one polygon at a time (no STRtree, no projection), so they do not depend on the code
under test.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from shapely.geometry import Point, shape
from typer.testing import CliRunner

from prevhub.cli import app
from prevhub.crime.find.grid import Grid
from prevhub.crime.find.points import from_bng, to_bng
from prevhub.crime.geography import (
    PACKAGED_ATTRIBUTION,
    force_boundaries,
    install_boundaries,
    installed_boundaries_path,
    packaged_boundary_forces,
    read_boundaries,
)
from prevhub.errors import PrevhubError

from ..conftest import SHARED_DATA

BOUNDARIES = SHARED_DATA / "boundaries"
runner = CliRunner()

#: Points checked by hand against the ONS files (WGS84 longitude, latitude).
OLD_MARKET_SQUARE = (-1.1505, 52.9536)
MANSFIELD_MARKET_PLACE = (-1.1985, 53.1437)
LEICESTER_CLOCK_TOWER = (-1.1353, 52.6362)


def _brute_force_feature(path: Path, lon: float, lat: float, key: str) -> str | None:
    """The ``key`` property of the first feature of ``path`` holding the point (WGS84)."""
    for feature in json.loads(path.read_text())["features"]:
        if shape(feature["geometry"]).intersects(Point(lon, lat)):
            return feature["properties"][key]
    return None


def _square_collection(squares: list[tuple[str, str, float, float, float]]) -> dict:
    """LSOA-like squares (code, name, west, south, side in degrees) as a FeatureCollection."""
    features = []
    for code, name, west, south, side in squares:
        ring = [
            [west, south],
            [west + side, south],
            [west + side, south + side],
            [west, south + side],
            [west, south],
        ]
        features.append(
            {
                "type": "Feature",
                "properties": {"lsoa_code": code, "lsoa_name": name},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def test_nottinghamshire_is_packaged_with_its_lsoas_wards_and_districts() -> None:
    found = force_boundaries("nottinghamshire", home=Path("/nonexistent"))
    assert found is not None
    assert "nottinghamshire" in packaged_boundary_forces()
    assert found.source == "packaged"
    assert found.attribution == PACKAGED_ATTRIBUTION
    # counts from shared/data/README.md: 679 LSOAs, 20 city wards, 8 districts (CSP areas)
    assert len(found.lsoa_code) == 679
    assert len(found.ward_code) == 20
    assert len(set(found.district)) == 8
    # Wikipedia/ONS: the ceremonial county of Nottinghamshire covers 2,159 km²
    assert found.area_km2 == pytest.approx(2159, rel=0.01)


def test_a_point_is_named_by_the_lsoa_ward_and_district_that_hold_it(shared_data: Path) -> None:
    found = force_boundaries("nottinghamshire", home=Path("/nonexistent"))
    assert found is not None
    lsoas = BOUNDARIES / "lsoa2011_nottinghamshire.geojson"
    wards = BOUNDARIES / "nottingham_wards.geojson"
    lon = np.array([OLD_MARKET_SQUARE[0], MANSFIELD_MARKET_PLACE[0], LEICESTER_CLOCK_TOWER[0]])
    lat = np.array([OLD_MARKET_SQUARE[1], MANSFIELD_MARKET_PLACE[1], LEICESTER_CLOCK_TOWER[1]])
    x, y = to_bng(lon, lat)
    square, mansfield, leicester = found.places(x, y)
    assert square is not None and mansfield is not None
    assert square.lsoa_code == _brute_force_feature(lsoas, *OLD_MARKET_SQUARE, "lsoa_code")
    assert square.ward_name == _brute_force_feature(wards, *OLD_MARKET_SQUARE, "ward_name")
    assert square.ward_name == "Castle"  # the Old Market Square is in Castle ward
    assert square.district == "Nottingham"
    assert mansfield.lsoa_code == _brute_force_feature(lsoas, *MANSFIELD_MARKET_PLACE, "lsoa_code")
    assert mansfield.district == "Mansfield"
    assert mansfield.ward_name is None  # wards are packaged for the city only
    assert leicester is None  # Leicester is not in Nottinghamshire
    assert found.place(float(x[0]), float(y[0])) == square


def test_every_lsoa_centroid_is_found_in_its_own_lsoa() -> None:
    found = force_boundaries("nottinghamshire", home=Path("/nonexistent"))
    assert found is not None
    import shapely

    inner = shapely.point_on_surface(found.lsoa_bng)  # always inside its own polygon
    places = found.places(shapely.get_x(inner), shapely.get_y(inner))
    assert [p.lsoa_code if p else None for p in places] == list(found.lsoa_code)


def test_cells_inside_a_hand_made_area_are_those_whose_centres_it_holds(tmp_path: Path) -> None:
    # Two LSOA squares side by side, 0.01 degrees each; the grid's cells are 200 m.
    path = tmp_path / "two.geojson"
    path.write_text(
        json.dumps(
            _square_collection(
                [
                    ("E01000001", "Testshire 001A", -1.20, 52.90, 0.01),
                    ("E01000002", "Testshire 001B", -1.19, 52.90, 0.01),
                ]
            )
        )
    )
    found = read_boundaries(path, force="nottinghamshire")
    grid = Grid(x0=452000.0, y0=334000.0, cell=200.0, nx=30, ny=20)
    mask = found.cells_inside(grid)
    # hand count: a cell is in when its centre, taken back to WGS84, is in the 0.02 x 0.01 box
    xx, yy = grid.centres()
    lon, lat = from_bng(xx.ravel(), yy.ravel())
    expected = ((lon >= -1.20) & (lon <= -1.18) & (lat >= 52.90) & (lat <= 52.91)).reshape(
        grid.shape
    )
    assert mask.sum() > 0
    assert np.array_equal(mask, expected)
    # the area is the union: about 0.02 x 0.01 degrees at 52.9 N, 1.34 km x 1.11 km
    assert found.area_km2 == pytest.approx(1.342 * 1.113, rel=0.01)


def test_layers_for_a_map_are_wgs84_geojson_with_the_attribution() -> None:
    found = force_boundaries("nottinghamshire", home=Path("/nonexistent"))
    assert found is not None
    districts = found.geojson("district")
    assert districts["attribution"] == PACKAGED_ATTRIBUTION
    assert sorted(f["properties"]["district"] for f in districts["features"]) == sorted(
        set(found.district)
    )
    area = found.geojson("area")["features"][0]["geometry"]
    assert area["type"] in ("Polygon", "MultiPolygon")
    assert len(found.geojson("ward")["features"]) == 20
    with pytest.raises(PrevhubError, match="layer must be"):
        found.geojson("county")


def test_an_administrator_loads_a_force_atomically_and_idempotently(
    shared_data: Path, tmp_path: Path
) -> None:
    source = BOUNDARIES / "lsoa2011_leicestershire.geojson"
    first = install_boundaries(source, force="leicestershire", home=tmp_path)
    assert first.status == "loaded"
    assert first.lsoas == 611  # shared/data/README.md
    assert "Leicester" in first.districts
    stored = first.path.read_bytes()
    again = install_boundaries(source, force="leicestershire", home=tmp_path)
    assert again.status == "unchanged"
    assert first.path.read_bytes() == stored
    assert sorted(p.name for p in first.path.parent.iterdir()) == ["leicestershire.zip"]
    found = force_boundaries("leicestershire", home=tmp_path)
    assert found is not None and found.source == str(first.path)
    x, y = to_bng(np.array([LEICESTER_CLOCK_TOWER[0]]), np.array([LEICESTER_CLOCK_TOWER[1]]))
    place = found.place(float(x[0]), float(y[0]))
    assert place is not None
    assert place.lsoa_code == _brute_force_feature(source, *LEICESTER_CLOCK_TOWER, "lsoa_code")
    assert place.district == "Leicester"


def test_installed_boundaries_replace_the_packaged_ones_and_a_bad_file_changes_nothing(
    tmp_path: Path,
) -> None:
    good = tmp_path / "good.geojson"
    good.write_text(
        json.dumps(_square_collection([("E01000001", "Newark 001A", -0.8, 53.0, 0.01)]))
    )
    report = install_boundaries(good, force="nottinghamshire", home=tmp_path / "home")
    assert report.status == "loaded"
    found = force_boundaries("nottinghamshire", home=tmp_path / "home")
    assert found is not None and found.lsoa_code == ("E01000001",)
    before = report.path.read_bytes()
    bad = _square_collection(
        [
            ("E01000001", "Newark 001A", -0.8, 53.0, 0.01),
            ("E01000002", "Newark 001B", -0.79, 53.0, 0.01),
        ]
    )
    del bad["features"][1]["properties"]["lsoa_code"]
    bad_path = tmp_path / "bad.geojson"
    bad_path.write_text(json.dumps(bad))
    with pytest.raises(PrevhubError, match=r"bad\.geojson: feature 2: no LSOA code"):
        install_boundaries(bad_path, force="nottinghamshire", home=tmp_path / "home")
    assert report.path.read_bytes() == before
    changed = tmp_path / "changed.geojson"
    changed.write_text(
        json.dumps(_square_collection([("E01000009", "Newark 001C", -0.8, 53.0, 0.02)]))
    )
    assert install_boundaries(changed, force="nottinghamshire", home=tmp_path / "home").status == (
        "replaced"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(type="Feature"), "not a GeoJSON FeatureCollection"),
        (lambda d: d.update(features=[]), "has no features"),
        (
            lambda d: d["features"][0].update(geometry={"type": "Point", "coordinates": [0, 0]}),
            r"feature 1 \(E01000001\): geometry must be a Polygon or MultiPolygon, not Point",
        ),
        (
            lambda d: d["features"][0]["properties"].pop("lsoa_name"),
            r"feature 1 \(E01000001\): no LSOA name",
        ),
        (
            lambda d: d["features"][0]["properties"].update(lsoa_name="Somewhere"),
            r"feature 1 \(E01000001\): no district",
        ),
        (
            lambda d: d["features"].append(json.loads(json.dumps(d["features"][0]))),
            r"feature 2 \(E01000001\): LSOA code E01000001 is also feature 1",
        ),
        (
            lambda d: d["features"][0]["geometry"].update(
                coordinates=[
                    [[455000, 340000], [456000, 340000], [456000, 341000], [455000, 340000]]
                ]
            ),
            "are not longitude/latitude",
        ),
        (
            lambda d: d["features"][0]["geometry"].update(
                coordinates=[[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]
            ),
            r"feature 1 \(E01000001\): the polygon is not valid \(Self-intersection",
        ),
        (lambda d: d.update(crs={"properties": {"name": "EPSG:3857"}}), "EPSG:3857"),
    ],
)
def test_a_bad_boundaries_file_is_refused_naming_the_file_and_the_feature(
    tmp_path: Path, change, message: str
) -> None:
    data = _square_collection([("E01000001", "Newark 001A", -0.8, 53.0, 0.01)])
    change(data)
    path = tmp_path / "lsoas.geojson"
    path.write_text(json.dumps(data))
    with pytest.raises(PrevhubError, match=f"{path}.*{message}"):
        read_boundaries(path, force="nottinghamshire")


def test_british_national_grid_files_are_accepted_with_a_crs_member(tmp_path: Path) -> None:
    data = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"LSOA21CD": "E01000001", "LSOA21NM": "Gedling 001A"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [
                            [460000, 340000],
                            [461000, 340000],
                            [461000, 341000],
                            [460000, 341000],
                            [460000, 340000],
                        ]  # fmt: skip
                    ],
                },
            }
        ],
    }
    path = tmp_path / "bng.geojson"
    path.write_text(json.dumps(data))
    found = read_boundaries(path, force="nottinghamshire")
    assert found.lsoa_code == ("E01000001",)
    assert found.district == ("Gedling",)
    assert found.area_km2 == pytest.approx(1.0, rel=1e-3)  # 1 km square, back and forth
    place = found.place(460500.0, 340500.0)
    assert place is not None and place.lsoa_name == "Gedling 001A"


def test_an_unknown_force_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.geojson"
    path.write_text(
        json.dumps(_square_collection([("E01000001", "Newark 001A", -0.8, 53.0, 0.01)]))
    )
    with pytest.raises(PrevhubError, match="'notts' is not a police.uk force id"):
        install_boundaries(path, force="notts", home=tmp_path)


def test_the_boundaries_command_loads_into_prevhub_home(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREVHUB_HOME", str(tmp_path))
    source = BOUNDARIES / "lsoa2011_derbyshire.geojson"
    result = runner.invoke(app, ["boundaries", "load", str(source), "--force", "derbyshire"])
    assert result.exit_code == 0, result.output
    assert "Loaded 642 LSOAs for derbyshire" in result.output  # 642: shared/data/README.md
    assert installed_boundaries_path("derbyshire").is_file()
    again = runner.invoke(app, ["boundaries", "load", str(source), "--force", "derbyshire"])
    assert again.exit_code == 0 and "Unchanged" in again.output
    shown = runner.invoke(app, ["boundaries", "show", "--force", "derbyshire"])
    assert shown.exit_code == 0 and "642 LSOAs" in shown.output
    missing = runner.invoke(app, ["boundaries", "show", "--force", "kent"])
    assert missing.exit_code != 0
    assert "no boundaries for 'kent'" in str(missing.exception)


def test_hot_spot_rows_are_named_by_the_lsoa_ward_and_district_at_their_centre(
    notts_2024_store: Path,
) -> None:
    from prevhub.crime.find.hotspots import find_hotspots
    from prevhub.crime.store import CrimeStore

    with CrimeStore(notts_2024_store, read_only=True) as store:
        result = find_hotspots(
            store, "2024-01:2024-12", force="nottinghamshire", crime_type="Burglary", cell=500
        )
    places = result.places()
    assert len(places) == len(result.cells)
    lsoas = BOUNDARIES / "lsoa2011_nottinghamshire.geojson"
    wards = BOUNDARIES / "nottingham_wards.geojson"
    for cell, place in list(zip(result.cells, places, strict=True))[:5]:
        lon, lat = from_bng(np.array([cell.x]), np.array([cell.y]))
        assert place is not None
        assert place.lsoa_code == _brute_force_feature(lsoas, lon[0], lat[0], "lsoa_code")
        assert place.ward_name == _brute_force_feature(wards, lon[0], lat[0], "ward_name")
    assert places[0] is not None and places[0].district == "Nottingham"  # the top cell
    out = runner.invoke(
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
            "500",
            "--store",
            str(notts_2024_store),
            "--format",
            "json",
        ],
    )
    first = json.loads(out.stdout)["cells"][0]
    assert first["lsoa_name"] == places[0].lsoa_name
    assert first["ward_name"] == places[0].ward_name
