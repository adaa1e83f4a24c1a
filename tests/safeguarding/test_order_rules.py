"""Order records: the interim SPO's fixed period and its end on determination of the main
application, fixed kind and case, dates that cannot be in the future, periods that cannot run
backwards (review findings 7 and 8)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from prevhub.core import roles
from prevhub.core.testing import api_client_for, make_user
from prevhub.safeguarding import services
from prevhub.safeguarding.choices import OrderKind, OrderStatus
from prevhub.safeguarding.models import ProtectionOrder
from prevhub.safeguarding.rules import SafeguardingError
from tests.safeguarding.helpers import at, make_case, make_order

pytestmark = pytest.mark.django_db


def _details(response: Any) -> dict[str, Any]:
    return response.json()["error"]["details"]


def test_an_interim_spo_until_further_order_is_refused() -> None:
    order = make_order(kind=OrderKind.INTERIM_SPO, status=OrderStatus.APPLIED)
    with pytest.raises(SafeguardingError, match=r"s\.5\(6\)"):
        services.protection_order_transition(
            order=order, to_status=OrderStatus.GRANTED, until_further_order=True
        )
    assert ProtectionOrder.objects.get(pk=order.pk).status == OrderStatus.APPLIED
    with pytest.raises(SafeguardingError, match="fixed period"):
        services.protection_order_create(
            case=make_case(), kind=OrderKind.INTERIM_SPO, until_further_order=True
        )


def test_determining_the_spo_application_ends_the_interim_order() -> None:
    case = make_case()
    interim = make_order(
        case,
        kind=OrderKind.INTERIM_SPO,
        status=OrderStatus.SERVED,
        made_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 6, 1),
        served_at=at(2026, 3, 2, 15),
    )
    spo = make_order(case, kind=OrderKind.SPO, status=OrderStatus.APPLIED, interim_order=interim)
    services.protection_order_transition(
        order=spo,
        to_status=OrderStatus.GRANTED,
        at=at(2026, 4, 14, 11),
        ends_on=dt.date(2028, 4, 13),
    )
    interim.refresh_from_db()
    assert interim.status == OrderStatus.EXPIRED
    assert interim.ended_at == at(2026, 4, 14, 11)
    assert interim.expires_at == at(2026, 4, 14, 11)  # sooner than its fixed end, 2 June


def test_refusing_the_spo_application_also_ends_the_interim_order() -> None:
    case = make_case()
    interim = make_order(
        case, kind=OrderKind.INTERIM_SPO, made_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 6, 1)
    )
    spo = make_order(case, kind=OrderKind.SPO, status=OrderStatus.APPLIED, interim_order=interim)
    services.protection_order_transition(
        order=spo, to_status=OrderStatus.REFUSED, at=at(2026, 4, 14, 11)
    )
    interim.refresh_from_db()
    assert (interim.status, interim.ended_at) == (OrderStatus.EXPIRED, at(2026, 4, 14, 11))


def test_only_an_interim_spo_of_the_same_case_can_be_linked() -> None:
    api = api_client_for(make_user(roles.SAFEGUARDING))
    case = make_case()
    other = make_order(kind=OrderKind.INTERIM_SPO, made_on=dt.date(2026, 3, 2))
    dvpo = make_order(case, kind=OrderKind.DVPO)
    for linked in (other, dvpo):
        response = api.post(
            "/api/safeguarding/orders/",
            {"case": case.pk, "kind": "spo", "interim_order": linked.pk},
            format="json",
        )
        assert response.status_code == 400, response.content
        assert "interim SPO of the same case" in str(_details(response))


def test_kind_and_case_cannot_change_through_the_api() -> None:
    api = api_client_for(make_user(roles.SAFEGUARDING))
    order = make_order(kind=OrderKind.DVPO, made_on=dt.date(2026, 6, 1))
    elsewhere = make_case()
    url = f"/api/safeguarding/orders/{order.pk}/"
    for payload, field in (({"kind": "spo"}, "kind"), ({"case": elsewhere.pk}, "case")):
        response = api.patch(url, payload, format="json")
        assert response.status_code == 400 and field in _details(response)
    order.refresh_from_db()
    assert (order.kind, order.case_id) == (OrderKind.DVPO, order.case.pk)
    assert order.case_id != elsewhere.pk


def test_kind_and_case_are_fixed_on_the_edit_page(client: Any) -> None:
    order = make_order(kind=OrderKind.FMPO, made_on=dt.date(2026, 6, 1))
    elsewhere = make_case()
    client.force_login(make_user(roles.SAFEGUARDING))
    response = client.post(
        f"/safeguarding/orders/{order.pk}/edit/",
        {
            "case": elsewhere.pk,
            "kind": "spo",
            "considered_on": "2026-06-01",
            "made_on": "2026-06-01",
            "court": "Leeds",
        },
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.kind, order.case_id, order.court) == (OrderKind.FMPO, order.case_id, "Leeds")
    assert order.case_id != elsewhere.pk


@pytest.mark.parametrize("kind", [OrderKind.FMPO, OrderKind.DVPO, OrderKind.SPO, OrderKind.DAPO])
def test_an_order_cannot_end_before_it_is_made(kind: str) -> None:
    with pytest.raises(SafeguardingError, match="negative number of days") as caught:
        services.protection_order_create(
            case=make_case(), kind=kind, made_on=dt.date(2026, 11, 20), ends_on=dt.date(2026, 1, 1)
        )
    assert "2026-01-01" in str(caught.value) and "2026-11-20" in str(caught.value)


def test_made_on_and_served_at_cannot_be_in_the_future() -> None:
    api = api_client_for(make_user(roles.SAFEGUARDING))
    case = make_case()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    made = api.post(
        "/api/safeguarding/orders/",
        {"case": case.pk, "kind": "fmpo", "made_on": tomorrow.isoformat()},
        format="json",
    )
    assert made.status_code == 400 and "cannot be in the future" in str(_details(made))
    served = api.post(
        "/api/safeguarding/orders/",
        {
            "case": case.pk,
            "kind": "dvpn",
            "served_at": (timezone.now() + dt.timedelta(hours=2)).isoformat(),
        },
        format="json",
    )
    assert served.status_code == 400 and "cannot be in the future" in str(_details(served))
    assert not ProtectionOrder.objects.exists()
