"""The person index through the whole permission matrix (core.testing.PermissionMatrix)."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import OrganisationFactory, PermissionMatrix, api_client_for, make_user
from prevhub.partners.models import Organisation
from prevhub.people.models import Person

pytestmark = pytest.mark.django_db


def make_person(shared_with: list[Organisation] | None = None, **fields: Any) -> Person:
    person = Person.objects.create(
        given_name=fields.pop("given_name", "Jordan"),
        family_name=fields.pop("family_name", "Exampleton"),
        address="1 Sample Street",
        **fields,
    )
    person.shared_with.set(shared_with or [])
    return person


class TestPersonPermissions(PermissionMatrix):
    model = Person
    url_namespace = "people"
    api_basename = "person"
    allowed_role = roles.SAFEGUARDING

    def make_object(self, shared_with: list[Organisation]) -> Person:
        return make_person(shared_with)

    def api_payload(self) -> dict[str, Any]:
        return {"given_name": "Casey", "family_name": "Fictional", "shared_with": []}

    def api_change(self) -> dict[str, Any]:
        return {"postcode": "ZZ9 9ZZ"}

    def form_data(self) -> dict[str, Any]:
        return {"given_name": "Casey", "family_name": "Fictional"}

    def form_change(self) -> dict[str, Any]:
        return {"postcode": "ZZ9 9ZZ"}


def test_reading_a_person_leaves_a_view_entry_naming_the_reader(client: Any) -> None:
    person = make_person()
    officer = make_user(roles.SAFEGUARDING, username="officer")
    client.force_login(officer)
    response = client.get(f"/people/{person.pk}/")
    assert response.status_code == 200
    views = AuditEntry.objects.filter(action="view", object_type="people.person")
    assert [(v.username, v.object_id, v.detail) for v in views] == [
        ("officer", str(person.pk), "detail")
    ]
    assert views[0].request_id == response["X-Request-ID"]


def test_person_list_logs_one_read_naming_each_person_shown(client: Any) -> None:
    people = [make_person(given_name=f"P{i}") for i in range(3)]
    client.force_login(make_user(roles.SAFEGUARDING))
    client.get("/people/")
    (entry,) = AuditEntry.objects.filter(action="view", detail="list")
    assert sorted(entry.shown) == sorted(p.reference for p in people)


def test_adding_a_person_with_shares_through_the_form_leaves_one_audit_entry(client: Any) -> None:
    org = OrganisationFactory()
    client.force_login(make_user(roles.SAFEGUARDING, username="keeper"))
    response = client.post(
        "/people/add/",
        {"given_name": "Robin", "family_name": "Madeup", "shared_with": [org.pk]},
    )
    assert response.status_code == 302
    entries = AuditEntry.objects.filter(object_type="people.person")
    assert entries.count() == 1
    entry = entries.get()
    assert (entry.action, entry.username, entry.source) == ("create", "keeper", "web")
    assert entry.after["shared_with"] == [org.pk]
    assert entry.after["given_name"].startswith("[redacted:")  # never the name itself
    assert entry.object_repr == Person.objects.get().reference


def test_partner_only_lists_people_shared_with_their_organisation(client: Any) -> None:
    mine, theirs = OrganisationFactory(), OrganisationFactory()
    shared = make_person([mine], given_name="Shared")
    make_person([theirs], given_name="Elsewhere")
    make_person([], given_name="Private")
    client.force_login(make_user(roles.PARTNER, mine))
    page = client.get("/people/").content.decode()
    assert "Shared" in page and "Elsewhere" not in page and "Private" not in page
    assert shared.reference in page


@pytest.mark.parametrize("role", [roles.OFFENDER_MANAGER, roles.YOUTH])
def test_victims_on_the_safeguarding_register_are_safeguarding_only(client: Any, role: str) -> None:
    from tests.safeguarding.helpers import make_case

    case = make_case()
    victim = case.victim
    other = make_person(given_name="Ordinary")
    worker = make_user(role)
    client.force_login(worker)
    assert client.get(f"/people/{victim.pk}/").status_code == 404
    assert client.get(f"/people/{other.pk}/").status_code == 200
    listed = [p["id"] for p in api_client_for(worker).get("/api/people/").json()["results"]]
    assert victim.pk not in listed and other.pk in listed
    # Among safeguarding officers, only the officer in case and the supervisor see it.
    other_officer = make_user(roles.SAFEGUARDING)
    client.force_login(other_officer)
    assert client.get(f"/people/{victim.pk}/").status_code == 404
    assert api_client_for(other_officer).get(f"/api/people/{victim.pk}/").status_code == 404
    case.officer_in_case = make_user(roles.SAFEGUARDING)
    case.supervisor = make_user(roles.SAFEGUARDING)
    case.save()
    for officer in (case.officer_in_case, case.supervisor):
        client.force_login(officer)
        assert client.get(f"/people/{victim.pk}/").status_code == 200
