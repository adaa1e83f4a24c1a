"""Safer Business commands: import a list of businesses, and the crime around premises.

`prevhub business import FILE [--dry-run]` checks every row first and loads nothing if one is
bad (each problem named by file, line and field); importing the same file again changes
nothing. `prevhub business around --day ID` prints the crime around each business before and
after an action day, visited against not visited, as the page does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from prevhub.cli import app
from prevhub.cli.output import console, emit
from prevhub.cli.platform import django_setup

business_app = typer.Typer(help="The Safer Business register.", no_args_is_help=True)
app.add_typer(business_app, name="business")


@business_app.command("import")
def import_businesses(
    path: Annotated[Path, typer.Argument(help="CSV with a header row (docs/business.md).")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and report; load nothing.")
    ] = False,
) -> None:
    """Load businesses from CSV: all rows or none; the same file twice changes nothing."""
    django_setup()
    from prevhub.business.services import business_import_file
    from prevhub.core.audit import audit_context

    with audit_context(source="cli"):
        report = business_import_file(path=path, dry_run=dry_run)
    console().print(report.summary() + (" (dry run: nothing loaded)" if dry_run else "") + ".")


@business_app.command("around")
def around(
    day: Annotated[int, typer.Option(help="The action day's number (its page's address).")],
    radius: Annotated[int | None, typer.Option(help="Metres around each business.")] = None,
    lsoa: Annotated[bool, typer.Option("--lsoa", help="Count the business's LSOA.")] = False,
    months: Annotated[int | None, typer.Option(help="Months before and after.")] = None,
    crimes: Annotated[str, typer.Option(help="shoplifting or business.")] = "shoplifting",
    output: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
) -> None:
    """Crime around each business before and after an action day (no names of contacts)."""
    django_setup()
    from prevhub.business import selectors
    from prevhub.business.models import ActionDay
    from prevhub.errors import PrevhubError

    action_day = ActionDay.objects.filter(pk=day).first()
    if action_day is None:
        raise PrevhubError(f"no action day {day}")
    if crimes not in selectors.CRIME_SETS:
        raise PrevhubError("--crimes must be shoplifting or business")
    page = selectors.around_page(
        None, action_day, radius_m=radius, lsoa=lsoa, months=months, crimes=crimes
    )
    if page.error:
        raise PrevhubError(page.error)
    rows = [
        {
            "business": r["business"].reference,
            "name": r["business"].name,
            "lsoa": r["business"].lsoa_name,
            "visited": r["visited"],
            "before": r["before"],
            "after": r["after"],
            "change": r["change"],
        }
        for r in page.rows
    ]
    payload = {
        "action_day": action_day.pk,
        "before": page.before,
        "after": page.after,
        "radius_m": page.radius_m,
        "lsoa": page.lsoa,
        "crimes": page.crime_words,
        "businesses": rows,
        "visited_against_not_visited": page.comparison,
        "area_against_rest_of_district": page.area,
        "caveats": page.warnings,
    }
    emit(
        rows, output, payload=payload, title=f"{page.crime_words.capitalize()}, {page.period_words}"
    )
