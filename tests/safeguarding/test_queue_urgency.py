"""The work queue makes urgency visible: one list in deadline order whatever the section, each
row with its urgency in words (a GOV.UK tag whose colour only repeats the words), the time
left, a link to its case and the step it needs. Deadlines here are set by hand and the
expected order and wording worked out from them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from prevhub.core import roles
from prevhub.core.testing import make_user
from prevhub.safeguarding import selectors
from prevhub.safeguarding.choices import OrderKind, OrderStatus
from prevhub.safeguarding.models import RiskAssessment
from tests.safeguarding.helpers import at, make_case, make_order

pytestmark = pytest.mark.django_db

NOW = at(2026, 6, 10, 9)  # Wednesday 10 June 2026, 09:00: no holiday within the week


def high_risk(case: Any, when: dt.datetime) -> None:
    answers = {f"q{i}": "yes" if i <= 14 else "no" for i in range(1, 28)}  # 14 yes: high
    RiskAssessment.objects.create(case=case, answers=answers, assessed_at=when)


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (NOW - dt.timedelta(minutes=1), "overdue"),
        (NOW + dt.timedelta(hours=23, minutes=59), "day"),
        (NOW + dt.timedelta(hours=24), "day"),
        (NOW + dt.timedelta(hours=25), "3days"),
        (NOW + dt.timedelta(days=3), "3days"),
        (NOW + dt.timedelta(days=7), "later"),
        # A review date is due by the end of its day: yesterday's is overdue, today's is not.
        (dt.date(2026, 6, 9), "overdue"),
        (dt.date(2026, 6, 10), "day"),
    ],
)
def test_urgency_bands(due: dt.datetime | dt.date, expected: str) -> None:
    assert selectors.urgency(due, NOW).key == expected


def test_time_left_reads_as_an_officer_would_say_it() -> None:
    assert selectors.time_remaining(NOW + dt.timedelta(hours=20, minutes=30), NOW) == "in 20 hours"
    assert selectors.time_remaining(NOW + dt.timedelta(days=6, hours=4), NOW) == "in 6 days 4 hours"
    assert selectors.time_remaining(NOW + dt.timedelta(minutes=1), NOW) == "in 1 minute"
    assert selectors.time_remaining(NOW - dt.timedelta(hours=1), NOW) == "1 hour ago"
    assert selectors.time_remaining(dt.date(2026, 6, 8), NOW) == "2 days ago"
    assert selectors.time_remaining(dt.date(2026, 6, 11), NOW) == "in 1 day"


def build() -> dict[str, Any]:
    """One of each: a DVPN hearing due in 24 hours, a DVPO ending in 7 days, an overdue case
    review, a high-risk case with no MARAC referral."""
    case = make_case(review_date=dt.date(2026, 9, 1))
    made: dict[str, Any] = {"case": case}
    # Served Tuesday 9 June 09:00: 48 counted hours (no Sunday or holiday) end Thu 11 June
    # 09:00, 24 hours after NOW.
    made["dvpn"] = make_order(case, OrderKind.DVPN, OrderStatus.SERVED, served_at=at(2026, 6, 9, 9))
    # Made 4 June, last day 16 June: ends at midnight starting 17 June, 6 days 15 hours on.
    made["dvpo"] = make_order(
        case, OrderKind.DVPO, made_on=dt.date(2026, 6, 4), ends_on=dt.date(2026, 6, 16)
    )
    made["review"] = make_case(review_date=dt.date(2026, 6, 1))
    RiskAssessment.objects.create(
        case=made["review"], answers={"q1": "yes"}, assessed_at=at(2026, 3, 1, 9)
    )
    made["high"] = make_case(review_date=dt.date(2026, 9, 1))
    high_risk(made["high"], at(2026, 6, 8, 9))
    return made


def test_the_queue_is_one_list_in_deadline_order_across_sections() -> None:
    made = build()
    queue = selectors.work_queue(make_user(roles.SAFEGUARDING), now=NOW, days=7)
    rows = [(i.reference, i.urgency.key, i.remaining) for i in queue.items()]
    assert rows == [
        (made["review"].reference, "overdue", "9 days ago"),  # due 1 June
        (made["high"].reference, "action", "high risk for 2 days"),  # high risk since 8 June 09:00
        (made["dvpn"].reference, "day", "in 24 hours"),  # 11 June 09:00
        (made["dvpo"].reference, "later", "in 6 days 15 hours"),  # 17 June 00:00
    ]


def test_each_row_links_its_case_and_the_step_it_needs() -> None:
    made = build()
    queue = selectors.work_queue(make_user(roles.SAFEGUARDING), now=NOW, days=7)
    by_ref = {i.reference: i for i in queue.items()}
    dvpn = by_ref[made["dvpn"].reference]
    assert dvpn.case_url == made["case"].get_absolute_url()
    assert dvpn.action == (
        "Record the hearing outcome",
        f"{made['dvpn'].get_absolute_url()}#next-step",
    )
    high = made["high"]
    assert by_ref[high.reference].action == (
        "Refer to MARAC",
        f"/safeguarding/marac/add/?case={high.pk}",
    )
    review = made["review"]
    assert by_ref[review.reference].action == (
        "Add a DASH assessment",
        f"/safeguarding/assessments/add/?case={review.pk}",
    )


def test_the_page_sets_a_24_hour_hearing_apart_from_a_7_day_expiry(client: Any) -> None:
    now = timezone.localtime()
    case = make_case(review_date=now.date() + dt.timedelta(days=60))
    hearing = make_order(
        case, OrderKind.DVPO, OrderStatus.APPLIED, hearing_at=now + dt.timedelta(hours=20)
    )
    # Last day six days on: it ends at the midnight that starts the seventh day.
    expiring = make_order(
        case,
        OrderKind.DVPO,
        made_on=now.date() - dt.timedelta(days=7),
        ends_on=now.date() + dt.timedelta(days=6),
    )
    client.force_login(make_user(roles.SAFEGUARDING))
    html = client.get("/safeguarding/?days=7").content.decode()
    rows = re.findall(
        r'<tr class="[^"]*" data-testid="queue-row" data-urgency="(\w+)">(.*?)</tr>', html, re.S
    )
    assert [key for key, _ in rows] == ["day", "later"]  # soonest first
    first, second = (body for _, body in rows)
    assert hearing.reference in first and expiring.reference in second
    assert 'govuk-tag--orange" data-testid="urgency">Due within 24 hours<' in first
    assert 'govuk-tag--grey" data-testid="urgency">Due later<' in second
    assert re.search(r'data-testid="remaining">in (19|20) hours<', first)
    assert f'href="{case.get_absolute_url()}" data-testid="case-link"' in first


def test_add_pages_opened_from_the_queue_have_the_case_filled_in(client: Any) -> None:
    case = make_case()
    client.force_login(make_user(roles.SAFEGUARDING))
    for path in ("/safeguarding/marac/add/", "/safeguarding/assessments/add/"):
        html = client.get(f"{path}?case={case.pk}").content.decode()
        assert re.search(rf'<option value="{case.pk}" selected>', html), path


def test_the_digest_says_how_urgent_each_line_is() -> None:
    made = build()
    text = selectors.digest_text(selectors.work_queue(None, now=NOW, days=7))
    assert "(next 7 days): 4 items." in text
    dvpn = next(
        line for line in text.splitlines() if line.startswith(f"- {made['dvpn'].reference}")
    )
    # Served Tue 9 June 09:00; 48 counted hours end Thu 11 June 09:00.
    assert dvpn.endswith(
        "hearing must begin by 11 Jun 2026, 09:00: DUE WITHIN 24 HOURS, in 24 hours"
    )
    review = next(line for line in text.splitlines() if made["review"].reference in line)
    assert review.endswith("Case review was due on 1 Jun 2026: OVERDUE, 9 days ago")
