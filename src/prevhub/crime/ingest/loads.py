"""The ``loads`` table: which file owns each (force, month, kind), and every load before it.

Every pipeline records its loads here in the transaction that writes their rows, so a figure
can always be traced to exact files, and a revised file replaces its month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb

from prevhub.crime.ingest.report import FileLoad


def current_loads(
    con: duckdb.DuckDBPyConnection, kind: str, keys: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, int, int]]:
    """(sha256, rows, load id) of the current load of each (force, month) of this kind."""
    wanted = set(keys)
    rows = con.execute(
        "SELECT force, month, sha256, rows, load_id FROM loads WHERE current AND kind = ?",
        [kind],
    ).fetchall()
    return {(f, m): (sha, int(n), int(i)) for f, m, sha, n, i in rows if (f, m) in wanted}


def next_load_id(con: duckdb.DuckDBPyConnection) -> int:
    """A new load id from the store's sequence."""
    row = con.execute("SELECT nextval('load_ids')").fetchone()
    assert row is not None
    return int(row[0])


def now() -> dt.datetime:
    """The time recorded with a load (UTC, naive, as the ``loads`` column holds it)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def record_loads(
    con: duckdb.DuckDBPyConnection,
    *,
    file: str,
    sha256: str,
    kind: str,
    force: str,
    rows_by_month: dict[str, int],
    quarantined_by_month: dict[str, int],
) -> list[FileLoad]:
    """Mark the current loads of these months replaced and record new ones.

    For readers that insert their own rows inside a transaction the caller opened. Returns one
    FileLoad per month, and leaves the temp table ``staging_loads`` (month -> load_id).
    """
    current = current_loads(con, kind, [(force, m) for m in rows_by_month])
    when = now()
    con.execute("CREATE OR REPLACE TEMP TABLE staging_loads (month VARCHAR, load_id BIGINT)")
    result = []
    for month, rows in sorted(rows_by_month.items()):
        load_id = next_load_id(con)
        quarantined = quarantined_by_month.get(month, 0)
        con.execute(
            "UPDATE loads SET current = false "
            "WHERE kind = ? AND force = ? AND month = ? AND current",
            [kind, force, month],
        )
        con.execute(
            "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, true)",
            [load_id, file, sha256, rows, quarantined, when, kind, force, month],
        )
        con.execute("INSERT INTO staging_loads VALUES (?, ?)", [month, load_id])
        previous = current.get((force, month))
        result.append(
            FileLoad(
                file,
                force,
                month,
                kind,
                rows,
                quarantined,
                "replaced" if previous else "loaded",
                previous[1] if previous else None,
            )
        )
    return result
