"""What every force-extract reader shares: the TOML column mapping, reading the CSV into a
temp table of text with DuckDB's reject tables, row checks as SQL, and keyed pseudonyms.

A force extract (recorded crime, incidents) is a CSV with a header row whose column names the
force chooses; a TOML file maps ours to theirs. Reading is one DuckDB ``read_csv`` with fixed
options (every column VARCHAR, no sniffing) into ``extract_raw``; lines DuckDB sets aside and
rows failing a check become :class:`~prevhub.crime.sources.police_uk.RowProblem` with the
file's own line numbers and the force's own column names, so the message points at the line
and field the force can open. The readers differ only in their columns, checks and staging.
"""

from __future__ import annotations

import hashlib
import hmac
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from prevhub.crime.sources.csv_faults import (
    MAX_EXTRACT_LINE_BYTES,
    clip,
    long_field,
    unreadable_error,
)
from prevhub.crime.sources.police_uk import RowProblem, reject_reason
from prevhub.errors import PrevhubError

#: One check: (our column name, SQL condition that is true for a bad row, SQL reason text).
Check = tuple[str, str, str]


def sql_string(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def quoted(name: str) -> str:
    """A SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def read_mapping(
    path: Path | str | None, known: Sequence[str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """(the TOML document, our column -> theirs) for a mapping file; defaults when None.

    Unknown names in ``[columns]`` are refused, listing the known ones, so a typo in a mapping
    is caught before any row is read.
    """
    columns = {c: c for c in known}
    if path is None:
        return {}, columns
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PrevhubError(f"{path}: no such mapping file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PrevhubError(f"{path}: not valid TOML ({exc})") from exc
    given = data.get("columns", {})
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise PrevhubError(
            f"{path}: unknown column names in [columns]: {', '.join(unknown)} "
            f"(known: {', '.join(known)})"
        )
    columns.update({k: str(v) for k, v in given.items()})
    return data, columns


def read_csv_sql(path: Path, header: list[str]) -> str:
    """The one ``read_csv(...)`` call every extract reader makes: fixed options, every column
    text, DuckDB's reject tables ``extract_rejects``/``extract_scans`` for lines it sets aside."""
    col_types = ", ".join(f"{sql_string(h)}: 'VARCHAR'" for h in header)
    return (
        f"read_csv({sql_string(str(path))}, header = true, auto_detect = false, delim = ',', "
        f"quote = '\"', escape = '\"', columns = {{{col_types}}}, store_rejects = true, "
        "rejects_table = 'extract_rejects', rejects_scan = 'extract_scans', "
        f"encoding = 'utf-8', strict_mode = true, max_line_size = {MAX_EXTRACT_LINE_BYTES})"
    )


def read_raw(
    con: duckdb.DuckDBPyConnection, path: Path, header: list[str], *, lenient: bool
) -> tuple[list[RowProblem], list[int]]:
    """Read the extract into the temp table ``extract_raw`` (every column text).

    Returns the lines DuckDB set aside as problems, and their line numbers (needed to turn a
    row id back into a file line). A fault DuckDB cannot read past is a PrevhubError naming
    file, line and field (:func:`~prevhub.crime.sources.csv_faults.unreadable_error`).
    """
    try:
        source = read_csv_sql(path, header)
        con.execute(f"CREATE OR REPLACE TEMP TABLE extract_raw AS SELECT * FROM {source}")
    except (duckdb.InvalidInputException, duckdb.ConversionException) as exc:
        raise unreadable_error([(path, str(path))], tuple(header), lenient=lenient) from exc
    rejected = con.execute(
        "SELECT DISTINCT ON (line) line, error_type::VARCHAR, csv_line, error_message "
        "FROM extract_rejects ORDER BY line"
    ).fetchall()
    con.execute("DROP TABLE IF EXISTS extract_rejects")
    con.execute("DROP TABLE IF EXISTS extract_scans")
    problems = [
        RowProblem(
            str(path),
            int(line),
            (long_field(raw, header) if kind == "LINE SIZE OVER MAXIMUM" else None) or "(row)",
            reject_reason(str(kind), str(msg)),
            clip(raw),
        )
        for line, kind, raw, msg in rejected
    ]
    return problems, sorted(int(r[0]) for r in rejected)


def check_rows(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    checks: Sequence[Check],
    columns: dict[str, str],
    reject_lines: list[int],
) -> list[RowProblem]:
    """Run every check over ``extract_raw``, delete the rows that fail, return them as problems.

    Each bad row is reported once, for the first check it fails (so list length checks first:
    an over-long value never reaches a reason). Lines are the file's (1 = header), counting the
    lines DuckDB set aside; fields are the force's own column names.
    """
    if not checks:
        return []
    field_case = " ".join(f"WHEN {c} THEN {sql_string(f)}" for f, c, _ in checks)
    reason_case = " ".join(f"WHEN {c} THEN {r}" for _, c, r in checks)
    any_bad = " OR ".join(f"coalesce({c}, false)" for _, c, _ in checks)
    bad = con.execute(
        f"SELECT rowid, CASE {field_case} END, CASE {reason_case} END FROM extract_raw "
        f"WHERE {any_bad} ORDER BY rowid"
    ).fetchall()
    # Row ids of a table created inside a transaction do not start at 0.
    first_row = con.execute("SELECT coalesce(min(rowid), 0) FROM extract_raw").fetchone()
    first_rowid = int(first_row[0]) if first_row else 0
    problems = []
    for rowid, field_name, reason in bad:
        line = int(rowid) - first_rowid + 2
        for rejected_line in reject_lines:
            if rejected_line <= line:
                line += 1
        problems.append(RowProblem(str(path), line, columns.get(field_name, field_name), reason))
    if bad:
        con.execute("CREATE OR REPLACE TEMP TABLE extract_bad (bad_rowid BIGINT)")
        con.executemany("INSERT INTO extract_bad VALUES (?)", [(r[0],) for r in bad])
        con.execute("DELETE FROM extract_raw WHERE rowid IN (SELECT bad_rowid FROM extract_bad)")
    return problems


def keyed_pseudonym_sql(salt: str, value_sql: str, *, purpose: str) -> str:
    """SQL for HMAC-SHA256 of a trimmed id, keyed with the store's salt, cut to 32 hex digits.

    HMAC (RFC 2104) written out with DuckDB's ``sha256`` over blobs:
    ``H((K xor opad) || H((K xor ipad) || purpose:id))``, so the pseudonym cannot be computed
    without the salt, which never leaves the store, and a caller id and a location id with the
    same text get different keys (``purpose``). :func:`keyed_pseudonym` is the same in Python
    (the tests compare them). An empty id stays NULL: no id, no pseudonym.
    """
    key = salt.encode("utf-8")
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    ipad = bytes(b ^ 0x36 for b in key).hex()
    opad = bytes(b ^ 0x5C for b in key).hex()
    prefix = sql_string(f"{purpose}:")
    return (
        f"CASE WHEN nullif(trim({value_sql}), '') IS NOT NULL THEN left(sha256("
        f"unhex('{opad}') || unhex(sha256(unhex('{ipad}') || "
        f"encode({prefix} || trim({value_sql}))))), 32) END"
    )


def keyed_pseudonym(salt: str, value: str, *, purpose: str) -> str:
    """Python twin of :func:`keyed_pseudonym_sql` (for tests and for looking one id up)."""
    key = salt.encode("utf-8")
    return hmac.new(key, f"{purpose}:{value.strip()}".encode(), hashlib.sha256).hexdigest()[:32]
