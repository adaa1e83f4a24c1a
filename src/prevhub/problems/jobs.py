"""The problems app's background jobs (``core.jobs``)."""

from __future__ import annotations

from typing import Any

from prevhub.core.jobs import Progress, job


@job("problems.remind", title="Problem task reminders", retry_safe=False)
def remind(*, progress: Progress) -> dict[str, Any]:
    """E-mail each owner what is overdue. Not retried: a retry after a part-sent run would
    send some owners their reminder twice."""
    from prevhub.problems.services import reminders_send

    progress(0, 1, "Sending reminders")
    sent = reminders_send(None)
    progress(1, 1)
    return {"sent": sent}
