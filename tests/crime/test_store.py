"""The store itself: atomic ingest under SIGKILL, schema version, Parquet export, read-only use."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from prevhub.crime import load_demo
from prevhub.crime.store import SCHEMA_VERSION, CrimeStore
from prevhub.errors import PrevhubError

from .conftest import POLICE_UK, store_fingerprint

SRC = Path(__file__).resolve().parents[2] / "src"


def test_a_killed_ingest_leaves_the_store_as_it_was(shared_data: Path, tmp_path: Path) -> None:
    store_path = tmp_path / "crime.duckdb"
    load_demo(store_path)
    with CrimeStore(store_path) as store:
        before = store_fingerprint(store)
    marker = tmp_path / "started"
    script = (
        "import sys, pathlib, time\n"
        "from prevhub.crime.store import CrimeStore\n"
        "store = CrimeStore(sys.argv[1])\n"
        "def progress(done, total):\n"
        "    pathlib.Path(sys.argv[3]).write_text(f'{done}/{total}')\n"
        "    time.sleep(600)\n"
        "store.ingest_police_uk([sys.argv[2]], progress=progress)\n"
    )
    # The 40-force set holds Nottinghamshire 2024-01, which the demo also holds, so a half-done
    # ingest would both add other forces' rows and replace the demo's. The progress callback
    # runs once the rows are written inside the transaction, before it commits, and waits there
    # to be killed (without the wait, the commit can win the race against the kill).
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            script,
            str(store_path),
            str(POLICE_UK / "street-2024-01-40-forces.zip"),
            str(marker),
        ],
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    deadline = time.monotonic() + 120
    while not marker.exists():  # the first batch has been written inside the transaction
        assert process.poll() is None, "ingest finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    with CrimeStore(store_path) as store:
        assert store_fingerprint(store) == before
        assert store.count("street_crimes", "force <> 'nottinghamshire'") == 0


def test_the_store_records_its_schema_version(tmp_path: Path) -> None:
    with CrimeStore(tmp_path / "crime.duckdb") as store:
        assert store.schema_version == SCHEMA_VERSION


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "crime.duckdb"
    CrimeStore(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE store_meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(PrevhubError, match="newer"):
        CrimeStore(path)


def test_the_store_defaults_to_prevhub_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREVHUB_STORE", str(tmp_path / "elsewhere.duckdb"))
    with CrimeStore() as store:
        assert store.path == tmp_path / "elsewhere.duckdb"


def test_parquet_export_is_partitioned_by_force_and_month(
    shared_data: Path, tmp_path: Path
) -> None:
    store_path = tmp_path / "crime.duckdb"
    load_demo(store_path)
    with CrimeStore(store_path, read_only=True) as store:
        counts = store.export_parquet(tmp_path / "export")
        total = store.count("street_crimes")
    assert counts["street_crimes"] == total
    folders = sorted(p.name for p in (tmp_path / "export" / "street_crimes").iterdir())
    assert folders == ["force=nottinghamshire"]
    months = sorted(
        p.name for p in (tmp_path / "export" / "street_crimes" / "force=nottinghamshire").iterdir()
    )
    assert months == [
        f"month={m}" for m in ["2023-01", "2023-02", "2023-03", "2024-01", "2024-02", "2024-03"]
    ]
    glob = str(tmp_path / "export" / "street_crimes" / "**" / "*.parquet")
    con = duckdb.connect()
    read_back = con.execute(f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning=true)")
    assert read_back.fetchone() == (total,)


def test_the_demo_sample_is_small_real_licensed_and_loads_idempotently(tmp_path: Path) -> None:
    from prevhub.crime.demo import DEMO_LICENCE, demo_archive

    assert demo_archive().stat().st_size < 5 * 1024 * 1024
    assert "Open Government Licence" in DEMO_LICENCE
    first = load_demo(tmp_path / "crime.duckdb")
    second = load_demo(tmp_path / "crime.duckdb")
    assert first.months == ["2023-01", "2023-02", "2023-03", "2024-01", "2024-02", "2024-03"]
    assert (first.loaded_files, second.loaded_files, second.unchanged_files) == (6, 0, 6)
    assert first.rows == second.rows


def test_a_read_only_store_refuses_to_ingest(tmp_path: Path) -> None:
    path = tmp_path / "crime.duckdb"
    CrimeStore(path).close()
    with CrimeStore(path, read_only=True) as store, pytest.raises(PrevhubError):
        store.ingest_police_uk([tmp_path])


def test_the_crime_library_never_imports_django() -> None:
    code = (
        "import sys, prevhub.crime, prevhub.crime.store, prevhub.crime.measures, "
        "prevhub.crime.headline, prevhub.crime.demo\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'rest_framework')"
        " or m.startswith(('prevhub.web', 'prevhub.core', 'prevhub.insights', 'prevhub.cli'))]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


def test_the_demo_year_holds_two_forces_24_months_and_the_generated_extract(
    tmp_path: Path,
) -> None:
    """`make demo`'s year: the figures equal the data README (csv-module row counts of the
    shared zip: 258,417 Nottinghamshire and 219,339 Derbyshire rows) and the generated
    extract's formula (crime/data/demo/README.md: 11,040 stalking and harassment offences in
    2023, 10,272 in 2024)."""
    from prevhub.crime.demo import YEAR_PERIOD, load_demo_year
    from prevhub.crime.headline import headline

    path = tmp_path / "crime.duckdb"
    first = load_demo_year(path)
    again = load_demo_year(path)
    assert len(first.months) == 24 and first.months[0] == "2023-01"
    assert again.loaded_files == 0 and again.rows == first.rows
    assert first.rows == 258_417 + 219_339 + 11_040 + 10_272
    with CrimeStore(path, read_only=True) as store:
        assert store.forces("street") == ["derbyshire", "nottinghamshire"]
        result = headline(store, f"{YEAR_PERIOD[0]}:{YEAR_PERIOD[1]}", "nottinghamshire")
    by_topic = {f.topic: f.row for f in result.figures}
    assert (by_topic["stalking-and-harassment"].current,) == (10_272,)
    assert by_topic["stalking-and-harassment"].baseline == 11_040
    assert [f.force for f in result.neighbours] == ["derbyshire"]
    # The invented incidents (crime/data/demo/README-incidents.md), counted with csv: 2024
    # against 2023 gives the "less demand" line for the year.
    import csv

    from prevhub.crime.demo import demo_incidents

    with demo_incidents()[0].open(encoding="utf-8") as handle:
        years = [row["Opened"][:4] for row in csv.DictReader(handle)]
    fewer = years.count("2023") - years.count("2024")
    assert first.incidents == len(years)
    assert any(f"{fewer:,} fewer incidents" in s for s in result.sentences), result.sentences
