"""Readers and the writer coexist: a real ingest succeeds while the store is being read.

Before, DuckDB's file lock kept ``prevhub ingest`` out while any reader held the store
("Conflicting lock is held"), and a page opened during an ingest showed that message. Here the
real ``prevhub ingest police-uk`` command runs in another process while this one keeps reading,
through the library and through the Measure page. Every read must answer: the old figures until
the new store is swapped in, the new ones after, never a mix and never an engine message.

Expected figures are counted from the CSV files with Python's csv module (conftest and
tests/insights/store_fixtures.py), not by the code under test.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from prevhub.crime import CrimeStore, load_demo
from prevhub.crime.store_file import working_path
from prevhub.errors import PrevhubError, StoreBusyError
from tests.insights.store_fixtures import DEMO_ZIP
from tests.insights.store_fixtures import independent_counts as measure_counts

from .conftest import FORTY_FORCES_2024_01, NOTTINGHAMSHIRE_DISTRICTS, independent_counts

SRC = Path(__file__).resolve().parents[2] / "src"
#: What DuckDB's messages (and a traceback) contain, and no page or user message should.
ENGINE_WORDS = re.compile(
    r"conflicting lock|IO Error|duckdb|Invalid Input Error|Catalog Error|Traceback|Exception",
    re.I,
)


def _street_total(archive: Path) -> int:
    return sum(independent_counts(archive)["street"].values())


def _notts(archive: Path, month: str) -> int:
    return sum(
        n
        for (force, m, _), n in independent_counts(archive)["street"].items()
        if force == "nottinghamshire" and m == month
    )


def _start_ingest(store: Path, archive: Path = FORTY_FORCES_2024_01) -> subprocess.Popen[str]:
    """The real command, in its own process, as an operator would run it."""
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from prevhub.cli import main; main()",
            "ingest",
            "police-uk",
            str(archive),
            "--store",
            str(store),
        ],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _revised_release(target: Path, *, drop_burglaries: int) -> Path:
    """The demo's Nottinghamshire 2024-01 file as a force might revise it: the first
    ``drop_burglaries`` burglaries inside the force's districts withdrawn."""
    member = "2024-01/2024-01-nottinghamshire-street.csv"
    with zipfile.ZipFile(DEMO_ZIP) as archive:
        name = next(n for n in archive.namelist() if n.endswith(member.split("/")[1]))
        text = archive.read(name).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    crime_type, lsoa_name = header.index("Crime type"), header.index("LSOA name")
    kept, dropped = [], 0
    for row in body:
        inside = row[lsoa_name].rsplit(" ", 1)[0] in NOTTINGHAMSHIRE_DISTRICTS
        if dropped < drop_burglaries and row[crime_type] == "Burglary" and inside:
            dropped += 1
            continue
        kept.append(row)
    assert dropped == drop_burglaries
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *kept])
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr(member, out.getvalue())
    return target


def _switches_once(values: list[Any], old: Any, new: Any) -> bool:
    """True if ``values`` is old... then new... (each at least once), nothing else."""
    if not values or values[0] != old or values[-1] != new:
        return False
    first_new = values.index(new)
    return all(v == old for v in values[:first_new]) and all(v == new for v in values[first_new:])


def test_an_ingest_succeeds_while_another_thread_keeps_reading(
    shared_data: Path, tmp_path: Path
) -> None:
    store_path = tmp_path / "crime.duckdb"
    load_demo(store_path)
    old_total = _street_total(DEMO_ZIP)
    # The 40-force file replaces the demo's Nottinghamshire 2024-01 and adds 39 other forces.
    new_total = old_total - _notts(DEMO_ZIP, "2024-01") + _street_total(FORTY_FORCES_2024_01)
    assert new_total != old_total
    seen: list[tuple[int, int]] = []  # (rows, forces) per read
    errors: list[BaseException] = []
    during_ingest = 0
    stop = threading.Event()

    def read() -> None:
        nonlocal during_ingest
        while not stop.is_set():
            writing = working_path(store_path).exists()
            try:
                with CrimeStore(store_path, read_only=True) as store:
                    seen.append((store.count("street_crimes"), len(store.forces())))
            except BaseException as exc:  # everything, so the test can show it
                errors.append(exc)
                return
            during_ingest += writing

    reader = threading.Thread(target=read)
    reader.start()
    process = _start_ingest(store_path)
    out, err = process.communicate(timeout=300)
    time.sleep(0.3)  # a few reads of the new store
    stop.set()
    reader.join(timeout=60)
    assert process.returncode == 0, err
    assert errors == []
    assert during_ingest > 0, "no read happened while the ingest held its working copy"
    assert _switches_once([rows for rows, _ in seen], old_total, new_total)
    assert _switches_once([forces for _, forces in seen], 1, 40)
    assert not working_path(store_path).exists()


def test_a_reader_opened_after_the_swap_reads_the_new_store_though_an_old_one_is_open(
    tmp_path: Path,
) -> None:
    """In one process (a web worker's threads): the old reader keeps its figures, the new
    reader gets the new ones (DuckDB would otherwise hand it the old reader's instance)."""
    store_path = tmp_path / "crime.duckdb"
    load_demo(store_path)
    old_total = _street_total(DEMO_ZIP)
    revised = _revised_release(tmp_path / "revised.zip", drop_burglaries=10)
    with CrimeStore(store_path, read_only=True) as before:
        assert before.count("street_crimes") == old_total
        with CrimeStore(store_path) as writer:
            writer.ingest_police_uk([revised])
        with CrimeStore(store_path, read_only=True) as after:
            assert after.count("street_crimes") == old_total - 10
        assert before.count("street_crimes") == old_total


def test_a_second_writer_is_told_to_wait_in_words(shared_data: Path, tmp_path: Path) -> None:
    store_path = tmp_path / "crime.duckdb"
    load_demo(store_path)
    with CrimeStore(store_path) as writer:
        with pytest.raises(StoreBusyError, match="another ingest is writing") as caught:
            CrimeStore(store_path)
        assert not ENGINE_WORDS.search(str(caught.value).replace(str(store_path), ""))
        # ... while readers still read the published store.
        with CrimeStore(store_path, read_only=True) as reader:
            assert reader.count("street_crimes") == writer.count("street_crimes")


def test_a_reader_of_a_damaged_file_gets_a_plain_error(tmp_path: Path) -> None:
    path = tmp_path / "crime.duckdb"
    path.write_bytes(b"this is not a DuckDB file\n" * 100)
    with pytest.raises(PrevhubError) as caught:
        CrimeStore(path, read_only=True)
    assert str(path) in str(caught.value)
    assert not ENGINE_WORDS.search(str(caught.value).replace(str(path), ""))


@pytest.mark.django_db
def test_the_measure_page_keeps_answering_during_an_ingest(
    shared_data: Path, tmp_path: Path, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prevhub.core import roles
    from prevhub.core.testing import make_user

    store_path = tmp_path / "crime.duckdb"
    load_demo(store_path)
    monkeypatch.setenv("PREVHUB_STORE", str(store_path))
    client.force_login(make_user(roles.ANALYST))
    query = {
        "force": "nottinghamshire",
        "period_from": "2024-01",
        "period_to": "2024-03",
        "baseline": "last-year",
    }
    months = ("2024-01", "2024-02", "2024-03")
    revised = _revised_release(tmp_path / "revised.zip", drop_burglaries=250)
    old = measure_counts(DEMO_ZIP)
    new = measure_counts(revised)
    old_current = sum(old[(m, "victim-based")] for m in months)
    new_current = old_current - old[("2024-01", "victim-based")] + new[("2024-01", "victim-based")]
    assert new_current == old_current - 250
    shown: list[int] = []
    pages = during_ingest = 0

    def look() -> None:
        nonlocal pages, during_ingest
        during_ingest += working_path(store_path).exists()  # the writer holds its copy
        response = client.get("/measure/", query)
        page = response.content.decode()
        pages += 1
        assert response.status_code == 200
        assert not ENGINE_WORDS.search(page), page
        figures = [n for n in (old_current, new_current) if f">{n}<" in page or f">{n:,}<" in page]
        assert len(figures) == 1, "the page shows neither the old nor the new figure"
        shown.append(figures[0])

    look()  # before the ingest starts: the old figure, whatever the machine's load
    process = _start_ingest(store_path, revised)
    while True:
        finished = process.poll() is not None
        look()
        if finished:
            break
    assert process.returncode == 0, process.stderr.read() if process.stderr else ""
    assert pages >= 2
    assert during_ingest > 0, "no page was read while the ingest held its working copy"
    assert _switches_once(shown, old_current, new_current), shown
