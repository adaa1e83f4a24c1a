"""Force extracts with Home Office offence codes: the only source of stalking and harassment.

The extract in tests/crime/data is invented (see its README); expected values are counted from
it here with the csv module.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from prevhub.crime import headline, measure
from prevhub.crime.store import CrimeStore
from prevhub.errors import PrevhubError

from .conftest import TEST_DATA, store_fingerprint

EXTRACT = TEST_DATA / "recorded_crime_extract_nottinghamshire.csv"
MAPPING = TEST_DATA / "recorded_crime_mapping.toml"


def _extract_rows() -> list[dict[str, str]]:
    with EXTRACT.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _month(row: dict[str, str]) -> str:
    return dt.datetime.strptime(row["Date Recorded"], "%d/%m/%Y").strftime("%Y-%m")


def _stalking_count(start: str, end: str) -> int:
    """8L/8M/8Q/8R always; 8U (controlling or coercive behaviour) from April 2020 (ONS)."""
    n = 0
    for row in _extract_rows():
        month = _month(row)
        if not start <= month <= end:
            continue
        code = row["HO Code"]
        if code in {"8L", "8M", "8Q", "8R"} or (code == "8U" and month >= "2020-04"):
            n += 1
    return n


@pytest.fixture()
def extract_store(tmp_path: Path) -> Path:
    path = tmp_path / "crime.duckdb"
    with CrimeStore(path) as store:
        store.ingest_recorded_crime(EXTRACT, mapping=MAPPING)
    return path


def test_every_extract_row_is_loaded_under_its_recorded_month(extract_store: Path) -> None:
    expected = Counter(_month(r) for r in _extract_rows())
    with CrimeStore(extract_store, read_only=True) as store:
        got = dict(
            store.con.execute("SELECT month, count(*) FROM recorded_crimes GROUP BY 1").fetchall()
        )
        assert store.count("loads", "kind = 'recorded-crime' AND current") == len(expected)
    assert got == dict(expected)


def test_stalking_and_harassment_counts_coercive_control_from_april_2020(
    extract_store: Path,
) -> None:
    with CrimeStore(extract_store, read_only=True) as store:
        result = measure(
            store,
            "2020-04:2021-03",
            "previous",
            "subgroup",
            force="nottinghamshire",
            source="recorded-crime",
        )
    row = result.row(subgroup="Stalking and harassment")
    assert row.current == _stalking_count("2020-04", "2021-03")
    assert row.baseline == _stalking_count("2019-04", "2020-03")
    # The window straddles April 2020, when the definition changed: the row must say so.
    assert "counting-rule-change" in row.flags
    assert any("2020-04" in note for note in result.notes)


def test_the_headline_reports_stalking_and_harassment_when_offence_codes_exist(
    extract_store: Path,
) -> None:
    with CrimeStore(extract_store, read_only=True) as store:
        result = headline(store, "2020-04:2021-03", "nottinghamshire")
    topics = [f.topic for f in result.figures]
    assert topics == ["victim-based", "stalking-and-harassment"]
    stalking = result.figures[1]
    change = _stalking_count("2020-04", "2021-03") - _stalking_count("2019-04", "2020-03")
    word = "fewer" if change < 0 else "more"
    assert stalking.sentence.startswith(f"{abs(change):,} {word} stalking and harassment")


def test_victim_ids_are_stored_only_as_salted_pseudonyms(extract_store: Path) -> None:
    raw_ids = {r["Victim Ref"] for r in _extract_rows() if r["Victim Ref"]}
    with CrimeStore(extract_store, read_only=True) as store:
        stored = {
            r[0]
            for r in store.con.execute(
                "SELECT DISTINCT victim_pseudonym FROM recorded_crimes "
                "WHERE victim_pseudonym IS NOT NULL"
            ).fetchall()
        }
    assert len(stored) == len(raw_ids)
    assert not stored & raw_ids
    assert all(len(p) == 32 for p in stored)


def test_grid_references_are_converted_to_degrees(extract_store: Path) -> None:
    with CrimeStore(extract_store, read_only=True) as store:
        lon_lat = store.con.execute(
            "SELECT min(longitude), max(longitude), min(latitude), max(latitude) "
            "FROM recorded_crimes"
        ).fetchone()
    assert lon_lat is not None
    # The invented points lie around Nottingham (about 1.2 W, 52.95 N).
    assert -1.35 < lon_lat[0] < lon_lat[1] < -1.0
    assert 52.85 < lon_lat[2] < lon_lat[3] < 53.05


def test_loading_the_same_extract_twice_changes_nothing(extract_store: Path) -> None:
    with CrimeStore(extract_store) as store:
        before = store_fingerprint(store)
        report = store.ingest_recorded_crime(EXTRACT, mapping=MAPPING)
        assert {load.status for load in report.loads} == {"unchanged"}
        assert store_fingerprint(store) == before


def test_an_unknown_offence_code_stops_the_load_naming_its_line(
    extract_store: Path, tmp_path: Path
) -> None:
    lines = EXTRACT.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[41] = lines[41].replace(",8L,", ",ZZ9,").replace(",105A,", ",ZZ9,")
    lines[41] = ",".join(
        "ZZ9" if i == 2 else f for i, f in enumerate(lines[41].rstrip("\n").split(","))
    )
    lines[41] += "\n"
    bad = tmp_path / "bad_extract.csv"
    bad.write_text("".join(lines), encoding="utf-8")
    with CrimeStore(extract_store) as store:
        before = store_fingerprint(store)
        with pytest.raises(PrevhubError) as caught:
            store.ingest_recorded_crime(bad, mapping=MAPPING)
        assert store_fingerprint(store) == before
    assert "line 42" in str(caught.value)
    assert "HO Code" in str(caught.value)
    assert "ZZ9" in str(caught.value)


def test_an_extract_without_its_required_columns_is_refused(tmp_path: Path) -> None:
    with CrimeStore(tmp_path / "crime.duckdb") as store, pytest.raises(PrevhubError) as caught:
        store.ingest_recorded_crime(EXTRACT, force="nottinghamshire")
    assert "crime_reference" in str(caught.value)
