"""`prevhub fetch ...`: download open crime data (thin: the work is in prevhub.crime.sources.fetch).

The lead engineer mounts :data:`fetch_app` as ``prevhub fetch``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

from prevhub.crime.sources.fetch import (
    DEFAULT_BASE_URL,
    KINDS,
    STREET,
    FetchReport,
    Progress,
    fetch_police_uk,
)
from prevhub.errors import PrevhubError

fetch_app = typer.Typer(
    help="Download open crime data into the archive folder layout.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)


@fetch_app.callback()
def fetch_group() -> None:
    """Download open crime data (data.police.uk) for a force and a range of months."""


class _RichProgress(Progress):
    """Shows the fetch as a Rich progress bar on standard error."""

    def __init__(self, bar: RichProgress) -> None:
        self.bar = bar
        self.task = bar.add_task("data.police.uk", total=None)

    def start(self, total: int) -> None:
        self.bar.update(self.task, total=total)

    def advance(self, description: str) -> None:
        self.bar.update(self.task, advance=1, description=description)


def _kinds(text: str) -> list[str]:
    kinds = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown or not kinds:
        raise PrevhubError(f"--kind takes a comma-separated list of {', '.join(KINDS)}.")
    return kinds


@fetch_app.command("police-uk")
def police_uk(
    force: Annotated[str, typer.Option("--force", help="Force id, e.g. nottinghamshire.")],
    first: Annotated[str, typer.Option("--from", help="First month, YYYY-MM.")],
    last: Annotated[str, typer.Option("--to", help="Last month, YYYY-MM.")],
    dest: Annotated[Path, typer.Option("--dest", help="Folder for YYYY-MM/ subfolders.")],
    base_url: Annotated[
        str, typer.Option("--base-url", help="Server (a mirror or test server).")
    ] = DEFAULT_BASE_URL,
    kind: Annotated[
        str, typer.Option("--kind", help="Comma-separated: street,outcomes,stop-and-search.")
    ] = STREET,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """Download a force's data.police.uk files (archive zips, or the API for newer months).

    At most 15 requests a second; 429/503 answers are retried after Retry-After; months
    already complete in DEST are skipped, so an interrupted fetch is resumed by running it again.
    """
    try:
        kinds = _kinds(kind)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with RichProgress(*columns, console=err_console, disable=quiet) as bar:
            report = fetch_police_uk(
                force,
                first,
                last,
                dest,
                kinds=kinds,
                base_url=base_url,
                progress=_RichProgress(bar),
            )
    except PrevhubError as exc:
        err_console.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(1) from None
    _summarise(report)


def _summarise(report: FetchReport) -> None:
    console = Console()
    by_source: dict[str, int] = {}
    for source in report.sources.values():
        by_source[source] = by_source.get(source, 0) + 1
    console.print(f"Fetched {len(report.written)} file(s); {len(report.skipped)} already complete.")
    for source, count in sorted(by_source.items()):
        console.print(f"  {count} from {source}")
