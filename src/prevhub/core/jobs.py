"""Background jobs: the one way the hub runs long and scheduled work.

An app declares a job in its ``jobs.py`` with :func:`job`; a page or the CLI asks for it with
:func:`enqueue`, which records a :class:`~prevhub.core.models.JobRun` (who asked, when,
progress, outcome) and hands its id to the queue. Schedules are declared in one place,
``settings.PREVHUB_SCHEDULES`` (job name -> cron expression), and listed in the admin area.

The queue is `huey <https://huey.readthedocs.io>`_ (MIT, maintained), chosen because one
library covers the three places the hub runs:

- ``PREVHUB_JOBS=sqlite`` (the embedded default): a SQLite file in PREVHUB_HOME, so a fresh
  machine's ``make demo`` needs no server; ``prevhub serve`` starts a worker beside gunicorn;
- ``PREVHUB_JOBS=redis://host:port/db``: Redis for a force's server (``prevhub worker`` as a
  service);
- ``PREVHUB_JOBS=immediate``: the job runs at once in the caller, through the same
  :func:`run` — the tests' setting.

A job function receives ``progress`` (call it with done, total and a message) and its
parameters; it returns a small JSON-ready dict (e.g. the file it wrote). Parameters and
results are stored with the run, so they must never hold personal data.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone


class Progress:
    """What a job is called with: ``progress(done, total, message="")`` records how far it
    is; ``progress.run_id`` names its run (e.g. for the name of the file it writes)."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id

    def __call__(self, done: int, total: int, message: str = "") -> None:
        from prevhub.core.models import JobRun

        JobRun.objects.filter(pk=self.run_id).update(
            progress_done=int(done), progress_total=int(total), message=message[:200]
        )


@dataclass(frozen=True)
class JobSpec:
    """A declared job: its function and whether running it twice is harmless."""

    name: str
    title: str
    func: Callable[..., dict[str, Any] | None]
    #: Safe to retry after a failure (idempotent: an ingest of the same file, a reminder
    #: digest that records what it sent); a retried job runs again up to ``retries`` times.
    retry_safe: bool = False
    retries: int = 2


_JOBS: dict[str, JobSpec] = {}
#: The queue's two task wrappers (filled by :func:`queue`): without and with retries.
_TASKS: dict[str, Any] = {}


def job(
    name: str, *, title: str, retry_safe: bool = False, retries: int = 2
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a background job (in an app's ``jobs.py``)."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        _JOBS[name] = JobSpec(name, title, func, retry_safe, retries if retry_safe else 0)
        return func

    return register


def jobs() -> dict[str, JobSpec]:
    """Every declared job: each installed hub app's ``jobs`` module, imported once."""
    _discover()
    return dict(_JOBS)


@cache
def _discover() -> None:
    from prevhub.core.registry import registry

    for app in registry().apps:
        try:
            import_module(f"{app.name}.jobs")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app.name}.jobs":
                raise


class UnknownJob(LookupError):
    pass


def spec(name: str) -> JobSpec:
    found = jobs().get(name)
    if found is None:
        raise UnknownJob(f"no job named {name!r}; declared: {', '.join(sorted(jobs()))}")
    return found


# -- the queue -----------------------------------------------------------------------------


def backend() -> str:
    """The configured queue: 'sqlite', 'immediate', or a redis:// URL."""
    return str(getattr(settings, "PREVHUB_JOBS", "sqlite"))


@cache
def queue() -> Any:
    """The huey instance for the configured backend, with the hub's one task and schedules."""
    from huey import MemoryHuey, RedisHuey, SqliteHuey

    kind = backend()
    # Schedules are written in the force's local time (Django sets the process's TZ).
    if kind == "immediate":
        huey = MemoryHuey("prevhub", immediate=True, utc=False)
    elif kind.startswith(("redis://", "rediss://")):
        huey = RedisHuey("prevhub", url=kind, utc=False)
    elif kind == "sqlite":
        from prevhub.paths import prevhub_home

        path = prevhub_home() / "jobs.sqlite3"
        huey = SqliteHuey("prevhub", filename=str(path), utc=False)
    else:
        raise ValueError(f"PREVHUB_JOBS={kind!r}: use sqlite, immediate or a redis:// URL")
    _TASKS["once"] = huey.task(name="prevhub.run", retries=0)(_run_task)
    _TASKS["retrying"] = huey.task(name="prevhub.run_retrying", retries=2, retry_delay=60)(
        _run_task
    )
    for name, cron in schedules_declared().items():
        minute, hour, day, month, day_of_week = cron.split()
        huey.periodic_task(
            _crontab(minute, hour, day, month, day_of_week), name=f"schedule.{name}"
        )(_scheduled(name))
    return huey


def _crontab(*parts: str) -> Any:
    from huey import crontab

    minute, hour, day, month, day_of_week = parts
    return crontab(minute=minute, hour=hour, day=day, month=month, day_of_week=day_of_week)


def _scheduled(name: str) -> Callable[[], None]:
    def start() -> None:
        close_old_connections()
        enqueue(name, scheduled=True)

    start.__name__ = f"schedule_{name.replace('.', '_')}"
    return start


def _run_task(run_id: int) -> None:
    # In a worker, each job starts and ends with fresh database connections (as a request
    # does); run immediately it is inside its caller's connection and transaction: keep them.
    fresh = backend() != "immediate"
    if fresh:
        close_old_connections()
    try:
        run(run_id)
    finally:
        if fresh:
            close_old_connections()


def enqueue(name: str, *, user: Any = None, scheduled: bool = False, **params: Any) -> Any:
    """Record a run of job `name` and queue it; returns the :class:`JobRun`.

    The queue is told only after the run's row is committed, so a worker never looks for a
    run that is not there yet. With ``PREVHUB_JOBS=immediate`` it has run when this returns.
    """
    from prevhub.core.models import JobRun

    job_spec = spec(name)
    run_row = JobRun.objects.create(
        name=name,
        title=job_spec.title,
        params=params,
        requested_by=user if getattr(user, "is_authenticated", False) else None,
        scheduled=scheduled,
    )
    task = "retrying" if job_spec.retry_safe else "once"
    if backend() == "immediate":
        _send(task, run_row.pk)  # same code path, at once, inside the caller's transaction
        run_row.refresh_from_db()
    else:
        transaction.on_commit(lambda: _send(task, run_row.pk))
    return run_row


def _send(task: str, run_id: int) -> None:
    queue()
    try:
        _TASKS[task](run_id)
    except Exception:
        # Immediate mode raises the job's error into the caller; the run records it already.
        if backend() != "immediate":
            raise


# -- running -------------------------------------------------------------------------------


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run(run_id: int) -> None:
    """Run one recorded job to its end, recording progress, outcome and any error.

    A failure is recorded on the run (error and traceback's last line for administrators)
    and raised again, so that the queue retries a retry-safe job.
    """
    from prevhub.core.audit import audit_context
    from prevhub.core.models import JobRun

    row = JobRun.objects.get(pk=run_id)
    job_spec = spec(row.name)
    JobRun.objects.filter(pk=run_id).update(
        status=JobRun.Status.RUNNING,
        started=timezone.now(),
        finished=None,
        worker=worker_id(),
        attempts=row.attempts + 1,
        error="",
    )

    try:
        with audit_context(source="job", user=row.requested_by):
            result = job_spec.func(progress=Progress(run_id), **row.params)
    except BaseException as exc:
        JobRun.objects.filter(pk=run_id).update(
            status=JobRun.Status.FAILED,
            finished=timezone.now(),
            error=_error_text(exc),
        )
        raise
    JobRun.objects.filter(pk=run_id).update(
        status=JobRun.Status.DONE,
        finished=timezone.now(),
        result=result or {},
        message="Finished",
    )


def _error_text(exc: BaseException) -> str:
    """What an administrator sees: the error, and where it was raised (no local values)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {frames[-1].filename}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"[:2000]


def retry(run_row: Any, *, user: Any = None) -> Any:
    """Run a failed retry-safe job again, as a new run (the failed one stays on record)."""
    job_spec = spec(run_row.name)
    if not job_spec.retry_safe:
        raise ValueError(f"{job_spec.title} is not safe to run twice; start it afresh instead")
    return enqueue(run_row.name, user=user, **run_row.params)


def recover_interrupted() -> int:
    """Mark runs left 'running' by a worker process on this host that no longer exists as
    failed (a worker killed mid-job). Their work was atomic, so they can be re-run."""
    from prevhub.core.models import JobRun

    host = socket.gethostname()
    lost = 0
    for row in JobRun.objects.filter(status=JobRun.Status.RUNNING, worker__startswith=f"{host}:"):
        pid = int(row.worker.rsplit(":", 1)[1])
        if pid == os.getpid() or _alive(pid):
            continue
        lost += JobRun.objects.filter(pk=row.pk, status=JobRun.Status.RUNNING).update(
            status=JobRun.Status.FAILED,
            finished=timezone.now(),
            error="Interrupted: the worker stopped while the job ran. Nothing it was writing "
            "was kept; run it again.",
        )
    return lost


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def consumer(workers: int = 2) -> Any:
    """A huey consumer for ``prevhub worker`` (threads: jobs wait on DuckDB and the DB)."""
    recover_interrupted()
    return queue().create_consumer(workers=workers, worker_type="thread", periodic=True)


# -- schedules -----------------------------------------------------------------------------


def schedules_declared() -> dict[str, str]:
    """``settings.PREVHUB_SCHEDULES``: job name -> cron (minute hour day month weekday)."""
    declared = dict(getattr(settings, "PREVHUB_SCHEDULES", {}))
    for name, cron in declared.items():
        if len(cron.split()) != 5:
            raise ValueError(f"PREVHUB_SCHEDULES[{name!r}] = {cron!r}: expected 5 cron fields")
    return declared


@dataclass(frozen=True)
class Schedule:
    name: str
    title: str
    cron: str
    last: Any  # the latest JobRun started by the schedule, or None
    next_run: dt.datetime | None


def schedules() -> list[Schedule]:
    """The declared schedules with their last run and the next time each is due."""
    from prevhub.core.models import JobRun

    now = timezone.localtime()
    rows = []
    for name, cron in schedules_declared().items():
        last = JobRun.objects.filter(name=name, scheduled=True).order_by("-created").first()
        rows.append(Schedule(name, spec(name).title, cron, last, next_due(cron, now)))
    return rows


def next_due(cron: str, after: dt.datetime) -> dt.datetime | None:
    """The next minute after `after` that `cron` matches (huey's own matcher), within 40 days."""
    matches = _crontab(*cron.split())
    moment = after.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    for _ in range(40 * 24 * 60):
        if matches(moment):
            return moment
        moment += dt.timedelta(minutes=1)
    return None
