"""Readers and one writer on the same crime store file at the same time.

DuckDB locks a database file: one process may write it, or any number may read it, never both.
The web pages read the store all day, so an ingest that opened the file itself would fail
("Conflicting lock is held"), and a page opened during an ingest would fail the same way. So a
writer never opens the published file:

* **The writer works on a copy.** Opening a store for writing takes the writer lock
  (``<store>.lock``, ``flock``: one writer at a time, in any process), copies the published
  file to ``<store>.next`` and opens that. Ingests run their transactions there.
* **Publishing is one rename.** When an ingest has committed, the copy is checkpointed (its
  write-ahead log merged into it), closed, flushed to disk and renamed over the published file
  with :func:`os.replace`, which is atomic: a reader opening the store sees the old file or the
  new one, never a half-written one. Readers already open keep reading the old file (Linux keeps
  it until they close); the next reader sees the new figures.
* **Readers open read-only, briefly,** each in its own in-memory DuckDB with the store
  ATTACHed read-only. (A plain ``duckdb.connect(path)`` would share the database instance any
  other connection of the process has open on that path, and a reader opened just after a
  swap, while an older reader was still open, would get the old file under the new version;
  ATTACH opens the file the path names now.) A reader never meets the writer's lock (the
  writer holds ``<store>.next``, not the store). Should anything else hold the store open for
  writing (an older Prevention Hub, a DuckDB shell), a reader retries for
  :data:`READ_RETRY_SECONDS` and then raises :class:`~prevhub.errors.StoreBusyError`, a
  :class:`~prevhub.errors.PrevhubError` whose message says what to do; no DuckDB message
  reaches a page.

A writer killed at any point leaves the published store as it was (its copy is left behind and
removed by the next writer). The cost is one copy of the store per writing session, and disk
for two stores while an ingest runs (measured in ``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import duckdb

from prevhub.errors import PrevhubError, StoreBusyError

#: How long a reader retries when it meets a lock (seconds), before StoreBusyError.
READ_RETRY_SECONDS = 2.0

_BUSY_WRITER = (
    "{path}: another ingest is writing to this crime store right now; run this again when it "
    "has finished"
)
_BUSY_READER = (
    "{path}: the crime store is held open for writing by another program (not a Prevention "
    "Hub ingest); close it, or try again in a minute"
)
_UNREADABLE = (
    "{path}: cannot be read as a crime store (the file is damaged, or is not a crime store); "
    "restore it from a backup or ingest again into a new store"
)


_DISK_FULL = (
    "{path}: the disk holding the crime store is full ({detail}); the ingest stopped and the "
    "published store is unchanged. Free some space (an ingest needs room for the store twice "
    "over, plus the new rows) and run it again"
)
_DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})
_DISK_FULL_TEXT = ("no space left on device", "file too large", "disk quota exceeded")


def is_disk_full(exc: BaseException) -> bool:
    """True for an OSError or DuckDB error that says the disk (or a file-size limit) is full."""
    if isinstance(exc, OSError) and exc.errno in _DISK_FULL_ERRNOS:
        return True
    text = str(exc).lower()
    return isinstance(exc, duckdb.Error | OSError) and any(t in text for t in _DISK_FULL_TEXT)


@contextlib.contextmanager
def disk_full_is_an_error(path: Path) -> Iterator[None]:
    """Turn "no space left" (from Python or DuckDB, at any step of a write) into one
    PrevhubError in words. The caller's cleanup (discarding the working copy) still runs."""
    try:
        yield
    except Exception as exc:
        cause = exc.__cause__ or exc.__context__
        for candidate in (exc, cause):
            if candidate is not None and is_disk_full(candidate):
                detail = str(candidate).strip().splitlines()[0][:120]
                raise PrevhubError(_DISK_FULL.format(path=path, detail=detail)) from exc
        raise


def working_path(path: Path) -> Path:
    """The writer's copy of the store, published over ``path`` when an ingest commits."""
    return path.with_name(path.name + ".next")


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _is_lock_conflict(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "lock" in text or "different configuration" in text


def connect_reader(path: Path, config: dict[str, Any]) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published store, retrying briefly on a lock.

    The store is ATTACHed (as ``crime``, made the default) to a new in-memory database, so the
    connection reads the file ``path`` names at this moment (see the module's docstring).
    """
    deadline = time.monotonic() + READ_RETRY_SECONDS
    delay = 0.02
    literal = "'" + str(path).replace("'", "''") + "'"
    while True:
        con = duckdb.connect(":memory:", config=config)
        try:
            con.execute(f"ATTACH {literal} AS crime (READ_ONLY)")
            con.execute("USE crime")
            return con
        except duckdb.Error as exc:
            con.close()
            if not _is_lock_conflict(exc):
                raise PrevhubError(_UNREADABLE.format(path=path)) from exc
            if time.monotonic() >= deadline:
                raise StoreBusyError(_BUSY_READER.format(path=path)) from exc
        time.sleep(delay)
        delay = min(delay * 2, 0.25)


class Writer:
    """The writer's side of a store: its lock, its working copy, and publishing it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.working = working_path(path)
        self._lock: IO[bytes] | None = open(  # noqa: SIM115 - held until release()
            path.with_name(path.name + ".lock"), "ab"
        )
        try:
            fcntl.flock(self._lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            self._lock = None
            raise StoreBusyError(_BUSY_WRITER.format(path=path)) from None

    def prepare(self) -> bool:
        """Make the working copy from the published store; False if there is none yet.

        A working copy left by a killed writer is discarded first. A write-ahead log beside the
        published store (left by an older Prevention Hub that wrote in place) is copied too, so
        DuckDB replays it into the copy.
        """
        self.discard()
        if not self.path.exists():
            return False
        shutil.copyfile(self.path, self.working)
        if _wal(self.path).exists():
            shutil.copyfile(_wal(self.path), _wal(self.working))
        return True

    def connect(self, config: dict[str, Any]) -> duckdb.DuckDBPyConnection:
        """Open the working copy for writing."""
        try:
            return duckdb.connect(str(self.working), config=config)
        except duckdb.Error as exc:
            raise PrevhubError(_UNREADABLE.format(path=self.path)) from exc

    def publish(self, con: duckdb.DuckDBPyConnection) -> None:
        """Checkpoint and close ``con`` (on the working copy), then swap the copy in."""
        con.execute("CHECKPOINT")
        con.close()
        if _wal(self.working).exists():  # never publish a file whose log was not merged
            raise PrevhubError(
                f"{self.path}: the new version of the store could not be completed (its log "
                "was not merged); the published store is unchanged"
            )
        with open(self.working, "rb") as handle:
            os.fsync(handle.fileno())
        # An older in-place writer's log was replayed into the copy: it must not be applied
        # to the new file as well.
        _wal(self.path).unlink(missing_ok=True)
        os.replace(self.working, self.path)
        directory = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def discard(self) -> None:
        """Remove the working copy (and its log)."""
        for leftover in (self.working, _wal(self.working)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()

    def release(self) -> None:
        """Drop the working copy and the writer lock."""
        self.discard()
        if self._lock is not None:
            fcntl.flock(self._lock.fileno(), fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None
