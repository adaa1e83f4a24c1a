"""The incident (calls-for-service) ingest: a force's extract, one transaction, months whole.

The same contract as the recorded-crime ingest (:mod:`.recorded_crime`): every row is checked
before anything is written; a bad row stops the ingest naming file, line and field and leaves
the store as it was; each month the extract covers replaces that month of the force's
incidents; the same file twice (same SHA-256) changes nothing. Caller and location ids are
stored only as keyed pseudonyms (:mod:`prevhub.crime.sources.incidents`).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from prevhub.crime import classification
from prevhub.crime.ingest.loads import record_loads
from prevhub.crime.ingest.report import FileLoad, IngestReport, reason_kind, refuse_bad_rows
from prevhub.crime.schema import INCIDENTS
from prevhub.crime.sources import incidents
from prevhub.crime.sources.csv_faults import clip
from prevhub.crime.sources.recorded_crime import sha256_of
from prevhub.errors import PrevhubError


def ingest_incidents(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    *,
    salt: str,
    mapping: Path | str | None = None,
    force: str | None = None,
    lenient: bool = False,
) -> IngestReport:
    """Load a force's incident extract in one transaction on ``con``.

    See :meth:`prevhub.crime.store.CrimeStore.ingest_incidents`; ``salt`` is the store's
    pseudonym salt (the key of the caller and location pseudonyms).
    """
    extract = Path(path)
    if not extract.exists():
        raise PrevhubError(f"{extract}: no such file")
    layout = incidents.load_mapping(mapping)
    force_id = force or layout.force
    if not force_id:
        raise PrevhubError("say which force the extract is from: --force ID or force = ...")
    if force_id not in classification.forces():
        raise PrevhubError(f"{force_id!r} is not a police.uk force id")
    sha = sha256_of(extract)
    existing = con.execute(
        "SELECT month, rows FROM loads WHERE current AND kind = ? AND force = ? AND sha256 = ?",
        [INCIDENTS, force_id, sha],
    ).fetchall()
    report = IngestReport()
    if existing:
        report.loads = [
            FileLoad(str(extract), force_id, m, INCIDENTS, int(n), 0, "unchanged")
            for m, n in sorted(existing)
        ]
        return report
    con.execute("BEGIN")
    try:
        problems = incidents.stage_extract(con, extract, layout, salt=salt, lenient=lenient)
        if not lenient:
            refuse_bad_rows(problems)
        rows_by_month = dict(
            con.execute("SELECT month, count(*) FROM staging_incidents GROUP BY 1").fetchall()
        )
        if not rows_by_month:
            raise PrevhubError(f"{extract}: no rows to load")
        report.loads.extend(
            record_loads(
                con,
                file=str(extract),
                sha256=sha,
                kind=INCIDENTS,
                force=force_id,
                rows_by_month={m: int(n) for m, n in rows_by_month.items()},
                quarantined_by_month={},
            )
        )
        first_load = con.execute("SELECT min(load_id) FROM staging_loads").fetchone()
        for p in problems:
            con.execute(
                "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)",
                [first_load[0] if first_load else None, p.file, p.line, p.field, p.reason,
                 clip(p.raw)],
            )  # fmt: skip
            report.quarantine_reasons[f"{p.field}: {reason_kind(p.reason)}"] += 1
        report.problems.extend(problems)
        con.execute(
            "DELETE FROM incidents WHERE force = ? AND month IN (SELECT month FROM staging_loads)",
            [force_id],
        )
        load_ids = dict(con.execute("SELECT month, load_id FROM staging_loads").fetchall())
        con.execute(
            f"INSERT INTO incidents SELECT ?, * FROM ({incidents.staged_rows_sql(load_ids)})",
            [force_id],
        )
        report.no_location_rows = int(
            con.execute(
                "SELECT count(*) FROM staging_incidents WHERE lsoa_code IS NULL "
                "AND longitude IS NULL"
            ).fetchone()[0]  # type: ignore[index]
        )
        incidents.drop_staging(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return report
