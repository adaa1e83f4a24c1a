"""The `prevhub` command line.

Commands stay thin: they parse options, call the crime library or Django services, and print.
Every command that prints results takes `--format table|csv|json`. One project exception,
:class:`prevhub.errors.PrevhubError`, becomes exit code 1 and a readable message.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from prevhub.errors import PrevhubError

app = typer.Typer(
    name="prevhub",
    help="Prevention Hub: measure, find, solve, run the services, show it worked.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)


def _register() -> None:
    """Attach the command groups; each lives in its own module."""
    import prevhub.cli.safeguarding  # noqa: F401
    from prevhub.cli import crime, find, platform, problems  # noqa: F401  (register on import)
    from prevhub.cli.fetch import fetch_app

    app.add_typer(fetch_app, name="fetch")


_register()


def main() -> None:
    """Console-script entry point: run the app, turning project errors into exit code 1."""
    try:
        app()
    except PrevhubError as exc:
        err_console.print(f"[red]Error:[/red] {exc}")
        sys.exit(1)
