"""Ingest of real data.police.uk files: counts, revisions, idempotence, bad files, quirks."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from prevhub.crime.store import CrimeStore
from prevhub.errors import PrevhubError

from .conftest import (
    FORTY_FORCES_2024_01,
    NOTTS_DERBYS,
    POLICE_UK,
    extract_member,
    independent_counts,
    store_fingerprint,
)

SMALL_SETS = [
    "street-2023-01_2024-12-leicestershire.zip",
    "street-2024-01-40-forces.zip",
    "northumbria-2022-06_2022-12-street-outcomes-stop-and-search.zip",
]
LARGE_SETS = [
    "street-2024-02_2024-04-multi-force.zip",
    "northumbria-2020-05_2021-12-street-outcomes-stop-and-search.zip",
]


def _store_counts(store: CrimeStore) -> dict[str, Counter[tuple[str, str, str]]]:
    queries = {
        "street": "SELECT force, month, crime_type, count(*) FROM street_crimes GROUP BY ALL",
        "outcomes": "SELECT force, month, outcome_type, count(*) FROM outcomes GROUP BY ALL",
        "stop-and-search": "SELECT force, month, coalesce(object_of_search, ''), count(*) "
        "FROM stop_and_search GROUP BY ALL",
    }
    result = {}
    for kind, sql in queries.items():
        rows = store.con.execute(sql).fetchall()
        if rows:
            result[kind] = Counter({(f, m, c or ""): n for f, m, c, n in rows})
    return result


def _check_dataset_counts(name: str, tmp_path: Path, store_path: Path | None = None) -> None:
    archive = POLICE_UK / name
    expected = independent_counts(archive)
    if store_path is None:
        store_path = tmp_path / "crime.duckdb"
        with CrimeStore(store_path) as store:
            assert store.ingest_police_uk([archive]).quarantined == 0
    with CrimeStore(store_path, read_only=True) as store:
        got = _store_counts(store)
    assert set(got) == set(expected)
    for kind, counter in expected.items():
        assert got[kind] == counter, f"{name}: {kind} counts differ"


@pytest.mark.parametrize("name", SMALL_SETS)
def test_counts_per_force_month_and_crime_type_equal_an_independent_count(
    shared_data: Path, tmp_path: Path, name: str
) -> None:
    _check_dataset_counts(name, tmp_path)


def test_nottinghamshire_and_derbyshire_counts_equal_an_independent_count(
    notts_derbys_store: Path, tmp_path: Path
) -> None:
    _check_dataset_counts(NOTTS_DERBYS.name, tmp_path, notts_derbys_store)


@pytest.mark.slow
@pytest.mark.parametrize("name", LARGE_SETS)
def test_counts_in_the_large_shared_sets_equal_an_independent_count(
    shared_data: Path, tmp_path: Path, name: str
) -> None:
    _check_dataset_counts(name, tmp_path)


def test_nottinghamshire_and_derbyshire_totals_match_the_published_row_counts(
    notts_derbys_store: Path,
) -> None:
    # Row counts from ../shared/data/README.md.
    with CrimeStore(notts_derbys_store, read_only=True) as store:
        assert store.count("street_crimes", "force = 'nottinghamshire'") == 258_417
        assert store.count("street_crimes", "force = 'derbyshire'") == 219_339
        assert store.count("street_crimes", "force = 'nottinghamshire' AND lsoa_code IS NULL") == (
            2_020
        )


def test_repeated_crime_ids_are_counted_and_reported(shared_data: Path, tmp_path: Path) -> None:
    # 730 rows in the Nottinghamshire files repeat a Crime ID already seen that month (README).
    notts_only = tmp_path / "notts"
    with zipfile.ZipFile(NOTTS_DERBYS) as zf:
        for member in zf.namelist():
            if member.endswith("-nottinghamshire-street.csv"):
                extract_member(NOTTS_DERBYS, member, notts_only)
    with CrimeStore(tmp_path / "crime.duckdb") as store:
        report = store.ingest_police_uk([notts_only])
        assert report.duplicate_crime_id_rows == 730
        assert store.count("street_crimes") == 258_417


def test_anti_social_behaviour_is_stored_but_never_counted_as_crime(
    notts_derbys_store: Path,
) -> None:
    from prevhub.crime import measure

    with CrimeStore(notts_derbys_store, read_only=True) as store:
        asb = store.count(
            "street_crimes",
            "force = 'nottinghamshire' AND crime_type = 'Anti-social behaviour' "
            "AND month = '2024-09'",
        )
        assert asb == 800  # the real dip named in the shared README
        result = measure(
            store, "2024-09:2024-09", "previous", "crime_type", force="nottinghamshire"
        )
    assert "Anti-social behaviour" not in {r.key["crime_type"] for r in result.rows}


def test_reingesting_a_revised_month_replaces_it(shared_data: Path, tmp_path: Path) -> None:
    member = "2024-01/2024-01-nottinghamshire-street.csv"
    early = extract_member(FORTY_FORCES_2024_01, member, tmp_path / "early")
    revised = extract_member(NOTTS_DERBYS, member, tmp_path / "revised")
    revised_rows = sum(1 for _ in revised.open(encoding="utf-8")) - 1
    asb = "force = 'nottinghamshire' AND month = '2024-01' AND crime_type = 'Anti-social behaviour'"
    with CrimeStore(tmp_path / "crime.duckdb") as store:
        store.ingest_police_uk([early])
        assert store.count("street_crimes", asb) == 100
        report = store.ingest_police_uk([revised])
        assert [load.status for load in report.loads] == ["replaced"]
        assert store.count("street_crimes", asb) == 1_909
        assert store.count("street_crimes") == revised_rows
        assert store.count("loads", "current") == 1
        assert store.count("loads", "NOT current") == 1


def test_ingesting_the_same_file_twice_changes_nothing(shared_data: Path, tmp_path: Path) -> None:
    member = "2024-01/2024-01-nottinghamshire-street.csv"
    path = extract_member(NOTTS_DERBYS, member, tmp_path / "files")
    with CrimeStore(tmp_path / "crime.duckdb") as store:
        store.ingest_police_uk([path])
        before = store_fingerprint(store)
        report = store.ingest_police_uk([path])
        assert [load.status for load in report.loads] == ["unchanged"]
        assert store_fingerprint(store) == before


def _corrupt(source: Path, target_dir: Path, line: int, how: str) -> Path:
    """Copy a real file and damage one line (1 = header) the way real files get damaged."""
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / source.name
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[line - 1].rstrip("\r\n").split(",")
    if how == "bad month":
        fields[1] = "2024-13"
        lines[line - 1] = ",".join(fields) + "\n"
    elif how == "truncated line":
        lines[line - 1] = ",".join(fields[:5]) + "\n"
    elif how == "non-numeric latitude":
        fields[5] = "fifty-three"
        lines[line - 1] = ",".join(fields) + "\n"
    target.write_text("".join(lines), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("how", "field"),
    [("bad month", "Month"), ("truncated line", ""), ("non-numeric latitude", "Latitude")],
)
def test_a_corrupted_file_changes_nothing_and_names_its_line(
    shared_data: Path, tmp_path: Path, how: str, field: str
) -> None:
    member = "2024-02/2024-02-nottinghamshire-street.csv"
    good = extract_member(NOTTS_DERBYS, "2024-01/2024-01-nottinghamshire-street.csv", tmp_path)
    original = extract_member(NOTTS_DERBYS, member, tmp_path / "original")
    # A line whose fields contain no quoted commas, so splitting on commas is safe, and whose
    # coordinates are given (so latitude can be damaged).
    lines = original.read_text(encoding="utf-8").splitlines()
    line = next(
        i
        for i, text in enumerate(lines, start=1)
        if i > 5000 and '"' not in text and text.split(",")[5]
    )
    bad = _corrupt(original, tmp_path / "bad", line, how)
    with CrimeStore(tmp_path / "crime.duckdb") as store:
        store.ingest_police_uk([good])
        before = store_fingerprint(store)
        with pytest.raises(PrevhubError) as caught:
            store.ingest_police_uk([bad])
        assert store_fingerprint(store) == before
    message = str(caught.value)
    assert "2024-02-nottinghamshire-street.csv" in message
    assert f"line {line}," in message
    assert field in message
    assert "Nothing was loaded" in message


def test_lenient_ingest_quarantines_bad_rows_and_loads_the_rest(
    shared_data: Path, tmp_path: Path
) -> None:
    original = extract_member(
        NOTTS_DERBYS, "2024-02/2024-02-nottinghamshire-street.csv", tmp_path / "original"
    )
    total = sum(1 for _ in original.open(encoding="utf-8")) - 1
    lines = original.read_text(encoding="utf-8").splitlines()
    picks = [
        i
        for i, text in enumerate(lines, start=1)
        if i > 100 and '"' not in text and text.split(",")[5]
    ][:3]
    bad = _corrupt(original, tmp_path / "b1", picks[0], "truncated line")
    bad = _corrupt(bad, tmp_path / "b2", picks[1], "non-numeric latitude")
    bad = _corrupt(bad, tmp_path / "b3", picks[2], "bad month")
    with CrimeStore(tmp_path / "crime.duckdb") as store:
        report = store.ingest_police_uk([bad], lenient=True)
        assert report.quarantined == 3
        assert store.count("street_crimes") == total - 3
        quarantined = store.con.execute(
            "SELECT line, field FROM quarantine ORDER BY line"
        ).fetchall()
    assert [q[0] for q in quarantined] == picks
    assert {q[1] for q in quarantined} == {"Latitude", "Month", "(row)"}
    assert report.quarantine_reasons["Latitude: not a number"] == 1


def test_a_file_whose_content_names_another_force_is_refused(
    shared_data: Path, tmp_path: Path
) -> None:
    real = extract_member(NOTTS_DERBYS, "2024-01/2024-01-derbyshire-street.csv", tmp_path / "a")
    renamed = tmp_path / "b" / "2024-01-nottinghamshire-street.csv"
    renamed.parent.mkdir()
    shutil.copy(real, renamed)
    with CrimeStore(tmp_path / "crime.duckdb") as store, pytest.raises(PrevhubError) as caught:
        store.ingest_police_uk([renamed])
    assert "Falls within" in str(caught.value)
    assert "line 2," in str(caught.value)


def test_a_file_with_a_wrong_header_is_refused_on_line_one(tmp_path: Path) -> None:
    path = tmp_path / "2024-01-nottinghamshire-street.csv"
    path.write_text("Crime ID,Month,Something else\n1,2024-01,x\n", encoding="utf-8")
    with CrimeStore(tmp_path / "crime.duckdb") as store, pytest.raises(PrevhubError) as caught:
        store.ingest_police_uk([path])
    assert "line 1" in str(caught.value)


def test_a_file_name_that_is_not_a_police_uk_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "crimes.csv"
    path.write_text("a\n", encoding="utf-8")
    with CrimeStore(tmp_path / "crime.duckdb") as store, pytest.raises(PrevhubError):
        store.ingest_police_uk([path])


def test_outcomes_and_stop_and_search_load_beside_street_crimes(
    shared_data: Path, tmp_path: Path
) -> None:
    archive = POLICE_UK / "northumbria-2022-06_2022-12-street-outcomes-stop-and-search.zip"
    with CrimeStore(tmp_path / "crime.duckdb") as store:
        report = store.ingest_police_uk([archive])
        kinds = Counter(load.kind for load in report.loads)
        assert kinds == {"street": 7, "outcomes": 7, "stop-and-search": 7}
        assert store.count("stop_and_search", "date IS NULL") == 0


def test_line_numbers_stay_right_when_a_bad_file_is_read_with_others(
    shared_data: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "archive"
    for month in ("2024-01", "2024-03", "2024-04"):
        extract_member(NOTTS_DERBYS, f"{month}/{month}-nottinghamshire-street.csv", folder)
    original = extract_member(
        NOTTS_DERBYS, "2024-02/2024-02-nottinghamshire-street.csv", tmp_path / "original"
    )
    lines = original.read_text(encoding="utf-8").splitlines()
    picks = [
        i
        for i, text in enumerate(lines, start=1)
        if i > 3000 and '"' not in text and text.split(",")[5]
    ][::997][:2]
    bad = _corrupt(original, tmp_path / "b1", picks[0], "truncated line")
    _corrupt(bad, folder, picks[1], "non-numeric latitude")
    with CrimeStore(tmp_path / "crime.duckdb") as store:
        report = store.ingest_police_uk([folder], lenient=True)
        found = store.con.execute("SELECT file, line FROM quarantine ORDER BY line").fetchall()
    assert report.quarantined == 2
    assert [line for _, line in found] == picks
    assert all(file.endswith("2024-02-nottinghamshire-street.csv") for file, _ in found)


def test_repeated_crime_ids_are_reported_per_force_as_an_independent_count(
    shared_data: Path, tmp_path: Path
) -> None:
    # Counted here with the csv module: per force and month, the rows beyond the first that
    # share a non-empty Crime ID (ASB rows have none and are never duplicates).
    expected: Counter[str] = Counter()
    expected_months: Counter[tuple[str, str]] = Counter()
    with zipfile.ZipFile(NOTTS_DERBYS) as zf:
        for member in zf.namelist():
            if not member.endswith("-street.csv"):
                continue
            name = Path(member).name
            month, force = name[:7], name[8 : -len("-street.csv")]
            text = zf.read(member).decode("utf-8-sig")
            ids = Counter(row["Crime ID"] for row in csv.DictReader(io.StringIO(text, newline="")))
            extra = sum(n - 1 for crime_id, n in ids.items() if crime_id and n > 1)
            expected[force] += extra
            if extra:
                expected_months[(force, month)] = extra
    assert expected["nottinghamshire"] == 730  # the figure in ../shared/data/README.md
    with CrimeStore(tmp_path / "crime.duckdb") as store:
        report = store.ingest_police_uk([NOTTS_DERBYS])
    assert report.duplicate_crime_id_rows_by_force == dict(expected)
    assert report.duplicate_crime_id_rows_by_force_month == dict(expected_months)
    assert report.duplicate_crime_id_rows == sum(expected.values())
