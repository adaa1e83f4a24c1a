"""The crime store: one DuckDB file holding every published row the hub has loaded.

Why this shape:

* **Replace, never add.** data.police.uk revises months. Each (force, month, kind) is owned by
  exactly one current load; ingesting that month again deletes the old rows and inserts the new
  ones in the same transaction, so a revised file replaces its month and the same file twice
  changes nothing (it is recognised by its SHA-256 and skipped).
* **All or nothing.** One ``prevhub ingest`` call is one transaction, on the writer's copy of
  the store, published by an atomic rename once it has committed (:mod:`.store_file`). A bad
  file raises before anything is written; a killed process never touched the published store,
  which opens as it was before.
* **Every load on record.** ``loads`` keeps file, checksum, rows, time, kind, force and month,
  including loads later replaced (``current = false``), so a figure can be traced to its files.
* **No personal data.** police.uk rows carry none. Force extracts may carry a victim id for
  repeat-victim analysis; it is always re-keyed (SHA-256 with a random per-store salt that never
  leaves the store), so the store holds a pseudonym that cannot be joined to force systems.

This module owns the file (opening, schema version, small queries); the tables are in
:mod:`prevhub.crime.schema` and the ingest pipelines in :mod:`prevhub.crime.ingest`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb

from prevhub.crime import schema, store_file
from prevhub.crime.ingest import incidents as _incidents_ingest
from prevhub.crime.ingest import loads as _loads
from prevhub.crime.ingest import neighbourhoods as _neighbourhoods
from prevhub.crime.ingest import police_uk as _police_uk_ingest
from prevhub.crime.ingest import recorded_crime as _recorded_crime_ingest
from prevhub.crime.ingest.police_uk import BATCH_BYTES
from prevhub.crime.ingest.report import FileLoad, IngestReport, ProgressCallback
from prevhub.crime.schema import INCIDENTS, RECORDED_CRIME, SCHEMA_VERSION
from prevhub.errors import PrevhubError
from prevhub.paths import crime_store_path

__all__ = [
    "BATCH_BYTES",
    "DEFAULT_WRITE_MEMORY_LIMIT",
    "INCIDENTS",
    "MEMORY_LIMIT_ENV",
    "RECORDED_CRIME",
    "SCHEMA_VERSION",
    "CrimeStore",
    "FileLoad",
    "IngestReport",
    "ProgressCallback",
]

#: DuckDB memory cap for a store opened for writing, unless ``memory_limit`` or the environment
#: variable ``PREVHUB_CRIME_MEMORY_LIMIT`` says otherwise. DuckDB's own default is 80 % of RAM,
#: and it uses what it is allowed: an ingest holds its uncommitted rows until COMMIT, so without
#: a cap a 20-million-row ingest peaked at 7.4 GB. Under the cap DuckDB writes those rows to the
#: store file and spills large intermediates to ``<store>.tmp`` beside the store instead.
#: Read-only connections (the web pages, ``measure``) keep DuckDB's default.
DEFAULT_WRITE_MEMORY_LIMIT = "2GB"
MEMORY_LIMIT_ENV = "PREVHUB_CRIME_MEMORY_LIMIT"


class CrimeStore:
    """A DuckDB crime store file. Open it, ingest into it, query it.

    Use as a context manager or call :meth:`close`. Readers (``read_only=True``: the web pages,
    ``measure``) and one writer may use the same store at once (see
    :mod:`prevhub.crime.store_file`): a writer works on a copy and each ingest that changes
    something is published, atomically, when it commits; readers opened after that see it.
    ``memory_limit`` (DuckDB syntax, e.g. ``"3GB"``) caps DuckDB's memory; a writing connection
    defaults to :data:`DEFAULT_WRITE_MEMORY_LIMIT` (see there).

    Raises :class:`~prevhub.errors.StoreBusyError` when another writer holds the store, or
    (after a short retry) when a reader meets a lock; :class:`~prevhub.errors.PrevhubError` for
    a file that is missing, damaged or not a crime store.
    """

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        read_only: bool = False,
        memory_limit: str | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else crime_store_path()
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise PrevhubError(f"{self.path}: no crime store here yet (run `prevhub ingest`)")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        limit = memory_limit or os.environ.get(MEMORY_LIMIT_ENV)
        if not limit and not read_only:
            limit = DEFAULT_WRITE_MEMORY_LIMIT
        self._config: dict[str, Any] = {"memory_limit": limit} if limit else {}
        self._con: duckdb.DuckDBPyConnection | None = None
        self._writer: store_file.Writer | None = None
        #: Committed changes in the working copy that readers do not see yet.
        self._unpublished = False
        if self.path.is_dir():
            # A Parquet export (prevhub.crime.parquet): read in place, never written.
            if not read_only:
                raise PrevhubError(f"{self.path}: a Parquet export is read-only")
            self._con = duckdb.connect(":memory:", config=self._config)
            try:
                from prevhub.crime import parquet

                parquet.attach(self._con, self.path)
                self._setup(self._con)
            except BaseException:
                self._abandon()
                raise
            return
        if read_only:
            self._con = store_file.connect_reader(self.path, self._config)
            try:
                self._setup(self._con)
            except BaseException:
                self._abandon()
                raise
            return
        # Spill beside the store (DuckDB's default too, made explicit): same disk, same
        # permissions, removed by DuckDB when the connection closes.
        self._config["temp_directory"] = str(self.path.with_name(self.path.name + ".tmp"))
        self._writer = store_file.Writer(self.path)
        try:
            with store_file.disk_full_is_an_error(self.path):
                published = self._open_working_copy()
                self._unpublished = schema.migrate(self._con) or not published  # type: ignore[arg-type]
            schema.check_version(self._con, self.path)  # type: ignore[arg-type]
        except BaseException:
            self._abandon()
            raise

    def _setup(self, con: duckdb.DuckDBPyConnection) -> None:
        con.execute("SET enable_progress_bar = false")
        if self.read_only:
            schema.check_version(con, self.path)

    def _open_working_copy(self) -> bool:
        """Copy the published store and open the copy; False if nothing was published yet."""
        assert self._writer is not None
        published = self._writer.prepare()
        self._con = self._writer.connect(self._config)
        self._setup(self._con)
        return published

    def _abandon(self) -> None:
        if self._con is not None:
            with contextlib.suppress(duckdb.Error):
                self._con.close()
            self._con = None
        if self._writer is not None:
            self._writer.release()
            self._writer = None

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection (on a writer, to its working copy).

        Writing through it directly (as :meth:`record_loads` callers do) is published when the
        store is closed.
        """
        if self._writer is not None:
            self._unpublished = True
        return self._connection()

    def _connection(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            if self._writer is None:
                raise PrevhubError(f"{self.path}: the crime store is closed")
            self._open_working_copy()  # after a publish: a fresh copy of what was published
        assert self._con is not None
        return self._con

    def publish(self) -> None:
        """Make the committed changes of this writer visible to readers (atomic swap).

        The write methods call it when they have changed something, and :meth:`close` does for
        anything left (such as direct writes through :attr:`con`).
        """
        if self._writer is None or self._con is None:
            return
        with store_file.disk_full_is_an_error(self.path):
            self._writer.publish(self._con)
        self._con = None
        self._unpublished = False

    def __enter__(self) -> CrimeStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Publish what is left unpublished, close the connection, release the writer lock.

        Commits nothing itself: every write commits (or rolls back) on its own.
        """
        try:
            if self._unpublished:
                self.publish()
        finally:
            self._abandon()

    @property
    def schema_version(self) -> int:
        """The schema version written in the store."""
        row = (
            self._connection()
            .execute("SELECT value FROM store_meta WHERE key = 'schema_version'")
            .fetchone()
        )
        assert row is not None
        return int(row[0])

    def pseudonym_salt(self) -> str:
        """The per-store salt used to re-key victim ids (never exported)."""
        row = (
            self._connection()
            .execute("SELECT value FROM store_meta WHERE key = 'pseudonym_salt'")
            .fetchone()
        )
        assert row is not None
        return str(row[0])

    def pseudonym(self, raw_id: str) -> str:
        """A victim's or offender's force id keyed as the store keys it (never stored): how a
        register finds its people's rows (:mod:`prevhub.crime.reoffending`)."""
        from prevhub.crime.sources.recorded_crime import pseudonym

        salt = getattr(self, "_salt", None)
        if salt is None:  # asked once per opening: a cohort keys thousands of ids
            salt = self._salt = self.pseudonym_salt()
        return pseudonym(salt, raw_id)

    def _require_writable(self) -> None:
        if self.read_only:
            raise PrevhubError(f"{self.path}: opened read-only")

    # -- ingest (the pipelines are in prevhub.crime.ingest) ------------------------------------

    def ingest_police_uk(
        self,
        paths: Iterable[Path | str],
        *,
        lenient: bool = False,
        progress: ProgressCallback | None = None,
    ) -> IngestReport:
        """Load data.police.uk files (zips, archive folders or CSVs) in one transaction.

        Each (force, month, kind) replaces what the store held for it. Without ``lenient`` any
        bad row stops the ingest with a :class:`PrevhubError` naming file, line and field, and
        nothing is written. With ``lenient`` bad rows go to the ``quarantine`` table with their
        reason and the rest load.
        """
        self._require_writable()
        with store_file.disk_full_is_an_error(self.path):
            report = _police_uk_ingest.ingest_police_uk(
                self._connection(), paths, lenient=lenient, progress=progress
            )
        if report.changed:
            self.publish()
        return report

    def ingest_recorded_crime(
        self,
        path: Path | str,
        *,
        mapping: Path | str | None = None,
        force: str | None = None,
        lenient: bool = False,
    ) -> IngestReport:
        """Load a force's recorded-crime extract in one transaction.

        Every month the extract covers replaces that month of the force's recorded crime; the
        same file twice changes nothing. The force comes from ``force`` or the mapping file.
        """
        self._require_writable()
        report = _recorded_crime_ingest.ingest_recorded_crime(
            self._connection(),
            path,
            salt=self.pseudonym_salt(),
            mapping=mapping,
            force=force,
            lenient=lenient,
        )
        if report.changed:
            self.publish()
        return report

    def ingest_incidents(
        self,
        path: Path | str,
        *,
        mapping: Path | str | None = None,
        force: str | None = None,
        lenient: bool = False,
    ) -> IngestReport:
        """Load a force's incident (calls-for-service) extract in one transaction.

        As :meth:`ingest_recorded_crime`: each month the extract covers replaces that month of
        the force's incidents, the same file twice changes nothing, a bad row loads nothing.
        Caller and location ids are stored only as keyed pseudonyms (HMAC with the salt).
        """
        self._require_writable()
        report = _incidents_ingest.ingest_incidents(
            self._connection(),
            path,
            salt=self.pseudonym_salt(),
            mapping=mapping,
            force=force,
            lenient=lenient,
        )
        if report.changed:
            self.publish()
        return report

    def record_loads(
        self,
        *,
        file: str,
        sha256: str,
        kind: str,
        force: str,
        rows_by_month: dict[str, int],
        quarantined_by_month: dict[str, int],
    ) -> list[FileLoad]:
        """Mark the current loads of these months replaced and record new ones.

        Used by readers that insert their own rows inside a transaction the caller opened.
        Returns one FileLoad per month, and leaves ``staging_loads`` (month -> load_id).
        """
        return _loads.record_loads(
            self.con,
            file=file,
            sha256=sha256,
            kind=kind,
            force=force,
            rows_by_month=rows_by_month,
            quarantined_by_month=quarantined_by_month,
        )

    def import_neighbourhoods(self, mapping_csv: Path | str) -> int:
        """Replace the LSOA -> neighbourhood mapping from a CSV with those two columns.

        Accepted headers: ``lsoa_code`` (or ``lsoa``) and ``neighbourhood`` (or ``name``).
        """
        self._require_writable()
        rows = _neighbourhoods.import_neighbourhoods(self._connection(), mapping_csv)
        self.publish()
        return rows

    # -- export and small queries -------------------------------------------------------------

    def export_parquet(
        self, directory: Path | str, *, partitions: Iterable[tuple[str, str]] | None = None
    ) -> dict[str, int]:
        """Write every table as Parquet (hive layout by force and month) with a manifest.

        Other engines (Spark, Polars, a second DuckDB) read ``<dir>/<table>/force=.../month=...``
        directly; ``CrimeStore(dir, read_only=True)`` answers from it without loading. With
        ``partitions`` (``[(force, month)]``) only those are rewritten, atomically. The
        pseudonym salt is not exported. See :mod:`prevhub.crime.parquet`.
        """
        from prevhub.crime import parquet

        return parquet.export(self._connection(), directory, partitions=partitions)

    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Rows of a query. The measures' SQL goes through here, so that the same text can run
        on another engine with the same method (:class:`prevhub.crime.spark.SparkStore`)."""
        return self._connection().execute(sql, list(params)).fetchall()

    def count(self, table: str, where: str = "true", params: Sequence[object] = ()) -> int:
        """Rows in a store table matching a SQL condition (for reports and tests)."""
        rows = self.query(f"SELECT count(*) FROM {table} WHERE {where}", params)
        return int(rows[0][0]) if rows else 0

    def loaded_months(self, force: str, kind: str = "street") -> list[str]:
        """Months with a current load for this force and kind, in order."""
        rows = self.query(
            "SELECT month FROM loads WHERE current AND force = ? AND kind = ? ORDER BY month",
            [force, kind],
        )
        return [r[0] for r in rows]

    def forces(self, kind: str = "street") -> list[str]:
        """Forces with at least one current load of this kind."""
        rows = self.query(
            "SELECT DISTINCT force FROM loads WHERE current AND kind = ? ORDER BY force", [kind]
        )
        return [r[0] for r in rows]

    def quarantine_summary(self) -> list[tuple[str, str, int]]:
        """(file, reason, rows) for quarantined rows of current loads."""
        rows = (
            self._connection()
            .execute(
                "SELECT q.file, q.field || ': ' || q.reason, count(*) FROM quarantine q "
                "JOIN loads l USING (load_id) WHERE l.current GROUP BY ALL ORDER BY 1, 2"
            )
            .fetchall()
        )
        return [(str(f), str(r), int(n)) for f, r, n in rows]
