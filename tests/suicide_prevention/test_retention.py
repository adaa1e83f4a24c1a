"""Retention: when a record is due (configurable), that a suspected death is kept until the
coroner concludes, and a deletion that leaves no personal data in any table, the audit log
included, but a trace that it happened."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.test import override_settings

from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import OrganisationFactory, api_client_for, make_user
from prevhub.suicide_prevention import selectors, services
from prevhub.suicide_prevention.models import SurveillanceRecord
from tests.suicide_prevention.helpers import at, make_record

pytestmark = pytest.mark.django_db

SECRETS = ("Quillmere", "E01099123", "52.9876543", "-1.2345678", "INC-4471-26", "2026-01-05")


def everything_in_the_database() -> str:
    dump = []
    for model in apps.get_models(include_auto_created=True):
        for values in model._base_manager.all().values():
            dump.append(json.dumps(values, cls=DjangoJSONEncoder, default=str))
    return "\n".join(dump)


def test_retention_dates_follow_the_documented_rule_and_the_setting() -> None:
    # default 6 years: from the conclusion for a death, from the incident for an attempt
    death = make_record(status="suicide", concluded_on=dt.date(2026, 9, 30))
    attempt = make_record(kind="attempt", status="", occurred_at=at(2026, 2, 28, 10))
    ruled_out = make_record(status="not_suicide", concluded_on=dt.date(2026, 5, 1),
                            occurred_at=at(2026, 4, 2))  # fmt: skip
    suspected = make_record(status="suspected")
    assert death.retention_due_on() == dt.date(2032, 9, 30)
    assert attempt.retention_due_on() == dt.date(2032, 2, 28)
    assert ruled_out.retention_due_on() == dt.date(2032, 4, 2)
    assert suspected.retention_due_on() is None  # kept until the coroner concludes
    with override_settings(PREVHUB_SUICIDE_PREVENTION_RETENTION_YEARS=2):
        assert death.retention_due_on() == dt.date(2028, 9, 30)


def test_deletion_refuses_records_not_due() -> None:
    suspected = make_record(status="suspected")
    concluded = make_record(status="suicide", concluded_on=dt.date(2026, 9, 30))
    with pytest.raises(services.SuicidePreventionError, match="awaiting the coroner"):
        services.records_retention_delete(records=[suspected], reason="retention_period_ended")
    with pytest.raises(services.SuicidePreventionError, match="due on 2032-09-30"):
        services.records_retention_delete(
            records=[concluded], reason="retention_period_ended", today=dt.date(2032, 9, 29)
        )
    assert SurveillanceRecord.objects.count() == 2
    lead = make_user(roles.SUICIDE_PREVENTION)
    assert selectors.retention_queue(lead, today=dt.date(2032, 9, 30)) == [concluded]


def test_retention_deletion_leaves_no_personal_data_anywhere(client: Any) -> None:
    lead = make_user(roles.SUICIDE_PREVENTION, username="keeper")
    support = OrganisationFactory(slug="support-svc")
    client.force_login(lead)
    form = {
        "kind": "death",
        "status": "suspected",
        "occurred_at": "2026-01-05T03:40",
        "latitude": "52.9876543",
        "longitude": "-1.2345678",
        "place_type": "water",
        "method": "drowning",
        "age_band": "18-24",
        "sex": "female",
        "home_area": "E01099123",
        "source_reference": "INC-4471-26",
        "family_consent": "given",
        "consent_on": "2026-01-07",
        "support_service": support.pk,
        "referred_on": "2026-01-08",
        "notes": "Found by Quillmere lock.",
        "shared_with": [support.pk],
    }
    assert client.post("/suicide-prevention/records/add/", form).status_code == 302
    record = SurveillanceRecord.objects.get()
    changed = {
        **form,
        "status": "suicide",
        "concluded_on": "2026-06-30",
        "inquest_on": "2026-06-30",
    }
    assert client.post(f"/suicide-prevention/records/{record.pk}/edit/", changed).status_code == 302
    client.get(record.get_absolute_url())
    api_client_for(lead).get(f"/api/suicide-prevention/records/{record.pk}/")
    # before: the values are in the record's row (and only fingerprints in the audit log)
    dump = everything_in_the_database()
    assert "Quillmere" in dump and "E01099123" in dump
    audit = json.dumps(list(AuditEntry.objects.values()), cls=DjangoJSONEncoder, default=str)
    assert not [s for s in SECRETS if s in audit]
    with pytest.raises(services.SuicidePreventionError):
        services.records_retention_delete(records=[record], reason="nonsense")
    # due 30 Jun 2032; the lead deletes it from the retention page on that day
    record.refresh_from_db()
    result = services.records_retention_delete(
        records=[record], reason="retention_period_ended", today=dt.date(2032, 6, 30)
    )
    assert result == {"deleted": 1}
    dump = everything_in_the_database()
    assert [s for s in SECRETS if s in dump] == []
    assert not SurveillanceRecord._base_manager.exists()
    trace = AuditEntry.objects.filter(detail="retention deletion: retention_period_ended").get()
    assert trace.after == {"deleted": 1, "reason": "retention_period_ended"}


def test_the_retention_page_deletes_what_is_chosen(client: Any) -> None:
    lead = make_user(roles.SUICIDE_PREVENTION)
    old = make_record(kind="attempt", status="", occurred_at=at(2015, 3, 1))
    kept = make_record(status="suspected", occurred_at=at(2015, 3, 2))
    client.force_login(lead)
    page = client.get("/suicide-prevention/retention/").content.decode()
    assert old.reference in page and kept.reference not in page
    response = client.post(
        "/suicide-prevention/retention/",
        {"records": [old.pk, kept.pk], "reason": "retention_period_ended"},
    )
    assert response.status_code == 302
    assert list(SurveillanceRecord.objects.values_list("pk", flat=True)) == [kept.pk]
