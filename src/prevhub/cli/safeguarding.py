"""Safeguarding commands: the daily digest of the work queue, and expiring ended orders.

`prevhub safeguarding digest [--days N] [--send]` prints the queue (references and deadlines
only, never a victim's name) or e-mails each safeguarding officer their own queue through
Django's mail backend (PREVHUB_EMAIL_BACKEND). Run it daily from cron or a systemd timer.
"""

from __future__ import annotations

from typing import Annotated

import typer

from prevhub.cli import app
from prevhub.cli.output import console, to_json

safeguarding_app = typer.Typer(help="The safeguarding register's daily jobs.", no_args_is_help=True)
app.add_typer(safeguarding_app, name="safeguarding")


@safeguarding_app.command("digest")
def digest(
    days: Annotated[int | None, typer.Option(help="Look this many days ahead.")] = None,
    send: Annotated[bool, typer.Option("--send", help="E-mail each officer their queue.")] = False,
    output: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Hearings due, orders expiring, notification deadlines, overdue reviews and high-risk
    cases without a MARAC referral."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.core.audit import audit_context, record_event
    from prevhub.safeguarding import conf, selectors, services

    days = days if days is not None else conf.digest_days()
    with audit_context(source="cli"):
        if send:
            sent = services.work_queue_digests_send(days=days)
            console().print(f"Digest sent to {len(sent)} officer(s): {', '.join(sent) or 'none'}.")
            return
        queue = selectors.work_queue(None, days=days)
        record_event(
            "view",
            object_type="safeguarding.workqueue",
            object_id="digest",
            object_repr="Safeguarding digest",
            detail="digest printed",
        )
    if output == "json":
        typer.echo(to_json(_as_json(queue)))
    else:
        typer.echo(selectors.digest_text(queue))


@safeguarding_app.command("expire")
def expire() -> None:
    """Mark as expired every order whose computed end has passed (run before the digest)."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.core.audit import audit_context
    from prevhub.safeguarding.services import protection_orders_expire

    with audit_context(source="cli"):
        expired = protection_orders_expire()
    names = ", ".join(o.reference for o in expired) or "none"
    console().print(f"{len(expired)} order(s) marked expired: {names}.")


def _as_json(queue: object) -> dict:
    from prevhub.safeguarding.selectors import WorkQueue

    assert isinstance(queue, WorkQueue)
    return {
        "generated_at": queue.generated_at,
        "days": queue.days,
        "sections": {
            name: [
                {
                    "reference": i.reference,
                    "case": i.case_reference,
                    "due": i.due,
                    "overdue": i.overdue,
                    "text": i.text,
                }
                for i in getattr(queue, name)
            ]
            for name, _ in queue.SECTIONS
        },
    }
