"""A crime store holding the packaged demo sample (real Nottinghamshire files), built once."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest

import prevhub.crime
from prevhub.crime import CrimeStore, load_demo

DEMO_ZIP = Path(prevhub.crime.__file__).parent / "data" / "demo" / "nottinghamshire-street-demo.zip"
REFERENCE = Path(prevhub.crime.__file__).parent / "reference"
VICTIM_BASED_TYPES = {
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


def independent_counts(zip_path: Path, force: str = "nottinghamshire") -> Counter:
    """(month, class) counts by reading the CSVs with the csv module, applying the documented
    rule: rows located in LSOAs outside the force's districts are left out, rows with no
    location stay in. District = the LSOA name without its trailing code (e.g. 'Ashfield 001A')."""
    with (REFERENCE / "force_districts.csv").open() as f:
        districts = {r["district"] for r in csv.DictReader(f) if r["force"] == force}
    counts: Counter = Counter()
    with zipfile.ZipFile(zip_path) as archive:
        for name in archive.namelist():
            if not name.endswith(f"-{force}-street.csv"):
                continue
            with archive.open(name) as raw:
                for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")):
                    lsoa_name = row["LSOA name"].strip()
                    if lsoa_name and lsoa_name.rsplit(" ", 1)[0] not in districts:
                        continue
                    if row["Crime type"] == "Anti-social behaviour":
                        continue
                    cls = "victim-based" if row["Crime type"] in VICTIM_BASED_TYPES else "other"
                    counts[(row["Month"], cls)] += 1
    return counts


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "crime.duckdb"
    load_demo(path)
    with CrimeStore(path, read_only=True) as store:
        assert store.forces("street") == ["nottinghamshire"]
    return path


@pytest.fixture
def use_demo_store(demo_store: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PREVHUB_STORE", str(demo_store))
    return demo_store


@pytest.fixture(scope="session")
def demo_year_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`make demo`'s year: Nottinghamshire and Derbyshire 2023-2024 and the generated extract."""
    from prevhub.crime.demo import load_demo_year

    path = tmp_path_factory.mktemp("year") / "crime.duckdb"
    load_demo_year(path)
    return path
