"""Retention: review dates by default, the review queue, and a deletion that leaves no
personal data anywhere in the database — the audit log included — but a trace that it
happened."""

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
from prevhub.core.testing import api_client_for, make_user
from prevhub.people.models import Person
from prevhub.safeguarding import selectors, services
from prevhub.safeguarding.choices import OrderKind, OrderStatus
from prevhub.safeguarding.models import Incident, SafeguardingCase
from prevhub.safeguarding.rules import SafeguardingError
from tests.safeguarding.helpers import at, make_case, make_order

pytestmark = pytest.mark.django_db

SECRETS = (
    "Zephyrine",
    "Quillfeather",
    "Obscure Lane",
    "07111 222333",
    "ZZ9 8YY",
    "Barnaby Crumpet",
    "Hidden Mews",
    "CR/777/26",
    "zq@example.org",
)


def everything_in_the_database() -> str:
    """Every row of every table the app's models reach, as text."""
    dump = []
    for model in apps.get_models(include_auto_created=True):
        for values in model._base_manager.all().values():
            dump.append(json.dumps(values, cls=DjangoJSONEncoder, default=str))
    return "\n".join(dump)


def test_cases_get_a_review_date_by_default_and_a_retention_review_on_closing() -> None:
    case = make_case(opened_on=dt.date(2026, 1, 10))
    assert case.review_date == dt.date(2026, 4, 10)  # 90 days
    services.case_close(case=case, closed_on=dt.date(2026, 5, 1))
    assert case.review_date == dt.date(2032, 5, 1)  # 6 years
    with override_settings(
        PREVHUB_SAFEGUARDING_OPEN_REVIEW_DAYS=30, PREVHUB_SAFEGUARDING_RETENTION_REVIEW_YEARS=2
    ):
        other = make_case(opened_on=dt.date(2026, 1, 10))
        assert other.review_date == dt.date(2026, 2, 9)
        services.case_close(case=other, closed_on=dt.date(2026, 5, 1))
        assert other.review_date == dt.date(2028, 5, 1)


def test_retention_deletion_refuses_open_cases_and_reviews_not_due() -> None:
    case = make_case()
    with pytest.raises(SafeguardingError, match="closed case"):
        services.case_retention_delete(case=case, reason="retention_period_ended")
    services.case_close(case=case, closed_on=dt.date(2026, 5, 1))
    with pytest.raises(SafeguardingError, match="not due until 2032-05-01"):
        services.case_retention_delete(
            case=case, reason="retention_period_ended", today=dt.date(2032, 4, 30)
        )
    assert (
        selectors.retention_queue(make_user(roles.SAFEGUARDING), today=dt.date(2032, 5, 1)).count()
        == 1
    )


def test_retention_deletion_leaves_no_personal_data_anywhere(client: Any) -> None:
    officer = make_user(roles.SAFEGUARDING, username="keeper")
    victim = services.victim_register(
        given_name="Zephyrine",
        family_name="Quillfeather",
        address="12 Obscure Lane",
        postcode="ZZ9 8YY",
        phone="07111 222333",
        email="zq@example.org",
    )
    client.force_login(officer)
    added = client.post(
        "/safeguarding/cases/add/",
        {
            "victim": victim.pk,
            "abuse_types": ["stalking"],
            "district": "North",
            "status": "open",
            "opened_on": "2026-01-05",
            "officer_in_case": officer.pk,
            "perpetrators": "Barnaby Crumpet, born 1980",
            "safe_address": "3 Hidden Mews",
            "summary": "Zephyrine reported being followed.",
        },
    )
    assert added.status_code == 302, added.content.decode()[:1500]
    case = SafeguardingCase.objects.get(victim=victim)
    client.post(
        f"/safeguarding/cases/{case.pk}/edit/",
        {
            "victim": victim.pk,
            "abuse_types": ["stalking"],
            "district": "North",
            "status": "open",
            "opened_on": "2026-01-05",
            "officer_in_case": officer.pk,
            "perpetrators": "Barnaby Crumpet",
            "safe_address": "4 Hidden Mews",
            "summary": "Zephyrine moved.",
            "review_date": "2026-04-05",
        },
    )
    Incident.objects.create(
        case=case,
        occurred_at=at(2026, 1, 4, 21),
        crime_reference="CR/777/26",
        summary="Quillfeather followed home",
    )
    order = make_order(
        case,
        OrderKind.SPO,
        OrderStatus.ACTIVE,
        conditions="Not to enter Obscure Lane",
        made_on=dt.date(2026, 1, 20),
        until_further_order=True,
    )
    services.protection_order_record_breach(
        order=order,
        occurred_at=at(2026, 2, 1, 20),
        description="Barnaby Crumpet at the door",
        action_taken="arrest",
        crime_reference="CR/777/26",
    )
    services.risk_assessment_record(
        case=case,
        answers={"q1": "yes"},
        override_level="high",
        override_reason="Zephyrine very frightened",
    )
    for url in (
        f"/safeguarding/cases/{case.pk}/",
        f"/safeguarding/orders/{order.pk}/",
        "/safeguarding/cases/",
        "/safeguarding/cases/?export=csv",
    ):
        assert client.get(url).status_code == 200
    api_client_for(officer).get(f"/api/safeguarding/cases/{case.pk}/")
    assert "Hidden Mews" in everything_in_the_database()  # the data is there before

    services.case_close(case=case, closed_on=dt.date(2026, 3, 1))
    case.refresh_from_db()
    response = client.post(
        f"/safeguarding/cases/{case.pk}/retention-delete/", {"reason": "recorded_in_error"}
    )
    assert response.status_code == 302
    assert not SafeguardingCase.objects.filter(pk=case.pk).exists()
    assert not Person.objects.filter(pk=victim.pk).exists()

    database = everything_in_the_database()
    leaked = [s for s in SECRETS if s.lower() in database.lower()]
    assert leaked == []
    audit = "\n".join(
        json.dumps(
            [e.username, e.object_type, e.object_id, e.object_repr, e.detail, e.before, e.after],
            cls=DjangoJSONEncoder,
        )
        for e in AuditEntry.objects.all()
    )
    assert all(s.lower() not in audit.lower() for s in SECRETS)
    trace = AuditEntry.objects.get(detail="retention deletion: recorded_in_error")
    assert trace.object_repr == case.reference and trace.username == "keeper"
    assert trace.after["deleted"]["protectionorder"] == 1
    assert trace.after["deleted"]["breach"] == 1
    assert trace.after["victim_record"] == "deleted"
    # Reads and changes before the deletion are still accounted for, by reference.
    assert AuditEntry.objects.filter(
        object_type="safeguarding.safeguardingcase", object_id=str(case.pk), action="view"
    ).exists()


def test_a_victim_in_another_case_is_kept() -> None:
    first = make_case()
    second = make_case(victim=first.victim)
    services.case_close(case=first, closed_on=dt.date(2020, 1, 1))
    result = services.case_retention_delete(
        case=first, reason="retention_period_ended", today=dt.date(2026, 1, 2)
    )
    assert result["victim_record"] == "kept: victim in another safeguarding case"
    assert Person.objects.filter(pk=second.victim_id).exists()


def test_registering_a_victim_through_the_page_keeps_their_details_out_of_the_log(
    client: Any,
) -> None:
    client.force_login(make_user(roles.SAFEGUARDING, username="registrar"))
    response = client.post(
        "/safeguarding/victims/add/",
        {"given_name": "Perpetua", "family_name": "Logless", "address": "1 Quiet Yard"},
    )
    person = Person.objects.get(family_name="Logless")
    assert response.status_code == 302 and f"victim={person.pk}" in response["Location"]
    entry = AuditEntry.objects.get(object_type="people.person", object_id=str(person.pk))
    assert (entry.action, entry.username, entry.object_repr) == (
        "create",
        "registrar",
        person.reference,
    )
    text = json.dumps([entry.before, entry.after, entry.object_repr])
    assert "Perpetua" not in text and "Logless" not in text and "Quiet Yard" not in text
    assert entry.after["family_name"].startswith("[redacted:")
    form = client.get(response["Location"]).content.decode()
    assert f'value="{person.pk}" selected' in form
    client.force_login(make_user(roles.ANALYST))
    assert client.get("/safeguarding/victims/add/").status_code == 404


def test_registering_a_victim_through_the_api() -> None:
    api = api_client_for(make_user(roles.SAFEGUARDING))
    response = api.post(
        "/api/safeguarding/victims/", {"given_name": "Api", "family_name": "Quietly"}, format="json"
    )
    assert response.status_code == 201
    person = Person.objects.get(pk=response.json()["id"])
    assert response.json()["reference"] == person.reference
    assert "Quietly" not in json.dumps(
        list(AuditEntry.objects.filter(object_type="people.person").values("after", "object_repr"))
    )
    analyst = api_client_for(make_user(roles.ANALYST))
    assert (
        analyst.post(
            "/api/safeguarding/victims/", {"given_name": "A", "family_name": "B"}, format="json"
        ).status_code
        == 404
    )
