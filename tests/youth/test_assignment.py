"""A leader cannot be assigned to a unit without a recorded enhanced DBS check and the
mandatory safeguarding training, each in date (renewal every 3 years by default:
docs/youth.md). Pages and API alike; the message names the leader field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings

from prevhub.core import roles
from prevhub.core.testing import api_client_for, make_user
from prevhub.youth import services
from prevhub.youth.models import Assignment
from prevhub.youth.rules import YouthError
from tests.youth.helpers import make_leader, make_unit

pytestmark = pytest.mark.django_db


def test_a_leader_without_a_dbs_check_cannot_be_assigned_in_a_page(client: Any) -> None:
    leader = make_leader(dbs_checked_on=None)
    unit = make_unit()
    client.force_login(make_user(roles.YOUTH))
    page = client.post(
        "/youth/assignments/add/",
        {"leader": leader.pk, "unit": unit.pk, "started_on": "2026-09-01"},
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert f"Leader: {leader} has no enhanced DBS check recorded" in text
    assert not Assignment.objects.exists()


def test_a_leader_without_a_dbs_check_cannot_be_assigned_through_the_api() -> None:
    leader = make_leader(dbs_checked_on=None)
    api = api_client_for(make_user(roles.YOUTH))
    answer = api.post(
        "/api/youth/assignments/",
        {"leader": leader.pk, "unit": make_unit().pk, "started_on": "2026-09-01"},
        format="json",
    )
    assert answer.status_code == 400
    assert "no enhanced DBS check recorded" in answer.json()["error"]["details"]["leader"][0]
    assert not Assignment.objects.exists()


def test_nor_without_the_safeguarding_training_nor_a_check_that_is_not_enhanced() -> None:
    unit = make_unit()
    with pytest.raises(YouthError, match="no mandatory safeguarding training"):
        services.leader_assign(
            leader=make_leader(safeguarding_trained_on=None),
            unit=unit,
            started_on=dt.date(2026, 9, 1),
        )
    with pytest.raises(YouthError, match="not recorded as enhanced"):
        services.leader_assign(
            leader=make_leader(dbs_enhanced=False), unit=unit, started_on=dt.date(2026, 9, 1)
        )
    assert not Assignment.objects.exists()


def test_a_lapsed_check_refuses_the_assignment() -> None:
    # Checked 1 Jun 2023; renewed every 3 years -> lapsed on 1 Jun 2026 (its anniversary).
    leader = make_leader(dbs_checked_on=dt.date(2023, 6, 1))
    with pytest.raises(YouthError, match="lapsed on 1 Jun 2026"):
        services.leader_assign(leader=leader, unit=make_unit(), started_on=dt.date(2026, 6, 1))
    assert services.leader_assign(
        leader=leader, unit=make_unit(), started_on=dt.date(2026, 5, 31)
    ).pk
    with override_settings(PREVHUB_YOUTH_DBS_RENEWAL_YEARS=5):  # the force's policy may differ
        assert services.leader_assign(
            leader=leader, unit=make_unit(), started_on=dt.date(2026, 9, 1)
        ).pk


def test_a_leader_with_both_checks_is_assigned() -> None:
    api = api_client_for(make_user(roles.YOUTH))
    answer = api.post(
        "/api/youth/assignments/",
        {"leader": make_leader().pk, "unit": make_unit().pk, "started_on": "2026-09-01"},
        format="json",
    )
    assert answer.status_code == 201, answer.content
