"""The recorded-crime ingest: a force's own extract, one transaction, months replaced whole."""

from __future__ import annotations

from pathlib import Path

import duckdb

from prevhub.crime import classification
from prevhub.crime.ingest.loads import record_loads
from prevhub.crime.ingest.report import FileLoad, IngestReport, reason_kind, refuse_bad_rows
from prevhub.crime.schema import RECORDED_CRIME
from prevhub.crime.sources import recorded_crime
from prevhub.crime.sources.csv_faults import clip
from prevhub.errors import PrevhubError


def ingest_recorded_crime(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    *,
    salt: str,
    mapping: Path | str | None = None,
    force: str | None = None,
    lenient: bool = False,
) -> IngestReport:
    """Load a force's recorded-crime extract in one transaction on ``con``.

    See :meth:`prevhub.crime.store.CrimeStore.ingest_recorded_crime`; ``salt`` is the store's
    pseudonym salt.
    """
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
    existing = con.execute(
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
    con.execute("BEGIN")
    try:
        problems = recorded_crime.stage_extract(con, extract, layout, salt=salt, lenient=lenient)
        if not lenient:
            refuse_bad_rows(problems)
        rows_by_month = dict(
            con.execute("SELECT month, count(*) FROM staging_recorded_crime GROUP BY 1").fetchall()
        )
        if not rows_by_month:
            raise PrevhubError(f"{extract}: no rows to load")
        loads = record_loads(
            con,
            file=str(extract),
            sha256=sha,
            kind=RECORDED_CRIME,
            force=force_id,
            rows_by_month={m: int(n) for m, n in rows_by_month.items()},
            quarantined_by_month={},
        )
        report.loads.extend(loads)
        first_load = con.execute("SELECT min(load_id) FROM staging_loads").fetchone()
        for p in problems:
            con.execute(
                "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)",
                [
                    first_load[0] if first_load else None,
                    p.file,
                    p.line,
                    p.field,
                    p.reason,
                    clip(p.raw),
                ],
            )
            report.quarantine_reasons[f"{p.field}: {reason_kind(p.reason)}"] += 1
        report.problems.extend(problems)
        con.execute(
            "DELETE FROM recorded_crimes WHERE force = ? AND month IN "
            "(SELECT month FROM staging_loads)",
            [force_id],
        )
        con.execute(
            """INSERT INTO recorded_crimes (force, month, crime_reference, recorded_date,
                   offence_code, lsoa_code, longitude, latitude, victim_pseudonym,
                   location_id, domestic_abuse, load_id, offender_pseudonym)
               SELECT ?, s.month, crime_reference, recorded_date,
                   offence_code, lsoa_code, longitude, latitude, victim_pseudonym,
                   location_id, domestic_abuse, l.load_id, offender_pseudonym
               FROM staging_recorded_crime s JOIN staging_loads l USING (month)""",
            [force_id],
        )
        con.execute("DROP TABLE staging_recorded_crime")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return report
