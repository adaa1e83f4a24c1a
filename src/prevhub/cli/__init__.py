"""The `prevhub` command line.

Commands stay thin: they parse options, call the crime library or Django services, and print
through :mod:`prevhub.cli.output` (every command that prints results takes
`--format table|csv|json`). One project exception, :class:`prevhub.errors.PrevhubError`,
becomes exit code 1 and a readable message.

Start-up is kept short: the command modules import only Typer at the top, and each command
imports the library it needs (DuckDB, NumPy, SciPy, Django, the HTTP client) when it runs, so
`prevhub --help` does not pay for any of them (`benchmarks/cli_startup.py`).
"""

from __future__ import annotations

import sys

import typer

from prevhub.errors import PrevhubError

app = typer.Typer(
    name="prevhub",
    help="Prevention Hub: measure, find, solve, run the services, show it worked.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    """Attach the command groups; each lives in its own module."""
    import prevhub.cli.business  # noqa: F401
    import prevhub.cli.reoffending  # noqa: F401
    import prevhub.cli.safeguarding  # noqa: F401
    import prevhub.cli.specials  # noqa: F401
    import prevhub.cli.suicide_prevention  # noqa: F401
    import prevhub.cli.youth  # noqa: F401
    from prevhub.cli import crime, evaluate, find, ops, platform, problems, reports  # noqa: F401
    from prevhub.cli.fetch import fetch_app

    app.add_typer(fetch_app, name="fetch")


_register()


def main() -> None:
    """Console-script entry point: run the app, turning project errors into exit code 1."""
    try:
        app()
    except PrevhubError as exc:
        from rich.markup import escape

        from prevhub.cli.output import stderr

        stderr().print(f"[red]Error:[/red] {escape(str(exc))}")
        sys.exit(1)
