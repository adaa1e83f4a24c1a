"""`prevhub fetch ...`: download open crime data (thin: the work is in prevhub.crime.sources.fetch).

The lead engineer mounts :data:`fetch_app` as ``prevhub fetch``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from prevhub.cli.output import console, stderr
from prevhub.errors import PrevhubError

fetch_app = typer.Typer(
    help="Download open crime data into the archive folder layout.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@fetch_app.callback()
def fetch_group() -> None:
    """Download open crime data (data.police.uk) for a force and a range of months."""


def _kinds(text: str) -> list[str]:
    from prevhub.crime.sources.fetch import KINDS

    kinds = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown or not kinds:
        raise PrevhubError(f"--kind takes a comma-separated list of {', '.join(KINDS)}.")
    return kinds


def _rich_progress(bar: Any) -> Any:
    """A :class:`~prevhub.crime.sources.fetch.Progress` that moves a Rich progress bar."""
    from prevhub.crime.sources.fetch import Progress

    class RichProgress(Progress):
        def __init__(self) -> None:
            self.task = bar.add_task("data.police.uk", total=None)

        def start(self, total: int) -> None:
            bar.update(self.task, total=total)

        def advance(self, description: str) -> None:
            bar.update(self.task, advance=1, description=description)

    return RichProgress()


@fetch_app.command("police-uk")
def police_uk(
    force: Annotated[str, typer.Option("--force", help="Force id, e.g. nottinghamshire.")],
    first: Annotated[str, typer.Option("--from", help="First month, YYYY-MM.")],
    last: Annotated[str, typer.Option("--to", help="Last month, YYYY-MM.")],
    dest: Annotated[Path, typer.Option("--dest", help="Folder for YYYY-MM/ subfolders.")],
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url", help="Server (a mirror or test server); default https://data.police.uk."
        ),
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", help="Comma-separated: street,outcomes,stop-and-search.")
    ] = "street",
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """Download a force's data.police.uk files (archive zips, or the API for newer months).

    At most 15 requests a second; 429/503 answers are retried after Retry-After; months
    already complete in DEST are skipped, so an interrupted fetch is resumed by running it again.
    """
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as RichProgress

    from prevhub.crime.sources.fetch import DEFAULT_BASE_URL, fetch_police_uk

    try:
        kinds = _kinds(kind)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with RichProgress(*columns, console=stderr(), disable=quiet) as bar:
            report = fetch_police_uk(
                force,
                first,
                last,
                dest,
                kinds=kinds,
                base_url=base_url or DEFAULT_BASE_URL,
                progress=_rich_progress(bar),
            )
    except PrevhubError as exc:
        stderr().print(f"[red]Error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    _summarise(report)


def _summarise(report: Any) -> None:
    by_source: dict[str, int] = {}
    for source in report.sources.values():
        by_source[source] = by_source.get(source, 0) + 1
    out = console()
    out.print(f"Fetched {len(report.written)} file(s); {len(report.skipped)} already complete.")
    for source, count in sorted(by_source.items()):
        out.print(f"  {count} from {source}")
