"""The safeguarding register's year in numbers (dashboard and annual report): counts of the
period only, each under 5 suppressed so that no victim can be picked out."""

from __future__ import annotations

import datetime as dt

import pytest

from prevhub.safeguarding.choices import OrderKind
from prevhub.safeguarding.selectors import team_figures
from tests.safeguarding.helpers import make_case, make_order

pytestmark = pytest.mark.django_db
YEAR = (dt.date(2024, 1, 1), dt.date(2025, 1, 1))


def test_counts_inside_the_year_with_small_numbers_suppressed() -> None:
    # By hand: 6 cases opened in 2024 (one more in 2023, not counted); 5 DVPOs made in 2024
    # and 1 in 2023; 2 SPOs in 2024 (under 5: suppressed); no MARAC referrals.
    cases = [make_case(opened_on=dt.date(2024, m, 10)) for m in range(1, 7)]
    make_case(opened_on=dt.date(2023, 12, 31))
    for n in range(5):
        make_order(case=cases[n], kind=OrderKind.DVPO, made_on=dt.date(2024, 3, 1 + n))
    make_order(case=cases[5], kind=OrderKind.DVPO, made_on=dt.date(2023, 6, 1))
    for n in range(2):
        make_order(case=cases[n], kind=OrderKind.SPO, made_on=dt.date(2024, 9, 1))
    figures = {f.label: f.value for f in team_figures(*YEAR)}
    assert figures["Victims' cases opened"] == 6
    assert figures[f"{OrderKind.DVPO.label} made"] == 5
    assert figures[f"{OrderKind.SPO.label} made"] is None
    assert figures["MARAC referrals"] is None


def test_a_year_with_nothing_recorded_gives_no_figures() -> None:
    make_case(opened_on=dt.date(2022, 5, 1))
    assert team_figures(*YEAR) == []
