"""The youth register's background jobs (``core.jobs``), scheduled in PREVHUB_SCHEDULES; the
same work runs from the CLI (``prevhub youth retention --apply``, ``prevhub youth alerts``)."""

from __future__ import annotations

from typing import Any

from prevhub.core.jobs import Progress, job


@job("youth.retention", title="Leavers' records past their retention period", retry_safe=True)
def retention(*, progress: Progress) -> dict[str, Any]:
    """Delete every leaver's record due (anonymous counts kept). Safe to retry: a record
    already deleted is not due any more."""
    from prevhub.youth.services import cadets_retention_delete

    deleted = cadets_retention_delete()
    progress(1, 1)
    return {"deleted": len(deleted)}  # how many; references are in the audit log


@job("youth.alerts", title="Youth renewals and children to act on", retry_safe=True)
def alerts(*, progress: Progress) -> dict[str, Any]:
    """Count what the start page shows youth staff (renewals due, children at the leaving
    age or on an ended cohort); read-only, so safe to retry."""
    from prevhub.youth import selectors

    found = selectors.renewal_alerts() + selectors.children_alerts(None)
    progress(1, 1)
    return {"alerts": len(found)}
