"""Suicide prevention commands: the daily cluster alert, the CSV import, the monthly report.

`prevhub suicide-prevention alerts [--send]` runs the Knox test over the last year's deaths
(prevhub.suicide_prevention.conf) and prints the alert, or e-mails it to every suicide
prevention lead (references and the test only). Run it daily from cron or a systemd timer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from prevhub.cli import app
from prevhub.cli.output import console, to_json

suicide_app = typer.Typer(help="The suicide prevention register's jobs.", no_args_is_help=True)
app.add_typer(suicide_app, name="suicide-prevention")


@suicide_app.command("alerts")
def alerts(
    send: Annotated[bool, typer.Option("--send", help="E-mail the leads.")] = False,
    seed: Annotated[int, typer.Option(help="Seed of the permutations (reported).")] = 2026,
    output: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """The space-time cluster test over the last year's deaths, and the alert if any."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.core.audit import audit_context, record_event
    from prevhub.suicide_prevention import selectors, services

    with audit_context(source="cli"):
        if send:
            sent = services.cluster_alerts_send(seed=seed)
            console().print(f"Alert sent to {len(sent)} lead(s): {', '.join(sent) or 'none'}.")
            return
        alert = selectors.cluster_alert(seed=seed)
        record_event(
            "view",
            object_type="suicide_prevention.clusteralert",
            object_id="alert",
            object_repr="Suicide prevention cluster alert",
            detail="alert printed",
        )
    if output == "json":
        body = None
        if alert is not None:
            body = {
                "alerting": alert.alerting,
                "since": alert.since,
                "until": alert.until,
                "test": alert.test.to_dict(),
                "groups": alert.groups,
            }
        typer.echo(to_json(body))
    elif alert is None:
        typer.echo("Fewer than three deaths in the period: nothing to test.")
    else:
        typer.echo(("ALERT. " if alert.alerting else "No alert. ") + selectors.alert_text(alert))


@suicide_app.command("import")
def import_records(
    path: Annotated[Path, typer.Argument(help="CSV of surveillance records.", exists=True)],
) -> None:
    """Load surveillance records from a CSV: every row checked first, nothing loaded if any
    row is wrong; loading the same file again adds nothing."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.core.audit import audit_context
    from prevhub.suicide_prevention import services

    with audit_context(source="cli"):
        result = services.records_import(
            text=path.read_text(encoding="utf-8-sig"), filename=path.name
        )
    console().print(f"{result.added} record(s) added, {result.unchanged} already loaded.")


@suicide_app.command("report")
def report(
    first: Annotated[str, typer.Option("--from", help="First month, YYYY-MM.")],
    last: Annotated[str, typer.Option("--to", help="Last month, YYYY-MM.")],
    output: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
) -> None:
    """The monthly surveillance report (aggregates, small numbers withheld)."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.cli.output import emit
    from prevhub.crime import periods
    from prevhub.suicide_prevention import selectors

    result = selectors.monthly_report(
        first=periods.parse_month(first), last=periods.parse_month(last)
    )
    head, rows = selectors.report_csv_rows(result)
    emit([dict(zip(head, row, strict=True)) for row in rows], output, columns=head)
