"""The safeguarding register's background jobs (``core.jobs``)."""

from __future__ import annotations

from typing import Any

from prevhub.core.jobs import Progress, job


@job("safeguarding.expire", title="Protection orders past their end", retry_safe=True)
def expire(*, progress: Progress) -> dict[str, Any]:
    """Mark as expired every order whose computed end has passed. Safe to retry: an order
    already marked is not marked again."""
    from prevhub.safeguarding.services import protection_orders_expire

    expired = protection_orders_expire()
    progress(1, 1)
    return {"expired": len(expired)}


@job("safeguarding.digest", title="Safeguarding work-queue digest", retry_safe=False)
def digest(*, progress: Progress) -> dict[str, Any]:
    """Each officer's week ahead by e-mail (not retried: a retry could send it twice)."""
    from prevhub.safeguarding import conf
    from prevhub.safeguarding.services import work_queue_digests_send

    sent = work_queue_digests_send(days=conf.digest_days())
    progress(1, 1)
    return {"sent": len(sent)}  # how many officers; their names stay in the mail log
