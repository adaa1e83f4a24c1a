"""Reoffending measured from a small hand-written extract with offender ids: binary rate,
frequency and severity (Crime Harm Index days) equal counts worked out by hand below, including
time at risk around a custody spell, a leap year and an incomplete follow-up."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import duckdb
import pytest

from prevhub.crime import reoffending as r
from prevhub.crime.sources.recorded_crime import pseudonym
from prevhub.crime.store import CrimeStore

D = dt.date

# crime_reference, recorded_date, offence_code, offender_id. Harm days (offence_classes, the
# Cambridge CHI as packaged): 28E burglary residential 273.5; 46 shoplifting 1; 39 theft from
# the person 2; 45 theft from vehicle 5; 8N assault with injury 365; 34B robbery of personal
# property 365; 92D possession of drugs 3. Neighbourhood crime: 28E, 39, 45, 34B.
ROWS = [
    # Z: only sets the extract's span, 2022-06-01 to 2026-06-30 (one offence per year: never
    # eligible for the comparison group).
    ("Z1", "2022-06-01", "46", "OFF-Z"),
    ("Z2", "2026-06-30", "46", "OFF-Z"),
    # A, selected 2024-01-01, in custody 2024-03-01 up to release on 2024-05-01 (61 days:
    # March 31 + April 30). Before = the 365 days 2023-01-01..2023-12-31 (no custody).
    ("A0", "2022-12-31", "46", "OFF-A"),  # 366th day back: outside
    ("A1", "2023-01-01", "28E", "OFF-A"),  # before, neighbourhood, 273.5
    ("A2", "2023-06-15", "46", " OFF-A "),  # before, 1 (the id is trimmed before keying)
    ("A3", "2024-02-10", "39", "OFF-A"),  # year 1, neighbourhood, 2
    ("A4", "2024-03-15", "8N", "OFF-A"),  # in custody: not at risk, not counted
    # Year 1 = 365 days at risk from 2024-01-01 = 426 calendar days with the 61 in custody:
    # 2024-01-01..2025-03-01 (2024 has 366 days: 2025-01-01 is day 367, +59 = 2025-03-01).
    ("A5", "2025-02-20", "45", "OFF-A"),  # year 1 (year 2 without the custody extension), 5
    ("A6", "2025-03-02", "46", "OFF-A"),  # first day of year 2, 1
    # B, selected 2024-06-01, no custody. Before = 2023-06-02..2024-05-31 (365 days: the
    # span holds 29 Feb 2024). Year 1 = 2024-06-01..2025-05-31, year 2 = 2025-06-01..2026-05-31.
    ("B0", "2023-06-01", "34B", "OFF-B"),  # 366th day back: outside
    ("B1", "2023-09-09", "8N", "OFF-B"),  # before, 365
    ("B2", "2023-10-10", "34B", "OFF-B"),  # before, neighbourhood, 365
    ("B3", "2023-11-11", "46", "OFF-B"),  # before, 1
    ("B4", "2026-01-05", "92D", "OFF-B"),  # year 2, 3
    # C, selected 2025-09-01: before 2024-09-01..2025-08-31; year 1 would end 2026-08-31,
    # after the extract's last day, so C's year 1 and year 2 are incomplete (not counted).
    ("C1", "2025-01-01", "46", "OFF-C"),  # before, 1
    ("C2", "2026-02-01", "46", "OFF-C"),  # year 1, but incomplete: not counted
    # D, never selected: 2 offences in the 365 days before 2024-01-01 (an index date: the
    # month A was selected) -> the comparison group, measured from 2024-01-01.
    ("D1", "2023-03-03", "46", "OFF-D"),
    ("D2", "2023-04-04", "46", "OFF-D"),
    ("D3", "2024-07-07", "46", "OFF-D"),  # D's year 1
    # E, never selected, one offence: not eligible. X: a crime with no offender id.
    ("E1", "2023-05-05", "46", "OFF-E"),
    ("X1", "2023-05-06", "46", ""),
]


@pytest.fixture
def store(tmp_path: Path) -> CrimeStore:
    extract = tmp_path / "extract.csv"
    with extract.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["crime_reference", "recorded_date", "offence_code", "offender_id"])
        writer.writerows(ROWS)
    path = tmp_path / "crime.duckdb"
    with CrimeStore(path) as writer_store:
        writer_store.ingest_recorded_crime(extract, force="nottinghamshire")
    opened = CrimeStore(path, read_only=True)
    yield opened
    opened.close()


def _members(store: CrimeStore) -> list[r.Member]:
    key = store.pseudonym
    return [
        r.Member(key("OFF-A"), D(2024, 1, 1), (r.CustodySpell(D(2024, 3, 1), D(2024, 5, 1)),)),
        r.Member(key("OFF-B"), D(2024, 6, 1)),
        r.Member(key("OFF-C"), D(2025, 9, 1)),
    ]


def test_offender_ids_are_stored_only_as_keyed_pseudonyms(store: CrimeStore) -> None:
    rows = store.con.execute("SELECT offender_pseudonym FROM recorded_crimes").fetchall()
    stored = {row[0] for row in rows}
    assert not any(s and s.startswith("OFF") for s in stored)
    salt = store.pseudonym_salt()
    # The register's keying (Python) equals the ingest's (DuckDB SQL), trimmed: A2 has spaces.
    assert pseudonym(salt, "OFF-A") in stored and pseudonym(salt, " OFF-A ") in stored
    count = store.con.execute(
        "SELECT count(*) FROM recorded_crimes WHERE offender_pseudonym = ?",
        [pseudonym(salt, "OFF-A")],
    ).fetchone()
    assert count == (7,)  # A0..A6
    assert None in stored  # X1 has none


def test_binary_frequency_and_severity_equal_the_hand_count(store: CrimeStore) -> None:
    report = r.reoffending_report(store.con, _members(store), follow_up_years=2)
    assert (report.extract_first, report.extract_last) == (D(2022, 6, 1), D(2026, 6, 30))
    cohort = report.groups[r.COHORT]
    before, year1, year2 = cohort.windows
    # Before: A (A1, A2), B (B1, B2, B3), C (C1): 3 people, all reoffended, 6 offences;
    # harm 273.5 + 1 + 365 + 365 + 1 + 1 = 1006.5; neighbourhood A1, B2: 2 offences by 2
    # people, 273.5 + 365 = 638.5 days.
    assert (before.people, before.reoffenders, before.offences) == (3, 3, 6)
    assert before.harm_days == pytest.approx(1006.5)
    assert (before.neighbourhood_offences, before.neighbourhood_reoffenders) == (2, 2)
    assert before.neighbourhood_harm_days == pytest.approx(638.5)
    # Year 1: A and B complete, C incomplete. A: A3, A5 (A4 was in custody); B: none.
    # Binary 1/2; frequency 2/2 = 1.0; per reoffender 2; severity (2 + 5) / 2 = 3.5.
    assert (year1.people, year1.incomplete, year1.reoffenders, year1.offences) == (2, 1, 1, 2)
    assert year1.binary.value == 0.5 and year1.frequency == 1.0 and year1.per_reoffender == 2
    assert year1.severity == pytest.approx(3.5)
    assert (year1.neighbourhood_offences, year1.neighbourhood_reoffenders) == (2, 1)
    # Year 2: A (A6), B (B4): binary 2/2, 2 offences, harm 1 + 3 = 4; no neighbourhood crime.
    assert (year2.people, year2.incomplete, year2.reoffenders, year2.offences) == (2, 1, 2, 2)
    assert year2.harm_days == pytest.approx(4.0) and year2.neighbourhood_offences == 0
    assert year1.days_at_risk == 2 * 365
    # Change for people complete before and in year 1 (A, B): 5 offences before, 2 after.
    assert (cohort.change.people, cohort.change.before_offences) == (2, 5)
    assert cohort.change.after_offences == 2 and cohort.change.rate_ratio == pytest.approx(0.4)


def test_comparison_group_is_the_eligible_people_not_selected(store: CrimeStore) -> None:
    report = r.reoffending_report(store.con, _members(store), comparison_min_offences=2)
    comparison = report.groups[r.COMPARISON]
    # Only D: 2 offences (D1, D2) in 2023-01-01..2023-12-31, before the index date
    # 2024-01-01; E has one; Z one a year; A, B, C are in the cohort.
    assert comparison.people == 1
    before, year1, _ = comparison.windows
    assert (before.offences, year1.offences, year1.reoffenders) == (2, 1, 1)
    assert report.notes and "Comparison group" in report.notes[0]


def test_wilson_interval_matches_newcombe_1998() -> None:
    # Newcombe (1998), Statistics in Medicine 17:857, Table I, method 3 (score interval):
    # 81/263 -> 0.2553 to 0.3662; 15/148 -> 0.0624 to 0.1605; 0/20 -> 0 to 0.1611.
    for (k, n), (low, high) in {
        (81, 263): (0.2553, 0.3662),
        (15, 148): (0.0624, 0.1605),
        (0, 20): (0.0, 0.1611),
    }.items():
        got = r.wilson_interval(k, n)
        assert (round(got[0], 4), round(got[1], 4)) == (low, high)
    assert r.wilson_interval(0, 0) == (None, None)


def test_time_at_risk_walk_equals_a_day_by_day_count() -> None:
    """The jump arithmetic against a brute-force walk over random custody spells."""
    rng = random.Random(7)
    for _ in range(300):
        selected = D(2024, 1, 1).toordinal() + rng.randrange(-50, 50)
        spells = []
        for _ in range(rng.randrange(0, 4)):
            start = selected + rng.randrange(-500, 500)
            spells.append(
                r.CustodySpell(D.fromordinal(start), D.fromordinal(start + rng.randrange(1, 120)))
            )
        merged = r._custody_days(spells, D(2030, 1, 1))
        in_custody = {d for a, b in merged for d in range(a, b)}
        target = rng.randrange(1, 400)
        for step in (1, -1):
            day, counted = (selected if step == 1 else selected - 1), 0
            while True:
                if day not in in_custody:
                    counted += 1
                    if counted == target:
                        break
                day += step
            assert r._day_reaching(selected, target, merged, step) == day
        probe = selected + rng.randrange(-400, 400)
        if probe not in in_custody:
            if probe >= selected:
                expected = sum(1 for d in range(selected, probe) if d not in in_custody)
                assert r._after_offset(probe, selected, merged) == expected
            else:
                expected = sum(1 for d in range(probe + 1, selected) if d not in in_custody)
                assert r._before_offset(probe, selected, merged) == expected


def test_an_older_store_gains_the_offender_column(tmp_path: Path) -> None:
    path = tmp_path / "crime.duckdb"
    with CrimeStore(path):
        pass
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE recorded_crimes DROP COLUMN offender_pseudonym")
    con.execute("UPDATE store_meta SET value = 'old' WHERE key = 'lookup_digest'")
    con.close()
    with CrimeStore(path) as store:
        columns = [c[0] for c in store.con.execute("DESCRIBE recorded_crimes").fetchall()]
    assert "offender_pseudonym" in columns
