"""The monthly surveillance report: suspected deaths never counted as concluded suicides,
small numbers withheld with secondary suppression, the CSV export and the team's figures.
Expected tables are worked by hand from the records made here (comments)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import make_user
from prevhub.suicide_prevention import selectors
from tests.suicide_prevention.helpers import at, make_record

pytestmark = pytest.mark.django_db

CONCLUDED = "Suicides concluded by the coroner"


@pytest.fixture
def records() -> None:
    """January 2026: 5 concluded suicides of men (25-34, hanging), 2 of women (45-54,
    poisoning); 7 suspected deaths of men (35-44, fall); 1 narrative conclusion and 1 death
    found not to be suicide (counted in no group); 3 attempts. February: 6 concluded
    suicides of men (25-34, hanging)."""
    concluded = {"status": "suicide", "concluded_on": dt.date(2026, 6, 1)}
    for day in range(1, 6):
        make_record(occurred_at=at(2026, 1, day), sex="male", age_band="25-34",
                    method="hanging", **concluded)  # fmt: skip
    for day in (10, 11):
        make_record(occurred_at=at(2026, 1, day), sex="female", age_band="45-54",
                    method="poisoning", **concluded)  # fmt: skip
    for day in range(12, 19):
        make_record(occurred_at=at(2026, 1, day), sex="male", age_band="35-44", method="fall")
    make_record(occurred_at=at(2026, 1, 20), status="narrative", concluded_on=dt.date(2026, 6, 2))
    make_record(occurred_at=at(2026, 1, 21), status="not_suicide", concluded_on=dt.date(2026, 2, 1))
    for day in (22, 23, 24):
        make_record(occurred_at=at(2026, 1, day), kind="attempt", status="")
    for day in range(1, 7):
        make_record(occurred_at=at(2026, 2, day), sex="male", age_band="25-34",
                    method="hanging", **concluded)  # fmt: skip


def test_suspected_deaths_are_never_counted_as_concluded_suicides(records: None) -> None:
    report = selectors.monthly_report(first="2026-01", last="2026-02")
    # concluded: 5 + 2 (Jan) + 6 (Feb) = 13; the 7 suspected and the narrative are not in it
    assert report.table("concluded", "sex").cells[-1][-1] == 13
    assert report.table("suspected", "sex").cells[-1][-1] == 7
    assert report.monthly == {"concluded": [7, 6], "suspected": [7, 0], "attempts": [None, 0]}
    # Once the coroner concludes, the death moves from suspected to concluded.
    from prevhub.suicide_prevention.models import SurveillanceRecord

    one = SurveillanceRecord.objects.filter(status="suspected").first()
    one.status, one.concluded_on = "suicide", dt.date(2026, 7, 1)
    one.save()
    report = selectors.monthly_report(first="2026-01", last="2026-02")
    assert report.monthly["concluded"] == [8, 6] and report.monthly["suspected"] == [7 - 1, 0]


def test_small_numbers_are_withheld_with_secondary_suppression(records: None) -> None:
    """Concluded suicides by sex (male, female, not known | total):
        Jan   5  2  0 |  7      primary: the 2, and the female total 2.
        Feb   6  0  0 |  6      rows: Jan has one withheld (2): its other non-zero cell 5
        all  11  2  0 | 13      goes; the totals row has one (2): 11 goes. Columns: male
    and female have their totals withheld (skipped); the totals column has none. Done."""
    table = selectors.monthly_report(first="2026-01", last="2026-02").table("concluded", "sex")
    assert [c for c, _ in table.categories] == ["male", "female", "not_known"]
    assert table.cells == [[None, None, 0, 7], [6, 0, 0, 6], [None, None, 0, 13]]
    assert table.withheld == 4


def test_the_page_and_the_csv_show_the_same_withheld_cells(records: None, client: Any) -> None:
    client.force_login(make_user(roles.SUICIDE_PREVENTION))
    page = client.get("/suicide-prevention/report/?from=2026-01&to=2026-02")
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="report-chart"' in html
    assert 'data-testid="report-concluded-sex"' in html and "[c]" in html
    export = client.get("/suicide-prevention/report/?from=2026-01&to=2026-02&export=csv")
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    cell = {(r["group"], r["breakdown"], r["month"], r["category"]): r["count"] for r in rows}
    assert cell[(CONCLUDED, "Sex", "2026-01", "Female")] == "[c]"
    assert cell[(CONCLUDED, "Sex", "2026-01", "Male")] == "[c]"
    assert cell[(CONCLUDED, "Sex", "2026-02", "Male")] == "6"
    assert cell[(CONCLUDED, "Sex", "All", "All")] == "13"
    assert cell[("Attempts", "Sex", "2026-01", "All")] == "[c]"  # 3 attempts


def test_bad_months_are_refused_naming_the_field(client: Any) -> None:
    client.force_login(make_user(roles.HUB_LEAD))
    bad = client.get("/suicide-prevention/report/?from=2026-13&to=2026-02")
    assert bad.status_code == 400 and 'href="#from"' in bad.content.decode()
    backwards = client.get("/suicide-prevention/report/?from=2026-05&to=2026-02")
    assert backwards.status_code == 400 and "cannot be before" in backwards.content.decode()


def test_team_figures_keep_concluded_and_suspected_apart_and_withhold_small_counts(
    records: None,
) -> None:
    from prevhub.core.registry import registry

    figures = registry().team_figures(start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 1))
    lines = {f.label: f.value for f in figures["Suicide prevention"]}
    assert lines["Suicides concluded by the coroner"] == 13
    assert lines["Suspected suicides awaiting the coroner"] == 7
    assert "Attempts recorded" not in lines  # 3: withheld
    assert all("withheld" in f.caveat for f in figures["Suicide prevention"])


def test_no_figures_when_nothing_is_recorded() -> None:
    assert selectors.team_figures(start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 1)) == []
