"""The demo: invented cohort and a generated, seeded extract with offender ids; its figures
equal an independent day-by-day count of the same generated file read with the csv module
(tests/reoffending/brute.py shares no code with the library)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from prevhub.crime.offender_extract import generate_offender_extract
from prevhub.reoffending import selectors
from prevhub.reoffending.demo import DEMO_SEED, demo_offender_reference, load_reoffending_demo
from prevhub.reoffending.models import CohortMember
from tests.reoffending.brute import HARM, read_extract, window_days

pytestmark = pytest.mark.django_db


def test_demo_figures_equal_an_independent_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "crime.duckdb"
    monkeypatch.setenv("PREVHUB_STORE", str(store))
    assert "12 cohort members" in load_reoffending_demo(store_path=store)
    assert load_reoffending_demo(store_path=store) == "reoffending demo: already loaded"
    # The same file, generated again with the demo's seed and parameters.
    today = timezone.localdate()
    last = today - dt.timedelta(days=1)
    first = last - dt.timedelta(days=3 * 365)
    members = list(CohortMember.objects.order_by("pk"))
    extract = tmp_path / "again.csv"
    generate_offender_extract(
        extract, rows=20_000, offenders=3_000, first=first, last=last, seed=DEMO_SEED,
        cohort=[(m.offender_reference, m.selected_on) for m in members],
    )  # fmt: skip
    rows = read_extract(extract)
    span = [d for person in rows.values() for d, _ in person]
    lo, hi = min(span), max(span)
    expected: dict[int, list[int | float]] = {0: [0, 0, 0, 0.0], 1: [0, 0, 0, 0.0]}
    for member in members:
        custody = [(c.started_on, c.released_on) for c in member.custody.all()]
        for year in (0, 1):
            days = set(window_days(member.selected_on, custody, year=year))
            if min(days) < lo or max(days) > hi:
                continue
            mine = [code for day, code in rows.get(member.offender_reference, []) if day in days]
            tally = expected[year]
            tally[0] += 1
            tally[1] += 1 if mine else 0
            tally[2] += len(mine)
            tally[3] += sum(HARM[c] for c in mine)
    report = selectors.measures_report(store_path=store)
    cohort = report.groups["cohort"]
    for year, name in ((0, "before"), (1, "year 1")):
        window = cohort.window(name)
        got = [window.people, window.reoffenders, window.offences, window.harm_days]
        assert got == pytest.approx(expected[year]), name
    # Arlo and Bea were selected 800 and 760 days ago: the year before them starts before the
    # three-year extract, so 10 of 12 have a complete year before; those selected over a year
    # ago (10: all but Kit, 300 days, and Lou, 120) have a complete year 1.
    assert expected[0][0] == 10 and expected[1][0] == 10
    assert demo_offender_reference(1) == members[0].offender_reference
