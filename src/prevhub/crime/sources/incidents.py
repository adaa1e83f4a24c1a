"""Reader for force incident / calls-for-service extracts (command and control): demand.

Recorded crime is a minority of what the police are asked to do; most calls are incidents
(concern for welfare, anti-social behaviour, missing people, road traffic). A force's command
and control system exports one row per incident; this reader checks every row and stages it
for :mod:`prevhub.crime.ingest.incidents`. It shares its reading machinery with the
recorded-crime reader (:mod:`.extract_csv`).

Default columns (a CSV with a header row; names are case-sensitive):

====================  ======================================================================
incident_reference    the force's incident (log) number (required, unique within the extract)
opened_at             when the incident was opened, ``YYYY-MM-DD HH:MM:SS`` (required; see
                      ``datetime_format``); its month is the month the incident counts in
closed_at             when it was closed (optional; not before ``opened_at``)
grade                 the force's response grade, e.g. ``1`` emergency, ``2`` priority (optional)
category              National Standard for Incident Recording category (required):
                      ``public safety``, ``crime``, ``asb`` (anti-social behaviour) or
                      ``transport``; case and spaces/hyphens do not matter
asb_qualifier         for ASB only, and then required: ``personal``, ``nuisance`` or
                      ``environmental`` (the NSIR qualifiers since April 2011)
lsoa_code             2011/2021 LSOA code (optional)
x, y / longitude,     British National Grid metres, or WGS84 degrees (optional)
latitude
location_id           the force's location reference, e.g. a UPRN (optional; stored only as a
                      keyed pseudonym, for repeat addresses)
caller_id             the force's id of the caller, e.g. a phone-number hash (optional; stored
                      only as a keyed pseudonym, for repeat callers)
concern_for_welfare   Y/N: a mental-health or concern-for-welfare flag (optional)
attended              Y/N: officers attended (optional)
officer_minutes       officer time committed, in minutes summed over every officer (optional;
                      0 to 100,000)
rcrp_decision         Right Care Right Person decision where recorded, e.g. ``police``,
                      ``partner``, ``no deployment`` (optional; kept as lower-case text)
====================  ======================================================================

A TOML mapping renames another layout::

    force = "nottinghamshire"
    datetime_format = "%d/%m/%Y %H:%M"
    [columns]
    incident_reference = "Log No"
    opened_at = "Created"

Caller and location ids never reach the store: each is replaced by an HMAC-SHA256 keyed with
the store's secret salt (:func:`~prevhub.crime.sources.extract_csv.keyed_pseudonym_sql`), so
repeats can be counted but the pseudonym cannot be joined back to force systems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from prevhub.crime.sources.csv_faults import MAX_FIELD_CHARS
from prevhub.crime.sources.extract_csv import (
    Check,
    check_rows,
    keyed_pseudonym_sql,
    quoted,
    read_csv_sql,
    read_mapping,
    read_raw,
    sql_string,
)
from prevhub.crime.sources.police_uk import RowProblem
from prevhub.crime.sources.recorded_crime import FALSE_VALUES, TRUE_VALUES, read_header
from prevhub.errors import PrevhubError

COLUMNS = (
    "incident_reference",
    "opened_at",
    "closed_at",
    "grade",
    "category",
    "asb_qualifier",
    "lsoa_code",
    "x",
    "y",
    "longitude",
    "latitude",
    "location_id",
    "caller_id",
    "concern_for_welfare",
    "attended",
    "officer_minutes",
    "rcrp_decision",
)
REQUIRED = ("incident_reference", "opened_at", "category")

#: NSIR categories as the store keeps them, and the spellings accepted for each (compared
#: after lower-casing and turning hyphens and underscores into spaces).
CATEGORIES = {
    "public-safety": ("public safety", "public safety and welfare", "public safety welfare"),
    "crime": ("crime", "crime related"),
    "asb": ("asb", "anti social behaviour", "antisocial behaviour", "anti social behavior"),
    "transport": ("transport",),
}
ASB = "asb"
#: The three ASB qualifiers of NSIR from April 2011 (before, 14 ASB categories).
ASB_QUALIFIERS = ("personal", "nuisance", "environmental")
MAX_OFFICER_MINUTES = 100_000
#: The default date-time layout: ISO 8601 as ``YYYY-MM-DD HH:MM:SS`` (read with DuckDB's cast,
#: which also takes ``T`` between date and time, and fractions of a second).
ISO_FORMAT = "%Y-%m-%d %H:%M:%S"
#: Columns read as numbers.
NUMBERS = ("x", "y", "longitude", "latitude", "officer_minutes")
CALLER = "caller"
LOCATION = "location"


@dataclass(frozen=True)
class IncidentMapping:
    """How a force's extract names our columns, and how it writes date-times."""

    columns: dict[str, str] = field(default_factory=lambda: {c: c for c in COLUMNS})
    datetime_format: str = ISO_FORMAT
    force: str | None = None


def load_mapping(path: Path | str | None) -> IncidentMapping:
    """Read a TOML mapping file (or the default layout when none is given)."""
    data, columns = read_mapping(path, COLUMNS)
    return IncidentMapping(
        columns=columns,
        datetime_format=str(data.get("datetime_format", ISO_FORMAT)),
        force=data.get("force"),
    )


def _normalised(sql: str) -> str:
    return f"translate(lower(trim(coalesce({sql}, ''))), '-_', '  ')"


def category_sql(sql: str) -> str:
    """SQL turning the extract's category text into ours (NULL when not recognised): the text
    is normalised once and looked up in the list of accepted spellings."""
    spellings = [(slug, text) for slug, texts in CATEGORIES.items() for text in texts]
    texts = ", ".join(sql_string(t) for _, t in spellings)
    slugs = ", ".join(sql_string(s) for s, _ in spellings)
    return f"([{slugs}])[list_position([{texts}], {_normalised(sql)})]"


class _Sql:
    """The SQL pieces of one extract's layout: column references, parsed values, checks."""

    def __init__(self, present: dict[str, str], mapping: IncidentMapping) -> None:
        self.present = present
        self.fmt = sql_string(mapping.datetime_format)
        self.opened = self._when(self.col("opened_at"))
        self.closed = self._when(f"nullif(trim({self.col('closed_at')}), '')")
        self.category = category_sql(self.col("category"))
        self.qualifier = f"nullif(lower(trim({self.col('asb_qualifier')})), '')"

    def col(self, name: str) -> str:
        return quoted(self.present[name]) if name in self.present else "NULL"

    def parsed(self) -> dict[str, str]:
        """The values read from text, each worked out once per row: name -> SQL."""
        values = {
            "opened": self.opened,
            "closed": self.closed,
            "category": self.category,
            "qualifier": self.qualifier,
        }
        for name in NUMBERS:
            values[name] = f"TRY_CAST(nullif(trim({self.col(name)}), '') AS DOUBLE)"
        return values

    def _when(self, sql: str) -> str:
        # ISO date-times are read by DuckDB's own cast (several times faster than strptime).
        if self.fmt == sql_string(ISO_FORMAT):
            return f"TRY_CAST(trim({sql}) AS TIMESTAMP)"
        return f"try_strptime(trim({sql}), {self.fmt})"

    def checks(self, p: dict[str, str]) -> list[Check]:
        """Every row check; ``p`` holds the parsed values (expressions or columns)."""
        col, fmt = self.col, self.fmt
        opened, closed, category, qualifier = (
            p["opened"],
            p["closed"],
            p["category"],
            p["qualifier"],
        )
        yes_no = ", ".join(sql_string(v) for v in (*TRUE_VALUES, *FALSE_VALUES))
        qualifiers = ", ".join(sql_string(q) for q in ASB_QUALIFIERS)
        checks: list[Check] = [
            (
                name,
                f"length({quoted(theirs)}) > {MAX_FIELD_CHARS}",
                f"'longer than {MAX_FIELD_CHARS} characters (' || length({quoted(theirs)}) || ')'",
            )
            for name, theirs in self.present.items()
        ]
        checks += [
            ("incident_reference", f"nullif(trim({col('incident_reference')}), '') IS NULL",
             "'empty'"),
            (
                "opened_at",
                f"{opened} IS NULL",
                f"'not a date and time in the format ' || {fmt} || ': ' || "
                f"coalesce({col('opened_at')}, '(empty)')",
            ),
            (
                "closed_at",
                f"nullif(trim({col('closed_at')}), '') IS NOT NULL AND {closed} IS NULL",
                f"'not a date and time in the format ' || {fmt} || ': ' || {col('closed_at')}",
            ),
            ("closed_at", f"{closed} < {opened}",
             f"'closed before it was opened: ' || {col('closed_at')}"),
            (
                "category",
                f"{category} IS NULL",
                "'not a National Standard for Incident Recording category (public safety, "
                f"crime, asb, transport): ' || coalesce({col('category')}, '(empty)')",
            ),
            (
                "asb_qualifier",
                f"{category} = 'asb' AND coalesce({qualifier} NOT IN ({qualifiers}), true)",
                "'an ASB incident needs its qualifier (personal, nuisance or environmental): ' "
                f"|| coalesce({col('asb_qualifier')}, '(empty)')",
            ),
            (
                "asb_qualifier",
                f"{category} <> 'asb' AND {qualifier} IS NOT NULL",
                f"'an ASB qualifier on an incident that is not ASB: ' || {col('asb_qualifier')}",
            ),
            (
                "lsoa_code",
                f"nullif(trim({col('lsoa_code')}), '') IS NOT NULL AND NOT regexp_full_match("
                f"trim({col('lsoa_code')}), '[A-Z][0-9]{{8}}')",
                f"'not an LSOA code: ' || {col('lsoa_code')}",
            ),
        ]  # fmt: skip
        for name, lo, hi in (
            ("x", 0, 700000),
            ("y", 0, 1300000),
            ("longitude", -11.0, 2.5),
            ("latitude", 49.0, 61.5),
            ("officer_minutes", 0, MAX_OFFICER_MINUTES),
        ):
            if name not in self.present:
                continue
            value = f"nullif(trim({col(name)}), '')"
            checks.append(
                (
                    name,
                    f"{value} IS NOT NULL AND coalesce({p[name]} NOT BETWEEN {lo} AND {hi}, true)",
                    f"'not a number in range {lo} to {hi}: ' || {col(name)}",
                )
            )
        for name in ("concern_for_welfare", "attended"):
            if name in self.present:
                checks.append(
                    (
                        name,
                        f"lower(trim(coalesce({col(name)}, ''))) NOT IN ({yes_no})",
                        f"'not yes/no: ' || {col(name)}",
                    )
                )
        return checks

    def staged(self, p: dict[str, str]) -> str:
        """The select list of ``staging_incidents``, from the parsed values given.

        Caller and location ids are staged trimmed, as ``caller_id``/``location_id``, for
        :func:`_key_ids` to key (each distinct id once, not once per row).
        """
        col = self.col
        opened, closed, category, qualifier = (
            p["opened"],
            p["closed"],
            p["category"],
            p["qualifier"],
        )
        location = f"nullif(trim({col('location_id')}), '') AS location_id"
        caller = f"nullif(trim({col('caller_id')}), '') AS caller_id"
        true_list = ", ".join(sql_string(v) for v in TRUE_VALUES)

        def flag(name: str) -> str:
            value = f"nullif(lower(trim({col(name)})), '')"
            return f"CASE WHEN {value} IS NULL THEN NULL ELSE {value} IN ({true_list}) END"

        def number(name: str) -> str:
            return p[name]

        return f"""strftime({opened}, '%Y-%m') AS month,
            trim({col("incident_reference")}) AS incident_reference,
            {opened} AS opened_at, {closed} AS closed_at,
            nullif(trim({col("grade")}), '') AS grade,
            {category} AS category, {qualifier} AS asb_qualifier,
            nullif(trim({col("lsoa_code")}), '') AS lsoa_code,
            {number("x")} AS x, {number("y")} AS y,
            {number("longitude")} AS longitude, {number("latitude")} AS latitude,
            {location}, {caller},
            {flag("concern_for_welfare")} AS concern_for_welfare,
            {flag("attended")} AS attended,
            {number("officer_minutes")} AS officer_minutes,
            nullif(lower(trim({col("rcrp_decision")})), '') AS rcrp_decision"""


def stage_extract(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    mapping: IncidentMapping,
    *,
    salt: str,
    lenient: bool = False,
) -> list[RowProblem]:
    """Read an incident extract into the temp table ``staging_incidents``; return bad rows.

    Staged columns are those of the store's ``incidents`` table but ``force`` and ``load_id``.

    Two ways, the same result. A strict ingest first reads the file once, straight from
    ``read_csv`` into typed staging with every check evaluated on the way (the fast path, no
    text copy of the file). If DuckDB set a line aside, a row fails a check or a reference
    repeats, that staging is dropped and the exact path runs: the file is read into a text
    table whose row ids give each row's line, and every bad row is named with its line and the
    force's column name (as the recorded-crime reader does). Lenient ingests take the exact
    path at once.
    """
    header = read_header(path)
    present = {mine: theirs for mine, theirs in mapping.columns.items() if theirs in header}
    missing = [c for c in REQUIRED if c not in present]
    if missing:
        raise PrevhubError(
            f"{path}, line 1: missing required column(s) "
            + ", ".join(f"{c} ({mapping.columns[c]!r})" for c in missing)
        )
    sql = _Sql(present, mapping)
    if not lenient and _stage_in_one_pass(con, path, header, sql):
        _key_ids(con, salt)
        _grid_to_degrees(con)
        return []
    problems, reject_lines = read_raw(con, path, header, lenient=lenient)
    first = con.execute("SELECT coalesce(min(rowid), 0) FROM extract_raw").fetchone()
    first_rowid = int(first[0]) if first else 0
    parsed = sql.parsed()
    problems += check_rows(con, path, sql.checks(parsed), mapping.columns, reject_lines)
    problems.sort(key=lambda p: p.line)
    if problems and not lenient:
        from prevhub.crime.ingest.report import refuse_bad_rows

        refuse_bad_rows(problems)  # before the duplicate check: the first bad line first
    ref = f"trim({sql.col('incident_reference')})"
    duplicate = con.execute(
        f"""SELECT ref, n, line FROM (
                SELECT {ref} AS ref, rowid,
                       count(*) OVER (PARTITION BY {ref}) AS n,
                       row_number() OVER (PARTITION BY {ref} ORDER BY rowid) AS k,
                       rowid - {first_rowid} + 2 AS line
                FROM extract_raw) WHERE n > 1 AND k = 2 ORDER BY rowid LIMIT 1"""
    ).fetchone()
    if duplicate:
        raise PrevhubError(
            f"{path}, line {duplicate[2] + sum(1 for r in reject_lines if r <= duplicate[2])}, "
            f"field {mapping.columns['incident_reference']!r}: incident reference "
            f"{duplicate[0]!r} appears {duplicate[1]} times; an extract must have one row per "
            "incident. Nothing was loaded."
        )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE staging_incidents AS SELECT "
        f"{sql.staged(parsed)} FROM extract_raw"
    )
    con.execute("DROP TABLE extract_raw")
    _key_ids(con, salt)
    _grid_to_degrees(con)
    return problems


def _stage_in_one_pass(
    con: duckdb.DuckDBPyConnection, path: Path, header: list[str], sql: _Sql
) -> bool:
    """The fast path of :func:`stage_extract`: True if the whole file staged with no fault."""
    expressions = sql.parsed()
    parsed = {name: quoted(f"__prevhub_{name}") for name in expressions}
    checks = sql.checks(parsed)
    any_bad = " OR ".join(f"coalesce({c}, false)" for _, c, _ in checks)
    values = ", ".join(f"{expressions[n]} AS {parsed[n]}" for n in expressions)
    inner = f"SELECT *, {values} FROM {read_csv_sql(path, header)}"
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE staging_incidents AS SELECT "
            f"{sql.staged(parsed)}, ({any_bad}) AS __prevhub_bad FROM ({inner})"
        )
    except (duckdb.InvalidInputException, duckdb.ConversionException):
        clean = False
    else:
        row = con.execute(
            "SELECT (SELECT count(*) FROM extract_rejects), count(*) FILTER (WHERE "
            "__prevhub_bad), count(*) - count(DISTINCT incident_reference) "
            "FROM staging_incidents"
        ).fetchone()
        clean = row is not None and not any(row)
    con.execute("DROP TABLE IF EXISTS extract_rejects")
    con.execute("DROP TABLE IF EXISTS extract_scans")
    if not clean:
        con.execute("DROP TABLE IF EXISTS staging_incidents")
    return clean


def _key_ids(con: duckdb.DuckDBPyConnection, salt: str) -> None:
    """Key every distinct staged caller and location id: temp tables ``keyed_caller_id`` and
    ``keyed_location_id`` (id -> pseudonym) that :func:`staged_rows_sql` joins.

    HMAC is the costly step of a large ingest, and callers and places repeat, so each distinct
    id is keyed once. The store keeps a pseudonym as the 128-bit number its 32 hex digits
    spell (UHUGEINT: a quarter of the space of the text, and repeat detection partitions on
    integers); :data:`KEY_TEXT_SQL` turns it back into the digits. The ids exist only in
    this connection's temp tables, which the ingest drops before it commits
    (:func:`drop_staging`); they never reach the store.
    """
    for column, purpose in (("caller_id", CALLER), ("location_id", LOCATION)):
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE keyed_{column} AS SELECT id, "
            f"('0x' || {keyed_pseudonym_sql(salt, 'id', purpose=purpose)})::UHUGEINT AS key FROM "
            f"(SELECT DISTINCT {column} AS id FROM staging_incidents WHERE {column} IS NOT NULL)"
        )


#: SQL (format with the column) for a stored pseudonym as its 32 lower-case hex digits.
KEY_TEXT_SQL = "lower(lpad(to_hex({}), 32, '0'))"


def staged_rows_sql(load_ids: dict[str, int]) -> str:
    """The staged incidents as the store's ``incidents`` columns after ``force`` (ids replaced
    by their pseudonyms; each month's load id from ``load_ids``)."""
    cases = " ".join(f"WHEN {sql_string(m)} THEN {int(i)}" for m, i in load_ids.items())
    return f"""SELECT s.month, s.incident_reference, s.opened_at, s.closed_at, s.grade,
            s.category, s.asb_qualifier, s.lsoa_code, s.longitude, s.latitude,
            kl.key AS location_key, kc.key AS caller_key, s.concern_for_welfare, s.attended,
            s.officer_minutes, s.rcrp_decision, CASE s.month {cases} END AS load_id
        FROM staging_incidents s
        LEFT JOIN keyed_location_id kl ON kl.id = s.location_id
        LEFT JOIN keyed_caller_id kc ON kc.id = s.caller_id"""


def drop_staging(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the staged rows and the id tables (before the ingest commits)."""
    for table in ("staging_incidents", "keyed_caller_id", "keyed_location_id"):
        con.execute(f"DROP TABLE IF EXISTS {table}")


def _grid_to_degrees(con: duckdb.DuckDBPyConnection) -> None:
    """Fill longitude/latitude from British National Grid x/y where only x/y were given."""
    need = con.execute(
        "SELECT count(*) FROM staging_incidents WHERE x IS NOT NULL AND y IS NOT NULL "
        "AND longitude IS NULL"
    ).fetchone()
    if not need or not need[0]:
        return
    import pyarrow as pa
    from pyproj import Transformer

    rows = con.execute(
        "SELECT rowid, x, y FROM staging_incidents "
        "WHERE x IS NOT NULL AND y IS NOT NULL AND longitude IS NULL"
    ).fetchnumpy()
    lon, lat = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True).transform(
        rows["x"], rows["y"]
    )
    con.register("converted_points", pa.table({"rid": rows["rowid"], "lon": lon, "lat": lat}))
    con.execute(
        "UPDATE staging_incidents SET longitude = c.lon, latitude = c.lat "
        "FROM converted_points c WHERE staging_incidents.rowid = c.rid"
    )
    con.unregister("converted_points")
