"""The crime store's tables, and bringing a store file up to this version's schema.

``_SCHEMA`` is created once and only ever added to (``SCHEMA_VERSION`` counts the changes); the
lookup tables are rebuilt from the packaged reference files whenever they differ from what the
store holds, so a corrected reference table takes effect without re-ingesting anything.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from pathlib import Path

import duckdb

from prevhub.crime import classification
from prevhub.crime.geography import packaged_force_districts
from prevhub.crime.sources import police_uk
from prevhub.errors import PrevhubError

SCHEMA_VERSION = 1
RECORDED_CRIME = "recorded-crime"
#: Calls for service / incidents from a force's command-and-control extract (demand).
INCIDENTS = "incidents"

#: The table each kind of load writes its rows to.
KIND_TABLES = {
    police_uk.STREET: "street_crimes",
    police_uk.OUTCOMES: "outcomes",
    police_uk.STOP_AND_SEARCH: "stop_and_search",
    RECORDED_CRIME: "recorded_crimes",
    INCIDENTS: "incidents",
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE SEQUENCE IF NOT EXISTS load_ids START 1;
CREATE TABLE IF NOT EXISTS loads (
    load_id BIGINT PRIMARY KEY, file VARCHAR, sha256 VARCHAR, rows BIGINT,
    quarantined BIGINT, loaded_at TIMESTAMP, kind VARCHAR, force VARCHAR, month VARCHAR,
    current BOOLEAN);
CREATE TABLE IF NOT EXISTS street_crimes (
    force VARCHAR, month VARCHAR, crime_id VARCHAR, reported_by VARCHAR, falls_within VARCHAR,
    longitude DOUBLE, latitude DOUBLE, location VARCHAR, lsoa_code VARCHAR, lsoa_name VARCHAR,
    crime_type VARCHAR, last_outcome VARCHAR, context VARCHAR, district VARCHAR,
    load_id BIGINT);
CREATE TABLE IF NOT EXISTS outcomes (
    force VARCHAR, month VARCHAR, crime_id VARCHAR, reported_by VARCHAR, falls_within VARCHAR,
    longitude DOUBLE, latitude DOUBLE, location VARCHAR, lsoa_code VARCHAR, lsoa_name VARCHAR,
    outcome_type VARCHAR, load_id BIGINT);
CREATE TABLE IF NOT EXISTS stop_and_search (
    force VARCHAR, month VARCHAR, type VARCHAR, date TIMESTAMPTZ,
    part_of_policing_operation VARCHAR, policing_operation VARCHAR, latitude DOUBLE,
    longitude DOUBLE, gender VARCHAR, age_range VARCHAR, self_defined_ethnicity VARCHAR,
    officer_defined_ethnicity VARCHAR, legislation VARCHAR, object_of_search VARCHAR,
    outcome VARCHAR, outcome_linked_to_object VARCHAR, removal_of_outer_clothing VARCHAR,
    load_id BIGINT);
CREATE TABLE IF NOT EXISTS recorded_crimes (
    force VARCHAR, month VARCHAR, crime_reference VARCHAR, recorded_date DATE,
    offence_code VARCHAR, lsoa_code VARCHAR, longitude DOUBLE, latitude DOUBLE,
    victim_pseudonym VARCHAR, location_id VARCHAR, domestic_abuse BOOLEAN, load_id BIGINT);
CREATE TABLE IF NOT EXISTS incidents (
    force VARCHAR, month VARCHAR, incident_reference VARCHAR, opened_at TIMESTAMP,
    closed_at TIMESTAMP, grade VARCHAR, category VARCHAR, asb_qualifier VARCHAR,
    lsoa_code VARCHAR, longitude DOUBLE, latitude DOUBLE, location_key UHUGEINT,
    caller_key UHUGEINT, concern_for_welfare BOOLEAN, attended BOOLEAN, officer_minutes DOUBLE,
    rcrp_decision VARCHAR, load_id BIGINT);
CREATE TABLE IF NOT EXISTS quarantine (
    load_id BIGINT, file VARCHAR, line BIGINT, field VARCHAR, reason VARCHAR, raw VARCHAR);
CREATE TABLE IF NOT EXISTS neighbourhoods (lsoa_code VARCHAR PRIMARY KEY, neighbourhood VARCHAR);
CREATE TABLE IF NOT EXISTS lsoa_lookup (lsoa_code VARCHAR PRIMARY KEY, lsoa_name VARCHAR,
    district VARCHAR);
"""

#: Columns added to existing tables since version 1 (additive: an older store gains them, with
#: NULLs, the next time it is opened for writing).
_ADDED_COLUMNS = """
ALTER TABLE recorded_crimes ADD COLUMN IF NOT EXISTS offender_pseudonym VARCHAR;
"""

_LOOKUPS = """
CREATE OR REPLACE TABLE crime_type_classes (
    crime_type VARCHAR, slug VARCHAR, offence_group VARCHAR, crime_class VARCHAR,
    harm_days DOUBLE);
CREATE OR REPLACE TABLE offence_classes (
    code VARCHAR, label VARCHAR, offence_group VARCHAR, offence_subgroup VARCHAR,
    crime_class VARCHAR, harm_days DOUBLE, harm_days_from_2020_04 DOUBLE);
CREATE OR REPLACE TABLE force_harm_weights (force VARCHAR, crime_type VARCHAR,
    harm_days DOUBLE);
CREATE OR REPLACE TABLE force_districts (force VARCHAR, district VARCHAR);
CREATE OR REPLACE TABLE force_names (force VARCHAR, force_name VARCHAR);
"""


def _lookup_rows() -> dict[str, list[tuple[object, ...]]]:
    """The rows of each lookup table, from the packaged reference files."""
    return {
        "crime_type_classes": [tuple(r) for r in classification.crime_type_rows()],
        "offence_classes": [tuple(r) for r in classification.offence_rows()],
        "force_harm_weights": [
            (f, t, d) for (f, t), d in classification.harm_weights_by_force_crime_type().items()
        ],
        "force_districts": [
            (f, d) for f, ds in packaged_force_districts().items() for d in sorted(ds)
        ],
        "force_names": list(classification.forces().items()),
    }


def migrate(con: duckdb.DuckDBPyConnection) -> bool:
    """Create what is missing and refresh the lookups; True if anything was written.

    The lookups are rebuilt only when their digest (of the packaged rows) differs from the one
    the store recorded, so opening an up-to-date store for writing changes nothing in it (and a
    published store is not replaced for nothing).
    """
    lookups = _lookup_rows()
    digest = hashlib.sha256(
        json.dumps(
            {**lookups, "_lookups": _LOOKUPS, "_added": _ADDED_COLUMNS}, default=str
        ).encode()
    ).hexdigest()
    try:
        row = con.execute("SELECT value FROM store_meta WHERE key = 'lookup_digest'").fetchone()
    except duckdb.CatalogException:
        row = None
    if row is not None and row[0] == digest and _has_every_table(con):
        return False
    con.execute("BEGIN")
    con.execute(_SCHEMA)
    con.execute(_ADDED_COLUMNS)
    con.execute(
        "INSERT OR IGNORE INTO store_meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
    )
    con.execute(
        "INSERT OR IGNORE INTO store_meta VALUES ('pseudonym_salt', ?)", [secrets.token_hex(32)]
    )
    con.execute(_LOOKUPS)
    for table, rows in lookups.items():
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    con.execute("INSERT OR REPLACE INTO store_meta VALUES ('lookup_digest', ?)", [digest])
    con.execute("COMMIT")
    return True


def _has_every_table(con: duckdb.DuckDBPyConnection) -> bool:
    """True if every table of this version's schema and lookups exists."""
    wanted = {
        "store_meta", "loads", "street_crimes", "outcomes", "stop_and_search", "recorded_crimes",
        "quarantine", "neighbourhoods", "lsoa_lookup", "crime_type_classes", "offence_classes",
        "force_harm_weights", "force_districts", "force_names", "incidents",
    }  # fmt: skip
    found = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    return wanted <= found


def check_version(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a file that is not a crime store, or one written by a newer Prevention Hub."""
    try:
        row = con.execute("SELECT value FROM store_meta WHERE key = 'schema_version'").fetchone()
    except duckdb.CatalogException:
        row = None
    if row is None:
        raise PrevhubError(f"{path}: not a Prevention Hub crime store")
    if int(row[0]) > SCHEMA_VERSION:
        raise PrevhubError(
            f"{path}: store schema version {row[0]} is newer than this Prevention Hub "
            f"({SCHEMA_VERSION}); upgrade prevhub"
        )
