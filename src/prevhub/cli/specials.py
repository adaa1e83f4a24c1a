"""Specials commands: expiry alerts, staged attendance notices, roster import, and where the
hours went.

`prevhub specials alerts` lists vetting and qualifications expiring in the next 90/60/30 days
(collar numbers, never names); run it daily. `prevhub specials notices --month YYYY-MM` issues
the next staged attendance notice to officers below the minimum-hours policy.
`prevhub specials import ROSTER.csv` loads a roster (all rows or none).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from prevhub.cli import app
from prevhub.cli.output import OutputFormat, emit

specials_app = typer.Typer(help="The Special Constabulary register's jobs.", no_args_is_help=True)
app.add_typer(specials_app, name="specials")


@specials_app.command("alerts")
def alerts(
    on: Annotated[
        str | None, typer.Option(help="As on this day (YYYY-MM-DD); default today.")
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
) -> None:
    """Vetting and qualifications expiring within the alert windows, or expired."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.core.audit import audit_context, record_event
    from prevhub.specials import selectors

    today = dt.date.fromisoformat(on) if on else None
    with audit_context(source="cli"):
        found = selectors.expiry_alerts(today=today)
        record_event(
            "view",
            object_type="specials.officer",
            object_id="alerts",
            object_repr="Specials expiry alerts",
            detail=f"{len(found)} alerts printed",
        )
    rows = [
        {
            "collar_number": a.collar_number,
            "what": a.what,
            "expires_on": a.expires_on,
            "days_left": a.days_left,
            "alert": "expired" if a.expired else f"{a.stage} days",
        }
        for a in found
    ]
    emit(
        rows,
        output,
        columns=["collar_number", "what", "expires_on", "days_left", "alert"],
        title="Expiring vetting and qualifications",
    )


@specials_app.command("notices")
def notices(
    month: Annotated[str, typer.Option(help="The month measured (YYYY-MM).")],
) -> None:
    """Issue the next staged attendance notice to each officer below the minimum."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.core.audit import audit_context
    from prevhub.crime.periods import parse_month
    from prevhub.specials import services

    with audit_context(source="cli"):
        issued = services.attendance_notices_issue(month=parse_month(month))
    typer.echo(f"{len(issued)} attendance notice(s) issued for {month}.")


@specials_app.command("import")
def import_roster(path: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Load a roster of officers from CSV: every row checked first, nothing loaded if any is bad."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.core.audit import audit_context
    from prevhub.specials.roster import roster_import_file

    with audit_context(source="cli"):
        result = roster_import_file(path)
    typer.echo(f"{result.added} added, {result.updated} updated, {result.unchanged} unchanged.")
