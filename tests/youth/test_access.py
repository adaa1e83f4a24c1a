"""Need to know inside the youth role: a child's record is seen by the leaders of the child's
unit and the youth coordinator; health notes by the unit's leaders only; low-level concerns by
the designated safeguarding lead only; a school sees its own cohort and its sessions, never a
child; the hub lead sees measures only; every read of a child's record is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import OrganisationFactory, api_client_for, make_user
from prevhub.youth.choices import UnitKind
from prevhub.youth.models import Concern, Session
from prevhub.youth.services import FLAGS_COORDINATOR_ONLY
from tests.youth.helpers import (
    make_cadet,
    make_coordinator,
    make_leader,
    make_safeguarding_lead,
    make_unit,
    make_unit_leader,
)

pytestmark = pytest.mark.django_db


def _reads(cadet: Any) -> list[str]:
    return list(
        AuditEntry.objects.filter(
            action="view", object_type="youth.cadet", object_id=str(cadet.pk)
        ).values_list("detail", flat=True)
    )


def test_a_leader_sees_the_children_of_their_unit_and_no_others(client: Any) -> None:
    north, south = make_unit(name="North"), make_unit(name="South")
    mine, other = make_cadet(north, given_name="Mina"), make_cadet(south, given_name="Otto")
    leader = make_unit_leader(north)
    client.force_login(leader)
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    listing = client.get("/youth/cadets/").content.decode()
    assert mine.family_name in listing and other.family_name not in listing
    api = api_client_for(leader)
    assert [r["id"] for r in api.get("/api/youth/cadets/").json()["results"]] == [mine.pk]
    assert api.get(f"/api/youth/cadets/{other.pk}/").status_code == 404


def test_a_youth_user_who_leads_no_unit_sees_no_child(client: Any) -> None:
    cadet = make_cadet()
    user = make_user(roles.YOUTH)
    client.force_login(user)
    assert client.get(cadet.get_absolute_url()).status_code == 404
    assert api_client_for(user).get(f"/api/youth/cadets/{cadet.pk}/").status_code == 404


def test_an_ended_assignment_ends_the_leaders_view(client: Any) -> None:
    unit = make_unit()
    cadet = make_cadet(unit)
    leader = make_unit_leader(unit)
    leader.youth_leader.assignments.update(ended_on=dt.date(2026, 1, 31))
    client.force_login(leader)
    assert client.get(cadet.get_absolute_url()).status_code == 404


def test_health_notes_are_read_only_by_the_units_leaders(client: Any) -> None:
    unit = make_unit()
    cadet = make_cadet(unit, medical_notes="Severe peanut allergy (test)")
    leader, coordinator = make_unit_leader(unit), make_coordinator()
    client.force_login(leader)
    assert "Severe peanut allergy" in client.get(cadet.get_absolute_url()).content.decode()
    assert api_client_for(leader).get(f"/api/youth/cadets/{cadet.pk}/").json()["medical_notes"]
    client.force_login(coordinator)
    page = client.get(cadet.get_absolute_url()).content.decode()
    assert page.count(cadet.family_name) >= 1 and "peanut" not in page
    assert "peanut" not in client.get(f"/youth/cadets/{cadet.pk}/edit/").content.decode()
    body = api_client_for(coordinator).get(f"/api/youth/cadets/{cadet.pk}/").json()
    assert "medical_notes" not in body and body["vulnerable_background"] is False
    # Nor can the coordinator overwrite them through the API.
    api_client_for(coordinator).patch(
        f"/api/youth/cadets/{cadet.pk}/", {"medical_notes": ""}, format="json"
    )
    cadet.refresh_from_db()
    assert cadet.medical_notes == "Severe peanut allergy (test)"
    # Lists never carry them, for anyone.
    rows = api_client_for(leader).get("/api/youth/cadets/").json()["results"]
    assert "medical_notes" not in rows[0]


def test_every_read_of_a_childs_record_is_audited(client: Any) -> None:
    cadet = make_cadet()
    coordinator = make_coordinator()
    client.force_login(coordinator)
    client.get(cadet.get_absolute_url())
    client.get(f"/youth/cadets/{cadet.pk}/edit/")
    api_client_for(coordinator).get(f"/api/youth/cadets/{cadet.pk}/")
    assert sorted(_reads(cadet)) == ["api", "detail", "edit"]
    client.get("/youth/cadets/")
    listed = AuditEntry.objects.get(action="view", object_type="youth.cadet", object_id="list")
    assert listed.shown == [cadet.reference]
    # Names never enter the log: the child is named by reference.
    assert cadet.family_name not in " ".join(
        AuditEntry.objects.values_list("object_repr", flat=True)
    )


def test_low_level_concerns_are_read_only_by_the_designated_safeguarding_lead(client: Any) -> None:
    unit = make_unit()
    cadet = make_cadet(unit)
    concern = Concern.objects.create(
        cadet=cadet, noticed_on=dt.date(2026, 5, 1), concern="Test concern"
    )
    for user in (make_unit_leader(unit), make_coordinator()):
        client.force_login(user)
        assert client.get(concern.get_absolute_url()).status_code == 404
        assert api_client_for(user).get(f"/api/youth/concerns/{concern.pk}/").status_code == 404
    lead = make_safeguarding_lead()
    client.force_login(lead)
    assert "Test concern" in client.get(concern.get_absolute_url()).content.decode()
    assert api_client_for(lead).get(f"/api/youth/concerns/{concern.pk}/").status_code == 200
    reads = AuditEntry.objects.filter(
        action="view", object_type="youth.concern", object_id=str(concern.pk)
    )
    assert sorted(reads.values_list("detail", flat=True)) == ["api", "detail"]


def test_a_leader_raises_a_concern_they_cannot_read_afterwards(client: Any) -> None:
    unit = make_unit()
    cadet = make_cadet(unit)
    leader = make_unit_leader(unit)
    client.force_login(leader)
    response = client.post(
        "/youth/concerns/add/",
        {
            "cadet": cadet.pk,
            "noticed_on": "2026-05-02",
            "concern": "Bruise on arm, said fell (test)",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/youth/"
    concern = Concern.objects.get()
    assert concern.recorded_by == leader
    assert client.get(concern.get_absolute_url()).status_code == 404


def test_a_school_sees_its_own_cohort_and_sessions_never_a_child(client: Any) -> None:
    school, other_school = OrganisationFactory(), OrganisationFactory()
    cohort = make_unit(UnitKind.MINI_POLICE, host=school, name="Our cohort")
    theirs = make_unit(UnitKind.MINI_POLICE, host=other_school, name="Their cohort")
    child = make_cadet(cohort, given_name="Zed", family_name="Pupilfake")
    session = Session.objects.create(unit=cohort, held_on=dt.date(2026, 10, 1), topic="Law")
    session.attendees.add(child)
    other_session = Session.objects.create(unit=theirs, held_on=dt.date(2026, 10, 1))
    teacher = make_user(roles.PARTNER, school)
    client.force_login(teacher)
    assert client.get(cohort.get_absolute_url()).status_code == 200
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Present" in page and "Pupilfake" not in page and child.reference not in page
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(other_session.get_absolute_url()).status_code == 404
    assert client.get(child.get_absolute_url()).status_code == 404
    assert client.get("/youth/cadets/").status_code == 404
    api = api_client_for(teacher)
    body = api.get(f"/api/youth/sessions/{session.pk}/").json()
    assert body["present"] == 1 and "attendees" not in body
    assert api.get("/api/youth/cadets/").status_code == 404
    assert [u["id"] for u in api.get("/api/youth/units/").json()["results"]] == [cohort.pk]


def test_the_hub_lead_sees_measures_and_no_record(client: Any) -> None:
    cadet = make_cadet()
    lead = make_user(roles.HUB_LEAD)
    client.force_login(lead)
    assert client.get("/youth/measures/").status_code == 200
    assert "measures" in client.get("/youth/").content.decode()
    for url in ("/youth/cadets/", cadet.get_absolute_url(), "/youth/units/", "/youth/leaders/"):
        assert client.get(url).status_code == 404, url
    api = api_client_for(lead)
    assert api.get("/api/youth/measures/").status_code == 200
    assert api.get("/api/youth/cadets/").status_code == 404


def test_an_administrator_without_the_role_is_told_the_register_is_need_to_know(
    client: Any,
) -> None:
    cadet = make_cadet()
    admin = make_user(roles.ADMIN)
    client.force_login(admin)
    assert "need-to-know" in client.get("/youth/").content.decode()
    assert client.get(cadet.get_absolute_url()).status_code == 404
    assert client.get("/youth/measures/").status_code == 404


def test_only_the_coordinator_appoints_the_coordinator_or_the_safeguarding_lead(
    client: Any,
) -> None:
    leader = make_leader(make_user(None))
    someone = make_user(roles.YOUTH)
    client.force_login(someone)
    data = {
        "user": leader.user_id,
        "dbs_checked_on": "2025-06-01",
        "dbs_enhanced": "on",
        "is_coordinator": "on",
    }
    refused = client.post(f"/youth/leaders/{leader.pk}/edit/", data)
    assert refused.status_code == 200 and FLAGS_COORDINATOR_ONLY in refused.content.decode()
    api = api_client_for(someone)
    answer = api.patch(
        f"/api/youth/leaders/{leader.pk}/", {"is_safeguarding_lead": True}, format="json"
    )
    assert answer.status_code == 400 and "is_coordinator" in answer.json()["error"]["details"]
    leader.refresh_from_db()
    assert not leader.is_coordinator and not leader.is_safeguarding_lead
    client.force_login(make_coordinator())
    assert client.post(f"/youth/leaders/{leader.pk}/edit/", data).status_code == 302
    leader.refresh_from_db()
    assert leader.is_coordinator
