"""Protection orders through their lifecycle: the services refuse every move the law or the
lifecycle does not allow, and the API shows the computed limits."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from prevhub.core import roles
from prevhub.core.testing import api_client_for, make_user
from prevhub.safeguarding import services
from prevhub.safeguarding.choices import OrderKind, OrderStatus
from prevhub.safeguarding.models import Breach, ProtectionOrder
from prevhub.safeguarding.rules import SafeguardingError
from tests.safeguarding.helpers import at, make_case, make_order

pytestmark = pytest.mark.django_db


def test_an_order_cannot_be_granted_before_it_is_applied_for() -> None:
    order = make_order(kind=OrderKind.SPO, status=OrderStatus.CONSIDERED)
    with pytest.raises(SafeguardingError, match="considered cannot become granted"):
        services.protection_order_transition(order=order, to_status=OrderStatus.GRANTED)
    assert ProtectionOrder.objects.get(pk=order.pk).status == OrderStatus.CONSIDERED


def test_ended_orders_go_nowhere_and_breaches_are_not_a_transition() -> None:
    order = make_order(status=OrderStatus.REFUSED)
    for target in (OrderStatus.ACTIVE, OrderStatus.APPLIED, OrderStatus.GRANTED):
        with pytest.raises(SafeguardingError):
            services.protection_order_transition(order=order, to_status=target)
    active = make_order(status=OrderStatus.ACTIVE)
    with pytest.raises(SafeguardingError, match="Record a breach"):
        services.protection_order_transition(order=active, to_status=OrderStatus.BREACHED)


def test_granting_a_dvpo_needs_a_lawful_period() -> None:
    order = make_order(kind=OrderKind.DVPO, status=OrderStatus.APPLIED)
    with pytest.raises(SafeguardingError, match="period the court set"):
        services.protection_order_transition(
            order=order, to_status=OrderStatus.GRANTED, at=at(2026, 6, 10, 11)
        )
    with pytest.raises(SafeguardingError, match="29 days"):
        services.protection_order_transition(
            order=order,
            to_status=OrderStatus.GRANTED,
            at=at(2026, 6, 10, 11),
            ends_on=dt.date(2026, 7, 8),
        )
    granted = services.protection_order_transition(
        order=order,
        to_status=OrderStatus.GRANTED,
        at=at(2026, 6, 10, 11),
        ends_on=dt.date(2026, 7, 7),
    )
    assert granted.made_on == dt.date(2026, 6, 10)
    assert granted.expires_at == at(2026, 7, 8)


def test_an_spo_shorter_than_two_years_is_refused() -> None:
    order = make_order(kind=OrderKind.SPO, status=OrderStatus.APPLIED)
    with pytest.raises(SafeguardingError, match="at least 2 years"):
        services.protection_order_transition(
            order=order,
            to_status=OrderStatus.GRANTED,
            at=at(2026, 3, 10, 10),
            ends_on=dt.date(2028, 3, 8),
        )
    granted = services.protection_order_transition(
        order=order,
        to_status=OrderStatus.GRANTED,
        at=at(2026, 3, 10, 10),
        ends_on=dt.date(2028, 3, 9),
    )
    assert granted.earliest_end == at(2028, 3, 10)


def test_deciding_the_order_ends_the_notice_it_followed() -> None:
    case = make_case()
    notice = make_order(
        case, kind=OrderKind.DVPN, status=OrderStatus.SERVED, served_at=at(2026, 4, 2, 18)
    )
    order = make_order(case, kind=OrderKind.DVPO, status=OrderStatus.APPLIED, notice=notice)
    services.protection_order_transition(
        order=order,
        to_status=OrderStatus.GRANTED,
        at=at(2026, 4, 7, 10),
        ends_on=dt.date(2026, 4, 30),
    )
    notice.refresh_from_db()
    assert notice.status == OrderStatus.EXPIRED
    assert notice.expires_at == at(2026, 4, 7, 10)


def test_a_breach_is_recorded_against_an_order_in_force_when_it_happened() -> None:
    """The issue's rule ("against an active order and not against an expired one") judged at
    the time of the breach: one that happened after expiry is refused; one that happened while
    the order was in force is taken even when reported after it expired."""
    order = make_order(
        kind=OrderKind.DVPO,
        made_on=dt.date(2026, 6, 10),
        ends_on=dt.date(2026, 6, 23),
        served_at=at(2026, 6, 10, 14),
    )
    breach = services.protection_order_record_breach(
        order=order,
        occurred_at=at(2026, 6, 23, 23, 59),
        description="Turned up at the house.",
        action_taken="arrest",
    )
    assert breach.pk and ProtectionOrder.objects.get(pk=order.pk).status == OrderStatus.BREACHED
    # 14 days beginning 10 June end at midnight starting 24 June.
    with pytest.raises(SafeguardingError, match="had expired"):
        services.protection_order_record_breach(
            order=order, occurred_at=at(2026, 6, 24, 0, 0), description="x", action_taken="file"
        )
    with pytest.raises(SafeguardingError, match="before the order was in force"):
        services.protection_order_record_breach(
            order=order, occurred_at=at(2026, 6, 10, 13), description="x", action_taken="file"
        )
    expired = services.protection_orders_expire(now=at(2026, 6, 24, 0, 1))
    assert [o.pk for o in expired] == [order.pk]
    late = services.protection_order_record_breach(
        order=order, occurred_at=at(2026, 6, 20, 12), description="x", action_taken="file"
    )
    assert late.pk
    # An order that has ended keeps its status: the late report does not revive it.
    assert ProtectionOrder.objects.get(pk=order.pk).status == OrderStatus.EXPIRED
    with pytest.raises(SafeguardingError, match="had expired"):
        services.protection_order_record_breach(
            order=order, occurred_at=at(2026, 6, 25, 12), description="x", action_taken="file"
        )
    assert Breach.objects.filter(order=order).count() == 2


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (OrderStatus.REFUSED, "refused, never in force"),
        (OrderStatus.WITHDRAWN, "withdrawn, never in force"),
        (OrderStatus.GRANTED, "granted and not yet in force"),
        (OrderStatus.APPLIED, "applied for and not yet in force"),
    ],
)
def test_no_breach_of_an_order_never_in_force(status: str, words: str) -> None:
    order = make_order(status=status, made_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 6, 14))
    with pytest.raises(SafeguardingError, match=words):
        services.protection_order_record_breach(
            order=order, occurred_at=at(2026, 6, 5, 12), description="x", action_taken="file"
        )


def test_a_breach_cannot_be_dated_in_the_future() -> None:
    today = timezone.localdate()
    order = make_order(made_on=today, ends_on=today + dt.timedelta(days=20))
    with pytest.raises(SafeguardingError, match="in the future"):
        services.protection_order_record_breach(
            order=order,
            occurred_at=timezone.now() + dt.timedelta(days=2),
            description="x",
            action_taken="file",
        )


def test_an_order_cannot_be_marked_expired_before_its_end() -> None:
    today = timezone.localdate()
    order = make_order(kind=OrderKind.DVPO, made_on=today, ends_on=today + dt.timedelta(days=20))
    with pytest.raises(SafeguardingError, match="discharge it"):
        services.protection_order_transition(order=order, to_status=OrderStatus.EXPIRED)
    # A past `at` does not help: expiry is judged against now.
    with pytest.raises(SafeguardingError, match="discharge it"):
        services.protection_order_transition(
            order=order, to_status=OrderStatus.EXPIRED, at=timezone.now() - dt.timedelta(days=1)
        )


@pytest.mark.parametrize(
    ("status", "target"),
    [
        (OrderStatus.CONSIDERED, OrderStatus.APPLIED),
        (OrderStatus.CONSIDERED, OrderStatus.WITHDRAWN),
        (OrderStatus.APPLIED, OrderStatus.REFUSED),
        (OrderStatus.GRANTED, OrderStatus.SERVED),
        (OrderStatus.ACTIVE, OrderStatus.DISCHARGED),
        (OrderStatus.ACTIVE, OrderStatus.VARIED),
        (OrderStatus.ACTIVE, OrderStatus.EXPIRED),
    ],
)
def test_no_transition_is_dated_in_the_future(status: str, target: str) -> None:
    order = make_order(status=status, made_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 6, 14))
    with pytest.raises(SafeguardingError, match="cannot be in the future"):
        services.protection_order_transition(
            order=order, to_status=target, at=timezone.now() + dt.timedelta(hours=1)
        )
    assert ProtectionOrder.objects.get(pk=order.pk).status == status


def test_api_walks_a_dvpn_to_service_and_shows_its_hearing_deadline() -> None:
    api = api_client_for(make_user(roles.SAFEGUARDING))
    case = make_case()
    created = api.post(
        "/api/safeguarding/orders/", {"case": case.pk, "kind": "dvpn"}, format="json"
    ).json()
    assert created["status"] == "considered" and created["hearing_deadline"] is None
    url = f"/api/safeguarding/orders/{created['id']}/transition/"
    for status, when in (
        ("applied", "2026-04-02T15:00:00+01:00"),
        ("granted", "2026-04-02T16:00:00+01:00"),
        ("served", "2026-04-02T18:00:00+01:00"),
    ):
        response = api.post(url, {"to_status": status, "at": when}, format="json")
        assert response.status_code == 200, response.content
    body = response.json()
    assert body["hearing_deadline"] == "2026-04-07T18:00:00+01:00"
    assert body["expires_at"] == "2026-04-07T18:00:00+01:00"
    refused = api.post(url, {"to_status": "granted"}, format="json")
    assert refused.status_code == 400
    assert "served cannot become granted" in refused.json()["error"]["details"]["to_status"][0]


def test_api_refuses_a_breach_after_expiry_and_takes_one_reported_late(client: Any) -> None:
    api = api_client_for(make_user(roles.SAFEGUARDING))
    # In force 1 to 14 June 2026 (ends at midnight starting 15 June); marked expired since.
    order = make_order(
        status=OrderStatus.EXPIRED, made_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 6, 14)
    )
    payload = {"order": order.pk, "description": "Phoned.", "action_taken": "file"}
    response = api.post(
        "/api/safeguarding/breaches/",
        {**payload, "occurred_at": "2026-06-15T00:00:00+01:00"},
        format="json",
    )
    assert response.status_code == 400
    assert "expired" in str(response.json()["error"]["details"]["occurred_at"])
    assert not Breach.objects.exists()
    late = api.post(
        "/api/safeguarding/breaches/",
        {**payload, "occurred_at": "2026-06-10T10:00:00+01:00"},
        format="json",
    )
    assert late.status_code == 201, late.content
    assert ProtectionOrder.objects.get(pk=order.pk).status == OrderStatus.EXPIRED


def test_status_cannot_be_written_directly_through_the_api() -> None:
    api = api_client_for(make_user(roles.SAFEGUARDING))
    order = make_order(status=OrderStatus.CONSIDERED)
    api.patch(f"/api/safeguarding/orders/{order.pk}/", {"status": "active"}, format="json")
    assert ProtectionOrder.objects.get(pk=order.pk).status == OrderStatus.CONSIDERED


def test_api_shows_an_spos_earliest_end_and_refuses_a_shorter_period() -> None:
    api = api_client_for(make_user(roles.SAFEGUARDING))
    case = make_case()
    short = api.post(
        "/api/safeguarding/orders/",
        {"case": case.pk, "kind": "spo", "made_on": "2026-03-10", "ends_on": "2028-03-08"},
        format="json",
    )
    assert short.status_code == 400
    assert "2028-03-09" in str(short.json()["error"]["details"])
    body = api.post(
        "/api/safeguarding/orders/",
        {"case": case.pk, "kind": "spo", "made_on": "2026-03-10", "ends_on": "2028-03-09"},
        format="json",
    ).json()
    assert body["earliest_end"] == "2028-03-10T00:00:00Z"
    assert body["expires_at"] == "2028-03-10T00:00:00Z"
