"""Report commands: the annual Prevention Hub report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from prevhub.cli import app
from prevhub.cli.output import console
from prevhub.errors import PrevhubError

report_app = typer.Typer(help="The annual Prevention Hub report.", no_args_is_help=True)
app.add_typer(report_app, name="report")


@report_app.command("annual")
def annual_command(
    period_from: Annotated[str, typer.Option("--from", help="First month, YYYY-MM.")],
    period_to: Annotated[str, typer.Option("--to", help="Last month, YYYY-MM.")],
    out: Annotated[Path, typer.Option("--out", help="report.html or report.pdf.")],
    force: Annotated[str | None, typer.Option(help="police.uk force id.")] = None,
) -> None:
    """Write the annual report (HTML or PDF, by --out's suffix) from the hub's data."""
    from rich.progress import Progress

    from prevhub.cli.platform import django_setup

    output = out.suffix.lstrip(".").lower()
    if output not in ("html", "pdf"):
        raise PrevhubError(f"--out {out}: name a .html or .pdf file")
    django_setup()
    from prevhub.core.audit import audit_context
    from prevhub.reports.services import annual_report_document

    with Progress(console=console(), transient=True) as bar:
        task = bar.add_task("Annual report", total=8)

        def step(done: int, total: int, message: str = "") -> None:
            bar.update(task, completed=done, total=total, description=message or "Annual report")

        with audit_context(source="cli"):
            data = annual_report_document(
                period=(period_from, period_to), force=force, output=output, progress=step
            )
    out.write_bytes(data)
    console().print(f"Wrote {out} ({len(data):,} bytes).")
