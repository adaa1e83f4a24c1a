"""The annual report as a background job (the Reports page polls its progress)."""

from __future__ import annotations

from typing import Any

from prevhub.core.jobs import Progress, job


@job("reports.annual", title="Annual Prevention Hub report", retry_safe=True)
def annual_report(
    *, progress: Progress, period_from: str, period_to: str, force: str, output: str
) -> dict[str, Any]:
    """Build the report and write it under PREVHUB_HOME/reports. Safe to retry: it only
    reads, and writes its one file afresh."""
    from django.urls import reverse

    from prevhub.reports.services import annual_report_write

    path = annual_report_write(
        period=(period_from, period_to),
        force=force,
        output=output,
        name=f"annual-report-{progress.run_id}",
        progress=progress,
    )
    return {"file": path.name, "url": reverse("reports:annual_download", args=[progress.run_id])}
