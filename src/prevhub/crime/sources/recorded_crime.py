"""Reader for force recorded-crime extracts: one row per crime with its Home Office offence code.

police.uk publishes 14 broad categories; stalking and harassment, coercive control and the
other subgroups analysts are asked about only exist in a force's own records, so this reader is
the only source of those figures.

Default columns (a CSV with a header row; names are case-sensitive):

=================  ===========================================================================
crime_reference    the force's crime number (required, unique within the extract)
recorded_date      date the crime was recorded, ``YYYY-MM-DD`` (required; see ``date_format``)
offence_code       Home Office offence code, e.g. ``8L``, ``105A``, ``28E`` (required)
lsoa_code          2011/2021 LSOA code (optional)
x, y               British National Grid easting/northing in metres (optional)
longitude,         WGS84 degrees (optional; used when x/y are absent)
latitude
victim_id          pseudonymous victim id (optional; re-keyed with the store's salt)
offender_id        the force's id of the suspect or offender linked to the crime (optional;
                   re-keyed with the store's salt like victim ids: reducing-reoffending
                   measures, :mod:`prevhub.crime.reoffending`)
location_id        pseudonymous location id (optional)
domestic_abuse     Y/N, yes/no, true/false, 1/0 (optional)
=================  ===========================================================================

A TOML mapping file renames another layout::

    force = "nottinghamshire"          # optional: the force id (or give --force)
    date_format = "%d/%m/%Y"           # optional: strptime format of recorded_date
    [columns]                          # our name = "their column"
    crime_reference = "CrimeNo"
    recorded_date = "Date Recorded"
    offence_code = "HO Class"
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from prevhub.crime.sources.csv_faults import (
    MAX_EXTRACT_LINE_BYTES,
    MAX_FIELD_CHARS,
)
from prevhub.crime.sources.extract_csv import check_rows, read_raw
from prevhub.crime.sources.police_uk import RowProblem
from prevhub.errors import PrevhubError

COLUMNS = (
    "crime_reference",
    "recorded_date",
    "offence_code",
    "lsoa_code",
    "x",
    "y",
    "longitude",
    "latitude",
    "victim_id",
    "location_id",
    "domestic_abuse",
    "offender_id",
)
REQUIRED = ("crime_reference", "recorded_date", "offence_code")
TRUE_VALUES = ("y", "yes", "true", "1", "t")
FALSE_VALUES = ("n", "no", "false", "0", "f", "")


@dataclass(frozen=True)
class ExtractMapping:
    """How a force's extract names our columns, and how it writes dates."""

    columns: dict[str, str] = field(default_factory=lambda: {c: c for c in COLUMNS})
    date_format: str = "%Y-%m-%d"
    force: str | None = None


def load_mapping(path: Path | str | None) -> ExtractMapping:
    """Read a TOML mapping file (or return the default layout when none is given)."""
    if path is None:
        return ExtractMapping()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PrevhubError(f"{path}: no such mapping file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PrevhubError(f"{path}: not valid TOML ({exc})") from exc
    columns = {c: c for c in COLUMNS}
    given = data.get("columns", {})
    unknown = sorted(set(given) - set(COLUMNS))
    if unknown:
        raise PrevhubError(
            f"{path}: unknown column names in [columns]: {', '.join(unknown)} "
            f"(known: {', '.join(COLUMNS)})"
        )
    columns.update({k: str(v) for k, v in given.items()})
    return ExtractMapping(
        columns=columns,
        date_format=str(data.get("date_format", "%Y-%m-%d")),
        force=data.get("force"),
    )


def pseudonym(salt: str, raw_id: str) -> str:
    """The store's keyed pseudonym of a victim or offender id: the same value the ingest's SQL
    writes (the first 32 hex digits of SHA-256 of salt + trimmed id), so a register holding a
    person's force id can find their rows without the store ever holding the id."""
    return hashlib.sha256((salt + raw_id.strip()).encode("utf-8")).hexdigest()[:32]


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sha256_of(path: Path) -> str:
    """Checksum of the extract, recorded with each month it loads."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_header(path: Path) -> list[str]:
    """The extract's header row, or a PrevhubError naming line 1 and what is wrong with it."""
    # A gzipped extract (``.csv.gz``) is read as DuckDB reads it: decompressed on the fly.
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        first = handle.readline(MAX_EXTRACT_LINE_BYTES)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        field = first.count(b",", 0, exc.start) + 1
        raise PrevhubError(
            f"{path}, line 1, field 'column {field}': the header is not valid UTF-8"
        ) from None
    try:
        header = next(csv.reader([text.rstrip("\r\n")]), [])
    except csv.Error as exc:
        raise PrevhubError(f"{path}, line 1: the header is not valid CSV ({exc})") from None
    if not header or header == [""]:
        raise PrevhubError(f"{path}, line 1: empty file, expected a header row")
    seen: set[str] = set()
    for number, name in enumerate(header, start=1):
        if len(name) > MAX_FIELD_CHARS or not name.strip():
            raise PrevhubError(
                f"{path}, line 1, field 'column {number}': a column name must have 1 to "
                f"{MAX_FIELD_CHARS} characters"
            )
        if name in seen:
            raise PrevhubError(f"{path}, line 1, field {name!r}: this column name appears twice")
        seen.add(name)
    return header


def stage_extract(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    mapping: ExtractMapping,
    *,
    salt: str,
    lenient: bool = False,
) -> list[RowProblem]:
    """Read an extract into the temp table ``staging_recorded_crime`` and return row problems.

    Staged columns are ours (``month``, ``crime_reference``, ``recorded_date`` as DATE,
    ``offence_code`` upper case, ``lsoa_code``, ``longitude``, ``latitude``,
    ``victim_pseudonym``, ``location_id``, ``domestic_abuse`` BOOLEAN,
    ``offender_pseudonym``). Bad rows are removed from staging and returned as problems with
    their line numbers. A fault that stops DuckDB's CSV reader is a :class:`PrevhubError`
    naming file, line and field (:mod:`.csv_faults`).
    """
    header = read_header(path)
    present = {mine: theirs for mine, theirs in mapping.columns.items() if theirs in header}
    missing = [c for c in REQUIRED if c not in present]
    if missing:
        raise PrevhubError(
            f"{path}, line 1: missing required column(s) "
            + ", ".join(f"{c} ({mapping.columns[c]!r})" for c in missing)
        )
    problems, reject_lines = read_raw(con, path, header, lenient=lenient)

    def col(name: str) -> str:
        return _quoted(present[name]) if name in present else "NULL"

    fmt = _sql_string(mapping.date_format)
    true_list = ", ".join(_sql_string(v) for v in TRUE_VALUES)
    false_list = ", ".join(_sql_string(v) for v in FALSE_VALUES)
    # Length first: a row with an over-long field is reported for that, and its value never
    # goes into a reason.
    checks = [
        (
            name,
            f"length({_quoted(theirs)}) > {MAX_FIELD_CHARS}",
            f"'longer than {MAX_FIELD_CHARS} characters (' || length({_quoted(theirs)}) || ')'",
        )
        for name, theirs in present.items()
    ]
    checks += [
        ("crime_reference", f"nullif(trim({col('crime_reference')}), '') IS NULL", "'empty'"),
        (
            "recorded_date",
            f"try_strptime({col('recorded_date')}, {fmt}) IS NULL",
            f"'not a date in the format ' || {fmt} || ': ' || "
            f"coalesce({col('recorded_date')}, '(empty)')",
        ),
        (
            "offence_code",
            f"upper(trim(coalesce({col('offence_code')}, ''))) NOT IN "
            "(SELECT code FROM offence_classes)",
            f"'unknown Home Office offence code: ' || coalesce({col('offence_code')}, '(empty)')",
        ),
        (
            "lsoa_code",
            f"{col('lsoa_code')} IS NOT NULL AND NOT regexp_full_match(trim({col('lsoa_code')}),"
            " '[A-Z][0-9]{8}')",
            f"'not an LSOA code: ' || {col('lsoa_code')}",
        ),
    ]
    for name, lo, hi in (
        ("x", 0, 700000),
        ("y", 0, 1300000),
        ("longitude", -11.0, 2.5),
        ("latitude", 49.0, 61.5),
    ):
        checks.append(
            (
                name,
                f"{col(name)} IS NOT NULL AND coalesce(TRY_CAST({col(name)} AS DOUBLE) "
                f"NOT BETWEEN {lo} AND {hi}, true)",
                f"'not a number in range {lo} to {hi}: ' || {col(name)}",
            )
        )
    checks.append(
        (
            "domestic_abuse",
            f"lower(trim(coalesce({col('domestic_abuse')}, ''))) NOT IN ({true_list}, "
            f"{false_list})",
            f"'not yes/no: ' || {col('domestic_abuse')}",
        )
    )
    problems += check_rows(con, path, checks, mapping.columns, reject_lines)
    duplicate = con.execute(
        f"SELECT {col('crime_reference')}, count(*) FROM extract_raw GROUP BY 1 "
        "HAVING count(*) > 1 LIMIT 1"
    ).fetchone()
    if duplicate:
        raise PrevhubError(
            f"{path}: crime reference {duplicate[0]!r} appears {duplicate[1]} times; an extract "
            "must have one row per crime"
        )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE staging_recorded_crime AS SELECT
            strftime(try_strptime({col("recorded_date")}, {fmt}), '%Y-%m') AS month,
            trim({col("crime_reference")}) AS crime_reference,
            CAST(try_strptime({col("recorded_date")}, {fmt}) AS DATE) AS recorded_date,
            upper(trim({col("offence_code")})) AS offence_code,
            nullif(trim({col("lsoa_code")}), '') AS lsoa_code,
            TRY_CAST({col("x")} AS DOUBLE) AS x, TRY_CAST({col("y")} AS DOUBLE) AS y,
            TRY_CAST({col("longitude")} AS DOUBLE) AS longitude,
            TRY_CAST({col("latitude")} AS DOUBLE) AS latitude,
            CASE WHEN nullif(trim({col("victim_id")}), '') IS NOT NULL
                 THEN left(sha256({_sql_string(salt)} || trim({col("victim_id")})), 32)
            END AS victim_pseudonym,
            nullif(trim({col("location_id")}), '') AS location_id,
            CASE WHEN nullif(trim({col("offender_id")}), '') IS NOT NULL
                 THEN left(sha256({_sql_string(salt)} || trim({col("offender_id")})), 32)
            END AS offender_pseudonym,
            CASE WHEN {col("domestic_abuse")} IS NULL THEN NULL
                 ELSE lower(trim({col("domestic_abuse")})) IN ({true_list}) END AS domestic_abuse
        FROM extract_raw ORDER BY rowid"""
    )
    _grid_to_degrees(con)
    con.execute("DROP TABLE extract_raw")
    return problems


_BNG_TO_WGS84 = None


def _grid_to_degrees(con: duckdb.DuckDBPyConnection) -> None:
    """Fill longitude/latitude from British National Grid x/y where only x/y were given."""
    global _BNG_TO_WGS84
    rows = con.execute(
        "SELECT rowid, x, y FROM staging_recorded_crime "
        "WHERE x IS NOT NULL AND y IS NOT NULL AND longitude IS NULL"
    ).fetchnumpy()
    if len(rows["rowid"]) == 0:
        return
    import pyarrow as pa  # deferred with pyproj: 0.2 s to import, needed only here
    from pyproj import Transformer

    if _BNG_TO_WGS84 is None:
        _BNG_TO_WGS84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    lon, lat = _BNG_TO_WGS84.transform(rows["x"], rows["y"])
    converted = pa.table({"rid": rows["rowid"], "lon": lon, "lat": lat})
    con.register("converted_points", converted)
    con.execute(
        "UPDATE staging_recorded_crime SET longitude = c.lon, latitude = c.lat "
        "FROM converted_points c WHERE staging_recorded_crime.rowid = c.rid"
    )
    con.unregister("converted_points")
