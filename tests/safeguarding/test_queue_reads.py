"""Showing the work queue records reads of the orders and cases it lists (review finding 10)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import api_client_for, make_user
from prevhub.safeguarding.choices import OrderKind, OrderStatus
from tests.safeguarding.helpers import make_case, make_order

pytestmark = pytest.mark.django_db


def _listed() -> tuple[Any, Any, Any]:
    today = timezone.localdate()
    expiring = make_order(
        kind=OrderKind.DVPO,
        status=OrderStatus.ACTIVE,
        made_on=today - dt.timedelta(days=12),
        ends_on=today + dt.timedelta(days=2),
    )
    overdue = make_case(review_date=today - dt.timedelta(days=3))
    not_listed = make_order(
        kind=OrderKind.FMPO, made_on=today, ends_on=today + dt.timedelta(days=200)
    )
    return expiring, overdue, not_listed


def _reads(detail: str) -> set[tuple[str, str]]:
    return set(
        AuditEntry.objects.filter(action="view", detail=detail).values_list(
            "object_type", "object_id"
        )
    )


def test_the_work_queue_page_records_reads_of_what_it_lists(client: Any) -> None:
    expiring, overdue, not_listed = _listed()
    user = make_user(roles.SAFEGUARDING)
    client.force_login(user)
    assert client.get("/safeguarding/", {"days": "7"}).status_code == 200
    reads = _reads("work queue")
    assert ("safeguarding.protectionorder", str(expiring.pk)) in reads
    assert ("safeguarding.safeguardingcase", str(overdue.pk)) in reads
    assert ("safeguarding.protectionorder", str(not_listed.pk)) not in reads
    assert AuditEntry.objects.filter(detail="work queue").exclude(user=user).count() == 0


def test_the_work_queue_api_records_reads_of_what_it_lists() -> None:
    expiring, overdue, not_listed = _listed()
    response = api_client_for(make_user(roles.SAFEGUARDING)).get(
        "/api/safeguarding/work-queue/", {"days": "7"}
    )
    assert response.status_code == 200
    reads = _reads("api work queue")
    assert {
        ("safeguarding.protectionorder", str(expiring.pk)),
        ("safeguarding.safeguardingcase", str(overdue.pk)),
    } <= reads
    assert ("safeguarding.protectionorder", str(not_listed.pk)) not in reads
