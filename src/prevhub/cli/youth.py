"""Youth register commands: the daily alerts, retention deletion, the roster import, and the
operator's appointment of the youth coordinator and the designated safeguarding lead.

`prevhub youth alerts` lists leaders' DBS checks and safeguarding training due for renewal
(90/60/30 days ahead by default) and cadets to act on (reached the leaving age, Mini Police
cohort ended), by reference only. `prevhub youth retention [--apply]` lists (or deletes) the
leavers whose retention period has passed. Run both daily from cron or a systemd timer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from prevhub.cli import app
from prevhub.cli.output import Column, FormatOption, OutputFormat, console, emit
from prevhub.errors import PrevhubError

youth_app = typer.Typer(help="The youth register's daily jobs and imports.", no_args_is_help=True)
app.add_typer(youth_app, name="youth")


@youth_app.command("alerts")
def alerts(output: FormatOption = OutputFormat.table) -> None:
    """Renewals due (DBS checks, safeguarding training) and children to act on."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.core.audit import audit_context, record_event
    from prevhub.youth import selectors

    with audit_context(source="cli"):
        found = selectors.renewal_alerts() + selectors.children_alerts(None)
        record_event(
            "view",
            object_type="youth.alerts",
            object_id="alerts",
            object_repr="Youth alerts",
            detail=f"alerts printed ({len(found)})",
        )
    rows = [
        {
            "kind": a.kind,
            "reference": a.reference,
            "due": a.due,
            "overdue": a.overdue,
            "text": a.text,
        }
        for a in found
    ]
    names = ("kind", "reference", "due", "overdue", "text")
    emit(rows, output, columns=[Column(n, kind="text") for n in names], title="Youth alerts")


@youth_app.command("retention")
def retention(
    apply: Annotated[bool, typer.Option("--apply", help="Delete the records due.")] = False,
) -> None:
    """Leavers whose retention period has passed; with --apply, delete them (anonymous counts
    are kept)."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.core.audit import audit_context
    from prevhub.youth import conf, selectors, services

    with audit_context(source="job" if apply else "cli"):
        if apply:
            deleted = services.cadets_retention_delete()
            console().print(
                f"{len(deleted)} leaver record(s) deleted: {', '.join(deleted) or 'none'}."
            )
            return
        due = [c.reference for c in selectors.retention_due()]
    console().print(
        f"{len(due)} leaver record(s) due for deletion ({conf.retention_years()} years after "
        f"leaving): {', '.join(due) or 'none'}."
    )


@youth_app.command("import")
def roster_import(
    path: Annotated[
        Path,
        typer.Argument(help="The roster CSV (see docs/youth.md).", exists=True, dir_okay=False),
    ],
) -> None:
    """Load an existing cadet roster: every line checked first; nothing loaded if any is bad."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.core.audit import audit_context
    from prevhub.youth import services

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PrevhubError(f"{path}: not UTF-8 text.") from exc
    with audit_context(source="cli"):
        try:
            result = services.cadet_roster_import(text=text, file_name=path.name)
        except services.ImportRefused as exc:
            raise PrevhubError("nothing was loaded:\n" + "\n".join(exc.lines)) from exc
    console().print(f"{result.added} cadet(s) added, {result.unchanged} already on the register.")


@youth_app.command("appoint")
def appoint(
    username: Annotated[str, typer.Argument(help="The hub user's sign-in name.")],
    coordinator: Annotated[bool | None, typer.Option("--coordinator/--not-coordinator")] = None,
    safeguarding_lead: Annotated[
        bool | None, typer.Option("--safeguarding-lead/--not-safeguarding-lead")
    ] = None,
) -> None:
    """Appoint the youth coordinator or the designated safeguarding lead (the operator's
    first step; afterwards the coordinator does it on the leader's page)."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.core.audit import audit_context
    from prevhub.core.models import User
    from prevhub.youth import services

    user = User.objects.filter(username=username).first()
    if user is None:
        raise PrevhubError(f"no user {username!r}")
    with audit_context(source="cli"):
        leader = services.leader_appoint(
            user=user, coordinator=coordinator, safeguarding_lead=safeguarding_lead
        )
    console().print(
        f"{leader.reference} ({username}): coordinator {'yes' if leader.is_coordinator else 'no'}, "
        f"safeguarding lead {'yes' if leader.is_safeguarding_lead else 'no'}."
    )
