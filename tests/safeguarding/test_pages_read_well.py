"""Safeguarding pages in the hub's words: one date format, officers by name, an order's
deadlines before its other facts, a flagged case offering the step it needs, and measures with
thousands separators, months in words and a trend chart of the same figures."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import make_user
from prevhub.people.models import Person
from prevhub.safeguarding import selectors
from prevhub.safeguarding.choices import OrderKind, OrderStatus
from prevhub.safeguarding.models import Incident, RiskAssessment, SafeguardingCase
from tests.safeguarding.helpers import at, make_case, make_order

pytestmark = pytest.mark.django_db

TIMES_OF_DAY = re.compile(r"\b\d{1,2}:\d{2}\s*[ap]\.?m\.?", re.I)


def test_the_case_page_writes_dates_one_way_and_officers_by_name(client: Any) -> None:
    officer = make_user(
        roles.SAFEGUARDING, username="pc1234", first_name="Morwenna", last_name="Trelawny"
    )
    case = make_case(
        officer_in_case=officer, opened_on=dt.date(2026, 3, 1), review_date=dt.date(2099, 5, 30)
    )
    RiskAssessment.objects.create(
        case=case, answers={"q1": "yes"}, assessed_at=at(2026, 3, 2, 22, 56)
    )
    client.force_login(make_user(roles.SAFEGUARDING, first_name="Reader", last_name="Only"))
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Morwenna Trelawny" in html and "pc1234" not in html
    assert "1 Mar 2026" in html and "30 May 2099" in html
    assert "2 Mar 2026, 22:56" in html  # the assessment, 24-hour clock, UK time
    assert not TIMES_OF_DAY.search(html), TIMES_OF_DAY.search(html)
    assert "March 1, 2026" not in html and "2026-03-01" not in html


def test_a_case_without_a_dash_offers_to_add_one(client: Any) -> None:
    case = make_case()
    client.force_login(make_user(roles.SAFEGUARDING))
    html = client.get(case.get_absolute_url()).content.decode()
    banner = html[html.index('data-testid="case-needs"') :]
    assert "No DASH assessment is recorded." in banner
    assert (
        f'href="/safeguarding/assessments/add/?case={case.pk}" data-testid="case-need-action"'
        in banner
    )


def test_a_high_risk_case_without_marac_offers_the_referral(client: Any) -> None:
    case = make_case()
    answers = {f"q{i}": "yes" if i <= 15 else "no" for i in range(1, 28)}
    RiskAssessment.objects.create(case=case, answers=answers, assessed_at=at(2026, 3, 2, 9))
    client.force_login(make_user(roles.SAFEGUARDING))
    html = client.get(case.get_absolute_url()).content.decode()
    link = f'href="/safeguarding/marac/add/?case={case.pk}" data-testid="case-need-action"'
    assert f"{link}>Refer to MARAC<" in html
    needs = selectors.case_needs(case, make_user(roles.SAFEGUARDING))
    assert [n.action[0] for n in needs] == ["Refer to MARAC"]


def test_an_orders_deadlines_come_first(client: Any) -> None:
    # Served Thursday 2 April 2026 18:00: Good Friday, Sunday and Easter Monday do not count,
    # so the 48 hours run to Tuesday 7 April 18:00 (docs/safeguarding.md, worked example).
    order = make_order(kind=OrderKind.DVPN, status=OrderStatus.SERVED, served_at=at(2026, 4, 2, 18))
    client.force_login(make_user(roles.SAFEGUARDING))
    html = client.get(order.get_absolute_url()).content.decode()
    deadlines = html.index('data-testid="order-deadlines"')
    assert deadlines < html.index(">The order<") < html.index('govuk-summary-list__key">Kind<')
    block = html[deadlines : html.index("</dl>", deadlines)]
    assert "Hearing must begin by" in block and "7 Apr 2026, 18:00" in block
    assert 'data-testid="deadline-urgency">Overdue<' in block  # long past, still served


def test_measures_have_separators_months_in_words_and_a_chart_of_the_same_figures(
    client: Any,
) -> None:
    # 1,000 victims with one incident each in March 2026 and one with two: 1,001 victims
    # with incidents, 1 repeat victim (counted directly from what is created here).
    people = Person.objects.bulk_create(
        Person(given_name="Test", family_name=f"Victim{i}") for i in range(1001)
    )
    cases = SafeguardingCase.objects.bulk_create(
        SafeguardingCase(victim=p, abuse_types=["domestic_abuse"], district="North") for p in people
    )
    Incident.objects.bulk_create(
        [Incident(case=c, occurred_at=at(2026, 3, 10, 12)) for c in cases]
        + [Incident(case=cases[0], occurred_at=at(2026, 3, 20, 12))]
    )
    client.force_login(make_user(roles.SAFEGUARDING))
    html = client.get("/safeguarding/measures/?from=2026-02&to=2026-03").content.decode()
    assert ">1,001</td>" in html
    assert ">Mar 2026</td>" in html and ">2026-03</td>" not in html
    spec = json.loads(
        re.search(
            r'<script id="measures-spec" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )
    points = {(p["month"], p["measure"]): p["count"] for p in spec["data"]["values"]}
    assert points[("2026-03-01", "Repeat victims")] == 1
    assert points[("2026-02-01", "Repeat victims")] == 0
    assert spec["facet"]["field"] == "measure"  # a panel per measure, named: not colour alone
    assert "vendor/charts/charts.min.mjs" in html


def test_dash_answers_read_in_words(client: Any) -> None:
    case = make_case()
    assessment = RiskAssessment.objects.create(
        case=case, answers={"q1": "yes", "q2": "not_known"}, assessed_at=at(2026, 3, 2, 9)
    )
    client.force_login(make_user(roles.SAFEGUARDING))
    html = client.get(assessment.get_absolute_url()).content.decode()
    answers = re.findall(
        r'<td class="govuk-table__cell">(Yes|No|Not known|Not recorded)</td>', html
    )
    assert answers[:3] == ["Yes", "Not known", "Not recorded"] and len(answers) == 27
    assert "not_known" not in html


def test_a_partner_reading_a_shared_case_is_not_offered_the_officers_steps(client: Any) -> None:
    from prevhub.core.testing import OrganisationFactory

    idva = OrganisationFactory(name="IDVA service")
    case = make_case([idva])  # no DASH: an officer would be offered one
    client.force_login(make_user(roles.PARTNER, idva))
    html = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="case-needs"' not in html
    assert "/safeguarding/assessments/add/" not in html and "/safeguarding/marac/add/" not in html
