"""`prevhub problems remind`: the daily e-mail of overdue problem-solving tasks and reviews."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from prevhub.cli import app
from prevhub.cli.output import console
from prevhub.cli.platform import django_setup

problems_app = typer.Typer(help="Partnership problem-solving.", no_args_is_help=True)
app.add_typer(problems_app, name="problems")


@problems_app.command("remind")
def remind(
    today: Annotated[
        str | None, typer.Option(help="Date to count overdue from (YYYY-MM-DD); default today.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print who would be reminded of how much; send none.")
    ] = False,
) -> None:
    """E-mail each task owner and problem owner what is overdue (run daily from cron)."""
    django_setup()
    from prevhub.problems.services import due_reminders, reminders_send

    day = dt.date.fromisoformat(today) if today else None
    if dry_run:
        for address, lines in sorted(due_reminders(day).items()):
            console().print(f"{address}: {len(lines)} overdue item(s)")
        return
    console().print(f"{reminders_send(day)} reminder e-mail(s) sent.")
