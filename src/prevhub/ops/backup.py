"""Backup and restore of a whole installation: the database, the crime store, the uploads.

A backup folder holds::

    manifest.json       what is in it: each file's size and SHA-256, the database engine
    database.sqlite3    the SQLite database (online backup API: a consistent copy while the
                        hub runs), or
    database.pgdump     PostgreSQL's custom-format dump (``pg_dump``: one consistent snapshot)
    crime.duckdb        the crime store
    uploads/...         uploaded attachments (the default file storage, MEDIA_ROOT)

Why each copy is consistent while the hub is in use:

* **SQLite**: :meth:`sqlite3.Connection.backup` copies pages under SQLite's own locking, so
  writers during the copy are either in it or not, never half.
* **PostgreSQL**: ``pg_dump`` reads in one repeatable-read transaction.
* **The crime store**: a writer never changes the published file; it publishes a new one by
  rename (:mod:`prevhub.crime.store_file`). So the copy is read from an open file handle: a
  publish during the copy replaces the name, not the bytes being read, and the backup holds the
  store as it was when the copy began. The copy is then opened as a crime store to check it.
* **Uploads** are written once under random names and never changed in place.

Restore checks every checksum before it writes anything (a damaged or edited backup is refused),
refuses to overwrite a home that holds data unless ``force``, and puts each file in place by
rename (the crime store atomically, as an ingest publishes it).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from prevhub.errors import PrevhubError

MANIFEST = "manifest.json"
FORMAT = "prevhub-backup"
FORMAT_VERSION = 1
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
STORE_FILE = "crime.duckdb"
UPLOADS = "uploads"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _database() -> dict[str, Any]:
    from django.conf import settings

    return dict(settings.DATABASES["default"])


def _engine(db: dict[str, Any]) -> str:
    engine = str(db["ENGINE"])
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise PrevhubError(f"backup knows SQLite and PostgreSQL, not {engine}")


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    """libpq's environment for the configured database (no password on a command line)."""
    env = {**os.environ}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise PrevhubError(
            f"{what} needs {command[0]} (Debian: postgresql-client) on the PATH"
        ) from None
    if result.returncode:
        raise PrevhubError(f"{what} failed: {result.stderr.strip()[-500:]}")


def _copy_store(source: Path, target: Path) -> None:
    """Copy the published store from one open handle (see the module's docstring)."""
    with open(source, "rb") as handle, open(target, "wb") as out:
        shutil.copyfileobj(handle, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())
    from prevhub.crime.store import CrimeStore

    CrimeStore(target, read_only=True).close()  # a PrevhubError if it is not a sound store


def backup(directory: Path | str) -> dict[str, Any]:
    """Write a backup of this installation into ``directory`` (new or empty); its manifest."""
    from django.conf import settings

    from prevhub.paths import crime_store_path

    target = Path(directory)
    if target.exists() and any(target.iterdir()):
        raise PrevhubError(f"{target}: not empty; back up into a new folder")
    target.mkdir(parents=True, exist_ok=True)
    db = _database()
    engine = _engine(db)
    if engine == "sqlite":
        source = sqlite3.connect(str(db["NAME"]))
        copy = sqlite3.connect(str(target / SQLITE_FILE))
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target / PG_FILE}"]
        _run(command, _pg_env(db), "pg_dump")
    store = crime_store_path()
    if store.exists():
        _copy_store(store, target / STORE_FILE)
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, target / UPLOADS, dirs_exist_ok=True)
    files = {
        str(path.relative_to(target)): {"bytes": path.stat().st_size, "sha256": _sha256(path)}
        for path in sorted(target.rglob("*"))
        if path.is_file()
    }
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "database": engine,
        "crime_store": store.exists(),
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
    return manifest


def check(directory: Path | str) -> dict[str, Any]:
    """The manifest, once every file in the backup matches it (and nothing is missing)."""
    root = Path(directory)
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PrevhubError(f"{root}: not a Prevention Hub backup (no {MANIFEST})") from None
    except ValueError as exc:
        raise PrevhubError(f"{root / MANIFEST}: cannot be read ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise PrevhubError(f"{root}: not a Prevention Hub backup")
    problems = []
    for name, info in manifest["files"].items():
        path = root / name
        if not path.is_file():
            problems.append(f"{name} is missing")
        elif path.stat().st_size != info["bytes"] or _sha256(path) != info["sha256"]:
            problems.append(f"{name} does not match its checksum")
    found = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} - {MANIFEST}
    problems += [
        f"{name} is not in the manifest" for name in sorted(found - set(manifest["files"]))
    ]
    if problems:
        raise PrevhubError(
            f"{root}: the backup is damaged or was changed ({'; '.join(problems[:5])}); "
            "nothing was restored"
        )
    return manifest


def _home_has_data(db: dict[str, Any], engine: str) -> list[str]:
    """What a restore would overwrite."""
    from django.conf import settings
    from django.db import connection

    from prevhub.paths import crime_store_path

    found = []
    if engine == "sqlite":
        if Path(db["NAME"]).is_file() and Path(db["NAME"]).stat().st_size > 0:
            found.append(f"the database {db['NAME']}")
    elif connection.introspection.table_names():
        found.append(f"the PostgreSQL database {db['NAME']}")
    if crime_store_path().exists():
        found.append(f"the crime store {crime_store_path()}")
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(p.is_file() for p in media.rglob("*")):
        found.append(f"uploads in {media}")
    return found


def restore(directory: Path | str, *, force: bool = False) -> dict[str, Any]:
    """Put a backup in place for this installation (PREVHUB_HOME / PREVHUB_STORE / database).

    Every checksum is checked first; a home that holds data is refused unless ``force``.
    """
    from django.conf import settings
    from django.db import connections

    from prevhub.paths import crime_store_path

    root = Path(directory)
    manifest = check(root)
    db = _database()
    engine = _engine(db)
    if manifest["database"] != engine:
        raise PrevhubError(
            f"{root}: a {manifest['database']} backup; this installation uses {engine} "
            "(restore it into an installation with the same database engine)"
        )
    present = _home_has_data(db, engine)
    if present and not force:
        raise PrevhubError(
            f"this installation already holds data ({'; '.join(present)}); restore into a new "
            "PREVHUB_HOME, or pass --force to replace it"
        )
    connections.close_all()
    if engine == "sqlite":
        name = Path(db["NAME"])
        name.parent.mkdir(parents=True, exist_ok=True)
        temporary = name.with_name(name.name + ".restoring")
        shutil.copyfile(root / SQLITE_FILE, temporary)
        for suffix in ("-wal", "-shm"):
            Path(str(name) + suffix).unlink(missing_ok=True)
        os.replace(temporary, name)
    else:
        command = [
            "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
            f"--dbname={db['NAME']}", str(root / PG_FILE),
        ]  # fmt: skip
        _run(command, _pg_env(db), "pg_restore")
    store = crime_store_path()
    if manifest.get("crime_store"):
        store.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=store.parent, delete=False) as handle:
            temporary = Path(handle.name)
        shutil.copyfile(root / STORE_FILE, temporary)
        os.replace(temporary, store)
    elif force:
        store.unlink(missing_ok=True)
    media = Path(settings.MEDIA_ROOT)
    if (root / UPLOADS).is_dir():
        if force and media.is_dir():
            shutil.rmtree(media)
        shutil.copytree(root / UPLOADS, media, dirs_exist_ok=True)
    return manifest
