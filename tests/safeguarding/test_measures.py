"""The measures against counts made by hand from a small invented register.

Register (districts North and South):
- victim A, case North: incidents 10 Jan 2026 and 15 Feb 2026;
- victim B, case South: incidents 20 Feb 2025 and 10 Feb 2026;
- victim C, one case in North (incident 1 Feb 2026) and one in South (2 Feb 2026).
Repeat victims (2+ incidents in the 12 months to the end of the month):
- Feb 2026 (1 Mar 2025 - 28 Feb 2026): A 2, B 1 (Feb 2025 is outside), C 2 -> all districts
  3 victims, 2 repeat; North: A 2, C 1 -> 2 victims, 1 repeat; South: B 1, C 1 -> 2, 0.
- Jan 2026 (1 Feb 2025 - 31 Jan 2026): A 1, B 1 -> 2 victims, 0 repeat.
Orders (case A unless said): DVPN applied 3 Feb 09:00, authorised 09:30, served 10:00; DVPO
after it applied 3 Feb 12:00, granted 5 Feb 10:00 (48 hours after service); SPO (case B)
applied 20 Feb, refused 1 Mar; a third-party non-molestation order (case B, not counted).
-> Feb: applied 3 (North 2, South 1), granted 2 (North); Mar: granted 0.
Breaches of the DVPO: 10 Feb, 2 Mar -> Feb 1, Mar 1 (North).
Risk: case A high 4 Feb, MARAC 6 Feb; case B standard overridden to high 12 Feb, no MARAC;
case C-North medium -> Feb: 2 high-risk cases, 1 referred (share 0.5).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import api_client_for, make_user
from prevhub.safeguarding import selectors
from prevhub.safeguarding.choices import OrderKind, OrderStatus
from prevhub.safeguarding.models import Breach, Incident, MaracReferral, RiskAssessment
from tests.safeguarding.helpers import at, make_case, make_order, make_victim

pytestmark = pytest.mark.django_db


def answers(yes: int) -> dict[str, str]:
    return {f"q{i}": ("yes" if i <= yes else "no") for i in range(1, 28)}


def build() -> None:
    a = make_case(district="North")
    b = make_case(district="South")
    c_victim = make_victim(given_name="Cee")
    c_north = make_case(victim=c_victim, district="North")
    c_south = make_case(victim=c_victim, district="South")
    for case, when in (
        (a, at(2026, 1, 10, 12)),
        (a, at(2026, 2, 15, 12)),
        (b, at(2025, 2, 20, 12)),
        (b, at(2026, 2, 10, 12)),
        (c_north, at(2026, 2, 1, 12)),
        (c_south, at(2026, 2, 2, 12)),
    ):
        Incident.objects.create(case=case, occurred_at=when)
    dvpn = make_order(
        a,
        OrderKind.DVPN,
        OrderStatus.EXPIRED,
        applied_at=at(2026, 2, 3, 9),
        decided_at=at(2026, 2, 3, 9, 30),
        served_at=at(2026, 2, 3, 10),
    )
    dvpo = make_order(
        a,
        OrderKind.DVPO,
        OrderStatus.BREACHED,
        notice=dvpn,
        applied_at=at(2026, 2, 3, 12),
        decided_at=at(2026, 2, 5, 10),
        made_on=dt.date(2026, 2, 5),
        ends_on=dt.date(2026, 3, 4),
    )
    make_order(
        b,
        OrderKind.SPO,
        OrderStatus.REFUSED,
        applied_at=at(2026, 2, 20, 10),
        decided_at=at(2026, 3, 1, 10),
    )
    make_order(
        b,
        OrderKind.NON_MOLESTATION,
        OrderStatus.ACTIVE,
        applied_at=at(2026, 2, 10, 10),
        decided_at=at(2026, 2, 11, 10),
    )
    for when in (at(2026, 2, 10, 22), at(2026, 3, 2, 8)):
        Breach.objects.create(order=dvpo, occurred_at=when, description="x", action_taken="arrest")
    RiskAssessment.objects.create(case=a, answers=answers(14), assessed_at=at(2026, 2, 4, 9))
    MaracReferral.objects.create(case=a, referred_on=dt.date(2026, 2, 6), visible_high_risk=True)
    RiskAssessment.objects.create(
        case=b,
        answers=answers(3),
        assessed_at=at(2026, 2, 12, 9),
        override_level="high",
        override_reason="Threats to kill.",
    )
    RiskAssessment.objects.create(case=c_north, answers=answers(11), assessed_at=at(2026, 2, 13, 9))


def row(rows: list[dict[str, Any]], month: str, district: str) -> dict[str, Any]:
    return next(r for r in rows if r["month"] == month and r["district"] == district)


def test_measures_match_the_hand_counts() -> None:
    build()
    rows = selectors.measures(
        make_user(roles.SAFEGUARDING), first_month="2026-01", last_month="2026-03"
    )
    feb, feb_n, feb_s = (row(rows, "2026-02", d) for d in ("All districts", "North", "South"))
    assert (feb["victims_with_incidents"], feb["repeat_victims"]) == (3, 2)
    assert (feb_n["victims_with_incidents"], feb_n["repeat_victims"]) == (2, 1)
    assert (feb_s["victims_with_incidents"], feb_s["repeat_victims"]) == (2, 0)
    jan = row(rows, "2026-01", "All districts")
    assert (jan["victims_with_incidents"], jan["repeat_victims"]) == (2, 0)
    assert (feb["orders_applied"], feb_n["orders_applied"], feb_s["orders_applied"]) == (3, 2, 1)
    assert (feb["orders_granted"], feb_n["orders_granted"]) == (2, 2)
    mar = row(rows, "2026-03", "All districts")
    assert (mar["orders_applied"], mar["orders_granted"], mar["breaches"]) == (0, 0, 1)
    assert feb["breaches"] == 1
    assert feb["notice_to_order_hours_median"] == 48.0
    assert (feb["high_risk_cases"], feb["high_risk_referred"], feb["high_risk_referred_share"]) == (
        2,
        1,
        0.5,
    )
    assert (feb_n["high_risk_cases"], feb_n["high_risk_referred"]) == (1, 1)
    assert (feb_s["high_risk_cases"], feb_s["high_risk_referred"]) == (1, 0)


def test_measures_page_and_api_are_for_officers_only(client: Any) -> None:
    build()
    officer = make_user(roles.SAFEGUARDING)
    body = (
        api_client_for(officer)
        .get("/api/safeguarding/measures/", {"from": "2026-02", "to": "2026-02"})
        .json()
    )
    assert row(body["rows"], "2026-02", "All districts")["repeat_victims"] == 2
    client.force_login(officer)
    assert client.get("/safeguarding/measures/?from=2026-02&to=2026-02").status_code == 200
    hub_lead = make_user(roles.HUB_LEAD)
    assert (
        api_client_for(hub_lead)
        .get("/api/safeguarding/measures/", {"from": "2026-02", "to": "2026-02"})
        .status_code
        == 404
    )
