"""The crime store: one DuckDB file holding every published row the hub has loaded.

Why this shape:

* **Replace, never add.** data.police.uk revises months. Each (force, month, kind) is owned by
  exactly one current load; ingesting that month again deletes the old rows and inserts the new
  ones in the same transaction, so a revised file replaces its month and the same file twice
  changes nothing (it is recognised by its SHA-256 and skipped).
* **All or nothing.** One ``prevhub ingest`` call is one transaction. A bad file raises before
  anything is written; a killed process leaves DuckDB's write-ahead log uncommitted, and the
  store opens as it was before.
* **Every load on record.** ``loads`` keeps file, checksum, rows, time, kind, force and month,
  including loads later replaced (``current = false``), so a figure can be traced to its files.
* **No personal data.** police.uk rows carry none. Force extracts may carry a victim id for
  repeat-victim analysis; it is always re-keyed (SHA-256 with a random per-store salt that never
  leaves the store), so the store holds a pseudonym that cannot be joined to force systems.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from prevhub.crime import classification
from prevhub.crime.geography import DISTRICT_FROM_LSOA_NAME_SQL, packaged_force_districts
from prevhub.crime.sources import police_uk, recorded_crime
from prevhub.errors import PrevhubError
from prevhub.paths import crime_store_path

SCHEMA_VERSION = 1
RECORDED_CRIME = "recorded-crime"

#: Stage at most this many bytes of CSV at once, to bound memory on national-scale ingests.
BATCH_BYTES = 512 * 1024 * 1024

#: DuckDB memory cap for a store opened for writing, unless ``memory_limit`` or the environment
#: variable ``PREVHUB_CRIME_MEMORY_LIMIT`` says otherwise. DuckDB's own default is 80 % of RAM,
#: and it uses what it is allowed: an ingest holds its uncommitted rows until COMMIT, so without
#: a cap a 20-million-row ingest peaked at 7.4 GB. Under the cap DuckDB writes those rows to the
#: store file and spills large intermediates to ``<store>.tmp`` beside the store instead.
#: Read-only connections (the web pages, ``measure``) keep DuckDB's default.
DEFAULT_WRITE_MEMORY_LIMIT = "2GB"
MEMORY_LIMIT_ENV = "PREVHUB_CRIME_MEMORY_LIMIT"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE SEQUENCE IF NOT EXISTS load_ids START 1;
CREATE TABLE IF NOT EXISTS loads (
    load_id BIGINT PRIMARY KEY, file VARCHAR, sha256 VARCHAR, rows BIGINT,
    quarantined BIGINT, loaded_at TIMESTAMP, kind VARCHAR, force VARCHAR, month VARCHAR,
    current BOOLEAN);
CREATE TABLE IF NOT EXISTS street_crimes (
    force VARCHAR, month VARCHAR, crime_id VARCHAR, reported_by VARCHAR, falls_within VARCHAR,
    longitude DOUBLE, latitude DOUBLE, location VARCHAR, lsoa_code VARCHAR, lsoa_name VARCHAR,
    crime_type VARCHAR, last_outcome VARCHAR, context VARCHAR, district VARCHAR,
    load_id BIGINT);
CREATE TABLE IF NOT EXISTS outcomes (
    force VARCHAR, month VARCHAR, crime_id VARCHAR, reported_by VARCHAR, falls_within VARCHAR,
    longitude DOUBLE, latitude DOUBLE, location VARCHAR, lsoa_code VARCHAR, lsoa_name VARCHAR,
    outcome_type VARCHAR, load_id BIGINT);
CREATE TABLE IF NOT EXISTS stop_and_search (
    force VARCHAR, month VARCHAR, type VARCHAR, date TIMESTAMPTZ,
    part_of_policing_operation VARCHAR, policing_operation VARCHAR, latitude DOUBLE,
    longitude DOUBLE, gender VARCHAR, age_range VARCHAR, self_defined_ethnicity VARCHAR,
    officer_defined_ethnicity VARCHAR, legislation VARCHAR, object_of_search VARCHAR,
    outcome VARCHAR, outcome_linked_to_object VARCHAR, removal_of_outer_clothing VARCHAR,
    load_id BIGINT);
CREATE TABLE IF NOT EXISTS recorded_crimes (
    force VARCHAR, month VARCHAR, crime_reference VARCHAR, recorded_date DATE,
    offence_code VARCHAR, lsoa_code VARCHAR, longitude DOUBLE, latitude DOUBLE,
    victim_pseudonym VARCHAR, location_id VARCHAR, domestic_abuse BOOLEAN, load_id BIGINT);
CREATE TABLE IF NOT EXISTS quarantine (
    load_id BIGINT, file VARCHAR, line BIGINT, field VARCHAR, reason VARCHAR, raw VARCHAR);
CREATE TABLE IF NOT EXISTS neighbourhoods (lsoa_code VARCHAR PRIMARY KEY, neighbourhood VARCHAR);
CREATE TABLE IF NOT EXISTS lsoa_lookup (lsoa_code VARCHAR PRIMARY KEY, lsoa_name VARCHAR,
    district VARCHAR);
"""

#: Lookup tables rebuilt from the packaged reference files every time the store is opened for
#: writing, so a corrected reference table takes effect without re-ingesting anything.
_LOOKUPS = """
CREATE OR REPLACE TABLE crime_type_classes (
    crime_type VARCHAR, slug VARCHAR, offence_group VARCHAR, crime_class VARCHAR,
    harm_days DOUBLE);
CREATE OR REPLACE TABLE offence_classes (
    code VARCHAR, label VARCHAR, offence_group VARCHAR, offence_subgroup VARCHAR,
    crime_class VARCHAR, harm_days DOUBLE, harm_days_from_2020_04 DOUBLE);
CREATE OR REPLACE TABLE force_harm_weights (force VARCHAR, crime_type VARCHAR,
    harm_days DOUBLE);
CREATE OR REPLACE TABLE force_districts (force VARCHAR, district VARCHAR);
CREATE OR REPLACE TABLE force_names (force VARCHAR, force_name VARCHAR);
"""

_KIND_TABLES = {
    police_uk.STREET: "street_crimes",
    police_uk.OUTCOMES: "outcomes",
    police_uk.STOP_AND_SEARCH: "stop_and_search",
    RECORDED_CRIME: "recorded_crimes",
}

_INSERT_SELECT = {
    police_uk.STREET: """
        "Crime ID", "Reported by", "Falls within", TRY_CAST("Longitude" AS DOUBLE),
        TRY_CAST("Latitude" AS DOUBLE), "Location", "LSOA code", "LSOA name", "Crime type",
        "Last outcome category", "Context", {district}
    """.format(district=DISTRICT_FROM_LSOA_NAME_SQL.replace("lsoa_name", '"LSOA name"')),
    police_uk.OUTCOMES: """
        "Crime ID", "Reported by", "Falls within", TRY_CAST("Longitude" AS DOUBLE),
        TRY_CAST("Latitude" AS DOUBLE), "Location", "LSOA code", "LSOA name", "Outcome type"
    """,
    police_uk.STOP_AND_SEARCH: """
        "Type", CAST("Date" AS TIMESTAMPTZ), "Part of a policing operation",
        "Policing operation", TRY_CAST("Latitude" AS DOUBLE), TRY_CAST("Longitude" AS DOUBLE),
        "Gender", "Age range", "Self-defined ethnicity", "Officer-defined ethnicity",
        "Legislation", "Object of search", "Outcome", "Outcome linked to object of search",
        "Removal of more than just outer clothing"
    """,
}

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class FileLoad:
    """What happened to one (force, month, kind) in an ingest."""

    file: str
    force: str
    month: str
    kind: str
    rows: int
    quarantined: int
    status: str  # "loaded", "replaced" or "unchanged"
    previous_rows: int | None = None


@dataclass
class IngestReport:
    """The outcome of one ingest: per-file loads, quarantined rows and their reasons."""

    loads: list[FileLoad] = field(default_factory=list)
    quarantine_reasons: Counter[str] = field(default_factory=Counter)
    problems: list[police_uk.RowProblem] = field(default_factory=list)
    #: Rows beyond the first that share a non-empty Crime ID within one force's month, summed
    #: over every force and month of the ingest (see the per-force figures below).
    duplicate_crime_id_rows: int = 0
    duplicate_crime_id_rows_by_force: dict[str, int] = field(default_factory=dict)
    duplicate_crime_id_rows_by_force_month: dict[tuple[str, str], int] = field(default_factory=dict)
    outside_force_rows: int = 0
    no_location_rows: int = 0

    @property
    def rows(self) -> int:
        """Rows now in the store from the files of this ingest (unchanged files included)."""
        return sum(load.rows for load in self.loads)

    @property
    def quarantined(self) -> int:
        """Rows set aside in the quarantine table (only with ``lenient``)."""
        return sum(self.quarantine_reasons.values())

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON output."""
        return {
            "rows": self.rows,
            "quarantined": self.quarantined,
            "quarantine_reasons": dict(self.quarantine_reasons),
            "duplicate_crime_id_rows": self.duplicate_crime_id_rows,
            "duplicate_crime_id_rows_by_force": dict(self.duplicate_crime_id_rows_by_force),
            "outside_force_rows": self.outside_force_rows,
            "no_location_rows": self.no_location_rows,
            "loads": [load.__dict__ for load in self.loads],
        }


class CrimeStore:
    """A DuckDB crime store file. Open it, ingest into it, query it.

    Use as a context manager or call :meth:`close`. ``read_only`` connections let the web
    page read while no ingest is running (DuckDB allows one writing process per file).
    ``memory_limit`` (DuckDB syntax, e.g. ``"3GB"``) caps DuckDB's memory; a writing connection
    defaults to :data:`DEFAULT_WRITE_MEMORY_LIMIT` (see there).
    """

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        read_only: bool = False,
        memory_limit: str | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else crime_store_path()
        if read_only and not self.path.exists():
            raise PrevhubError(f"{self.path}: no crime store here yet (run `prevhub ingest`)")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        limit = memory_limit or os.environ.get(MEMORY_LIMIT_ENV)
        if not limit and not read_only:
            limit = DEFAULT_WRITE_MEMORY_LIMIT
        config = {"memory_limit": limit} if limit else {}
        if not read_only:
            # Spill beside the store (DuckDB's default too, made explicit): same disk, same
            # permissions, removed by DuckDB when the connection closes.
            config["temp_directory"] = str(self.path.with_name(self.path.name + ".tmp"))
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only, config=config)
        except duckdb.IOException as exc:
            raise PrevhubError(f"{self.path}: cannot open the crime store ({exc})") from exc
        self.con.execute("SET enable_progress_bar = false")
        self.read_only = read_only
        if not read_only:
            self._migrate()
        self._check_version()

    def __enter__(self) -> CrimeStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the DuckDB connection (commits nothing: every write commits itself)."""
        self.con.close()

    # -- schema -------------------------------------------------------------------------------

    def _migrate(self) -> None:
        self.con.execute("BEGIN")
        self.con.execute(_SCHEMA)
        self.con.execute(
            "INSERT OR IGNORE INTO store_meta VALUES ('schema_version', ?)",
            [str(SCHEMA_VERSION)],
        )
        self.con.execute(
            "INSERT OR IGNORE INTO store_meta VALUES ('pseudonym_salt', ?)",
            [secrets.token_hex(32)],
        )
        self.con.execute(_LOOKUPS)
        self.con.executemany(
            "INSERT INTO crime_type_classes VALUES (?, ?, ?, ?, ?)",
            classification.crime_type_rows(),
        )
        self.con.executemany(
            "INSERT INTO offence_classes VALUES (?, ?, ?, ?, ?, ?, ?)",
            classification.offence_rows(),
        )
        self.con.executemany(
            "INSERT INTO force_harm_weights VALUES (?, ?, ?)",
            [(f, t, d) for (f, t), d in classification.harm_weights_by_force_crime_type().items()],
        )
        self.con.executemany(
            "INSERT INTO force_districts VALUES (?, ?)",
            [(f, d) for f, ds in packaged_force_districts().items() for d in sorted(ds)],
        )
        self.con.executemany(
            "INSERT INTO force_names VALUES (?, ?)", list(classification.forces().items())
        )
        self.con.execute("COMMIT")

    def _check_version(self) -> None:
        row = self.con.execute(
            "SELECT value FROM store_meta WHERE key = 'schema_version'"
        ).fetchone()
        if row is None:
            raise PrevhubError(f"{self.path}: not a Prevention Hub crime store")
        if int(row[0]) > SCHEMA_VERSION:
            raise PrevhubError(
                f"{self.path}: store schema version {row[0]} is newer than this Prevention Hub "
                f"({SCHEMA_VERSION}); upgrade prevhub"
            )

    @property
    def schema_version(self) -> int:
        """The schema version written in the store."""
        row = self.con.execute(
            "SELECT value FROM store_meta WHERE key = 'schema_version'"
        ).fetchone()
        assert row is not None
        return int(row[0])

    # -- ingest -------------------------------------------------------------------------------

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
        report = IngestReport()
        with police_uk.open_police_uk(paths) as files:
            _refuse_same_month_twice(files)
            total_bytes = sum(f.path.stat().st_size for f in files) or 1
            done_bytes = 0
            self.con.execute("BEGIN")
            try:
                for kind in police_uk.KINDS:
                    of_kind = [f for f in files if f.kind == kind]
                    for batch in _batches(of_kind):
                        self._ingest_batch(batch, kind, lenient, report)
                        done_bytes += sum(f.path.stat().st_size for f in batch)
                        if progress:
                            progress(done_bytes, total_bytes)
                _sum_quirks(report)
                self.con.execute("COMMIT")
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
        return report

    def _ingest_batch(
        self,
        files: list[police_uk.PoliceUkFile],
        kind: str,
        lenient: bool,
        report: IngestReport,
    ) -> None:
        checksums = [f.sha256() for f in files]
        current = self._current_loads(kind, [(f.force, f.month) for f in files])
        # A file identical to the current load of its month changes nothing: skip it unread.
        todo = [
            (f, sha)
            for f, sha in zip(files, checksums, strict=True)
            if current.get((f.force, f.month), (None, 0))[0] != sha
        ]
        unchanged_ids = []
        for f, sha in zip(files, checksums, strict=True):
            previous = current.get((f.force, f.month))
            if previous is not None and previous[0] == sha:
                report.loads.append(
                    FileLoad(f.name, f.force, f.month, kind, previous[1], 0, "unchanged")
                )
                unchanged_ids.append(previous[2])
        if not todo:
            if kind == police_uk.STREET:
                self._count_quirks(unchanged_ids, report)
            return
        batch = [f for f, _ in todo]
        problems = police_uk.stage_files(self.con, batch, kind)
        if problems and not lenient:
            first = problems[0]
            more = f" (and {len(problems) - 1} more bad rows)" if len(problems) > 1 else ""
            raise PrevhubError(
                f"{first.message()}{more}. Nothing was loaded. Fix the file, or use --lenient "
                "to quarantine bad rows."
            )
        table = _KIND_TABLES[kind]
        problems_per_file = Counter(p.file for p in problems)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE staging_loads (load_id BIGINT, file_id INTEGER, "
            "force VARCHAR, month VARCHAR)"
        )
        first_id = self._next_load_id()
        self.con.execute(
            "SELECT max(nextval('load_ids')) FROM range(?)", [len(todo) - 1]
        ).fetchall()
        police_uk.insert_rows(
            self.con,
            "staging_loads",
            [(first_id + i, i, f.force, f.month) for i, (f, _) in enumerate(todo)],
        )
        self.con.execute(
            f"DELETE FROM {table} WHERE (force, month) IN "
            "(SELECT (force, month) FROM staging_loads)"
        )
        # The load pass: read the files again and insert the rows that passed the checks. Row
        # order in the store means nothing (every query groups or sorts), so DuckDB may insert
        # in whatever order its threads finish, which spares it buffering rows to keep order.
        # (The check pass keeps the order: its line numbers come from it.)
        valid = police_uk.valid_rows_sql(batch, kind, any_bad_rows=bool(problems))
        self.con.execute("SET preserve_insertion_order = false")
        try:
            self.con.execute(
                f"INSERT INTO {table} SELECT l.force, l.month, {_INSERT_SELECT[kind]}, "
                f"l.load_id FROM ({valid}) s JOIN staging_loads l USING (file_id)"
            )
        finally:
            self.con.execute("RESET preserve_insertion_order")
        police_uk.check_load_pass(self.con, batch, problems)
        load_ids = dict(self.con.execute("SELECT file_id, load_id FROM staging_loads").fetchall())
        rows_per_load = dict(
            self.con.execute(
                f"SELECT load_id, count(*) FROM {table} "
                "WHERE load_id IN (SELECT load_id FROM staging_loads) GROUP BY 1"
            ).fetchall()
        )
        loads = []
        for file_id, (f, sha) in enumerate(todo):
            load_id = int(load_ids[file_id])
            rows = int(rows_per_load.get(load_id, 0))
            quarantined = problems_per_file.get(f.name, 0)
            loads.append(
                (load_id, f.name, sha, rows, quarantined, now, kind, f.force, f.month, True)
            )
            previous = current.get((f.force, f.month))
            report.loads.append(
                FileLoad(
                    f.name,
                    f.force,
                    f.month,
                    kind,
                    rows,
                    quarantined,
                    "replaced" if previous else "loaded",
                    previous[1] if previous else None,
                )
            )
        for p in problems:
            report.quarantine_reasons[f"{p.field}: {_reason_kind(p.reason)}"] += 1
        self.con.execute(
            "UPDATE loads SET current = false WHERE current AND kind = ? AND (force, month) IN "
            "(SELECT (force, month) FROM staging_loads)",
            [kind],
        )
        police_uk.insert_rows(self.con, "loads", loads)
        if problems:
            load_of = {f.name: load_ids[i] for i, (f, _) in enumerate(todo)}
            self.con.executemany(
                "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)",
                [(load_of[p.file], p.file, p.line, p.field, p.reason, p.raw) for p in problems],
            )
            report.problems.extend(problems)
        if kind in (police_uk.STREET, police_uk.OUTCOMES):
            # Remember each LSOA's name and district, so force extracts that give only an LSOA
            # code can still be placed in a district.
            self.con.execute(
                f"""INSERT OR REPLACE INTO lsoa_lookup
                    SELECT lsoa_code, any_value(lsoa_name), any_value(district)
                    FROM (SELECT lsoa_code, lsoa_name, {DISTRICT_FROM_LSOA_NAME_SQL} AS district
                          FROM (SELECT DISTINCT lsoa_code, lsoa_name FROM {table}
                                WHERE load_id IN (SELECT load_id FROM staging_loads)
                                AND lsoa_code IS NOT NULL))
                    GROUP BY 1"""
            )
        if kind == police_uk.STREET:
            self._count_quirks(unchanged_ids + [int(load_ids[i]) for i in range(len(todo))], report)

    def _count_quirks(self, load_ids: list[int], report: IngestReport) -> None:
        """Count duplicate Crime IDs, out-of-area and unlocated rows of these current street
        loads (one batch of the ingest, unchanged files included) into the report.

        Done batch by batch, while the rows are fresh and the hash table small; a current load
        owns its (force, month), so its load id selects exactly that month's rows.
        :func:`_sum_quirks` totals the figures at the end.
        """
        if not load_ids:
            return
        self.con.execute("CREATE OR REPLACE TEMP TABLE report_loads (load_id BIGINT)")
        police_uk.insert_rows(self.con, "report_loads", [(i,) for i in load_ids])
        # Per force and month: rows beyond the first sharing a Crime ID (ASB rows have none).
        repeated = self.con.execute(
            "SELECT l.force, l.month, r.n FROM (SELECT load_id, sum(n - 1) AS n FROM "
            "(SELECT load_id, count(*) AS n FROM street_crimes "
            "WHERE load_id IN (SELECT load_id FROM report_loads) AND crime_id IS NOT NULL "
            "GROUP BY load_id, crime_id HAVING count(*) > 1) GROUP BY load_id) r "
            "JOIN loads l USING (load_id)"
        ).fetchall()
        for force, month, n in repeated:
            report.duplicate_crime_id_rows_by_force_month[(force, month)] = int(n)
        areas = self.con.execute(
            """SELECT count(*) FILTER (WHERE s.lsoa_name IS NULL),
                count(*) FILTER (WHERE s.lsoa_name IS NOT NULL AND d.district IS NULL
                                 AND s.force IN (SELECT force FROM force_districts))
            FROM street_crimes s
            LEFT JOIN force_districts d ON d.force = s.force AND d.district = s.district
            WHERE s.load_id IN (SELECT load_id FROM report_loads)"""
        ).fetchone()
        if areas:
            report.no_location_rows += int(areas[0])
            report.outside_force_rows += int(areas[1])
        self.con.execute("DROP TABLE report_loads")

    def _current_loads(
        self, kind: str, keys: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[str, int, int]]:
        """(sha256, rows, load id) of the current load of each (force, month) of this kind."""
        wanted = set(keys)
        rows = self.con.execute(
            "SELECT force, month, sha256, rows, load_id FROM loads WHERE current AND kind = ?",
            [kind],
        ).fetchall()
        return {(f, m): (sha, int(n), int(i)) for f, m, sha, n, i in rows if (f, m) in wanted}

    def _next_load_id(self) -> int:
        row = self.con.execute("SELECT nextval('load_ids')").fetchone()
        assert row is not None
        return int(row[0])

    def _require_writable(self) -> None:
        if self.read_only:
            raise PrevhubError(f"{self.path}: opened read-only")

    def pseudonym_salt(self) -> str:
        """The per-store salt used to re-key victim ids (never exported)."""
        row = self.con.execute(
            "SELECT value FROM store_meta WHERE key = 'pseudonym_salt'"
        ).fetchone()
        assert row is not None
        return str(row[0])

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
        current = self._current_loads(kind, [(force, m) for m in rows_by_month])
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE staging_loads (month VARCHAR, load_id BIGINT)"
        )
        result = []
        for month, rows in sorted(rows_by_month.items()):
            load_id = self._next_load_id()
            self.con.execute(
                "UPDATE loads SET current = false "
                "WHERE kind = ? AND force = ? AND month = ? AND current",
                [kind, force, month],
            )
            self.con.execute(
                "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, true)",
                [
                    load_id,
                    file,
                    sha256,
                    rows,
                    quarantined_by_month.get(month, 0),
                    now,
                    kind,
                    force,
                    month,
                ],
            )
            self.con.execute("INSERT INTO staging_loads VALUES (?, ?)", [month, load_id])
            previous = current.get((force, month))
            result.append(
                FileLoad(
                    file,
                    force,
                    month,
                    kind,
                    rows,
                    quarantined_by_month.get(month, 0),
                    "replaced" if previous else "loaded",
                    previous[1] if previous else None,
                )
            )
        return result

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
        extract = Path(path)
        if not extract.exists():
            raise PrevhubError(f"{extract}: no such file")
        layout = recorded_crime.load_mapping(mapping)
        force_id = force or layout.force
        if not force_id:
            raise PrevhubError("say which force the extract is from: --force ID or force = ...")
        if force_id not in classification.forces():
            raise PrevhubError(f"{force_id!r} is not a police.uk force id")
        sha = recorded_crime.sha256_of(extract)
        existing = self.con.execute(
            "SELECT month, rows FROM loads WHERE current AND kind = ? AND force = ? AND sha256 = ?",
            [RECORDED_CRIME, force_id, sha],
        ).fetchall()
        report = IngestReport()
        if existing:
            report.loads = [
                FileLoad(str(extract), force_id, m, RECORDED_CRIME, int(n), 0, "unchanged")
                for m, n in sorted(existing)
            ]
            return report
        self.con.execute("BEGIN")
        try:
            problems = recorded_crime.stage_extract(
                self.con, extract, layout, salt=self.pseudonym_salt()
            )
            if problems and not lenient:
                first = problems[0]
                more = f" (and {len(problems) - 1} more bad rows)" if len(problems) > 1 else ""
                raise PrevhubError(
                    f"{first.message()}{more}. Nothing was loaded. Fix the file, or use "
                    "--lenient to quarantine bad rows."
                )
            rows_by_month = dict(
                self.con.execute(
                    "SELECT month, count(*) FROM staging_recorded_crime GROUP BY 1"
                ).fetchall()
            )
            if not rows_by_month:
                raise PrevhubError(f"{extract}: no rows to load")
            loads = self.record_loads(
                file=str(extract),
                sha256=sha,
                kind=RECORDED_CRIME,
                force=force_id,
                rows_by_month={m: int(n) for m, n in rows_by_month.items()},
                quarantined_by_month={},
            )
            report.loads.extend(loads)
            first_load = self.con.execute("SELECT min(load_id) FROM staging_loads").fetchone()
            for p in problems:
                self.con.execute(
                    "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        first_load[0] if first_load else None,
                        p.file,
                        p.line,
                        p.field,
                        p.reason,
                        p.raw,
                    ],
                )
                report.quarantine_reasons[f"{p.field}: {_reason_kind(p.reason)}"] += 1
            report.problems.extend(problems)
            self.con.execute(
                "DELETE FROM recorded_crimes WHERE force = ? AND month IN "
                "(SELECT month FROM staging_loads)",
                [force_id],
            )
            self.con.execute(
                """INSERT INTO recorded_crimes SELECT ?, s.month, crime_reference, recorded_date,
                       offence_code, lsoa_code, longitude, latitude, victim_pseudonym,
                       location_id, domestic_abuse, l.load_id
                   FROM staging_recorded_crime s JOIN staging_loads l USING (month)""",
                [force_id],
            )
            self.con.execute("DROP TABLE staging_recorded_crime")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return report

    # -- neighbourhoods and export -----------------------------------------------------------

    def import_neighbourhoods(self, mapping_csv: Path | str) -> int:
        """Replace the LSOA -> neighbourhood mapping from a CSV with those two columns.

        Accepted headers: ``lsoa_code`` (or ``lsoa``) and ``neighbourhood`` (or ``name``).
        """
        self._require_writable()
        path = Path(mapping_csv)
        if not path.exists():
            raise PrevhubError(f"{path}: no such file")
        import csv

        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = {h.strip().lower(): h for h in reader.fieldnames or []}
            lsoa_col = header.get("lsoa_code") or header.get("lsoa")
            name_col = header.get("neighbourhood") or header.get("name")
            if not lsoa_col or not name_col:
                raise PrevhubError(f"{path}, line 1: need columns lsoa_code and neighbourhood")
            rows = []
            for line, row in enumerate(reader, start=2):
                code, name = (row.get(lsoa_col) or "").strip(), (row.get(name_col) or "").strip()
                if not code or not name:
                    raise PrevhubError(f"{path}, line {line}: empty lsoa_code or neighbourhood")
                rows.append((code, name))
        self.con.execute("BEGIN")
        self.con.execute("DELETE FROM neighbourhoods")
        self.con.executemany("INSERT OR REPLACE INTO neighbourhoods VALUES (?, ?)", rows)
        self.con.execute("COMMIT")
        return len(rows)

    def export_parquet(self, directory: Path | str) -> dict[str, int]:
        """Write each data table as Parquet partitioned by force and month (hive layout).

        Other engines (Spark, Polars, a second DuckDB) read ``<dir>/<table>/force=.../month=...``
        directly. The pseudonym salt is not exported.
        """
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        counts: dict[str, int] = {}
        for table in ("street_crimes", "outcomes", "stop_and_search", "recorded_crimes"):
            n = self.count(table)
            counts[table] = n
            if n == 0:
                continue
            out = str(target / table).replace("'", "''")
            self.con.execute(
                f"COPY {table} TO '{out}' (FORMAT parquet, PARTITION_BY (force, month), "
                "OVERWRITE_OR_IGNORE true)"
            )
        loads_out = str(target / "loads.parquet").replace("'", "''")
        self.con.execute(f"COPY loads TO '{loads_out}' (FORMAT parquet)")
        return counts

    # -- small queries ------------------------------------------------------------------------

    def count(self, table: str, where: str = "true", params: Sequence[object] = ()) -> int:
        """Rows in a store table matching a SQL condition (for reports and tests)."""
        row = self.con.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()
        return int(row[0]) if row else 0

    def loaded_months(self, force: str, kind: str = "street") -> list[str]:
        """Months with a current load for this force and kind, in order."""
        rows = self.con.execute(
            "SELECT month FROM loads WHERE current AND force = ? AND kind = ? ORDER BY month",
            [force, kind],
        ).fetchall()
        return [r[0] for r in rows]

    def forces(self, kind: str = "street") -> list[str]:
        """Forces with at least one current load of this kind."""
        rows = self.con.execute(
            "SELECT DISTINCT force FROM loads WHERE current AND kind = ? ORDER BY force", [kind]
        ).fetchall()
        return [r[0] for r in rows]

    def quarantine_summary(self) -> list[tuple[str, str, int]]:
        """(file, reason, rows) for quarantined rows of current loads."""
        rows = self.con.execute(
            "SELECT q.file, q.field || ': ' || q.reason, count(*) FROM quarantine q "
            "JOIN loads l USING (load_id) WHERE l.current GROUP BY ALL ORDER BY 1, 2"
        ).fetchall()
        return [(str(f), str(r), int(n)) for f, r, n in rows]


def _district_sql_raw() -> str:
    return DISTRICT_FROM_LSOA_NAME_SQL.replace("lsoa_name", '"LSOA name"')


def _reason_kind(reason: str) -> str:
    """Group reasons for the summary ("not a number: abc" -> "not a number")."""
    return reason.split(":", 1)[0]


def _sum_quirks(report: IngestReport) -> None:
    """Order the per-month duplicate counts and total them per force and overall."""
    by_month = dict(sorted(report.duplicate_crime_id_rows_by_force_month.items()))
    report.duplicate_crime_id_rows_by_force_month = by_month
    by_force: Counter[str] = Counter()
    for (force, _), n in by_month.items():
        by_force[force] += n
    report.duplicate_crime_id_rows_by_force = dict(sorted(by_force.items()))
    report.duplicate_crime_id_rows = sum(by_force.values())


def _refuse_same_month_twice(files: Sequence[police_uk.PoliceUkFile]) -> None:
    seen: dict[tuple[str, str, str], str] = {}
    for f in files:
        key = (f.force, f.month, f.kind)
        if key in seen:
            raise PrevhubError(
                f"{f.name} and {seen[key]} are both {f.force} {f.kind} for {f.month}; "
                "ingest one release of a month at a time"
            )
        seen[key] = f.name


def _batches(files: list[police_uk.PoliceUkFile]) -> Iterable[list[police_uk.PoliceUkFile]]:
    batch: list[police_uk.PoliceUkFile] = []
    size = 0
    for f in files:
        batch.append(f)
        size += f.path.stat().st_size
        if size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
