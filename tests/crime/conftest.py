"""Fixtures for the crime engine tests: the shared real data, and independent counts of it.

Expected values in these tests never come from the code under test: they are counted here, from
the CSV files, with Python's ``csv`` module.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from prevhub.crime.store import CrimeStore

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
POLICE_UK = SHARED_DATA / "police-uk"
NOTTS_DERBYS = POLICE_UK / "street-2023-01_2024-12-nottinghamshire-derbyshire.zip"
FORTY_FORCES_2024_01 = POLICE_UK / "street-2024-01-40-forces.zip"
TEST_DATA = Path(__file__).resolve().parent / "data"

FILE_NAME = re.compile(r"(\d{4}-\d{2})-(.+)-(street|outcomes|stop-and-search)\.csv$")

#: Nottinghamshire's districts, from ../shared/data/boundaries/nottinghamshire_districts.geojson
#: (ONS boundaries), not from the package's own table.
NOTTINGHAMSHIRE_DISTRICTS = frozenset(
    {
        "Ashfield",
        "Bassetlaw",
        "Broxtowe",
        "Gedling",
        "Mansfield",
        "Newark and Sherwood",
        "Nottingham",
        "Rushcliffe",
    }
)

#: ONS victim-based crime in police.uk categories (shared/data/README.md).
VICTIM_BASED_TYPES = frozenset(
    {
        "Violence and sexual offences",
        "Robbery",
        "Burglary",
        "Vehicle crime",
        "Theft from the person",
        "Bicycle theft",
        "Shoplifting",
        "Other theft",
        "Criminal damage and arson",
    }
)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared real data folder; tests skip only when it is absent."""
    if not POLICE_UK.is_dir():
        pytest.skip(f"shared real data not found at {SHARED_DATA} (tests need ../shared/data)")
    return SHARED_DATA


def iter_csv_members(archive: Path) -> Iterator[tuple[str, str, str, str, csv.DictReader]]:
    """(member, month, force, kind, reader) for each monthly CSV in a data.police.uk zip."""
    with zipfile.ZipFile(archive) as zf:
        for member in sorted(zf.namelist()):
            match = FILE_NAME.search(member)
            if not match:
                continue
            with zf.open(member) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                yield member, match.group(1), match.group(2), match.group(3), csv.DictReader(text)


def independent_counts(archive: Path) -> dict[str, Counter[tuple[str, str, str]]]:
    """Rows per (force, month, category) per kind, counted with the csv module.

    Category: crime type (street), outcome type (outcomes), object of search (stop and search).
    Force comes from the file name; month from the Month column (the file name's month for
    stop and search, which has none).
    """
    columns = {
        "street": ("Month", "Crime type"),
        "outcomes": ("Month", "Outcome type"),
        "stop-and-search": (None, "Object of search"),
    }
    counts: dict[str, Counter[tuple[str, str, str]]] = {}
    with zipfile.ZipFile(archive) as zf:
        for member in sorted(zf.namelist()):
            match = FILE_NAME.search(member)
            if not match:
                continue
            month, force, kind = match.groups()
            text = zf.read(member).decode("utf-8-sig")
            reader = csv.reader(io.StringIO(text, newline=""))
            header = next(reader)
            month_col, category_col = columns[kind]
            category = header.index(category_col)
            counter = counts.setdefault(kind, Counter())
            if month_col is None:
                counter.update((force, month, row[category]) for row in reader)
            else:
                m = header.index(month_col)
                counter.update((force, row[m], row[category]) for row in reader)
    return counts


def extract_member(archive: Path, member: str, target: Path) -> Path:
    """Copy one CSV out of a zip, keeping its file name (which names force and month)."""
    target.mkdir(parents=True, exist_ok=True)
    path = target / Path(member).name
    with zipfile.ZipFile(archive) as zf:
        path.write_bytes(zf.read(member))
    return path


@pytest.fixture(scope="session")
def notts_derbys_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the Nottinghamshire and Derbyshire 2023-2024 street files (read it only)."""
    path = tmp_path_factory.mktemp("notts-derbys") / "crime.duckdb"
    with CrimeStore(path) as store:
        store.ingest_police_uk([NOTTS_DERBYS])
    return path


def store_fingerprint(store: CrimeStore) -> dict[str, object]:
    """Everything a failed ingest must not change: row counts, a content hash, the loads."""
    result: dict[str, object] = {}
    for table in ("street_crimes", "outcomes", "stop_and_search", "recorded_crimes", "quarantine"):
        row = store.con.execute(
            f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM {table} t"
        ).fetchone()
        result[table] = row
    result["loads"] = store.con.execute(
        "SELECT load_id, file, sha256, rows, current FROM loads ORDER BY load_id"
    ).fetchall()
    return result
