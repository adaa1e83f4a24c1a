"""Reader for data.police.uk monthly CSV files: street crimes, outcomes, stop and search.

Files come as the archive zip, a folder in the archive layout (``YYYY-MM/YYYY-MM-<force>-<kind>
.csv``) or single CSV files. Force and month are taken from the file name, because that is how
data.police.uk identifies a release, and then checked against the content ("Month" and "Falls
within" columns), because a renamed or misfiled file would otherwise be counted under the wrong
force or month.

Reading is done by DuckDB's CSV reader with every option fixed (no sniffing: sniffing one file
and applying it to another once shifted quoted names such as "Bournemouth, Christchurch and
Poole 001A" into the wrong column). Rows the CSV reader cannot split into the right number of
fields are caught by DuckDB's reject tables with their line numbers; every other check runs as
SQL while the rows stream past, so validation costs one pass over columnar data, not a Python
loop, and stores nothing unless a file has bad rows.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from prevhub.crime.classification import crime_types, forces
from prevhub.crime.periods import MONTH_PATTERN, is_month
from prevhub.crime.sources.csv_faults import (
    MAX_FIELD_CHARS,
    MAX_LINE_BYTES,
    long_field,
    unreadable_error,
)
from prevhub.errors import PrevhubError

STREET = "street"
OUTCOMES = "outcomes"
STOP_AND_SEARCH = "stop-and-search"
KINDS = (STREET, OUTCOMES, STOP_AND_SEARCH)

HEADERS: dict[str, tuple[str, ...]] = {
    STREET: (
        "Crime ID",
        "Month",
        "Reported by",
        "Falls within",
        "Longitude",
        "Latitude",
        "Location",
        "LSOA code",
        "LSOA name",
        "Crime type",
        "Last outcome category",
        "Context",
    ),
    OUTCOMES: (
        "Crime ID",
        "Month",
        "Reported by",
        "Falls within",
        "Longitude",
        "Latitude",
        "Location",
        "LSOA code",
        "LSOA name",
        "Outcome type",
    ),
    STOP_AND_SEARCH: (
        "Type",
        "Date",
        "Part of a policing operation",
        "Policing operation",
        "Latitude",
        "Longitude",
        "Gender",
        "Age range",
        "Self-defined ethnicity",
        "Officer-defined ethnicity",
        "Legislation",
        "Object of search",
        "Outcome",
        "Outcome linked to object of search",
        "Removal of more than just outer clothing",
    ),
}

#: The columns the checks read: a file with bad rows is staged with only these (and its name).
CHECKED_COLUMNS: dict[str, tuple[str, ...]] = {
    STREET: ("Month", "Falls within", "Longitude", "Latitude", "LSOA code", "Crime type"),
    OUTCOMES: ("Month", "Falls within", "Longitude", "Latitude", "LSOA code"),
    STOP_AND_SEARCH: ("Date", "Latitude", "Longitude"),
}

FILE_NAME = re.compile(
    r"^(?P<month>\d{4}-\d{2})-(?P<force>[a-z0-9-]+?)-(?P<kind>street|outcomes|stop-and-search)\.csv$"
)

#: Bounding box for published coordinates: the United Kingdom with a margin. Points outside it
#: are errors in the file, not crimes abroad.
LATITUDE_RANGE = (49.0, 61.5)
LONGITUDE_RANGE = (-11.0, 2.5)


@dataclass(frozen=True)
class PoliceUkFile:
    """One monthly file: where it can be read now, what it is called, what it holds."""

    path: Path
    name: str
    force: str
    month: str
    kind: str

    def sha256(self) -> str:
        """Checksum recorded in the loads table, so a load can be traced to exact bytes."""
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()


@dataclass(frozen=True)
class RowProblem:
    """A row that failed a check: the file, its line (1 = header), the field and why."""

    file: str
    line: int
    field: str
    reason: str
    raw: str | None = None

    def message(self) -> str:
        """The sentence a user sees."""
        return f"{self.file}, line {self.line}, field {self.field!r}: {self.reason}"


def parse_file_name(name: str) -> tuple[str, str, str]:
    """(month, force, kind) from a data.police.uk file name, or a PrevhubError saying why not."""
    match = FILE_NAME.match(Path(name).name)
    if not match:
        raise PrevhubError(
            f"{name}: not a data.police.uk file name (expected YYYY-MM-<force>-street.csv, "
            "-outcomes.csv or -stop-and-search.csv)"
        )
    month = match.group("month")
    if not is_month(month):
        raise PrevhubError(f"{name}: month {month} in the file name is not a calendar month")
    return month, match.group("force"), match.group("kind")


@contextmanager
def open_police_uk(paths: Iterable[Path | str]) -> Iterator[list[PoliceUkFile]]:
    """Yield every monthly file under the given zips, folders and CSVs, in a stable order.

    Zip members are extracted to a temporary folder that is removed afterwards; DuckDB's CSV
    reader needs a seekable file to read in parallel. Files with other names inside a zip or
    folder (READMEs, licences) are ignored; a CSV named on the command line must be a
    data.police.uk file.
    """
    workdir = Path(tempfile.mkdtemp(prefix="prevhub-ingest-"))
    try:
        found: list[PoliceUkFile] = []
        for index, given in enumerate(paths):
            path = Path(given)
            if not path.exists():
                raise PrevhubError(f"{path}: no such file or folder")
            if path.is_dir():
                for csv_path in sorted(path.rglob("*.csv")):
                    if FILE_NAME.match(csv_path.name):
                        found.append(_describe(csv_path, str(csv_path)))
            elif zipfile.is_zipfile(path):
                target = workdir / str(index)
                with zipfile.ZipFile(path) as archive:
                    for member in sorted(archive.namelist()):
                        if member.endswith("/") or not FILE_NAME.match(Path(member).name):
                            continue
                        extracted = Path(archive.extract(member, target))
                        found.append(_describe(extracted, f"{path.name}:{member}"))
            else:
                found.append(_describe(path, str(path)))
        if not found:
            raise PrevhubError("no data.police.uk files found in " + ", ".join(map(str, paths)))
        yield found
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _describe(path: Path, name: str) -> PoliceUkFile:
    month, force, kind = parse_file_name(path.name)
    return PoliceUkFile(path=path, name=name, force=force, month=month, kind=kind)


def check_header(file: PoliceUkFile) -> None:
    """Stop early on a file whose header is not the published one for its kind."""
    # Read the first line as bytes: a text reader decodes a whole buffer, so a bad byte further
    # down would fail here instead of being reported with its line by the CSV reader.
    # At most one line's worth: a file with no line ending must not be read whole here.
    with file.path.open("rb") as handle:
        first = handle.readline(MAX_LINE_BYTES).decode("utf-8-sig", errors="replace")
    first = first.rstrip("\r\n")
    expected = HEADERS[file.kind]
    found = tuple(field.strip('"') for field in first.split(","))
    if found != expected:
        missing = [f for f in expected if f not in found]
        extra = [f for f in found if f not in expected]
        detail = []
        if missing:
            detail.append("missing " + ", ".join(repr(f) for f in missing))
        if extra:
            shown = ", ".join(repr(f[:40] + ("..." if len(f) > 40 else "")) for f in extra[:3])
            more = f" and {len(extra) - 3} more" if len(extra) > 3 else ""
            detail.append(f"unexpected {shown}{more}")
        if not detail:
            detail.append("columns in the wrong order")
        raise PrevhubError(
            f"{file.name}, line 1: the header is not a data.police.uk {file.kind} header "
            f"({'; '.join(detail)})"
        )


def _read_csv_sql(paths: list[Path], kind: str) -> str:
    """``read_csv(...)`` over the files with every option fixed.

    Rows the reader cannot split go to the reject tables ``staging_rejects`` and
    ``staging_reject_scans`` and are left out of the result.
    """
    columns = ", ".join(f"'{c}': 'VARCHAR'" for c in HEADERS[kind])
    literals = ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths)
    return (
        f"read_csv([{literals}], header = true, auto_detect = false, delim = ',', quote = '\"', "
        f"escape = '\"', columns = {{{columns}}}, store_rejects = true, "
        "rejects_table = 'staging_rejects', rejects_scan = 'staging_reject_scans', "
        f"encoding = 'utf-8', strict_mode = true, filename = true, "
        f"max_line_size = {MAX_LINE_BYTES})"
    )


def run_reading(
    con: duckdb.DuckDBPyConnection,
    files: list[PoliceUkFile],
    kind: str,
    sql: str,
    *,
    lenient: bool = False,
) -> duckdb.DuckDBPyConnection:
    """Run a statement that reads the files; a fault that stops DuckDB's CSV reader becomes a
    :class:`PrevhubError` naming file, line and field (see :mod:`.csv_faults`)."""
    try:
        return con.execute(sql)
    except (duckdb.InvalidInputException, duckdb.ConversionException) as exc:
        named = [(f.path, f.name) for f in files]
        raise unreadable_error(named, HEADERS[kind], lenient=lenient) from exc


def staging_table(kind: str) -> str:
    """Name of the temporary table holding the checked columns of one kind's rows."""
    return "staging_" + kind.replace("-", "_")


def valid_rows_sql(files: list[PoliceUkFile], kind: str, *, any_bad_rows: bool = True) -> str:
    """A query giving every row of the checked files that passed the checks, for the load pass.

    Columns: the published ones, ``filename`` and ``file_id`` (position in ``files``). It reads
    the CSV files again rather than a copy of them: a second parse costs less than writing and
    re-reading a staging copy of every column. Must follow :func:`stage_files` on the same
    connection (it uses the ``staging_files`` and ``known_crime_types`` tables made there).

    ``any_bad_rows=False`` (the check pass found no problem in these files) leaves the checks
    out: the same reader over the same bytes gives the same rows, all of which passed, and a
    line the reader rejects only now is caught by :func:`check_load_pass`.
    """
    where = f" WHERE NOT ({_any_bad_sql(kind)})" if any_bad_rows else ""
    return (
        f"SELECT s.*, f.file_id FROM {_read_csv_sql([f.path for f in files], kind)} s "
        f"JOIN staging_files f USING (filename){where}"
    )


def check_load_pass(
    con: duckdb.DuckDBPyConnection, files: list[PoliceUkFile], problems: list[RowProblem]
) -> None:
    """After the load pass: refuse if it rejected a line the check pass did not report.

    The check pass parses only the columns it checks; should the CSV reader ever reject a line
    for a fault in another column, the row would otherwise vanish unreported.
    """
    reported = {(p.file, p.line) for p in problems}
    names = {str(f.path): f.name for f in files}
    rejected = con.execute(
        "SELECT DISTINCT s.file_path, e.line FROM staging_rejects e "
        "JOIN staging_reject_scans s USING (scan_id, file_id) ORDER BY 1, 2"
    ).fetchall()
    con.execute("DROP TABLE IF EXISTS staging_rejects")
    con.execute("DROP TABLE IF EXISTS staging_reject_scans")
    for path, line in rejected:
        name = names.get(str(path), str(path))
        if (name, int(line)) not in reported:
            raise PrevhubError(
                f"{name}, line {int(line)}: the CSV reader rejected this line only when reading "
                "every column; nothing was loaded. Check the file's encoding and quoting."
            )


def stage_files(
    con: duckdb.DuckDBPyConnection,
    files: list[PoliceUkFile],
    kind: str,
    *,
    lenient: bool = False,
) -> list[RowProblem]:
    """Check files of one kind and return every row problem (the check pass).

    All files are read by one ``read_csv`` call (DuckDB reads them in parallel) and every row
    goes through the checks as it streams past; what is kept is a count of bad rows per file,
    and the reader's rejected lines. Only a file with bad rows is read again, by
    :func:`_content_problems`, to find their lines. The rows themselves are loaded by a second
    pass, :func:`valid_rows_sql`.
    """
    for file in files:
        check_header(file)
    con.execute(f"DROP TABLE IF EXISTS {staging_table(kind)}")
    con.execute("DROP TABLE IF EXISTS staging_rejects")
    con.execute("DROP TABLE IF EXISTS staging_reject_scans")
    _make_check_tables(con, files)
    # The unchecked columns are touched too, so that the CSV reader decodes them and rejects a
    # line with a bad byte in any column here, where its line can be reported.
    touched = " AND ".join(f'"{c}" IS NULL' for c in HEADERS[kind])
    bad_per_file = run_reading(
        con,
        files,
        kind,
        f"SELECT f.file_id, count(*) FILTER (WHERE {_any_bad_sql(kind)}), "
        f"count(*) FILTER (WHERE {touched}) "
        f"FROM {_read_csv_sql([f.path for f in files], kind)} s "
        "JOIN staging_files f USING (filename) GROUP BY 1",
        lenient=lenient,
    ).fetchall()
    with_bad_rows = sorted(int(file_id) for file_id, bad, _ in bad_per_file if bad)
    index_of = {str(f.path): i for i, f in enumerate(files)}
    rejected = con.execute(
        "SELECT s.file_path, e.line, e.column_name, e.error_type::VARCHAR, e.csv_line, "
        "e.error_message FROM staging_rejects e JOIN staging_reject_scans s "
        "USING (scan_id, file_id) ORDER BY s.file_path, e.line"
    ).fetchall()
    con.execute("DROP TABLE IF EXISTS staging_rejects")
    con.execute("DROP TABLE IF EXISTS staging_reject_scans")
    problems: list[RowProblem] = []
    reject_lines: dict[int, list[int]] = {}
    seen: set[tuple[int, int]] = set()
    for path, line, column, error_type, csv_line, message in rejected:
        file_id = index_of[str(path)]
        if (file_id, int(line)) in seen:
            continue  # DuckDB reports a short line once per missing column
        seen.add((file_id, int(line)))
        reject_lines.setdefault(file_id, []).append(int(line))
        whole_row = str(error_type) in ("MISSING COLUMNS", "TOO MANY COLUMNS")
        reason = reject_reason(str(error_type), str(message))
        field = "(row)" if whole_row or not column else str(column)
        if str(error_type) == "LINE SIZE OVER MAXIMUM":
            field = long_field(csv_line, HEADERS[kind]) or field
        problems.append(RowProblem(files[file_id].name, int(line), field, reason, csv_line))
    if with_bad_rows:
        problems.extend(
            _content_problems(con, files, with_bad_rows, kind, reject_lines, lenient=lenient)
        )
    return problems


def reject_reason(error_type: str, message: str) -> str:
    """The words a user sees for a line DuckDB's CSV reader set aside."""
    if error_type == "MISSING COLUMNS":
        return "too few fields (truncated line?)"
    if error_type == "TOO MANY COLUMNS":
        return "too many fields"
    if error_type == "UNQUOTED VALUE":
        return "badly quoted value"
    if error_type == "INVALID ENCODING":
        return "not valid UTF-8"
    if error_type == "LINE SIZE OVER MAXIMUM":
        return f"line longer than {MAX_LINE_BYTES:,} bytes"
    # Anything else DuckDB may add later: its type in words, never its message.
    return f"the CSV reader could not read this line ({error_type.lower()})"


def _line_of(row_in_file: int, rejected_lines: list[int]) -> int:
    """Line number of an accepted row, stepping over the lines the CSV reader rejected."""
    line = row_in_file + 2
    for rejected in rejected_lines:
        if rejected <= line:
            line += 1
        else:
            break
    return line


def _checks(kind: str) -> list[tuple[str, str, str]]:
    """(field, SQL condition that is true for a bad row, reason SQL) for one kind of file."""
    lat_lo, lat_hi = LATITUDE_RANGE
    lon_lo, lon_hi = LONGITUDE_RANGE
    # Length first: a row with an over-long field is reported for that, and its value never
    # goes into a reason (or a page).
    checks: list[tuple[str, str, str]] = [
        (
            column,
            f'length("{column}") > {MAX_FIELD_CHARS}',
            f"'longer than {MAX_FIELD_CHARS} characters (' || length(\"{column}\") || ')'",
        )
        for column in HEADERS[kind]
    ]
    for field, lo, hi in (("Latitude", lat_lo, lat_hi), ("Longitude", lon_lo, lon_hi)):
        checks.append(
            (
                field,
                f'"{field}" IS NOT NULL AND TRY_CAST("{field}" AS DOUBLE) IS NULL',
                f"'not a number: ' || \"{field}\"",
            )
        )
        checks.append(
            (
                field,
                f'TRY_CAST("{field}" AS DOUBLE) NOT BETWEEN {lo} AND {hi}',
                f"'out of range ({lo} to {hi}): ' || \"{field}\"",
            )
        )
    checks.append(
        (
            "Latitude",
            '("Latitude" IS NULL) <> ("Longitude" IS NULL)',
            "'latitude and longitude must both be given or both be empty'",
        )
    )
    if kind in (STREET, OUTCOMES):
        checks += [
            ("Month", '"Month" IS NULL', "'empty'"),
            (
                "Month",
                f"NOT regexp_full_match(\"Month\", '{MONTH_PATTERN}')",
                "'not a YYYY-MM month: ' || \"Month\"",
            ),
            (
                "Month",
                '"Month" <> f.file_month',
                "'month ' || \"Month\" || ' does not match the file name''s month ' "
                "|| f.file_month",
            ),
            (
                "Falls within",
                'f.force_name IS NOT NULL AND "Falls within" IS DISTINCT FROM f.force_name',
                "'''' || coalesce(\"Falls within\", '') || ''' is not the force in the file "
                "name (' || f.force_name || ')'",
            ),
            (
                "LSOA code",
                '"LSOA code" IS NOT NULL AND NOT regexp_full_match("LSOA code", \'[A-Z][0-9]{8}\')',
                "'not an LSOA code: ' || \"LSOA code\"",
            ),
        ]
    if kind == STREET:
        checks.append(
            (
                "Crime type",
                '"Crime type" IS NULL OR "Crime type" NOT IN (SELECT name FROM known_crime_types)',
                "'unknown crime type: ' || coalesce(\"Crime type\", '(empty)')",
            )
        )
    if kind == STOP_AND_SEARCH:
        checks += [
            (
                "Date",
                'TRY_CAST("Date" AS TIMESTAMPTZ) IS NULL',
                "'not a date and time: ' || coalesce(\"Date\", '(empty)')",
            ),
            (
                "Date",
                'TRY_CAST("Date" AS TIMESTAMPTZ) IS NOT NULL AND strftime(timezone('
                "'Europe/London', TRY_CAST(\"Date\" AS TIMESTAMPTZ)), '%Y-%m') <> f.file_month",
                "'date ' || \"Date\" || ' is not in the file name''s month ' || f.file_month "
                "|| ' (UK time)'",
            ),
        ]
    return checks


def _make_check_tables(con: duckdb.DuckDBPyConnection, files: list[PoliceUkFile]) -> None:
    """``staging_files`` (file id, path, month and force name from the file name) and
    ``known_crime_types``, which the checks join against."""
    names = forces()
    con.execute("DROP TABLE IF EXISTS staging_files")
    con.execute(
        "CREATE TEMP TABLE staging_files (file_id INTEGER, filename VARCHAR, file_month VARCHAR, "
        "force_name VARCHAR)"
    )
    insert_rows(
        con,
        "staging_files",
        [(i, str(f.path), f.month, names.get(f.force)) for i, f in enumerate(files)],
    )
    con.execute("CREATE OR REPLACE TEMP TABLE known_crime_types (name VARCHAR)")
    con.executemany("INSERT INTO known_crime_types VALUES (?)", [(n,) for n in crime_types()])


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple[object, ...]], chunk: int = 500
) -> None:
    """Insert rows with one statement per ``chunk`` rows (``executemany`` runs one per row)."""
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        marks = "(" + ", ".join("?" * len(part[0])) + ")"
        con.execute(
            f"INSERT INTO {table} VALUES " + ", ".join([marks] * len(part)),
            [value for row in part for value in row],
        )


def _any_bad_sql(kind: str) -> str:
    """SQL that is true for a row failing any check (columns of the CSV and ``staging_files``)."""
    return " OR ".join(f"coalesce({cond}, false)" for _, cond, _ in _checks(kind))


def _content_problems(
    con: duckdb.DuckDBPyConnection,
    files: list[PoliceUkFile],
    file_ids: list[int],
    kind: str,
    reject_lines: dict[int, list[int]],
    *,
    lenient: bool = False,
) -> list[RowProblem]:
    """The bad rows of the files ``file_ids`` (positions in ``files``), at most one problem per
    row, with its line, in file and line order.

    The files are read again into a temporary table (:func:`staging_table`) holding
    ``filename``, the columns the checks read (:data:`CHECKED_COLUMNS`) and the others cut to
    one character over :data:`MAX_FIELD_CHARS` (enough for the length check). Rows keep file
    order (DuckDB preserves insertion order, which is on here: the load pass turns it off only
    for its own insert), so a row's ``rowid`` minus its file's first rowid is its position
    among the rows the CSV reader accepted, and from that its line. The reader rejects the same
    lines as in the first read; those were reported from it already.
    """
    table = staging_table(kind)
    checked = ", ".join(
        f'"{c}"' if c in CHECKED_COLUMNS[kind] else f'left("{c}", {MAX_FIELD_CHARS + 1}) AS "{c}"'
        for c in HEADERS[kind]
    )
    run_reading(
        con,
        [files[i] for i in file_ids],
        kind,
        f"CREATE TEMP TABLE {table} AS SELECT filename, {checked} "
        f"FROM {_read_csv_sql([files[i].path for i in file_ids], kind)}",
        lenient=lenient,
    )
    con.execute("DROP TABLE IF EXISTS staging_rejects")
    con.execute("DROP TABLE IF EXISTS staging_reject_scans")
    checks = _checks(kind)
    field_case = " ".join(f"WHEN {cond} THEN '{field}'" for field, cond, _ in checks)
    reason_case = " ".join(f"WHEN {cond} THEN {reason}" for _, cond, reason in checks)
    # Row ids of a table created inside a transaction do not start at 0: use each file's first.
    rows = con.execute(
        f"""SELECT f.file_id, s.rowid - first.first_rowid, CASE {field_case} END,
                   CASE {reason_case} END
            FROM {table} s JOIN staging_files f USING (filename)
            JOIN (SELECT filename, min(rowid) AS first_rowid FROM {table} GROUP BY 1) first
                USING (filename)
            WHERE {_any_bad_sql(kind)} ORDER BY s.rowid"""
    ).fetchall()
    con.execute(f"DROP TABLE {table}")
    return [
        RowProblem(
            files[file_id].name,
            _line_of(int(row_in_file), reject_lines.get(file_id, [])),
            str(field),
            str(reason),
        )
        for file_id, row_in_file, field, reason in rows
    ]
