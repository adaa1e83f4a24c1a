"""Platform commands: init, serve, manage, users, demo.

Each command sets up Django (embedded `dev` settings unless DJANGO_SETTINGS_MODULE says
otherwise) and runs inside an audit context for the CLI, so what it changes is audited as such.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from prevhub.cli import app
from prevhub.cli.output import console
from prevhub.errors import PrevhubError

users_app = typer.Typer(help="Manage user accounts and API tokens.", no_args_is_help=True)
app.add_typer(users_app, name="users")

DEFAULT_SETTINGS = "prevhub.web.settings.dev"
UNAPPLIED_MIGRATIONS = (
    "The database has {count} unapplied migration(s). Run `prevhub init` first "
    "(it creates or upgrades the database; it is safe to run again)."
)


def django_setup() -> None:
    """Configure Django once, for commands that need the ORM."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    django.setup()


def unapplied_migrations() -> int:
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections["default"])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


@app.command()
def init(
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """Create or upgrade the database, seed the roles and the force organisation (idempotent)."""
    django_setup()
    from django.core.management import call_command

    from prevhub.core.audit import audit_context
    from prevhub.core.services import force_organisation_ensure, roles_seed

    call_command("migrate", interactive=False, verbosity=0)
    with audit_context(source="cli"):
        created = roles_seed()
        force = force_organisation_ensure()
    from django.conf import settings

    if not getattr(settings, "WHITENOISE_USE_FINDERS", False):
        call_command("collectstatic", interactive=False, verbosity=0)
    if not quiet:
        console().print(
            f"Database ready ({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}); "
            f"roles created: {', '.join(created) or 'none (already there)'}; "
            f"force organisation: {force.slug}."
        )


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (default: 2 per CPU core, plus 1).")
    ] = None,
    threads: Annotated[int, typer.Option(help="Threads per worker process.")] = 2,
    worker: Annotated[
        bool,
        typer.Option(
            "--worker/--no-worker",
            help="Also run the background-job worker (default with the embedded sqlite queue; "
            "with Redis run `prevhub worker` as its own service).",
        ),
    ] = True,
) -> None:
    """Serve the web application with gunicorn (refuses to start with unapplied migrations).

    Pages are CPU-bound Python, which threads of one process share through the GIL, so the
    default leans on processes (gunicorn's 2 x cores + 1) with 2 threads each, so that a slow
    page does not hold up a quick one queued behind it in the same process; see
    benchmarks/RESULTS.md for the measurements behind it.
    """
    workers = workers or 2 * (os.cpu_count() or 1) + 1
    django_setup()
    pending = unapplied_migrations()
    if pending:
        raise PrevhubError(UNAPPLIED_MIGRATIONS.format(count=pending))
    from django.core.cache import cache
    from gunicorn.app.base import BaseApplication

    from prevhub.web.wsgi import application

    # Cached figures are pickles of this code's objects; a server starting (as after an
    # upgrade) must not read those an earlier version of the code wrote.
    cache.clear()

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("accesslog", "-")
            # The access log carries paths and status, never query strings (they may hold names).
            self.cfg.set("access_log_format", '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss')

        def load(self):  # type: ignore[no-untyped-def]
            return application

    from prevhub.core import jobs

    side = None
    if worker and jobs.backend() == "sqlite":
        import subprocess

        # A process of its own: gunicorn forks workers, and a job must not share their GIL.
        side = subprocess.Popen([sys.executable, "-m", "prevhub.cli", "worker"])  # noqa: S603
    console().print(f"Serving Prevention Hub at http://{host}:{port} (Ctrl+C to stop)")
    try:
        _Server().run()
    finally:
        if side is not None:
            side.terminate()
            side.wait(timeout=30)


@app.command("worker")
def worker_command(
    workers: Annotated[int, typer.Option(help="Jobs run at once (threads).")] = 2,
) -> None:
    """Run background jobs and schedules (PREVHUB_JOBS: sqlite, or redis://…) until stopped."""
    django_setup()
    from prevhub.core import jobs

    if jobs.backend() == "immediate":
        raise PrevhubError("PREVHUB_JOBS=immediate runs jobs in the caller; no worker is needed")
    lost = jobs.recover_interrupted()
    if lost:
        console().print(f"{lost} job(s) left running by a stopped worker marked failed.")
    console().print(f"Background worker on the {jobs.backend().split(':')[0]} queue.")
    jobs.consumer(workers=workers).run()


jobs_app = typer.Typer(help="Background jobs: list them, run one now.", no_args_is_help=True)
app.add_typer(jobs_app, name="jobs")


@jobs_app.command("list")
def jobs_list() -> None:
    """Every declared job, and its schedule if it has one."""
    django_setup()
    from prevhub.cli.output import Column, print_table
    from prevhub.core import jobs

    declared = jobs.schedules_declared()
    rows = [
        {
            "job": spec.name,
            "title": spec.title,
            "schedule": declared.get(spec.name, ""),
            "retried": "yes" if spec.retry_safe else "no",
        }
        for spec in sorted(jobs.jobs().values(), key=lambda s: s.name)
    ]
    print_table(
        rows,
        [Column(c, kind="text") for c in ("job", "title", "schedule", "retried")],
        title="Background jobs",
    )


@jobs_app.command("run")
def jobs_run(
    name: Annotated[str, typer.Argument(help="The job's name (see `jobs list`).")],
) -> None:
    """Run one job now in this process (for cron, or to try a job by hand)."""
    django_setup()
    from prevhub.core import jobs
    from prevhub.core.models import JobRun

    row = JobRun.objects.create(name=jobs.spec(name).name, title=jobs.spec(name).title)
    try:
        jobs.run(row.pk)
    except Exception as exc:
        raise PrevhubError(f"{row.title} failed: {exc}") from exc
    row.refresh_from_db()
    console().print(f"{row.title}: {row.result}")


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. `prevhub manage check --deploy`."""
    django_setup()
    from django.core.management import execute_from_command_line

    from prevhub.core.audit import audit_context

    with audit_context(source="cli"):
        execute_from_command_line(["prevhub manage", *ctx.args])


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    role: Annotated[str, typer.Option(help="Role slug, e.g. analyst, coordinator, partner.")],
    organisation: Annotated[
        str | None, typer.Option(help="Organisation slug (created if absent). Default: the force.")
    ] = None,
    organisation_kind: Annotated[
        str, typer.Option(help="Kind of a new organisation: council, housing, health, …")
    ] = "other",
    email: Annotated[str, typer.Option(help="E-mail address.")] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Add a user with a role in an organisation; prints a generated password if none given."""
    django_setup()
    from prevhub.core.audit import audit_context
    from prevhub.core.services import force_organisation_ensure, organisation_ensure, user_add

    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    if password_stdin and not password:
        raise PrevhubError("--password-stdin was given but standard input held no password.")
    with audit_context(source="cli"):
        org = (
            organisation_ensure(slug=organisation, kind=organisation_kind)
            if organisation
            else force_organisation_ensure()
        )
        user, used = user_add(
            username=username, role=role, organisation=org, password=password, email=email
        )
    console().print(f"Added {user.username} ({role}) in {org.name}.")
    if not password_stdin:
        console().print(f"Password (shown once): {used}")


@users_app.command("token")
def users_token(username: Annotated[str, typer.Argument(help="Sign-in name.")]) -> None:
    """Print the user's API token (created if absent); send it as `Authorization: Token …`."""
    django_setup()
    from prevhub.core.audit import audit_context
    from prevhub.core.services import user_token_issue

    with audit_context(source="cli"):
        key = user_token_issue(username=username)
    typer.echo(key)


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Load, do not serve.")] = False,
) -> None:
    """Initialise, load demonstration data (invented people, real open crime data) and serve."""
    os.environ.setdefault("PREVHUB_DEMO", "1")
    init(quiet=True)
    from prevhub.core.audit import audit_context
    from prevhub.demo import DEMO_PASSWORD, load_demo

    with audit_context(source="cli"):
        summary = load_demo()
    console().print(summary)
    console().print(
        f"[bold]Demo login:[/bold] user [cyan]admin[/cyan] (or analyst, coordinator, "
        f"safeguarding, partner) — password [cyan]{DEMO_PASSWORD}[/cyan]"
    )
    if not no_serve:
        serve(host=host, port=port, workers=2)
