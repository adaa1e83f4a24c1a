"""The crime store as Parquet: every table, a manifest, atomic partition rewrites, DuckDB attach.

Expected row counts come from the CSV files (csv module, ``independent_counts``) and checksums
from hashlib over the written files, never from the exporter's own figures.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from prevhub.crime import parquet
from prevhub.crime.measures import BY_CHOICES, measure
from prevhub.crime.store import CrimeStore
from prevhub.errors import PrevhubError

from .conftest import POLICE_UK, TEST_DATA, extract_member, independent_counts

NORTHUMBRIA = POLICE_UK / "northumbria-2022-06_2022-12-street-outcomes-stop-and-search.zip"
EXTRACT = TEST_DATA / "recorded_crime_extract_nottinghamshire.csv"
MAPPING = TEST_DATA / "recorded_crime_mapping.toml"


@pytest.fixture(scope="module")
def store_path(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Northumbria 2022-06..12 (street, outcomes, stop and search) and a force extract."""
    path = tmp_path_factory.mktemp("parquet") / "crime.duckdb"
    with CrimeStore(path) as store:
        store.ingest_police_uk([NORTHUMBRIA])
        store.ingest_recorded_crime(EXTRACT, mapping=MAPPING)
    return path


@pytest.fixture()
def export(store_path: Path, tmp_path: Path) -> Path:
    with CrimeStore(store_path, read_only=True) as store:
        store.export_parquet(tmp_path / "export")
    return tmp_path / "export"


def _by_force_month(counter) -> dict[str, int]:  # type: ignore[no-untyped-def]
    result: dict[str, int] = {}
    for (force, month, _), n in counter.items():
        key = f"force={force}/month={month}"
        result[key] = result.get(key, 0) + n
    return result


def test_every_kind_is_exported_with_rows_per_partition_as_the_files_have(
    export: Path,
) -> None:
    manifest = json.loads((export / "manifest.json").read_text())
    expected = independent_counts(NORTHUMBRIA)
    tables = manifest["tables"]
    for kind, table in (
        ("street", "street_crimes"),
        ("outcomes", "outcomes"),
        ("stop-and-search", "stop_and_search"),
    ):
        got = {k: p["rows"] for k, p in tables[table]["partitions"].items()}
        assert got == _by_force_month(expected[kind]), table
        for key in got:
            assert (export / table / key).is_dir()
    # The extract: one partition per recorded month (csv module count of its rows).
    with EXTRACT.open(newline="", encoding="utf-8") as handle:
        extract_rows = sum(1 for _ in handle) - 1
    assert tables["recorded_crimes"]["rows"] == extract_rows
    assert all(
        k.startswith("force=nottinghamshire/") for k in tables["recorded_crimes"]["partitions"]
    )
    # Tables without force and month are single files: loads, lookups, quarantine, meta.
    for table in ("loads", "crime_type_classes", "quarantine", "store_meta"):
        assert tables[table]["partition_by"] == []
        assert (export / f"{table}.parquet").is_file()


def test_the_manifest_checksums_are_those_of_the_files(export: Path) -> None:
    manifest = json.loads((export / "manifest.json").read_text())
    entry = manifest["tables"]["street_crimes"]["partitions"]["force=northumbria/month=2022-09"]
    (name, info), *_ = entry["files"].items()
    data = (export / "street_crimes" / "force=northumbria" / "month=2022-09" / name).read_bytes()
    assert info == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    assert manifest["schema_version"] == 1
    parquet.verify(export)  # every checksum re-read: no error


def test_the_pseudonym_salt_never_leaves_the_store(store_path: Path, export: Path) -> None:
    with CrimeStore(store_path, read_only=True) as store:
        salt = store.pseudonym_salt().encode()
    for path in export.rglob("*"):
        if path.is_file():
            assert salt not in path.read_bytes(), path


def test_duckdb_answers_every_measure_from_the_export_as_from_the_store(
    store_path: Path, export: Path
) -> None:
    with (
        CrimeStore(store_path, read_only=True) as store,
        CrimeStore(export, read_only=True) as exported,
    ):
        for by in BY_CHOICES:
            args = ("2022-10:2022-12", "previous", by)
            assert measure(exported, *args).to_dict() == measure(store, *args).to_dict(), by
        args = ("2020-01:2020-12", "previous", "subgroup")
        kwargs = {"source": "recorded-crime", "allow_incomplete": True}
        assert measure(exported, *args, **kwargs).to_dict() == (
            measure(store, *args, **kwargs).to_dict()
        )


@pytest.mark.parametrize("damage", ["no-manifest", "file-missing", "file-truncated", "extra"])
def test_a_partial_or_changed_export_is_refused(export: Path, damage: str) -> None:
    month = export / "street_crimes" / "force=northumbria" / "month=2022-08"
    if damage == "no-manifest":
        (export / "manifest.json").unlink()
    elif damage == "file-missing":
        shutil.rmtree(month)
    elif damage == "file-truncated":
        (data,) = month.glob("*.parquet")
        data.write_bytes(data.read_bytes()[:-10])
    else:  # a partition the manifest does not list (written by an export that did not finish)
        shutil.copytree(month, month.with_name("month=2019-01"))
    with pytest.raises(PrevhubError, match="export"):
        CrimeStore(export, read_only=True)


def test_an_export_is_read_only(export: Path) -> None:
    with pytest.raises(PrevhubError, match="read-only"):
        CrimeStore(export)


def test_reexporting_a_force_month_rewrites_only_its_partitions(
    store_path: Path, export: Path, tmp_path: Path
) -> None:
    # A revised 2022-09 street file: the real one less its last 100 rows.
    store = tmp_path / "revised.duckdb"
    shutil.copyfile(store_path, store)
    folder = tmp_path / "revised"
    member = "2022-09/2022-09-northumbria-street.csv"
    path = extract_member(NORTHUMBRIA, member, folder)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-100]), encoding="utf-8")
    with CrimeStore(store) as writable:
        writable.ingest_police_uk([path])
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in export.rglob("*.parquet")}
    with CrimeStore(store, read_only=True) as reader:
        reader.export_parquet(export, partitions=[("northumbria", "2022-09")])
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in export.rglob("*.parquet")}
    changed = {str(p.relative_to(export)) for p in after if after[p] != before.get(p)}
    # The street partition of that month, and the small whole-table files (loads has the new
    # load); outcomes and stop and search of 2022-09 are rewritten too (same rows, new file).
    partition_files = {c for c in changed if "/force=" in c}
    assert partition_files == {
        f"{t}/force=northumbria/month=2022-09/data0.parquet"
        for t in ("street_crimes", "outcomes", "stop_and_search")
    }
    assert all(c.count("/") == 0 for c in changed - partition_files)  # top-level tables only
    manifest = parquet.verify(export)
    expected_street = len(lines) - 1 - 100  # header, and the 100 rows left out
    part = manifest["tables"]["street_crimes"]["partitions"]["force=northumbria/month=2022-09"]
    assert part["rows"] == expected_street
    with CrimeStore(export, read_only=True) as exported:
        assert exported.count("street_crimes", "month = '2022-09'") == expected_street


def test_a_table_added_to_the_store_is_exported_with_no_change_to_the_exporter(
    store_path: Path, tmp_path: Path
) -> None:
    # Stands for tables added later (e.g. incidents): any table with force and month columns
    # is partitioned, any other is one file.
    store = tmp_path / "more.duckdb"
    shutil.copyfile(store_path, store)
    with CrimeStore(store) as writable:
        writable.con.execute(
            "CREATE TABLE incidents_example AS SELECT 'northumbria' AS force, "
            "'2022-07' AS month, 3 AS n UNION ALL SELECT 'northumbria', '2022-08', 4"
        )
    with CrimeStore(store, read_only=True) as reader:
        counts = reader.export_parquet(tmp_path / "out")
    assert counts["incidents_example"] == 2
    assert (tmp_path / "out" / "incidents_example" / "force=northumbria" / "month=2022-08").is_dir()
    with CrimeStore(tmp_path / "out", read_only=True) as exported:
        assert exported.query("SELECT sum(n) FROM incidents_example") == [(7,)]
