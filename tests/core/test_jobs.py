"""Background jobs (core/jobs.py): recorded runs, progress, errors, retries, schedules, and
the real queues — the embedded SQLite one and Redis — each with a real `prevhub worker`."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from prevhub.core import jobs, roles
from prevhub.core.models import JobRun
from prevhub.core.testing import make_user

SRC = Path(__file__).resolve().parents[2] / "src"


@jobs.job("tests.count", title="Count to three")
def _count(*, progress: jobs.Progress, to: int = 3) -> dict[str, Any]:
    for n in range(to):
        progress(n + 1, to, f"counted {n + 1}")
    return {"counted": to}


@jobs.job("tests.fail", title="Always fails", retry_safe=True)
def _fail(*, progress: jobs.Progress) -> None:
    raise RuntimeError("the store is busy")


@jobs.job("tests.unsafe", title="Sends mail", retry_safe=False)
def _unsafe(*, progress: jobs.Progress) -> None:
    raise RuntimeError("mail server down")


@pytest.mark.django_db
def test_a_run_records_who_asked_its_progress_and_its_result() -> None:
    lead = make_user(roles.HUB_LEAD, username="lead")
    run = jobs.enqueue("tests.count", user=lead, to=4)
    assert run.status == JobRun.Status.DONE
    assert (run.progress_done, run.progress_total, run.percent) == (4, 4, 100)
    assert run.result == {"counted": 4} and run.requested_by == lead
    assert run.params == {"to": 4} and run.attempts == 1 and run.worker


@pytest.mark.django_db
def test_a_failed_run_keeps_its_error_and_only_a_safe_job_may_be_retried() -> None:
    failed = jobs.enqueue("tests.fail")
    assert failed.status == JobRun.Status.FAILED
    assert failed.error.startswith("RuntimeError: the store is busy (at ")
    again = jobs.retry(failed)
    assert again.pk != failed.pk and again.status == JobRun.Status.FAILED
    unsafe = jobs.enqueue("tests.unsafe")
    with pytest.raises(ValueError, match="not safe to run twice"):
        jobs.retry(unsafe)


def test_an_unknown_job_is_refused_by_name() -> None:
    with pytest.raises(jobs.UnknownJob, match="no job named 'nope'"):
        jobs.spec("nope")


def test_the_next_run_of_a_schedule_is_the_next_minute_cron_matches() -> None:
    # Worked by hand: "0 7 * * 1-5" (weekdays 07:00) after Friday 4 Dec 2026 08:00 is
    # Monday 7 Dec 2026 07:00; "30 6 * * *" after 06:30 exactly is the next day's 06:30.
    friday = dt.datetime(2026, 12, 4, 8, 0)
    assert jobs.next_due("0 7 * * 1-5", friday) == dt.datetime(2026, 12, 7, 7, 0)
    at = dt.datetime(2026, 12, 4, 6, 30)
    assert jobs.next_due("30 6 * * *", at) == dt.datetime(2026, 12, 5, 6, 30)


def test_every_declared_schedule_names_a_declared_job() -> None:
    declared = jobs.jobs()
    for name in jobs.schedules_declared():
        assert name in declared, name


@pytest.mark.django_db
def test_a_run_left_running_by_a_dead_worker_is_marked_interrupted() -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    row = JobRun.objects.create(
        name="tests.count", title="Count", status=JobRun.Status.RUNNING,
        worker=f"{jobs.socket.gethostname()}:{dead.pid}",
    )  # fmt: skip
    alive = JobRun.objects.create(
        name="tests.count", title="Count", status=JobRun.Status.RUNNING,
        worker=f"{jobs.socket.gethostname()}:{os.getpid()}",
    )  # fmt: skip
    assert jobs.recover_interrupted() == 1
    row.refresh_from_db()
    alive.refresh_from_db()
    assert row.status == JobRun.Status.FAILED and "Interrupted" in row.error
    assert alive.status == JobRun.Status.RUNNING


@pytest.mark.django_db
def test_a_run_is_shown_to_who_asked_and_to_administrators_only(client: Any) -> None:
    asker = make_user(roles.ANALYST, username="asker")
    other = make_user(roles.ANALYST, username="other")
    admin = make_user(roles.ADMIN, username="boss")
    run = jobs.enqueue("tests.count", user=asker)
    url = reverse("core:jobrun", args=[run.pk])
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(asker)
    page = client.get(url)
    assert page.status_code == 200 and b'data-status="done"' in page.content
    client.force_login(admin)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_administrators_see_schedules_and_failed_runs_with_their_errors(client: Any) -> None:
    jobs.enqueue("tests.fail")
    jobs.enqueue("tests.unsafe")
    client.force_login(make_user(roles.ADMIN, username="boss"))
    page = client.get(reverse("core:jobrun_list")).content.decode()
    assert "Protection orders past their end" in page and "<code>30 6 * * *</code>" in page
    assert "RuntimeError: the store is busy" in page and "mail server down" in page
    assert page.count("Run again") == 1  # only the retry-safe job offers it
    client.force_login(make_user(roles.ANALYST, username="analyst"))
    assert client.get(reverse("core:jobrun_list")).status_code in (403, 404)


# -- the real queues, with a real worker process -------------------------------------------


def _env(home: Path, queue: str) -> dict[str, str]:
    skip = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PREVHUB_STORE"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(PREVHUB_HOME=str(home), PREVHUB_JOBS=queue, PYTHONPATH=str(SRC))
    return env


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "prevhub.cli", *args],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


ENQUEUE = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
    "'prevhub.web.settings.dev'); django.setup(); from prevhub.core import jobs; "
    "print(jobs.enqueue('safeguarding.expire').pk)"
)


def _worker_runs_a_job(tmp_path: Path, queue: str) -> None:
    env = _env(tmp_path, queue)
    assert _cli(["init", "-q"], env).returncode == 0
    worker = subprocess.Popen(
        [sys.executable, "-m", "prevhub.cli", "worker"], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        made = subprocess.run(
            [sys.executable, "-c", ENQUEUE], env=env, capture_output=True, text=True, timeout=60
        )
        assert made.returncode == 0, made.stderr
        run_id = int(made.stdout.strip().splitlines()[-1])
        db = sqlite3.connect(tmp_path / "prevhub.sqlite3")
        status = "queued"
        for _ in range(120):
            row = db.execute("select status, result from core_jobrun where id = ?", [run_id])
            status, result = row.fetchone()
            if status in ("done", "failed"):
                break
            time.sleep(0.5)
        assert (status, result) == ("done", '{"expired": 0}')
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)


def test_the_embedded_sqlite_queue_runs_a_job_in_a_worker_process(tmp_path: Path) -> None:
    _worker_runs_a_job(tmp_path, "sqlite")
    assert (tmp_path / "jobs.sqlite3").exists()


def test_the_redis_queue_runs_a_job_in_a_worker_process(tmp_path: Path) -> None:
    # Redis runs on developer machines and CI (127.0.0.1:6379); database 15 is the tests'.
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=15).flushdb()
    _worker_runs_a_job(tmp_path, "redis://127.0.0.1:6379/15")
