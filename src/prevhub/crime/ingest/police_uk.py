"""The data.police.uk ingest: monthly files checked and loaded in one transaction.

Files of one kind are taken in batches of at most :data:`BATCH_BYTES` of CSV. Each batch has
two passes (see :mod:`prevhub.crime.sources.police_uk`): the check pass finds every bad row,
the load pass reads the files again straight into the store, leaving out the bad rows. A file
identical to the current load of its month (same SHA-256) is skipped unread.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb

from prevhub.crime.geography import DISTRICT_FROM_LSOA_NAME_SQL
from prevhub.crime.ingest.loads import current_loads, next_load_id, now
from prevhub.crime.ingest.report import (
    FileLoad,
    IngestReport,
    ProgressCallback,
    reason_kind,
    refuse_bad_rows,
    sum_quirks,
)
from prevhub.crime.schema import KIND_TABLES
from prevhub.crime.sources import police_uk
from prevhub.crime.sources.csv_faults import clip
from prevhub.errors import PrevhubError

#: Stage at most this many bytes of CSV at once, to bound memory on national-scale ingests.
BATCH_BYTES = 512 * 1024 * 1024

#: The SELECT list that turns a published CSV row into a store row, per kind.
INSERT_SELECT = {
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


def ingest_police_uk(
    con: duckdb.DuckDBPyConnection,
    paths: Iterable[Path | str],
    *,
    lenient: bool = False,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Load data.police.uk files (zips, archive folders or CSVs) in one transaction on ``con``.

    See :meth:`prevhub.crime.store.CrimeStore.ingest_police_uk`.
    """
    report = IngestReport()
    with police_uk.open_police_uk(paths) as files:
        _refuse_same_month_twice(files)
        total_bytes = sum(f.path.stat().st_size for f in files) or 1
        done_bytes = 0
        con.execute("BEGIN")
        try:
            for kind in police_uk.KINDS:
                of_kind = [f for f in files if f.kind == kind]
                for batch in _batches(of_kind):
                    _ingest_batch(con, batch, kind, lenient, report)
                    done_bytes += sum(f.path.stat().st_size for f in batch)
                    if progress:
                        progress(done_bytes, total_bytes)
            sum_quirks(report)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return report


def _ingest_batch(
    con: duckdb.DuckDBPyConnection,
    files: list[police_uk.PoliceUkFile],
    kind: str,
    lenient: bool,
    report: IngestReport,
) -> None:
    checksums = [f.sha256() for f in files]
    current = current_loads(con, kind, [(f.force, f.month) for f in files])
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
            _count_quirks(con, unchanged_ids, report)
        return
    batch = [f for f, _ in todo]
    problems = police_uk.stage_files(con, batch, kind, lenient=lenient)
    if not lenient:
        refuse_bad_rows(problems)
    table = KIND_TABLES[kind]
    problems_per_file = Counter(p.file for p in problems)
    when = now()
    con.execute(
        "CREATE OR REPLACE TEMP TABLE staging_loads (load_id BIGINT, file_id INTEGER, "
        "force VARCHAR, month VARCHAR)"
    )
    first_id = next_load_id(con)
    con.execute("SELECT max(nextval('load_ids')) FROM range(?)", [len(todo) - 1]).fetchall()
    police_uk.insert_rows(
        con,
        "staging_loads",
        [(first_id + i, i, f.force, f.month) for i, (f, _) in enumerate(todo)],
    )
    con.execute(
        f"DELETE FROM {table} WHERE (force, month) IN (SELECT (force, month) FROM staging_loads)"
    )
    # The load pass: read the files again and insert the rows that passed the checks. Row
    # order in the store means nothing (every query groups or sorts), so DuckDB may insert
    # in whatever order its threads finish, which spares it buffering rows to keep order.
    # (The check pass keeps the order: its line numbers come from it.)
    valid = police_uk.valid_rows_sql(batch, kind, any_bad_rows=bool(problems))
    con.execute("SET preserve_insertion_order = false")
    try:
        con.execute(
            f"INSERT INTO {table} SELECT l.force, l.month, {INSERT_SELECT[kind]}, "
            f"l.load_id FROM ({valid}) s JOIN staging_loads l USING (file_id)",
        )
    finally:
        con.execute("RESET preserve_insertion_order")
    police_uk.check_load_pass(con, batch, problems)
    load_ids = dict(con.execute("SELECT file_id, load_id FROM staging_loads").fetchall())
    rows_per_load = dict(
        con.execute(
            f"SELECT load_id, count(*) FROM {table} "
            "WHERE load_id IN (SELECT load_id FROM staging_loads) GROUP BY 1"
        ).fetchall()
    )
    loads = []
    for file_id, (f, sha) in enumerate(todo):
        load_id = int(load_ids[file_id])
        rows = int(rows_per_load.get(load_id, 0))
        quarantined = problems_per_file.get(f.name, 0)
        loads.append((load_id, f.name, sha, rows, quarantined, when, kind, f.force, f.month, True))
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
        report.quarantine_reasons[f"{p.field}: {reason_kind(p.reason)}"] += 1
    con.execute(
        "UPDATE loads SET current = false WHERE current AND kind = ? AND (force, month) IN "
        "(SELECT (force, month) FROM staging_loads)",
        [kind],
    )
    police_uk.insert_rows(con, "loads", loads)
    if problems:
        load_of = {f.name: load_ids[i] for i, (f, _) in enumerate(todo)}
        con.executemany(
            "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)",
            [(load_of[p.file], p.file, p.line, p.field, p.reason, clip(p.raw)) for p in problems],
        )
        report.problems.extend(problems)
    if kind in (police_uk.STREET, police_uk.OUTCOMES):
        # Remember each LSOA's name and district, so force extracts that give only an LSOA
        # code can still be placed in a district.
        con.execute(
            f"""INSERT OR REPLACE INTO lsoa_lookup
                SELECT lsoa_code, any_value(lsoa_name), any_value(district)
                FROM (SELECT lsoa_code, lsoa_name, {DISTRICT_FROM_LSOA_NAME_SQL} AS district
                      FROM (SELECT DISTINCT lsoa_code, lsoa_name FROM {table}
                            WHERE load_id IN (SELECT load_id FROM staging_loads)
                            AND lsoa_code IS NOT NULL))
                GROUP BY 1"""
        )
    if kind == police_uk.STREET:
        _count_quirks(con, unchanged_ids + [int(load_ids[i]) for i in range(len(todo))], report)


def _count_quirks(
    con: duckdb.DuckDBPyConnection, load_ids: list[int], report: IngestReport
) -> None:
    """Count duplicate Crime IDs, out-of-area and unlocated rows of these current street
    loads (one batch of the ingest, unchanged files included) into the report.

    Done batch by batch, while the rows are fresh and the hash table small; a current load
    owns its (force, month), so its load id selects exactly that month's rows.
    :func:`~prevhub.crime.ingest.report.sum_quirks` totals the figures at the end.
    """
    if not load_ids:
        return
    con.execute("CREATE OR REPLACE TEMP TABLE report_loads (load_id BIGINT)")
    police_uk.insert_rows(con, "report_loads", [(i,) for i in load_ids])
    # Per force and month: rows beyond the first sharing a Crime ID (ASB rows have none).
    repeated = con.execute(
        "SELECT l.force, l.month, r.n FROM (SELECT load_id, sum(n - 1) AS n FROM "
        "(SELECT load_id, count(*) AS n FROM street_crimes "
        "WHERE load_id IN (SELECT load_id FROM report_loads) AND crime_id IS NOT NULL "
        "GROUP BY load_id, crime_id HAVING count(*) > 1) GROUP BY load_id) r "
        "JOIN loads l USING (load_id)"
    ).fetchall()
    for force, month, n in repeated:
        report.duplicate_crime_id_rows_by_force_month[(force, month)] = int(n)
    areas = con.execute(
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
    con.execute("DROP TABLE report_loads")


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
