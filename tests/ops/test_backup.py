"""`prevhub backup` and `prevhub restore` as an operator runs them: real processes, real files.

The suite's database decides the engine: SQLite files in PREVHUB_HOME by default, and with
DATABASE_URL (the PostgreSQL run) a scratch PostgreSQL database on that server for the
installation backed up and another for the one restored (created and dropped here; pg_dump and
pg_restore do the copying). Expected values are read from the original installation before the
backup, never from the restore's own report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: Run in `prevhub manage shell`: a problem with an attachment, audited as a coordinator.
MAKE_RECORDS = """
from django.core.files.uploadedfile import SimpleUploadedFile
from prevhub.core import roles
from prevhub.core.audit import audit_context
from prevhub.core.services import force_organisation_ensure, user_add
from prevhub.problems.models import Problem
from prevhub.problems.services import attachment_add
org = force_organisation_ensure()
with audit_context(source="cli"):
    user, _ = user_add(username="coord1", role=roles.COORDINATOR, organisation=org,
                       password="a-long-password-for-tests", email="")
    problem = Problem.objects.create(title="Shoplifting on the high street", problem_type="place",
        force="nottinghamshire", districts=["Mansfield"], crime_types=["Shoplifting"], owner=user)
    attachment_add(problem=problem, user=user, title="Site photo",
                   upload=SimpleUploadedFile("photo.txt", b"bytes of a site photo"))
"""

#: Run in `prevhub manage shell`: what a restore must bring back, as JSON on stdout.
SNAPSHOT = """
import json
from prevhub.core.models import AuditEntry, User
from prevhub.problems.models import Attachment, Problem
print(json.dumps({
    "users": sorted(User.objects.values_list("username", flat=True)),
    "problems": list(Problem.objects.order_by("pk").values("pk", "title", "districts")),
    "attachments": [(a.title, a.original_name, a.file.read().decode()) for a in
                    Attachment.objects.order_by("pk")],
    "audit": [list(map(str, row)) for row in AuditEntry.objects.order_by("pk").values_list()],
}, default=str))
"""


def _pg_admin_url() -> str | None:
    return os.environ.get("DATABASE_URL") or None


@pytest.fixture()
def databases() -> Iterator[tuple[str | None, str | None]]:
    """(source, target) DATABASE_URLs: None on SQLite; scratch PostgreSQL databases otherwise."""
    url = _pg_admin_url()
    if url is None:
        yield None, None
        return
    import psycopg

    base, _, _ = url.rpartition("/")
    names = [f"test_backup_{uuid.uuid4().hex[:8]}_{side}" for side in ("a", "b")]
    with psycopg.connect(url, autocommit=True) as con:
        for name in names:
            con.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{names[0]}", f"{base}/{names[1]}"
    finally:
        with psycopg.connect(url, autocommit=True) as con:
            for name in names:
                con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(home: Path, database: str | None) -> dict[str, str]:
    skip = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "PREVHUB_STORE"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env["PREVHUB_HOME"] = str(home)
    env["PYTHONPATH"] = str(ROOT / "src")
    if database:
        env["DATABASE_URL"] = database
    return env


def _prevhub(args: list[str], home: Path, database: str | None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from prevhub.cli import main; main()", *args],
        env=_env(home, database),
        capture_output=True,
        text=True,
        timeout=600,
    )


def _snapshot(home: Path, database: str | None) -> dict:
    """SNAPSHOT's JSON (its last line: Django's shell may print a line of its own first)."""
    out = _ok(["manage", "shell", "-c", SNAPSHOT], home, database)
    return json.loads(out.strip().splitlines()[-1])


def _ok(args: list[str], home: Path, database: str | None) -> str:
    result = _prevhub(args, home, database)
    assert result.returncode == 0, result.stderr
    return result.stdout


MEASURE = ["measure", "--period", "2024-01:2024-03", "--baseline", "last-year", "--by", "district"]


def test_backup_then_restore_into_a_fresh_home_gives_the_same_installation(
    tmp_path: Path, databases: tuple[str | None, str | None]
) -> None:
    source_db, target_db = databases
    home, fresh, backup = tmp_path / "home", tmp_path / "fresh", tmp_path / "backup"
    _ok(["init", "--quiet"], home, source_db)
    _ok(["manage", "shell", "-c", MAKE_RECORDS], home, source_db)
    _ok(["crime", "demo"], home, source_db)
    before = _snapshot(home, source_db)
    measured = _ok([*MEASURE, "--format", "csv"], home, source_db)
    assert before["attachments"] == [["Site photo", "photo.txt", "bytes of a site photo"]]
    assert len(before["audit"]) > 3 and "coord1" in before["users"]

    _ok(["backup", str(backup)], home, source_db)
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["database"] == ("postgresql" if source_db else "sqlite")
    assert "crime.duckdb" in manifest["files"]
    assert any(name.startswith("uploads/problems/") for name in manifest["files"])

    _ok(["restore", str(backup)], fresh, target_db)
    after = _snapshot(fresh, target_db)
    assert after == before  # same records, same audit log, same attachment bytes
    assert _ok([*MEASURE, "--format", "csv"], fresh, target_db) == measured

    # Restoring again over the now non-empty home is refused without --force ...
    again = _prevhub(["restore", str(backup)], fresh, target_db)
    refused = " ".join(again.stderr.split())
    assert again.returncode == 1 and "already holds data" in refused and "--force" in refused
    # ... and with --force replaces it.
    _ok(["restore", str(backup), "--force"], fresh, target_db)
    assert _snapshot(fresh, target_db) == before


def test_a_backup_whose_checksums_do_not_match_is_refused_and_nothing_is_restored(
    tmp_path: Path, databases: tuple[str | None, str | None]
) -> None:
    source_db, target_db = databases
    home, fresh, backup = tmp_path / "home", tmp_path / "fresh", tmp_path / "backup"
    _ok(["init", "--quiet"], home, source_db)
    _ok(["manage", "shell", "-c", MAKE_RECORDS], home, source_db)
    _ok(["backup", str(backup)], home, source_db)
    (attachment,) = (backup / "uploads").rglob("*.txt")
    attachment.write_bytes(b"changed after the backup")
    result = _prevhub(["restore", str(backup)], fresh, target_db)
    assert result.returncode == 1
    message = " ".join(result.stderr.split())  # the terminal may wrap it
    assert "does not match its checksum" in message and "nothing was restored" in message
    assert not (fresh / "prevhub.sqlite3").exists()
    assert not list(fresh.rglob("*.txt"))
