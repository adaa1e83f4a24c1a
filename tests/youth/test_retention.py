"""Retention: a leaver's record is deleted once the period has passed (2 years by default),
leaving no personal data in any table or audit entry, but anonymous counts that keep the
measures as they were, and one audit trace that a deletion happened (the safeguarding
register's test is the model)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.test import override_settings
from typer.testing import CliRunner

from prevhub.core.models import AuditEntry
from prevhub.core.testing import api_client_for
from prevhub.youth import selectors, services
from prevhub.youth.models import Cadet, Concern, Session
from prevhub.youth.rules import YouthError
from tests.youth.helpers import (
    make_coordinator,
    make_event,
    make_safeguarding_lead,
    make_unit,
    make_unit_leader,
)
from tests.youth.test_measures import small_scheme

pytestmark = pytest.mark.django_db

SECRETS = (
    "Quintessa",
    "Bramblewick",
    "2012-07-19",
    "Orla Bramblewick",
    "07111 424242",
    "orla@example.org",
    "Shellfish allergy",
    "Cried at drop-off",
    "Talked to the school",
)


def everything_in_the_database() -> str:
    """Every row of every table, audit log included, as text."""
    dump = []
    for model in apps.get_models(include_auto_created=True):
        for values in model._base_manager.all().values():
            dump.append(json.dumps(values, cls=DjangoJSONEncoder, default=str))
    return "\n".join(dump)


def test_retention_deletion_leaves_no_personal_data_anywhere(client: Any) -> None:
    unit = make_unit(name="Eastfield VPC")
    leader = make_unit_leader(unit)
    client.force_login(leader)
    data = {
        "given_name": "Quintessa",
        "family_name": "Bramblewick",
        "date_of_birth": "2012-07-19",
        "unit": unit.pk,
        "joined_on": "2026-01-10",
        "parent_name": "Orla Bramblewick",
        "parent_phone": "07111 424242",
        "parent_email": "orla@example.org",
        "medical_notes": "Shellfish allergy",
        "vulnerable_background": "on",
    }
    assert client.post("/youth/cadets/add/", data).status_code == 302
    cadet = Cadet.objects.get()
    client.post(
        f"/youth/cadets/{cadet.pk}/edit/",
        {**data, "left_on": "2026-03-31", "leaving_reason": "chose"},
    )
    client.get(cadet.get_absolute_url())
    api = api_client_for(leader)
    api.post(
        "/api/youth/consents/",
        {
            "cadet": cadet.pk,
            "kind": "participation",
            "given_by": "Orla Bramblewick",
            "given_on": "2026-01-10",
        },
        format="json",
    )
    api.post(
        "/api/youth/awards/",
        {"cadet": cadet.pk, "kind": "vpc", "achieved_on": "2026-03-01"},
        format="json",
    )
    event = make_event(unit, held_on=dt.date(2026, 2, 14), risk_assessed_on=dt.date(2026, 2, 1))
    hours = api.post(
        "/api/youth/hours/", {"event": event.pk, "cadet": cadet.pk, "hours": "3"}, format="json"
    )
    assert hours.status_code == 201, hours.content
    Session.objects.create(unit=unit, held_on=dt.date(2026, 2, 3)).attendees.add(cadet)
    lead = make_safeguarding_lead()
    api_client_for(lead).post(
        "/api/youth/concerns/",
        {
            "cadet": cadet.pk,
            "noticed_on": "2026-02-04",
            "concern": "Cried at drop-off",
            "action_taken": "Talked to the school",
        },
        format="json",
    )
    api_client_for(lead).get(f"/api/youth/concerns/{Concern.objects.get().pk}/")
    before = selectors.measures(first_month="2026-01", last_month="2026-03")
    with pytest.raises(YouthError, match="not due for deletion until 2028-03-31"):
        services.cadet_retention_delete(cadet=cadet, today=dt.date(2028, 3, 30))
    result = services.cadet_retention_delete(cadet=cadet, today=dt.date(2028, 3, 31))
    assert result["deleted"] == {
        "consent": 1,
        "concern": 1,
        "award": 1,
        "volunteeringhours": 1,
        "attendance": 1,
        "cadet": 1,
    }
    dump = everything_in_the_database()
    leaked = [s for s in SECRETS if s.lower() in dump.lower()]
    assert leaked == [], leaked
    # What remains: the trace of the deletion (by reference) and the anonymous counts, which
    # keep the measures as they were (members, joiners, leavers, places, attendances, hours).
    trace = AuditEntry.objects.get(detail="retention deletion")
    assert trace.object_repr == result["reference"] and trace.after["deleted"]["cadet"] == 1
    after = selectors.measures(first_month="2026-01", last_month="2026-03")
    keys = (
        "members_start",
        "members_end",
        "joiners",
        "leavers",
        "places",
        "attended",
        "hours",
        "expected_hours",
    )
    assert {k: after["units"][0][k] for k in keys} == {k: before["units"][0][k] for k in keys}


def test_only_a_leaver_is_deleted_and_the_period_is_a_setting() -> None:
    scheme = small_scheme()
    current = Cadet.objects.filter(left_on__isnull=True).first()
    with pytest.raises(YouthError, match="has not left"):
        services.cadet_retention_delete(cadet=current, today=dt.date(2030, 1, 1))
    # c2 left 15 Feb 2026: due 15 Feb 2028 by default, 15 Feb 2027 with one year.
    assert scheme["c2"] not in selectors.retention_due(dt.date(2027, 2, 15))
    with override_settings(PREVHUB_YOUTH_RETENTION_YEARS=1):
        assert scheme["c2"] in selectors.retention_due(dt.date(2027, 2, 15))


def test_the_retention_job_deletes_every_leaver_due() -> None:
    small_scheme()
    # Leavers: c2 (15 Feb 2026), c4 (10 Mar 2026), c5 (31 Dec 2025), m2 (1 Feb 2026): on
    # 1 Mar 2028 those who left by 1 Mar 2026 are due: c2, c5, m2 = 3.
    deleted = services.cadets_retention_delete(today=dt.date(2028, 3, 1))
    assert len(deleted) == 3 and Cadet.objects.filter(left_on__isnull=False).count() == 1


def test_the_retention_command_lists_and_applies(monkeypatch: Any) -> None:
    from prevhub.cli import app

    small_scheme()
    monkeypatch.setattr("prevhub.cli.platform.django_setup", lambda: None)
    out = CliRunner().invoke(app, ["youth", "retention"])
    assert out.exit_code == 0 and "0 leaver record(s) due" in out.output  # none 2 years gone yet


def test_the_retention_page_is_the_coordinators(client: Any) -> None:
    client.force_login(make_unit_leader(make_unit()))
    assert client.get("/youth/retention/").status_code == 404
    client.force_login(make_coordinator())
    assert client.get("/youth/retention/").status_code == 200
