"""The work queue lists exactly what is due; the digest carries references, never names."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from typer.testing import CliRunner

from prevhub.cli import app
from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import api_client_for, make_user
from prevhub.safeguarding import selectors
from prevhub.safeguarding.choices import OrderKind, OrderStatus
from prevhub.safeguarding.models import MaracReferral, RiskAssessment
from tests.safeguarding.helpers import at, make_case, make_order, make_victim

pytestmark = pytest.mark.django_db

NOW = at(2026, 4, 2, 20)  # Thursday before Easter, 20:00
OPENED = dt.date(2026, 3, 1)


def answers(yes: int) -> dict[str, str]:
    return {f"q{i}": ("yes" if i <= yes else "no") for i in range(1, 28)}


def build_register() -> dict[str, Any]:
    case = make_case(opened_on=OPENED, review_date=dt.date(2026, 6, 1))
    made = {}
    made["dvpn"] = make_order(
        case, OrderKind.DVPN, OrderStatus.SERVED, served_at=at(2026, 4, 2, 18)
    )
    make_order(case, OrderKind.DVPN, OrderStatus.EXPIRED, served_at=at(2026, 3, 20, 10))
    made["dvpo_ending"] = make_order(
        case, OrderKind.DVPO, made_on=dt.date(2026, 3, 20), ends_on=dt.date(2026, 4, 5)
    )
    make_order(case, OrderKind.DVPO, made_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 4, 28))
    made["spo_unnotified"] = make_order(
        case,
        OrderKind.SPO,
        made_on=dt.date(2026, 3, 31),
        until_further_order=True,
        served_at=at(2026, 4, 1, 10),
    )
    make_order(
        case,
        OrderKind.SPO,
        made_on=dt.date(2026, 3, 31),
        until_further_order=True,
        served_at=at(2026, 4, 1, 10),
        notification_received_on=dt.date(2026, 4, 2),
    )
    made["listed"] = make_order(
        case, OrderKind.DVPO, OrderStatus.APPLIED, hearing_at=at(2026, 4, 3, 10)
    )
    made["overdue_review"] = make_case(opened_on=OPENED, review_date=dt.date(2026, 3, 31))
    make_case(opened_on=OPENED, review_date=dt.date(2026, 4, 10))
    high = make_case(opened_on=OPENED, review_date=dt.date(2026, 6, 1))
    RiskAssessment.objects.create(case=high, answers=answers(14), assessed_at=at(2026, 3, 30, 9))
    made["high_no_marac"] = high
    referred = make_case(opened_on=OPENED, review_date=dt.date(2026, 6, 1))
    RiskAssessment.objects.create(
        case=referred, answers=answers(15), assessed_at=at(2026, 3, 30, 9)
    )
    MaracReferral.objects.create(
        case=referred, referred_on=dt.date(2026, 3, 31), visible_high_risk=True
    )
    medium = make_case(opened_on=OPENED, review_date=dt.date(2026, 6, 1))
    RiskAssessment.objects.create(case=medium, answers=answers(12), assessed_at=at(2026, 3, 30, 9))
    return made


def refs(items: list[selectors.QueueItem]) -> list[tuple[str, dt.datetime | dt.date]]:
    return [(i.reference, i.due) for i in items]


def test_the_work_queue_lists_exactly_the_items_due() -> None:
    made = build_register()
    queue = selectors.work_queue(make_user(roles.SAFEGUARDING), now=NOW, days=7)
    # DVPN served Thu 2 April 18:00: hearing by Tue 7 April 18:00 (Good Friday, Sunday and
    # Easter Monday left out); a DVPO hearing listed for Fri 3 April 10:00.
    assert refs(queue.hearings) == [
        (made["listed"].reference, at(2026, 4, 3, 10)),
        (made["dvpn"].reference, at(2026, 4, 7, 18)),
    ]
    # DVPO 20 March - 5 April ends at midnight starting 6 April; the other runs to 28 April.
    assert refs(queue.expiring) == [(made["dvpo_ending"].reference, at(2026, 4, 6))]
    # SPO served 1 April: 3 days beginning that day end at midnight starting 4 April.
    assert refs(queue.notifications) == [(made["spo_unnotified"].reference, at(2026, 4, 4))]
    assert refs(queue.reviews) == [(made["overdue_review"].reference, dt.date(2026, 3, 31))]
    assert [i.reference for i in queue.no_marac] == [made["high_no_marac"].reference]
    assert len(queue) == 6


def test_the_queue_grows_with_the_horizon() -> None:
    made = build_register()
    queue = selectors.work_queue(make_user(roles.SAFEGUARDING), now=NOW, days=1)
    assert [i.reference for i in queue.hearings] == [made["listed"].reference]
    # 1 day ahead ends Fri 3 April 20:00: the notification deadline (4 April 00:00) is beyond.
    assert queue.expiring == [] and queue.notifications == []


def test_the_digest_names_references_and_never_the_victim() -> None:
    victim = make_victim(given_name="Ottoline", family_name="Undisclosed")
    case = make_case(victim=victim, review_date=timezone.localdate() - dt.timedelta(days=1))
    text = selectors.digest_text(selectors.work_queue(None, days=7))
    assert case.reference in text and "Case review was due on" in text
    assert "Ottoline" not in text and "Undisclosed" not in text


def test_digest_command_prints_and_sends_each_officer_their_queue() -> None:
    case = make_case(review_date=timezone.localdate() - dt.timedelta(days=2))
    make_user(roles.SAFEGUARDING, username="officer1", email="officer1@example.org")
    make_user(roles.SAFEGUARDING, username="noaddress")
    make_user(roles.ANALYST, username="analyst", email="analyst@example.org")
    runner = CliRunner()
    printed = runner.invoke(app, ["safeguarding", "digest", "--days", "3"])
    assert printed.exit_code == 0, printed.output
    assert case.reference in printed.output and "next 3 days" in printed.output
    sent = runner.invoke(app, ["safeguarding", "digest", "--send"])
    assert sent.exit_code == 0, sent.output
    assert [m.to for m in mail.outbox] == [["officer1@example.org"]]
    assert case.reference in mail.outbox[0].body
    assert mail.outbox[0].subject == "Safeguarding work queue: 1 item(s) due"
    entry = AuditEntry.objects.filter(object_type="safeguarding.workqueue").latest("id")
    assert entry.detail == "digest e-mailed to 1 officer(s)" and entry.source == "cli"


def test_work_queue_page_and_api_show_the_same_items(client: Any) -> None:
    case = make_case(review_date=timezone.localdate() - dt.timedelta(days=1))
    officer = make_user(roles.SAFEGUARDING)
    client.force_login(officer)
    page = client.get("/safeguarding/?days=5").content.decode()
    assert case.reference in page and "Overdue" in page
    body = api_client_for(officer).get("/api/safeguarding/work-queue/?days=5").json()
    assert [i["reference"] for i in body["sections"]["reviews"]] == [case.reference]
