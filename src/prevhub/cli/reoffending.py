"""Reoffending and substances commands: alerts, retention review, measures (`prevhub
substances retention|measures` likewise for diversion episodes).

`prevhub reoffending alerts` prints the IOM reviews due or overdue (references only);
`prevhub reoffending retention` lists de-selected members due for retention review (add
`--delete` to delete them, reason "retention period"); `prevhub reoffending measures` prints
the cohort's reoffending before and after selection (aggregates, small cells suppressed).
"""

from __future__ import annotations

from typing import Annotated

import typer

from prevhub.cli import app
from prevhub.cli.output import console, emit

reoffending_app = typer.Typer(help="The reoffending register's jobs.", no_args_is_help=True)
app.add_typer(reoffending_app, name="reoffending")


@reoffending_app.command("alerts")
def alerts(
    days: Annotated[int | None, typer.Option(help="Look this many days ahead.")] = None,
    output: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
) -> None:
    """Cohort reviews due within the days ahead, or overdue."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.core.audit import audit_context, record_event
    from prevhub.reoffending import selectors

    with audit_context(source="cli"):
        found = selectors.alerts(None, days=days)
        record_event(
            "view",
            object_type="reoffending.alerts",
            object_id="alerts",
            object_repr="Reoffending alerts",
            detail=f"alerts printed ({len(found)})",
        )
    rows = [
        {"member": a.member_reference, "what": a.what, "due_on": a.due_on, "overdue": a.overdue}
        for a in found
    ]
    emit(rows, output, columns=["member", "what", "due_on", "overdue"], title="Reviews due")


@reoffending_app.command("retention")
def retention(
    delete: Annotated[bool, typer.Option("--delete", help="Delete every member due.")] = False,
) -> None:
    """De-selected members whose retention review has come."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.core.audit import audit_context
    from prevhub.reoffending import selectors, services

    with audit_context(source="cli"):
        due = selectors.retention_queue(None)
        if delete:
            for member in due:
                services.member_retention_delete(member=member, reason="retention_period")
    names = ", ".join(m.reference for m in due) or "none"
    verb = "deleted" if delete else "due for retention review"
    console().print(f"{len(due)} member(s) {verb}: {names}.")


@reoffending_app.command("measures")
def measures(
    output: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
) -> None:
    """Reoffending before and after selection: binary rate, frequency, severity."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.reoffending import selectors

    report = selectors.measures_report()
    if report is None:
        console().print("No crime store yet.")
        return
    rows = selectors.measure_rows(report)
    columns = ["group", "window", "people", "reoffenders", "binary_rate", "frequency",
               "severity", "neighbourhood_offences"]  # fmt: skip
    emit(rows, output, columns=columns, title="Reoffending", payload=report.to_dict())


substances_app = typer.Typer(help="The substances register's jobs.", no_args_is_help=True)
app.add_typer(substances_app, name="substances")


@substances_app.command("retention")
def substances_retention(
    delete: Annotated[bool, typer.Option("--delete", help="Delete every episode due.")] = False,
) -> None:
    """Ended diversion episodes whose retention review has come."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.core.audit import audit_context
    from prevhub.substances import selectors, services

    with audit_context(source="cli"):
        due = selectors.retention_queue(None)
        if delete:
            for episode in due:
                services.episode_retention_delete(episode=episode, reason="retention_period")
    names = ", ".join(e.reference for e in due) or "none"
    verb = "deleted" if delete else "due for retention review"
    console().print(f"{len(due)} episode(s) {verb}: {names}.")


@substances_app.command("measures")
def substances_measures(
    output: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
) -> None:
    """Offered, accepted and completed rates (Wilson intervals), small cells suppressed."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.substances import selectors

    result = selectors.measures()
    funnel = result["funnel"]
    rows = [
        {"step": step, "count": funnel[step]["count"], "of": funnel[step]["total"],
         "rate_pct": funnel[step]["pct"], "low_pct": funnel[step]["low"],
         "high_pct": funnel[step]["high"]}
        for step in ("offered", "accepted", "completed")
    ]  # fmt: skip
    emit(rows, output, columns=["step", "count", "of", "rate_pct", "low_pct", "high_pct"],
         title="Diversion", payload=result)  # fmt: skip
