"""The Find pages show the crime library's figures, and the downloads equal an independent count."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from prevhub.core import roles
from prevhub.core.testing import OrganisationFactory, make_user
from prevhub.crime import CrimeStore
from prevhub.crime.find import find_hotspots, near_repeat_from_store, to_bng
from prevhub.crime.find.emerging import CATEGORIES
from prevhub.crime.find.hotspots import COLUMNS
from tests.insights.store_fixtures import DEMO_ZIP, REFERENCE

pytestmark = pytest.mark.django_db
SELECTION = {
    "force": "nottinghamshire",
    "period_from": "2024-01",
    "period_to": "2024-03",
    "crime": "type:Burglary",
}


@pytest.fixture
def analyst(client: Any, use_demo_store: Path) -> Any:
    client.force_login(make_user(roles.ANALYST))
    return client


def _csv(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _map_features(page: str, script_id: str) -> list[dict[str, Any]]:
    """The features of a map's JSON data block, as the browser's map script reads them."""
    start = page.index(f'<script id="{script_id}" type="application/json">')
    body = page[page.index(">", start) + 1 : page.index("</script>", start)]
    return json.loads(body)["features"]


def _independent_burglary_cells(cell: int) -> Counter:
    """Cell ids of located Nottinghamshire burglaries, 2024-01..03, read from the demo zip with
    the csv module: rows in LSOAs outside the force's districts left out, as documented."""
    with (REFERENCE / "force_districts.csv").open() as f:
        districts = {r["district"] for r in csv.DictReader(f) if r["force"] == "nottinghamshire"}
    lon, lat = [], []
    with zipfile.ZipFile(DEMO_ZIP) as archive:
        for name in archive.namelist():
            if not name.endswith("-nottinghamshire-street.csv"):
                continue
            with archive.open(name) as raw:
                for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")):
                    if row["Crime type"] != "Burglary" or not row["Longitude"]:
                        continue
                    if row["Month"] not in ("2024-01", "2024-02", "2024-03"):
                        continue
                    lsoa = row["LSOA name"].strip()
                    if lsoa and lsoa.rsplit(" ", 1)[0] not in districts:
                        continue
                    lon.append(float(row["Longitude"]))
                    lat.append(float(row["Latitude"]))
    x, y = to_bng(np.array(lon), np.array(lat))
    return Counter(
        f"E{int(a // cell) * cell}N{int(b // cell) * cell}" for a, b in zip(x, y, strict=True)
    )


# --- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/find/", "/find/emerging/", "/find/near-repeat/"])
def test_partners_and_users_without_a_find_role_get_404(
    client: Any, use_demo_store: Path, path: str
) -> None:
    council = OrganisationFactory(name="Council", slug="council")
    for user in (
        make_user(roles.PARTNER, council, username="partner"),
        make_user(roles.SAFEGUARDING, username="officer"),
        make_user(None, username="nobody"),
    ):
        client.force_login(user)
        assert client.get(path).status_code == 404, user.username
        assert client.get(path, {**SELECTION, "format": "csv"}).status_code == 404


@pytest.mark.parametrize("role", [roles.ANALYST, roles.COORDINATOR, roles.HUB_LEAD, roles.ADMIN])
def test_the_area_s_roles_and_administrators_see_find(
    client: Any, use_demo_store: Path, role: str
) -> None:
    client.force_login(make_user(role))
    response = client.get("/find/")
    assert response.status_code == 200
    assert b'data-map-features="hotspot-map-features"' in response.content


def test_anonymous_users_are_sent_to_sign_in(client: Any) -> None:
    response = client.get("/find/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- hot spots --------------------------------------------------------------------------------


def test_default_page_is_a_gistar_map_of_the_latest_months(analyst: Any) -> None:
    page = analyst.get("/find/").content.decode()
    assert 'value="2024-01"' in page and 'value="2024-03"' in page
    assert "Hot spot, 99% confidence" in page
    assert "Locations are approximate" in page and page.count("Locations are approximate") == 1


def test_csv_counts_equal_an_independent_count_of_the_demo_zip(analyst: Any) -> None:
    query = {**SELECTION, "method": "count", "area": "grid", "cell": "1000", "format": "csv"}
    rows = _csv(analyst.get("/find/", query))
    # the CLI's columns; grid squares named by place, as `prevhub hotspots` names them
    assert list(rows[0]) == [*COLUMNS, "lsoa_code", "lsoa_name", "ward_name", "district"]
    expected = _independent_burglary_cells(1000)
    assert {r["cell_id"]: int(r["count"]) for r in rows} == dict(expected)
    assert sum(expected.values()) > 100  # a real test: the demo holds hundreds of burglaries


def test_table_and_csv_equal_the_library_for_the_same_arguments(
    analyst: Any, use_demo_store: Path
) -> None:
    query = {**SELECTION, "method": "gistar", "area": "grid", "cell": "500"}
    with CrimeStore(use_demo_store, read_only=True) as store:
        result = find_hotspots(
            store,
            ("2024-01", "2024-03"),
            method="gistar",
            area="grid",
            cell=500,
            crime_type="Burglary",
            force="nottinghamshire",
        )
    rows = _csv(analyst.get("/find/", {**query, "format": "csv"}))
    assert len(rows) == len(result.cells)
    for row, cell, place in zip(rows, result.cells, result.places(), strict=True):
        expected = cell.to_dict()
        for column in COLUMNS:
            value = expected[column]
            assert row[column] == ("" if value is None else str(value)), column
        assert row["lsoa_name"] == ("" if place is None else place.lsoa_name)
        assert row["district"] == ("" if place is None else place.district)
    page = analyst.get("/find/", query).content.decode()
    top = result.cells[0]
    assert top.hotspot_class == 3
    assert f">{top.cell_id}<" in page and f">{top.z:.2f}<" in page
    for cell in result.cells[:25]:
        assert f">{cell.cell_id}<" in page


def test_lsoa_csv_has_the_area_name_column(analyst: Any) -> None:
    rows = _csv(
        analyst.get("/find/", {**SELECTION, "area": "lsoa", "method": "count", "format": "csv"})
    )
    assert list(rows[0])[:2] == ["cell_id", "area_name"]
    assert all(r["cell_id"].startswith("E0") for r in rows)


def test_geojson_download_is_geojson_with_the_documented_properties(analyst: Any) -> None:
    response = analyst.get(
        "/find/", {**SELECTION, "method": "gistar", "cell": "1000", "format": "geojson"}
    )
    assert response["Content-Type"] == "application/geo+json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection" and data["features"]
    assert data["metadata"]["crs"] == "EPSG:27700"  # of x and y; the geometry is WGS84
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Polygon"
        ring = feature["geometry"]["coordinates"][0]
        assert len(ring) == 5 and ring[0] == ring[-1]
        for lon, lat in ring:
            assert -1.5 < lon < -0.6 and 52.7 < lat < 53.6  # Nottinghamshire
        assert set(COLUMNS) <= set(feature["properties"])
        assert feature["properties"]["hotspot_class"] in range(-3, 4)


def test_kernel_density_on_areas_is_a_form_error(analyst: Any) -> None:
    page = analyst.get("/find/", {**SELECTION, "method": "kde", "area": "district"})
    assert "Kernel density is worked out on grid squares" in page.content.decode()


def test_periods_longer_than_36_months_are_refused_with_a_clear_error(analyst: Any) -> None:
    query = {**SELECTION, "period_from": "2020-01", "period_to": "2024-03"}
    page = analyst.get("/find/", query).content.decode()
    assert "Choose at most 36 months (51 chosen)" in page
    assert analyst.get("/find/", {**query, "format": "csv"})["Content-Type"].startswith("text/html")


# --- emerging hot spots -----------------------------------------------------------------------


def test_emerging_page_counts_every_study_cell_once(analyst: Any) -> None:
    query = {**SELECTION, "crime": "class:victim-based", "cell": "1000"}
    response = analyst.get("/find/emerging/", query)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Only 3 monthly slices" in page  # the library's warning, in words: Esri asks for 10
    rows = _csv(analyst.get("/find/emerging/", {**query, "format": "csv"}))
    assert {r["category"] for r in rows} <= set(CATEGORIES)
    key = response.context["map"]["legend"]
    assert sum(item["cells"] for item in key) == len(rows)
    assert sum(int(r["count"]) for r in rows) == response.context["result"].events


def test_emerging_csv_equals_the_library_pipeline(analyst: Any, use_demo_store: Path) -> None:
    from prevhub.crime.find import find_emerging
    from prevhub.crime.find.emerging import EMERGING_COLUMNS

    query = {**SELECTION, "cell": "1000"}
    rows = _csv(analyst.get("/find/emerging/", {**query, "format": "csv"}))
    with CrimeStore(use_demo_store, read_only=True) as store:
        result = find_emerging(
            store,
            ("2024-01", "2024-03"),
            cell=1000,
            crime_type="Burglary",
            force="nottinghamshire",
        )
    assert list(rows[0]) == list(EMERGING_COLUMNS)
    assert len(rows) == len(result.cells)
    for row, cell in zip(rows, result.cells, strict=True):
        expected = cell.to_dict()
        assert {c: row[c] for c in EMERGING_COLUMNS} == {
            c: "" if expected[c] is None else str(expected[c]) for c in EMERGING_COLUMNS
        }


def test_emerging_needs_two_months(analyst: Any) -> None:
    page = analyst.get("/find/emerging/", {**SELECTION, "period_from": "2024-03"})
    assert "Choose at least 2 months" in page.content.decode()


# --- near repeat ------------------------------------------------------------------------------

KNOX = {
    **SELECTION,
    "space_band": "200",
    "space_bands": "3",
    "time_band": "31",
    "time_bands": "3",
    "distance": "manhattan",
    "permutations": "99",
    "seed": "7",
}


def test_near_repeat_json_equals_the_library_with_the_same_seed(
    analyst: Any, use_demo_store: Path
) -> None:
    response = analyst.get("/find/near-repeat/", {**KNOX, "format": "json"})
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    with CrimeStore(use_demo_store, read_only=True) as store:
        result, _ = near_repeat_from_store(
            store,
            ("2024-01", "2024-03"),
            crime_type="Burglary",
            force="nottinghamshire",
            space_band=200.0,
            n_space_bands=3,
            time_band=31.0,
            n_time_bands=3,
            distance="manhattan",
            permutations=99,
            seed=7,
        )
    assert data == json.loads(json.dumps(result.to_dict()))
    assert data["space_bands"][0]["label"] == "same location (0 m)"


def test_near_repeat_heat_table_says_what_the_bands_hold(analyst: Any) -> None:
    response = analyst.get("/find/near-repeat/", KNOX)
    page = response.content.decode()
    assert 'data-testid="knox-table"' in page
    assert "half-open bands [lo, hi)" in page
    assert "a pair exactly 200 m apart is in" in page
    assert "undefined at the scale of days" in page  # police.uk: month dates only
    assert "seed 7" in page and "99 random reshuffles" in page
    knox = response.context["knox"]
    assert len(knox["rows"]) == 4 and len(knox["rows"][0]["cells"]) == 3
    assert page.count("hub-heat--") >= 12


def test_near_repeat_without_a_seed_reports_the_one_drawn(analyst: Any) -> None:
    response = analyst.get("/find/near-repeat/", {**KNOX, "seed": ""})
    seed = response.context["result"].seed
    assert f"seed={seed}" in response.context["query_string"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("permutations", "5000", "less than or equal to 999"),
        ("period_from", "2021-01", "Choose at most 36 months"),
        ("space_bands", "50", "less than or equal to 20"),
    ],
)
def test_near_repeat_caps_are_form_errors(
    analyst: Any, field: str, value: str, message: str
) -> None:
    response = analyst.get("/find/near-repeat/", {**KNOX, field: value})
    assert message in response.content.decode()
    assert response.context["result"] is None


# --- base map settings ------------------------------------------------------------------------


def test_without_a_tile_url_no_base_map_is_asked_for(analyst: Any) -> None:
    page = analyst.get("/find/").content.decode()
    assert "data-tile-url" not in page and "No base map is configured" in page


def test_a_tile_url_reaches_the_map_with_its_attribution(analyst: Any, settings: Any) -> None:
    settings.PREVHUB_MAP_TILE_URL = "https://tiles.example.police.uk/{z}/{x}/{y}.png"
    settings.PREVHUB_MAP_TILE_ATTRIBUTION = "© Example Tiles"
    page = analyst.get("/find/").content.decode()
    assert 'data-tile-url="https://tiles.example.police.uk/{z}/{x}/{y}.png"' in page
    assert 'data-tile-attribution="© Example Tiles"' in page


def test_the_tile_server_s_origin_joins_the_csp_image_sources() -> None:
    import os
    import subprocess
    import sys

    code = (
        "from prevhub.web.settings import test as s;"
        "print(' '.join(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
    )
    env = {**os.environ, "PREVHUB_MAP_TILE_URL": "https://{s}.tile.example.org/{z}/{x}/{y}.png"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["'self'", "data:", "https://*.tile.example.org"]


# --- defaults that fit month-dated data --------------------------------------------------------


def test_emerging_default_window_is_up_to_24_unbroken_months() -> None:
    from prevhub.find.selectors import EMERGING_MONTHS, latest_run

    thirty = [f"{2022 + (m // 12)}-{m % 12 + 1:02d}" for m in range(30)]  # 2022-01 .. 2024-06
    assert EMERGING_MONTHS == 24
    assert latest_run(thirty, EMERGING_MONTHS) == ("2022-07", "2024-06")  # 24 months, counted
    # a gap stops the window: it never spans a month the store does not hold
    assert latest_run(["2023-01", "2023-02", "2024-01", "2024-02"], 24) == ("2024-01", "2024-02")


def test_month_lags_say_which_months_apart_a_day_band_can_hold() -> None:
    from prevhub.find.selectors import month_lags

    # 1st-of-month dates: Feb 2023 -> Mar 2023 is 28 days, Jan -> Feb 31 (a calendar), so
    assert month_lags(0, 28) == "same month"
    assert month_lags(28, 56) == "next month"
    assert month_lags(56, 84) == "2 months apart"  # 59 (Jan->Mar 2023) to 62 (Jul->Sep) days
    assert month_lags(7, 14) == "no pairs possible with month dates"
    assert month_lags(0, 30) == "same month or next month (in part: next month)"


def test_near_repeat_defaults_to_28_day_bands_one_per_month_lag(analyst: Any) -> None:
    response = analyst.get("/find/near-repeat/")
    form = response.context["form"]
    assert form.cleaned_data["time_band"] == 28
    assert form.cleaned_data["time_bands"] == 3  # the default window holds 3 months
    knox = response.context["knox"]
    assert [b["months"] for b in knox["time_bands"]] == [
        "same month",
        "next month",
        "2 months apart",
    ]
    # every column has pairs expected somewhere (7-day bands left three in four empty)
    for c in range(3):
        assert any(row["cells"][c]["expected"] > 0 for row in knox["rows"]), c


# --- months missing from the store ------------------------------------------------------------


def test_emerging_refuses_a_period_with_months_missing_and_names_them(analyst: Any) -> None:
    # The demo store holds 2023-01..03 and 2024-01..03: April to December 2023 are missing.
    query = {**SELECTION, "period_from": "2023-01", "period_to": "2024-03"}
    response = analyst.get("/find/emerging/", query)
    page = response.content.decode()
    assert "April 2023 to December 2023 (9 months)" in page
    assert "January 2024 to March 2024" in page  # the run it can map instead
    assert response.context["result"] is None
    assert 'data-testid="emerging-map"' not in page and "emerging-table" not in page
    download = analyst.get("/find/emerging/", {**query, "format": "csv"})
    assert download["Content-Type"].startswith("text/html")


def test_hot_spots_over_a_gap_say_which_months_are_missing(analyst: Any) -> None:
    query = {**SELECTION, "period_from": "2023-03", "period_to": "2024-01", "method": "count"}
    page = analyst.get("/find/", query).content.decode()
    assert "Months missing from the crime store: April 2023 to December 2023 (9 months)" in page


# --- an invalid question shows no figures ------------------------------------------------------


@pytest.mark.parametrize("path", ["/find/", "/find/emerging/", "/find/repeats/"])
def test_an_invalid_form_shows_the_error_and_no_figures(analyst: Any, path: str) -> None:
    response = analyst.get(path, {**SELECTION, "period_from": "2020-01"})
    page = response.content.decode()
    assert "Choose at most 36 months" in page
    assert response.context["result"] is None
    assert "data-map-features" not in page and "located crimes" not in page


# --- figures in words -------------------------------------------------------------------------


def _independent_located(crime_type: str | None) -> int:
    """Located Nottinghamshire crimes 2024-01..03 in the demo zip (csv module; ASB left out)."""
    with (REFERENCE / "force_districts.csv").open() as f:
        districts = {r["district"] for r in csv.DictReader(f) if r["force"] == "nottinghamshire"}
    n = 0
    with zipfile.ZipFile(DEMO_ZIP) as archive:
        for name in archive.namelist():
            if not name.endswith("-nottinghamshire-street.csv") or not name.startswith("2024"):
                continue
            with archive.open(name) as raw:
                for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")):
                    if row["Crime type"] == "Anti-social behaviour" or not row["Longitude"]:
                        continue
                    if crime_type and row["Crime type"] != crime_type:
                        continue
                    lsoa = row["LSOA name"].strip()
                    if lsoa and lsoa.rsplit(" ", 1)[0] not in districts:
                        continue
                    n += 1
    return n


def test_hot_spot_page_writes_counts_with_separators_and_settings_in_words(analyst: Any) -> None:
    page = analyst.get("/find/").content.decode()
    located = _independent_located(None)
    assert located > 10_000
    assert f"{located:,} located crimes (all crime except anti-social behaviour)" in page
    assert "in Nottinghamshire Police, January 2024 to March 2024" in page
    assert "What these figures can and cannot tell you" in page
    assert page.count("What these figures can and cannot tell you") == 1
    for machine in ("binomtest", "--allow", "include_outside", "density_per_m2", "fdr:"):
        assert machine not in page, machine
    assert "False-discovery-rate control" in page  # the settings, in words
    kde = analyst.get("/find/", {**SELECTION, "method": "kde"}).content.decode()
    assert "Crimes per km²" in kde and "crimes per km² (per square kilometre)" in kde
    assert "per km2" not in kde


def test_p_values_below_a_thousandth_read_less_than_0_001(analyst: Any) -> None:
    response = analyst.get("/find/", {**SELECTION, "cell": "500"})
    top = response.context["top"][0]
    assert top["p_value"] < 0.001
    assert "&lt; 0.001" in response.content.decode()
    assert "0.0000" not in response.content.decode()


# --- places -------------------------------------------------------------------------------------


def _packaged_lsoas() -> list[tuple[str, Any]]:
    """(LSOA name, shapely polygon) read straight from the packaged archive's GeoJSON."""
    import shapely.geometry

    import prevhub.crime

    path = Path(prevhub.crime.__file__).parent / "data" / "boundaries" / "nottinghamshire.zip"
    with zipfile.ZipFile(path) as archive:
        data = json.loads(archive.read("lsoas.geojson"))
    out = []
    for feature in data["features"]:
        name = feature["properties"]["lsoa_name"]
        out.append((name, shapely.geometry.shape(feature["geometry"])))
    return out


def test_each_hot_square_is_named_by_the_lsoa_its_centre_lies_in(analyst: Any) -> None:
    import shapely.geometry

    from prevhub.crime.find import from_bng

    response = analyst.get("/find/", {**SELECTION, "cell": "500"})
    lsoas = _packaged_lsoas()
    top = response.context["top"]
    assert all(row["place"] for row in top)
    for row in top[:10]:
        lon, lat = from_bng(np.array([row["x"]]), np.array([row["y"]]))
        point = shapely.geometry.Point(float(lon[0]), float(lat[0]))
        containing = [name for name, shape in lsoas if shape.covers(point)]
        assert containing, row["cell_id"]
        assert row["place"]["label"].startswith(containing[0]), (row["place"], containing)
    assert response.content.decode().count('data-testid="hotspot-place"') == len(top)


def test_the_map_fetches_boundaries_that_hold_every_lsoa(analyst: Any) -> None:
    page = analyst.get("/find/").content.decode()
    assert 'data-boundaries-url="/find/boundaries/?force=nottinghamshire"' in page
    response = analyst.get("/find/boundaries/", {"force": "nottinghamshire", "layer": "lsoa"})
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert len(data["features"]) == len(_packaged_lsoas())
    assert "Office for National Statistics" in data["attribution"]
    districts = json.loads(
        analyst.get("/find/boundaries/", {"force": "nottinghamshire", "layer": "district"}).content
    )
    with (REFERENCE / "force_districts.csv").open() as f:
        expected = {r["district"] for r in csv.DictReader(f) if r["force"] == "nottinghamshire"}
    assert {f["properties"]["district"] for f in districts["features"]} == expected
    assert analyst.get("/find/boundaries/", {"force": "kent"}).status_code == 404


def test_partners_cannot_fetch_boundaries(client: Any, use_demo_store: Path) -> None:
    client.force_login(make_user(roles.PARTNER, OrganisationFactory(), username="p"))
    assert client.get("/find/boundaries/", {"force": "nottinghamshire"}).status_code == 404


def test_open_a_problem_here_links_the_hot_spot_s_district(
    client: Any, use_demo_store: Path
) -> None:
    client.force_login(make_user(roles.COORDINATOR))
    response = client.get("/find/", {**SELECTION, "cell": "500"})
    top = response.context["top"][0]
    assert top["is_hot"] and top["place"]["district"] == "Nottingham"
    page = response.content.decode()
    lsoa = top["place"]["lsoa_code"]
    assert (
        'href="/problems/add/?force=nottinghamshire&amp;districts=Nottingham'
        f'&amp;crime_types=Burglary&amp;lsoas={lsoa}"' in page
    )
    form = client.get(
        f"/problems/add/?force=nottinghamshire&districts=Nottingham&lsoas={lsoa}"
    ).content.decode()
    assert 'value="Nottingham" checked' in form or 'value="Nottingham"\n checked' in form
    assert re.search(rf'name="lsoas_text"[^>]*>\s*{lsoa}</textarea>', form)


# --- repeat locations ---------------------------------------------------------------------------


def _independent_repeat_points() -> Counter:
    """Burglaries per published map point (Longitude, Latitude as in the file), Nottinghamshire
    2024-01..03, from the demo zip with the csv module (outside-force LSOAs left out)."""
    with (REFERENCE / "force_districts.csv").open() as f:
        districts = {r["district"] for r in csv.DictReader(f) if r["force"] == "nottinghamshire"}
    points: Counter = Counter()
    with zipfile.ZipFile(DEMO_ZIP) as archive:
        for name in archive.namelist():
            if not name.endswith("-nottinghamshire-street.csv") or not name.startswith("2024"):
                continue
            with archive.open(name) as raw:
                for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")):
                    if row["Crime type"] != "Burglary" or not row["Longitude"]:
                        continue
                    lsoa = row["LSOA name"].strip()
                    if lsoa and lsoa.rsplit(" ", 1)[0] not in districts:
                        continue
                    points[f"{float(row['Longitude']):.6f},{float(row['Latitude']):.6f}"] += 1
    return points


def test_repeat_locations_csv_equals_an_independent_count(analyst: Any) -> None:
    rows = _csv(analyst.get("/find/repeats/", {**SELECTION, "format": "csv"}))
    expected = {k: n for k, n in _independent_repeat_points().items() if n >= 2}
    assert len(expected) > 50
    got = {
        f"{float(r['longitude']):.6f},{float(r['latitude']):.6f}": int(r["crimes"]) for r in rows
    }
    assert got == expected
    crimes = [int(r["crimes"]) for r in rows]
    assert crimes == sorted(crimes, reverse=True)
    assert all(r["crime_types"].startswith("Burglary (") for r in rows)


def test_repeat_locations_page_says_what_police_uk_cannot_tell(analyst: Any) -> None:
    response = analyst.get("/find/repeats/", SELECTION)
    page = response.content.decode()
    points = _independent_repeat_points()
    crimes = sum(points.values())
    repeat = [n for n in points.values() if n >= 2]
    summary = response.context["result"].summary
    assert (summary.crimes, summary.keys, summary.repeat_keys) == (crimes, len(points), len(repeat))
    assert f"{crimes:,} located crimes (Burglary)" in page
    assert f"{len(repeat):,} map points had two or more crimes" in page
    assert f"they hold {sum(repeat):,} crimes ({100 * sum(repeat) / crimes:.1f}% of all)" in page
    assert "not repeat victims" in page and "publishes no victims" in page
    figures = response.context["figures"]
    assert figures["same_month"] + figures["next_month"] + figures["later"] == crimes - len(points)
    assert 'data-map-features="repeats-map-features"' in page
    features = _map_features(page, "repeats-map-features")
    assert len(features) == len(repeat)
    assert all(f["geometry"]["type"] == "Point" for f in features)
    assert sum(item["cells"] for item in response.context["map"]["legend"]) == len(repeat)


# --- speed: figures are cached per version of the store ----------------------------------------


@pytest.mark.parametrize("path", ["/find/", "/find/emerging/", "/find/repeats/"])
def test_a_second_request_does_not_open_the_store(
    analyst: Any, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    from prevhub.errors import PrevhubError
    from prevhub.find import selectors

    first = analyst.get(path, SELECTION)
    assert first.context["result"] is not None

    def closed() -> None:
        raise PrevhubError("the store was opened")

    monkeypatch.setattr(selectors, "open_store", closed)
    again = analyst.get(path, SELECTION)
    assert again.context["error"] is None
    assert again.context["map"] == first.context["map"]
    assert again.context["result"].events == first.context["result"].events


def test_how_the_figures_were_worked_out_is_in_words(analyst: Any) -> None:
    given = analyst.get("/find/", {**SELECTION, "cell": "500"}).context["settings_words"]
    assert ("Square size", "500 m (as asked for)") in given
    auto = dict(analyst.get("/find/", {**SELECTION, "method": "kde"}).context["settings_words"])
    assert auto["Square size"].endswith("rounded to a round number of metres)")
    assert "Silverman's rule" in auto["Bandwidth"]
    assert auto["Density"] == "crimes per km² (per square kilometre)"
    for text in auto.values():
        assert "10^k" not in text and "silverman-spatial" not in text


def test_boundaries_an_administrator_loads_reach_the_pages_at_once(
    analyst: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cached pages depend on the boundaries too: loading new ones (same force, same installed
    path) renames the squares on the next request, without an ingest."""
    import prevhub.crime
    from prevhub.crime.geography import install_boundaries

    monkeypatch.setenv("PREVHUB_HOME", str(tmp_path / "home"))
    query = {**SELECTION, "cell": "500"}
    before = analyst.get("/find/", query).context["top"][0]["place"]["label"]
    assert before.startswith("Nottingham ")
    packaged = Path(prevhub.crime.__file__).parent / "data" / "boundaries" / "nottinghamshire.zip"
    with zipfile.ZipFile(packaged) as archive:
        data = json.loads(archive.read("lsoas.geojson"))
    for feature in data["features"]:  # the same shapes, renamed as a force's own file might
        feature["properties"]["lsoa_name"] = "Renamed " + feature["properties"]["lsoa_name"]
    lsoas = tmp_path / "lsoas.geojson"
    lsoas.write_text(json.dumps(data))
    install_boundaries(lsoas, force="nottinghamshire")
    after = analyst.get("/find/", query).context["top"][0]["place"]["label"]
    assert after == "Renamed " + before.split(",")[0]
    layer = json.loads(
        analyst.get("/find/boundaries/", {"force": "nottinghamshire", "layer": "lsoa"}).content
    )
    assert all(f["properties"]["lsoa_name"].startswith("Renamed ") for f in layer["features"])
