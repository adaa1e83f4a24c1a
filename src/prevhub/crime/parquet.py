"""The crime store as a folder of Parquet files that other engines (Spark, a second DuckDB) read.

Layout of an export folder::

    manifest.json                     what was written: a reader checks it before reading
    <table>/force=<f>/month=<m>/*.parquet   every table with ``force`` and ``month`` columns
                                      (but ``loads``, the catalogue, kept whole)
    _empty/<table>.parquet            a zero-row file with that table's columns (its schema)
    <table>.parquet                   every other table (loads, lookups, quarantine, store_meta)

Why this shape:

* **Every table, discovered.** The tables are read from the store's catalogue, not listed here,
  so a table added to :mod:`prevhub.crime.schema` is exported (partitioned when it has
  ``force`` and ``month`` columns) with no change here. ``store_meta`` is exported without the
  pseudonym salt, which never leaves the store.
* **A reader can tell complete from partial.** ``manifest.json`` is written last, by an atomic
  rename, and names every file with its size, SHA-256 and row count per partition. A folder
  with no manifest, a manifest with a missing or resized file, or a partition on disk that the
  manifest does not list, is refused (:func:`check_complete`); :func:`verify` also re-reads every
  checksum.
* **Re-exporting a force-month rewrites only its partitions.** The new file is written under a
  hidden name beside the old one and renamed over it (atomic), then the manifest is replaced;
  the other partitions are not touched. A full export is written to a hidden folder and its
  tables renamed into place, the old manifest removed first, so a reader in between is refused
  ("partial") rather than shown a mix.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb

from prevhub.errors import PrevhubError

MANIFEST = "manifest.json"
FORMAT = "prevhub-crime-parquet"
FORMAT_VERSION = 1
PARTITION_BY = ("force", "month")
EMPTY_FOLDER = "_empty"
#: Tables with force and month columns kept as one file all the same: ``loads`` is the store's
#: catalogue (one small row per file-month), read whole by every reader.
WHOLE_TABLES = frozenset({"loads"})
#: store_meta keys that never leave the store.
SECRET_META_KEYS = ("pseudonym_salt",)


def _literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _file_entry(path: Path) -> dict[str, Any]:
    return {"bytes": path.stat().st_size, "sha256": _sha256(path)}


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def store_tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """Every table of the store (current database, schema main) -> [(column, type)] in order."""
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' "
        "AND NOT internal ORDER BY table_name, column_index"
    ).fetchall()
    views = {
        r[0]
        for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE database_name = current_database()"
        ).fetchall()
    }
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        if table not in views:
            tables.setdefault(table, []).append((column, kind))
    return tables


def _is_partitioned(table: str, columns: list[tuple[str, str]]) -> bool:
    if table in WHOLE_TABLES:
        return False
    names = {c for c, _ in columns}
    return all(p in names for p in PARTITION_BY)


def _select(table: str, columns: list[tuple[str, str]], *, keep_partition: bool) -> str:
    names = [c for c, _ in columns if keep_partition or c not in PARTITION_BY]
    where = ""
    if table == "store_meta":
        where = " WHERE key NOT IN (" + ", ".join(_literal(k) for k in SECRET_META_KEYS) + ")"
    return f"SELECT {', '.join(_quote(n) for n in names)} FROM {_quote(table)}{where}"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_manifest(directory: Path | str) -> dict[str, Any]:
    """The manifest of an export folder; PrevhubError if there is none (a partial export)."""
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PrevhubError(
            f"{directory}: not a complete Parquet export of a crime store (no {MANIFEST}: the "
            "export did not finish, or is being rewritten); run `prevhub crime export-parquet` "
            "again"
        ) from None
    except (OSError, ValueError) as exc:
        raise PrevhubError(f"{path}: cannot be read as an export manifest ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise PrevhubError(f"{path}: not a Prevention Hub crime-store export manifest")
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise PrevhubError(f"{path}: written by a newer Prevention Hub; upgrade prevhub")
    return manifest


def _files_of(directory: Path, table: str, entry: dict[str, Any]) -> Iterable[tuple[Path, dict]]:
    if entry["partition_by"]:
        yield directory / EMPTY_FOLDER / f"{table}.parquet", entry["empty_file"]
        for partition, part in entry["partitions"].items():
            for name, info in part["files"].items():
                yield directory / table / partition / name, info
    else:
        for name, info in entry["files"].items():
            yield directory / name, info


def check_complete(directory: Path | str, *, checksums: bool = False) -> dict[str, Any]:
    """The manifest, once every file it names is present with its size (and, with
    ``checksums``, its SHA-256) and no partition on disk is missing from it; else PrevhubError.

    Sizes are checked on every attach (cheap); checksums read every byte, so they are checked by
    :func:`verify` (``prevhub crime export-parquet --verify``) and by backups.
    """
    root = Path(directory)
    manifest = read_manifest(root)
    problems: list[str] = []
    for table, entry in manifest["tables"].items():
        for path, info in _files_of(root, table, entry):
            if not path.is_file():
                problems.append(f"{path.relative_to(root)} is missing")
            elif path.stat().st_size != info["bytes"]:
                problems.append(f"{path.relative_to(root)} has a different size")
            elif checksums and _sha256(path) != info["sha256"]:
                problems.append(f"{path.relative_to(root)} has a different checksum")
        if entry["partition_by"] and (root / table).is_dir():
            listed = set(entry["partitions"])
            for found in (root / table).glob("/".join("*" for _ in entry["partition_by"])):
                if found.name.startswith((".", "_")) or not found.is_dir():
                    continue
                if str(found.relative_to(root / table)) not in listed:
                    problems.append(f"{found.relative_to(root)} is not in the manifest")
    if problems:
        shown = "; ".join(problems[:5]) + (f" (and {len(problems) - 5} more)" * (len(problems) > 5))
        raise PrevhubError(
            f"{root}: a partial or changed Parquet export ({shown}); export it again"
        )
    return manifest


def verify(directory: Path | str) -> dict[str, Any]:
    """:func:`check_complete` with every checksum re-read."""
    return check_complete(directory, checksums=True)


def _write_manifest(root: Path, manifest: dict[str, Any]) -> None:
    manifest["exported_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    temporary = root / f".{MANIFEST}.{uuid.uuid4().hex}"
    temporary.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, root / MANIFEST)
    _fsync_dir(root)


def _copy(con: duckdb.DuckDBPyConnection, query: str, target: Path, options: str = "") -> None:
    con.execute(f"COPY ({query}) TO {_literal(str(target))} (FORMAT parquet{options})")


def _schema_version(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT value FROM store_meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def export(
    con: duckdb.DuckDBPyConnection,
    directory: Path | str,
    *,
    partitions: Iterable[tuple[str, str]] | None = None,
) -> dict[str, int]:
    """Write the store's tables to ``directory``; rows per table.

    With ``partitions`` (``[(force, month)]``), only those partitions of the partitioned tables
    are rewritten (each atomically), with the small unpartitioned tables and the manifest;
    the folder must hold a complete export already.
    """
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    tables = store_tables(con)
    if partitions is not None:
        return _export_partitions(con, root, tables, sorted(set(partitions)))
    staging = root / f".export-{uuid.uuid4().hex}"
    staging.mkdir()
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": _schema_version(con),
        "complete": True,
        "tables": {},
    }
    counts: dict[str, int] = {}
    try:
        (staging / EMPTY_FOLDER).mkdir()
        for table, columns in tables.items():
            entry = _export_table(con, staging, table, columns)
            manifest["tables"][table] = entry
            counts[table] = entry["rows"]
        # Publish: the old manifest goes first, so a reader from here until the new manifest
        # is written is told the export is partial; then each table is renamed into place.
        (root / MANIFEST).unlink(missing_ok=True)
        trash = root / f".trash-{uuid.uuid4().hex}"
        trash.mkdir()
        for name in [*tables, *(f"{t}.parquet" for t in tables), EMPTY_FOLDER]:
            if (root / name).exists():
                os.replace(root / name, trash / name)
            if (staging / name).exists():
                os.replace(staging / name, root / name)
        _fsync_dir(root)
        _write_manifest(root, manifest)
        shutil.rmtree(trash, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return counts


def _export_table(
    con: duckdb.DuckDBPyConnection, staging: Path, table: str, columns: list[tuple[str, str]]
) -> dict[str, Any]:
    names = [c for c, _ in columns]
    everything = _select(table, columns, keep_partition=True)
    rows = int(con.execute(f"SELECT count(*) FROM ({everything})").fetchone()[0])  # type: ignore[index]
    if not _is_partitioned(table, columns):
        target = staging / f"{table}.parquet"
        _copy(con, _select(table, columns, keep_partition=True), target)
        return {
            "partition_by": [],
            "columns": names,
            "rows": rows,
            "files": {target.name: _file_entry(target)},
        }
    empty = staging / EMPTY_FOLDER / f"{table}.parquet"
    _copy(con, _select(table, columns, keep_partition=True) + " LIMIT 0", empty)
    partitions: dict[str, Any] = {}
    if rows:
        by = ", ".join(PARTITION_BY)
        _copy(
            con,
            _select(table, columns, keep_partition=True),
            staging / table,
            f", PARTITION_BY ({by}), FILENAME_PATTERN 'data'",
        )
        per = con.execute(
            f"SELECT {by}, count(*) FROM {_quote(table)} GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        for *values, n in per:
            key = "/".join(f"{p}={v}" for p, v in zip(PARTITION_BY, values, strict=True))
            folder = staging / table / key
            partitions[key] = {
                "rows": int(n),
                "files": {f.name: _file_entry(f) for f in sorted(folder.glob("*.parquet"))},
            }
    return {
        "partition_by": list(PARTITION_BY),
        "columns": names,
        "rows": rows,
        "empty_file": _file_entry(empty),
        "partitions": partitions,
    }


def _export_partitions(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    tables: dict[str, list[tuple[str, str]]],
    partitions: list[tuple[str, str]],
) -> dict[str, int]:
    manifest = check_complete(root)
    if set(tables) != set(manifest["tables"]):
        raise PrevhubError(
            f"{root}: the store's tables differ from the export's; export the whole store again"
        )
    counts: dict[str, int] = {}
    staging = root / f".export-{uuid.uuid4().hex}"
    staging.mkdir()
    trash = root / f".trash-{uuid.uuid4().hex}"
    try:
        for table, columns in tables.items():
            entry = manifest["tables"][table]
            if not _is_partitioned(table, columns):
                # Small tables (loads, lookups): rewritten whole, by rename.
                new = _export_table(con, staging, table, columns)
                os.replace(staging / f"{table}.parquet", root / f"{table}.parquet")
                manifest["tables"][table] = new
                counts[table] = new["rows"]
                continue
            for force, month in partitions:
                key = f"force={force}/month={month}"
                folder = root / table / key
                query = (
                    _select(table, columns, keep_partition=False)
                    + f" WHERE force = {_literal(force)} AND month = {_literal(month)}"
                )
                n = int(con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0])  # type: ignore[index]
                old_files = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
                if n == 0:
                    entry["partitions"].pop(key, None)
                    if folder.is_dir():
                        trash.mkdir(exist_ok=True)
                        os.replace(folder, trash / f"{table}-{force}-{month}")
                    continue
                folder.mkdir(parents=True, exist_ok=True)
                hidden = folder / f".data0.{uuid.uuid4().hex}.tmp"
                _copy(con, query, hidden)
                with open(hidden, "rb") as handle:
                    os.fsync(handle.fileno())
                os.replace(hidden, folder / "data0.parquet")
                for old in old_files:
                    if old.name != "data0.parquet":
                        old.unlink()
                entry["partitions"][key] = {
                    "rows": n,
                    "files": {"data0.parquet": _file_entry(folder / "data0.parquet")},
                }
            entry["rows"] = sum(p["rows"] for p in entry["partitions"].values())
            counts[table] = entry["rows"]
        manifest["schema_version"] = _schema_version(con)
        _write_manifest(root, manifest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(trash, ignore_errors=True)
    return counts


def table_sources(directory: Path | str, manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """table -> how to read it: ``path`` (file or hive folder), ``partitioned``, ``columns``.

    A partitioned table with no rows is read from its zero-row schema file.
    """
    root = Path(directory)
    sources = {}
    for table, entry in manifest["tables"].items():
        if entry["partition_by"] and entry["partitions"]:
            sources[table] = {"path": root / table, "partitioned": True}
        elif entry["partition_by"]:
            sources[table] = {
                "path": root / EMPTY_FOLDER / f"{table}.parquet",
                "partitioned": False,
            }
        else:
            (name,) = entry["files"]
            sources[table] = {"path": root / name, "partitioned": False}
        sources[table]["columns"] = list(entry["columns"])
        sources[table]["partition_by"] = list(entry["partition_by"])
    return sources


def attach(con: duckdb.DuckDBPyConnection, directory: Path | str) -> dict[str, Any]:
    """Make every table of a complete export a view in ``con`` (DuckDB reads the Parquet in place).

    Refuses a partial export (:func:`check_complete`). Returns the manifest.
    """
    manifest = check_complete(directory)
    for table, source in table_sources(directory, manifest).items():
        columns = ", ".join(_quote(c) for c in source["columns"])
        if source["partitioned"]:
            depth = "/".join("*" for _ in source["partition_by"])
            glob = str(Path(source["path"]) / depth / "*.parquet")
            types = ", ".join(f"{_literal(p)}: 'VARCHAR'" for p in source["partition_by"])
            reader = (
                f"read_parquet({_literal(glob)}, hive_partitioning = true, "
                f"hive_types = {{{types}}})"
            )
        else:
            reader = f"read_parquet({_literal(str(source['path']))})"
        con.execute(f"CREATE VIEW {_quote(table)} AS SELECT {columns} FROM {reader}")
    return manifest


def remove_export(directory: Path | str) -> None:
    """Delete an export folder (the manifest first, so it is never mistaken for complete)."""
    root = Path(directory)
    with contextlib.suppress(FileNotFoundError):
        (root / MANIFEST).unlink()
    shutil.rmtree(root, ignore_errors=True)
