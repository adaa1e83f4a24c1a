"""Measure's background jobs: loading crime data an analyst uploaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prevhub.core.jobs import Progress, job

POLICE_UK = "police-uk"
EXTRACT = "recorded-crime"


@job("measure.ingest", title="Load crime data", retry_safe=True)
def ingest(
    *, progress: Progress, upload: str, kind: str, mapping: str | None = None
) -> dict[str, Any]:
    """Ingest an uploaded data.police.uk archive or a force extract into the crime store.

    Safe to retry and to kill: the ingest is one transaction, so a failed or killed run
    leaves the store as it was, and the same file again changes nothing. The upload is kept
    until the load succeeds, so a failed run can be run again.
    """
    from prevhub.crime.store import CrimeStore
    from prevhub.paths import crime_store_path

    path = Path(upload)
    progress(0, 1, f"Reading {path.name.split('-', 1)[-1]}")
    with CrimeStore(crime_store_path()) as store:
        if kind == EXTRACT:
            report = store.ingest_recorded_crime(path, mapping=mapping)
        else:
            report = store.ingest_police_uk(
                [path], progress=lambda done, total: progress(done, total, "Loading rows")
            )
    for leftover in (path, Path(mapping) if mapping else None):
        if leftover is not None:
            leftover.unlink(missing_ok=True)
    months = sorted({load.month for load in report.loads})
    return {
        "rows": report.rows,
        "months": f"{months[0]} to {months[-1]}" if months else "",
        "files_loaded": sum(1 for load in report.loads if load.status != "unchanged"),
        "files_unchanged": sum(1 for load in report.loads if load.status == "unchanged"),
    }
