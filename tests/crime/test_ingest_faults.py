"""Faults during an ingest: killed with SIGKILL, two at once, the disk full.

Each ingest is the real `prevhub ingest police-uk` in its own process. "The store a clean ingest
gives" is built here by the same command with no fault, and stores are compared with
``store_fingerprint`` (row counts and a content hash of every data table, and the loads).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from prevhub.crime.store import CrimeStore

from .conftest import POLICE_UK, store_fingerprint

ROOT = Path(__file__).resolve().parents[2]
NORTHUMBRIA = POLICE_UK / "northumbria-2022-06_2022-12-street-outcomes-stop-and-search.zip"
FIRST = ("2022-06",)
LATER = ("2022-07", "2022-08", "2022-09", "2022-10")


def _extract(months: tuple[str, ...], target: Path) -> Path:
    with zipfile.ZipFile(NORTHUMBRIA) as zf:
        for member in zf.namelist():
            if member.endswith(".csv") and member[:7] in months:
                zf.extract(member, target)
    return target


def _ingest(store: Path, folder: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "from prevhub.cli import main; main()", "ingest", "police-uk",
         str(folder), "--store", str(store), "--format", "json"],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def _fingerprint(store: Path) -> dict[str, object]:
    with CrimeStore(store, read_only=True) as reader:
        return store_fingerprint(reader)


@pytest.fixture(scope="module")
def data(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The folders, a store holding the first month, and the store a clean ingest of the later
    months into it gives."""
    root = tmp_path_factory.mktemp("faults")
    first, later = _extract(FIRST, root / "first"), _extract(LATER, root / "later")
    base = root / "base.duckdb"
    assert _ingest(base, first).wait(timeout=600) == 0
    clean = root / "clean.duckdb"
    shutil.copyfile(base, clean)
    assert _ingest(clean, later).wait(timeout=600) == 0
    return {"first": first, "later": later, "base": base, "clean": clean}


def _wait_for(condition, timeout: float = 300) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the ingest never reached the point to kill it at")
        time.sleep(0.01)


#: Where to kill the ingest: as it starts; once its working copy exists (copying done or under
#: way); once the copy has grown past the published store (rows being written); later still.
POINTS = ("at-start", "working-copy", "rows-written", "late")


@pytest.mark.parametrize("point", POINTS)
def test_an_ingest_killed_at_any_point_leaves_the_store_and_rerunning_gives_a_clean_store(
    point: str, data: dict[str, Path], tmp_path: Path
) -> None:
    store = tmp_path / "crime.duckdb"
    shutil.copyfile(data["base"], store)
    before = _fingerprint(store)
    working = store.with_name(store.name + ".next")
    child = _ingest(store, data["later"])
    if point == "working-copy":
        _wait_for(working.exists)
    elif point == "rows-written":
        size = store.stat().st_size
        _wait_for(lambda: working.exists() and working.stat().st_size > size)
    elif point == "late":
        _wait_for(lambda: working.exists() and working.stat().st_size > store.stat().st_size)
        time.sleep(1.5)
    if child.poll() is None:
        child.send_signal(signal.SIGKILL)
    code = child.wait(timeout=60)
    if code == -signal.SIGKILL:
        assert _fingerprint(store) == before  # the published store is as it was
    # (An ingest that finished before the kill published a complete store; either way the
    # re-run must end at the clean store.)
    assert _ingest(store, data["later"]).wait(timeout=600) == 0
    assert _fingerprint(store) == _fingerprint(data["clean"])
    assert not working.exists()


def test_a_second_ingest_at_the_same_time_is_refused_with_a_clear_message(
    data: dict[str, Path], tmp_path: Path
) -> None:
    store = tmp_path / "crime.duckdb"
    shutil.copyfile(data["base"], store)
    first = _ingest(store, data["later"])
    _wait_for(store.with_name(store.name + ".next").exists)
    second = _ingest(store, data["later"])
    _, err = second.communicate(timeout=300)
    assert second.returncode == 1
    assert "another ingest is writing to this crime store right now" in err
    assert "Traceback" not in err
    assert first.wait(timeout=600) == 0
    assert _fingerprint(store) == _fingerprint(data["clean"])


def _small_disk(path: Path, megabytes: int) -> bool:
    """Mount a tmpfs of this size at ``path`` (root only); False where that is not possible."""
    path.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(path)],
        capture_output=True,
    )
    return result.returncode == 0


def test_a_full_disk_during_an_ingest_leaves_the_store_as_before(
    data: dict[str, Path], tmp_path: Path
) -> None:
    """A real full disk: a tmpfs with room for the store and its working copy and a few MB
    more, far less than the later months need. Without root (no mount), the same failure is
    made by the file-size limit (RLIMIT_FSIZE) of the ingest process: writes past it fail."""
    disk = tmp_path / "disk"
    size = data["base"].stat().st_size
    mounted = _small_disk(disk, megabytes=2 * size // 2**20 + 6)
    try:
        store = disk / "crime.duckdb"
        shutil.copyfile(data["base"], store)
        before = _fingerprint(store)
        if mounted:
            child = _ingest(store, data["later"])
        else:
            limit = size + 4 * 2**20
            child = subprocess.Popen(
                [sys.executable, "-c",
                 "import resource, signal, sys\n"
                 "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
                 f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n"
                 "from prevhub.cli import main\n"
                 "sys.argv[1:] = sys.argv[1:]\nmain()",
                 "ingest", "police-uk", str(data["later"]), "--store", str(store)],
                env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
        _, err = child.communicate(timeout=600)
        assert child.returncode == 1, err
        assert "disk" in err.lower() and "unchanged" in err
        assert "Traceback" not in err
        assert _fingerprint(store) == before
        assert not store.with_name(store.name + ".next").exists()
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(disk)], check=False)
