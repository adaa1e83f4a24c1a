"""Fixtures for the Find tests: the Chicago near-repeat files and a Nottinghamshire 2024 store."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from prevhub.crime.store import CrimeStore

from ..conftest import NOTTS_DERBYS, SHARED_DATA

NEAR_REPEAT = SHARED_DATA / "near-repeat"


def read_chicago(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x, y (metres) and days since 1970 from a headerless X, Y, date file, with csv only."""
    path = NEAR_REPEAT / name
    if not path.exists():
        pytest.skip(f"shared near-repeat data not found at {path}")
    xs, ys, days = [], [], []
    with path.open(newline="") as handle:
        for row in csv.reader(handle):
            xs.append(float(row[0]))
            ys.append(float(row[1]))
            days.append((dt.date.fromisoformat(row[2]) - dt.date(1970, 1, 1)).days)
    return np.array(xs), np.array(ys), np.array(days)


@pytest.fixture(scope="session")
def notts_2024_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the Nottinghamshire 2024 street files only (from the shared zip)."""
    import zipfile

    folder = tmp_path_factory.mktemp("notts-2024")
    with zipfile.ZipFile(NOTTS_DERBYS) as zf:
        members = [
            m for m in zf.namelist() if "2024-" in m and m.endswith("-nottinghamshire-street.csv")
        ]
        for m in members:
            (folder / Path(m).name).write_bytes(zf.read(m))
    path = folder / "crime.duckdb"
    with CrimeStore(path) as store:
        store.ingest_police_uk(sorted(folder.glob("*.csv")))
    return path
