"""Incident (calls-for-service) extracts: the reader, demand measures, repeat callers and
addresses, the headline's "less demand" line and the police.uk ASB stand-in.

Expected numbers never come from the code under test: the repeat counts are worked out by hand
from the small extract written in this file (the working is beside it); demand counts and
hours are counted from the packaged demo extract with the csv module; the ASB stand-in is
counted from the packaged data.police.uk zip with the csv module.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import math
import os
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prevhub.cli import app
from prevhub.crime import demo_incidents
from prevhub.crime.demand import (
    POLICE_UK_ASB,
    compare_hours,
    measure_demand,
    repeat_demand,
)
from prevhub.crime.demo import demo_archive
from prevhub.crime.demo import demo_incidents as demo_incident_files
from prevhub.crime.sources.extract_csv import keyed_pseudonym
from prevhub.crime.store import CrimeStore
from prevhub.errors import PrevhubError

EXTRACT, MAPPING = demo_incident_files()
FORCE = "nottinghamshire"
SRC = Path(__file__).resolve().parents[2] / "src"
runner = CliRunner()

#: A hand-written extract (default column names). Working for 3+ calls within 28 days (the
#: last less than 28 x 24 hours after the first), January to March 2024:
#:   caller A: Jan 1 10:00, Jan 10, Jan 28 09:59 -> 26 days 23:59 apart: repeat (3 incidents)
#:   caller B: Jan 1 10:00, Jan 15, Jan 29 10:00 -> exactly 28 days: not within; Jan 15 to
#:             Feb 20 is 36 days: no window holds 3 -> not a repeat (4 incidents)
#:   caller C: Jan 5, Feb 10, Feb 12, Feb 14, Mar 30 -> Feb 10-14 holds 3: repeat (5)
#:   caller D: Jan 3, Mar 3 -> 2 calls only (2)
#:   no caller id: 2 incidents
#: Total 16 incidents; repeats A and C, 3 + 5 = 8 incidents, share 8/16 = 0.5.
#: A's officer minutes 60 + 30 + 90 = 180 -> 3.0 hours; C's 5 x 12 = 60 -> 1.0 hour.
#: Location L1 carries B's three January calls and D's January call: 4 incidents, Jan 1, Jan 3,
#: Jan 15, Jan 29 -> Jan 1 to Jan 15 holds 3 (and Jan 3 to Jan 29 holds 3): the only repeat
#: address, 4 incidents, share 4/16 = 0.25.
HAND_EXTRACT = """\
incident_reference,opened_at,category,asb_qualifier,caller_id,location_id,officer_minutes
R01,2024-01-01 10:00:00,public safety,,A,LA,60
R02,2024-01-10 12:00:00,public safety,,A,LA,30
R03,2024-01-28 09:59:00,ASB,nuisance,A,LA2,90
R04,2024-01-01 10:00:00,crime,,B,L1,10
R05,2024-01-15 08:00:00,crime,,B,L1,10
R06,2024-01-29 10:00:00,crime,,B,L1,10
R07,2024-02-20 10:00:00,crime,,B,LB,10
R08,2024-01-05 10:00:00,public safety,,C,LC1,12
R09,2024-02-10 10:00:00,public safety,,C,LC2,12
R10,2024-02-12 10:00:00,public safety,,C,LC3,12
R11,2024-02-14 10:00:00,public safety,,C,LC4,12
R12,2024-03-30 10:00:00,public safety,,C,LC5,12
R13,2024-01-03 10:00:00,transport,,D,L1,
R14,2024-03-03 10:00:00,transport,,D,LD,
R15,2024-02-01 10:00:00,crime,,,LX,
R16,2024-02-02 10:00:00,crime,,,LY,
"""


def store_tables(path: Path) -> dict[str, tuple[int, int]]:
    """Every table of the store file: (rows, content hash), read from the file itself."""
    with CrimeStore(path, read_only=True) as store:
        tables = [
            r[0]
            for r in store.con.execute(
                "SELECT table_name FROM duckdb_tables() ORDER BY 1"
            ).fetchall()
        ]
        return {
            t: tuple(
                store.con.execute(
                    f"SELECT count(*), coalesce(sum(hash(x)), 0) FROM {t} x"
                ).fetchone()
            )
            for t in tables
        }


def _demo_rows() -> list[dict[str, str]]:
    with EXTRACT.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packaged demo: the real police.uk zip and the invented incident extract."""
    from prevhub.crime.demo import load_demo

    path = tmp_path_factory.mktemp("demand") / "crime.duckdb"
    load_demo(path)
    return path


@pytest.fixture()
def hand_store(tmp_path: Path) -> Path:
    extract = tmp_path / "hand.csv"
    extract.write_text(HAND_EXTRACT, encoding="utf-8")
    path = tmp_path / "crime.duckdb"
    with CrimeStore(path) as store:
        store.ingest_incidents(extract, force=FORCE)
    return path


# -- the reader ---------------------------------------------------------------------------------


def _bad_copy(tmp_path: Path, line: int, column: str, value: str) -> Path:
    """The demo extract with one field of one line (1 = header) replaced."""
    with EXTRACT.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[line - 1][rows[0].index(column)] = value
    bad = tmp_path / "bad-incidents.csv"
    with bad.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return bad


@pytest.mark.parametrize(
    ("line", "column", "value", "words"),
    [
        (1200, "NSIR Category", "Parking", "not a National Standard for Incident Recording"),
        (57, "Opened", "31/01/2024 10:00", "not a date and time"),
        (3001, "Officer Minutes", "-5", "not a number in range"),
    ],
)
def test_a_bad_extract_is_refused_naming_line_and_field_and_the_store_is_unchanged(
    demo_store: Path, tmp_path: Path, line: int, column: str, value: str, words: str
) -> None:
    copy = tmp_path / "crime.duckdb"
    copy.write_bytes(demo_store.read_bytes())
    before = store_tables(copy)
    bad = _bad_copy(tmp_path, line, column, value)
    with CrimeStore(copy) as store, pytest.raises(PrevhubError) as caught:
        store.ingest_incidents(bad, mapping=MAPPING)
    message = str(caught.value)
    assert f"line {line}," in message and repr(column) in message and words in message
    assert "Nothing was loaded" in message
    assert store_tables(copy) == before


def test_an_asb_incident_without_its_qualifier_is_refused(tmp_path: Path) -> None:
    bad = _bad_copy(tmp_path, 2, "NSIR Category", "ASB")  # line 2 has no ASB type
    with CrimeStore(tmp_path / "crime.duckdb") as store, pytest.raises(PrevhubError) as caught:
        store.ingest_incidents(bad, mapping=MAPPING)
    assert "line 2," in str(caught.value) and "'ASB Type'" in str(caught.value)


def test_a_repeated_incident_reference_is_refused_naming_its_second_line(tmp_path: Path) -> None:
    bad = _bad_copy(tmp_path, 10, "Log No", "NTI-000003")  # line 4 holds NTI-000003
    with CrimeStore(tmp_path / "crime.duckdb") as store, pytest.raises(PrevhubError) as caught:
        store.ingest_incidents(bad, mapping=MAPPING)
    assert "line 10," in str(caught.value) and "NTI-000003" in str(caught.value)


def test_lenient_ingest_quarantines_the_bad_row_and_loads_the_rest(tmp_path: Path) -> None:
    bad = _bad_copy(tmp_path, 1200, "NSIR Category", "Parking")
    with CrimeStore(tmp_path / "crime.duckdb") as store:
        report = store.ingest_incidents(bad, mapping=MAPPING, lenient=True)
        assert store.count("incidents") == len(_demo_rows()) - 1
        assert store.count("quarantine", "line = 1200 AND field = 'NSIR Category'") == 1
    assert report.quarantined == 1


def test_reingesting_the_same_extract_changes_nothing(demo_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "crime.duckdb"
    copy.write_bytes(demo_store.read_bytes())
    before, stat = store_tables(copy), copy.stat()
    with CrimeStore(copy) as store:
        report = store.ingest_incidents(EXTRACT, mapping=MAPPING)
    assert {load.status for load in report.loads} == {"unchanged"}
    assert store_tables(copy) == before
    assert (copy.stat().st_ino, copy.stat().st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)


def test_a_revised_extract_replaces_its_months_only(hand_store: Path, tmp_path: Path) -> None:
    revised = tmp_path / "revised.csv"
    lines = HAND_EXTRACT.splitlines(keepends=True)
    revised.write_text(lines[0] + "".join(lines[1:4]), encoding="utf-8")  # January only: 3 rows
    with CrimeStore(hand_store) as store:
        report = store.ingest_incidents(revised, force=FORCE)
        months = dict(
            store.con.execute("SELECT month, count(*) FROM incidents GROUP BY 1").fetchall()
        )
    # Hand count of HAND_EXTRACT: January R01-R06, R08, R13 = 8 (the revision keeps R01-R03);
    # February R07, R09-R11, R15, R16 = 6; March R12, R14 = 2.
    assert [(load.month, load.status, load.previous_rows) for load in report.loads] == [
        ("2024-01", "replaced", 8)
    ]
    assert months == {"2024-01": 3, "2024-02": 6, "2024-03": 2}


def test_caller_and_location_ids_are_stored_only_as_keyed_pseudonyms(demo_store: Path) -> None:
    rows = _demo_rows()
    callers = {r["Caller Ref"] for r in rows if r["Caller Ref"]}
    places = {r["Location Ref"] for r in rows if r["Location Ref"]}
    with CrimeStore(demo_store, read_only=True) as store:
        salt = store.pseudonym_salt()
        stored_callers = {
            r[0]
            for r in store.con.execute(
                "SELECT DISTINCT lower(lpad(to_hex(caller_key), 32, '0')) FROM incidents "
                "WHERE caller_key IS NOT NULL"
            ).fetchall()
        }
        stored_places = {
            r[0]
            for r in store.con.execute(
                "SELECT DISTINCT lower(lpad(to_hex(location_key), 32, '0')) FROM incidents"
            ).fetchall()
        }
        text = " ".join(
            str(v) for row in store.con.execute("SELECT * FROM incidents").fetchall() for v in row
        )
    # RFC 2104 HMAC-SHA256 from Python's hmac module, keyed with the store's salt.
    expected = {
        hmac.new(salt.encode(), f"caller:{c}".encode(), hashlib.sha256).hexdigest()[:32]
        for c in callers
    }
    assert stored_callers == expected
    assert stored_places == {keyed_pseudonym(salt, p, purpose="location") for p in places}
    assert not any(raw in text for raw in ("CALLER0", "CALLER1", "LOC0"))


# -- repeat callers and addresses: a hand count ---------------------------------------------------


def test_repeat_callers_equal_the_hand_count(hand_store: Path) -> None:
    with CrimeStore(hand_store, read_only=True) as store:
        salt = store.pseudonym_salt()
        result = repeat_demand(store, "2024-01:2024-03", force=FORCE)
    key = {c: keyed_pseudonym(salt, c, purpose="caller") for c in "ABCD"}
    found = {r.key: r for r in result.repeats}
    assert set(found) == {key["A"], key["C"]}
    assert (found[key["A"]].incidents, found[key["A"]].busiest_window) == (3, 3)
    assert (found[key["C"]].incidents, found[key["C"]].busiest_window) == (5, 3)
    assert found[key["A"]].officer_hours == 3.0 and found[key["C"]].officer_hours == 1.0
    assert (result.incidents, result.repeat_incidents, result.keyed_incidents) == (16, 8, 14)
    assert result.share == 0.5


def test_the_thresholds_are_configurable(hand_store: Path) -> None:
    # 2+ within 28 days: A (Jan 1, Jan 10), B (Jan 1, Jan 15), C (Feb 10, Feb 12); D's two
    # calls are 60 days apart. 3+ within 29 days: B's Jan 1 - Jan 29 (28 days) now counts.
    with CrimeStore(hand_store, read_only=True) as store:
        salt = store.pseudonym_salt()
        two = repeat_demand(store, "2024-01:2024-03", force=FORCE, min_calls=2)
        wider = repeat_demand(store, "2024-01:2024-03", force=FORCE, days=29)
    key = {c: keyed_pseudonym(salt, c, purpose="caller") for c in "ABCD"}
    assert {r.key for r in two.repeats} == {key["A"], key["B"], key["C"]}
    assert {r.key for r in wider.repeats} == {key["A"], key["B"], key["C"]}


def test_repeat_addresses_equal_the_hand_count(hand_store: Path) -> None:
    with CrimeStore(hand_store, read_only=True) as store:
        salt = store.pseudonym_salt()
        result = repeat_demand(store, "2024-01:2024-03", force=FORCE, of="addresses")
    assert [(r.key, r.incidents) for r in result.repeats] == [
        (keyed_pseudonym(salt, "L1", purpose="location"), 4)
    ]
    assert result.share == 0.25


def test_the_repeats_command_prints_keyed_ids_only(hand_store: Path) -> None:
    result = runner.invoke(
        app,
        ["crime", "repeats", "--period", "2024-01:2024-03", "--force", FORCE, "--store",
         str(hand_store), "--format", "csv"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 2 and all(len(r["key"]) == 32 for r in rows)
    assert [int(r["incidents"]) for r in rows] == [5, 3]


# -- demand measures: a csv-module count of the demo extract --------------------------------------


def _month(row: dict[str, str]) -> str:
    return row["Opened"][:7]


def _category(text: str) -> str:
    return {"public safety": "public-safety", "crime": "crime", "asb": "asb"}.get(
        text.lower(), text.lower()
    )


def test_demand_by_category_equals_a_csv_count(demo_store: Path) -> None:
    rows = _demo_rows()
    period, baseline = ("2024-01", "2024-03"), ("2023-01", "2023-03")

    def count(months: tuple[str, str]) -> Counter[str]:
        return Counter(
            _category(r["NSIR Category"]) for r in rows if months[0] <= _month(r) <= months[1]
        )

    with CrimeStore(demo_store, read_only=True) as store:
        result = measure_demand(store, "2024-01:2024-03", "last-year", "category", force=FORCE)
    got = {r.key["category"]: (r.current, r.baseline) for r in result.rows}
    cur, base = count(period), count(baseline)
    assert got == {c: (cur[c], base[c]) for c in cur | base}
    assert (result.total.current, result.total.baseline) == (sum(cur.values()), sum(base.values()))
    assert result.sources == {FORCE: "incidents"}


def test_demand_by_month_equals_a_csv_count(demo_store: Path) -> None:
    rows = _demo_rows()
    with CrimeStore(demo_store, read_only=True) as store:
        by_month = measure_demand(store, "2023-07:2023-12", "previous", "month", force=FORCE)
    months = Counter(_month(r) for r in rows)
    # Each month against the month six before it (the previous six months, in order).
    assert [(r.key["month"], r.current, r.baseline) for r in by_month.rows] == [
        (f"2023-{m:02d}", months[f"2023-{m:02d}"], months[f"2023-{m - 6:02d}"])
        for m in range(7, 13)
    ]


def test_officer_hours_and_their_interval_equal_a_csv_count(demo_store: Path) -> None:
    rows = _demo_rows()

    def hours(start: str, end: str) -> tuple[float, float]:
        values = [int(r["Officer Minutes"]) / 60 for r in rows
                  if start <= _month(r) <= end and r["Officer Minutes"]]  # fmt: skip
        return sum(values), sum(v * v for v in values)

    cur, base = hours("2024-01", "2024-03"), hours("2023-01", "2023-03")
    with CrimeStore(demo_store, read_only=True) as store:
        result = measure_demand(store, "2024-01:2024-03", "last-year", force=FORCE)
    assert result.hours is not None
    assert result.hours.current == pytest.approx(cur[0], abs=0.01)
    assert result.hours.baseline == pytest.approx(base[0], abs=0.01)
    # Compound Poisson difference by hand: sd = sqrt(Q_c + Q_b), 95% CI change +- 1.96 sd.
    sd = math.sqrt(cur[1] + base[1])
    low = cur[0] - base[0] - 1.959964 * sd
    assert result.hours.ci95[0] == pytest.approx(low, abs=0.02)


def test_compare_hours_matches_a_hand_working() -> None:
    # 100 incidents of 2 hours against 120 of 2 hours: change -40, Q = 400 + 480 = 880,
    # sd = 29.665, z = -1.3484, two-sided p = 0.1775 (normal table).
    change, ci, p = compare_hours((200.0, 400.0), (240.0, 480.0))
    assert change == -40 and p == pytest.approx(0.1775, abs=1e-4)
    assert ci == pytest.approx((-40 - 1.959964 * 29.6648, -40 + 1.959964 * 29.6648), abs=1e-3)


def test_police_uk_asb_stands_in_for_forces_without_an_extract(tmp_path: Path) -> None:
    from prevhub.crime.geography import packaged_force_districts

    districts = packaged_force_districts()[FORCE]
    counts: Counter[str] = Counter()
    with zipfile.ZipFile(demo_archive()) as archive:
        for name in archive.namelist():
            if name.endswith("-street.csv"):
                with archive.open(name) as raw:
                    for r in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")):
                        name_district = r["LSOA name"].rsplit(" ", 1)[0]
                        if r["Crime type"] == "Anti-social behaviour" and (
                            not r["LSOA name"] or name_district in districts
                        ):
                            counts[r["Month"]] += 1
    path = tmp_path / "crime.duckdb"
    with CrimeStore(path) as store:
        store.ingest_police_uk([demo_archive()])
    with CrimeStore(path, read_only=True) as store:
        result = measure_demand(store, "2024-01:2024-03", "last-year", force=FORCE)
    assert result.sources == {FORCE: POLICE_UK_ASB}
    assert result.total.current == sum(counts[f"2024-0{m}"] for m in (1, 2, 3))
    assert result.total.baseline == sum(counts[f"2023-0{m}"] for m in (1, 2, 3))
    assert "data.police.uk stand in for incident demand" in result.notes[0]
    assert result.hours is None


# -- the headline, the command and the demo ------------------------------------------------


def test_the_headline_prints_the_less_demand_line_on_the_demo_data(demo_store: Path) -> None:
    result = runner.invoke(
        app,
        ["headline", "--period", "2024-01:2024-03", "--baseline", "last-year", "--store",
         str(demo_store)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    rows = _demo_rows()
    cur = sum(1 for r in rows if "2024-01" <= _month(r) <= "2024-03")
    base = sum(1 for r in rows if "2023-01" <= _month(r) <= "2023-03")
    assert f"{abs(cur - base):,} {'fewer' if cur < base else 'more'} incidents" in text
    assert f"{cur:,} against {base:,}" in text
    assert "officer hours" in text and "95% CI" in text and "p = " in text
    assert "Right Care Right Person" in text and "2011/12" in text
    assert "not accredited official statistics" in text


def test_measure_source_incidents_prints_csv_with_hours(demo_store: Path) -> None:
    result = runner.invoke(
        app,
        ["measure", "--period", "2024-01:2024-03", "--baseline", "last-year", "--source",
         "incidents", "--by", "asb_qualifier", "--store", str(demo_store), "--format", "csv"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    expected = Counter(
        r["ASB Type"].lower() or None for r in _demo_rows() if "2024-01" <= _month(r) <= "2024-03"
    )
    assert {(r["asb_qualifier"] or None): int(r["current"]) for r in rows} == dict(expected)
    assert "hours_current" in rows[0]


def test_ingest_incidents_command_names_the_bad_line(tmp_path: Path) -> None:
    bad = _bad_copy(tmp_path, 99, "Attended", "perhaps")
    result = subprocess.run(
        [sys.executable, "-c", "from prevhub.cli import main; main()", "ingest", "incidents",
         str(bad), "--mapping", str(MAPPING), "--store", str(tmp_path / "crime.duckdb")],
        env={**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "200"},
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert "line 99" in message and "'Attended'" in message and "Traceback" not in message


def test_the_packaged_demo_extract_is_what_the_seeded_generator_writes() -> None:
    assert EXTRACT.read_text(encoding="utf-8") == demo_incidents.generate(demo_archive())
    assert MAPPING.read_text(encoding="utf-8") == demo_incidents.MAPPING


def test_the_demo_extracts_documented_counts_are_true() -> None:
    rows = _demo_rows()
    readme = (EXTRACT.parent / "README-incidents.md").read_text(encoding="utf-8")
    by_year = Counter(_month(r)[:4] for r in rows)
    assert f"{len(rows):,} incidents" in readme
    assert f"2023: {by_year['2023']:,}" in readme
    assert f"2024: {by_year['2024']:,}" in readme
    q1 = [r for r in rows if _month(r) in ("2024-01", "2024-02", "2024-03")]
    q1_base = [r for r in rows if _month(r) in ("2023-01", "2023-02", "2023-03")]
    assert f"January to March 2024: {len(q1):,}" in readme
    assert f"January to March 2023: {len(q1_base):,}" in readme
    assert dt.date.fromisoformat(rows[0]["Opened"][:10]).year == 2023


def test_the_demo_repeats_equal_the_documented_brute_force_count(demo_store: Path) -> None:
    # README-incidents.md: brute force over every caller's calls (for each call, the calls in
    # the 28 days from it); 2023 Q1: 13 callers / 98 incidents, 20 addresses / 137; 2024 Q1:
    # 6 / 21 and 12 / 47.
    with CrimeStore(demo_store, read_only=True) as store:
        got = [
            (len(r.repeats), r.repeat_incidents)
            for period in ("2023-01:2023-03", "2024-01:2024-03")
            for of in ("callers", "addresses")
            for r in [repeat_demand(store, period, force=FORCE, of=of)]
        ]
    assert got == [(13, 98), (20, 137), (6, 21), (12, 47)]
