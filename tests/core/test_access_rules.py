"""The rules an information-security review asked for, each tried the way an attacker would."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from prevhub.core import roles
from prevhub.core.models import AuditEntry, User
from prevhub.core.services import user_add
from prevhub.core.testing import OrganisationFactory, api_client_for, make_user
from prevhub.errors import PrevhubError
from prevhub.partners.models import OrganisationKind
from prevhub.people.models import Person

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@override_settings(PREVHUB_MFA_REQUIRED_ROLES=[roles.SAFEGUARDING])
def test_a_stolen_password_cannot_enrol_a_second_authenticator(client: Any) -> None:
    officer = make_user(roles.SAFEGUARDING, username="officer", password=PASSWORD)
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    response = client.get(reverse("core:two_factor_setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:two_factor_verify"))
    assert not TOTPDevice.objects.filter(user=officer, confirmed=False).exists()


def test_partner_users_are_never_hub_admins_and_cannot_be_made_so(client: Any) -> None:
    council = OrganisationFactory(kind=OrganisationKind.COUNCIL)
    with pytest.raises(PrevhubError):
        user_add(username="council-admin", role=roles.ADMIN, organisation=council)
    sneaked = make_user(roles.ADMIN, council)
    assert not sneaked.is_hub_admin
    client.force_login(sneaked)
    assert client.get(reverse("core:auditentry_list")).status_code == 404
    assert api_client_for(sneaked).get("/api/audit/").status_code in (403, 404)

    target = make_user(roles.PARTNER, council)
    client.force_login(make_user(roles.ADMIN))
    response = client.post(
        reverse("core:user_edit", args=[target.pk]),
        {
            "organisation": council.pk,
            "groups": [g.pk for g in _groups(roles.ADMIN)],
            "is_active": "on",
        },
    )
    assert response.status_code == 200 and "only for the force" in response.content.decode()
    assert not User.objects.get(pk=target.pk).has_role(roles.ADMIN)


def _groups(*names: str) -> list[Any]:
    from django.contrib.auth.models import Group

    return [Group.objects.get_or_create(name=n)[0] for n in names]


def test_a_second_force_kind_organisation_is_still_a_partner() -> None:
    other_force = OrganisationFactory(kind=OrganisationKind.FORCE, slug="neighbouring-force")
    user = make_user(roles.ANALYST, other_force)
    assert user.is_partner
    person = Person.objects.create(given_name="Not", family_name="Shared")
    assert not Person.objects.restrict(user, "view").filter(pk=person.pk).exists()


def test_switching_off_an_organisation_cuts_its_users_off_from_shares(client: Any) -> None:
    council = OrganisationFactory(kind=OrganisationKind.COUNCIL)
    person = Person.objects.create(given_name="Shared", family_name="Once")
    person.shared_with.add(council)
    partner = make_user(roles.PARTNER, council)
    client.force_login(partner)
    assert client.get(f"/people/{person.pk}/").status_code == 200
    council.active = False
    council.save()
    partner = User.objects.get(pk=partner.pk)
    client.force_login(partner)
    assert client.get(f"/people/{person.pk}/").status_code == 404
    assert api_client_for(partner).get(f"/api/people/{person.pk}/").status_code == 404


def test_a_partner_sees_only_its_own_organisation_among_a_records_shares(client: Any) -> None:
    council, housing = OrganisationFactory(), OrganisationFactory()
    person = Person.objects.create(given_name="Two", family_name="Shares")
    person.shared_with.add(council, housing)
    client.force_login(make_user(roles.PARTNER, council))
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert council.name in page and housing.name not in page
    body = api_client_for(make_user(roles.PARTNER, council)).get(f"/api/people/{person.pk}/")
    assert body.json()["shared_with"] == [council.slug]
    full = api_client_for(make_user(roles.SAFEGUARDING)).get(f"/api/people/{person.pk}/")
    assert sorted(full.json()["shared_with"]) == sorted([council.slug, housing.slug])


def test_sharing_from_the_organisation_side_is_audited_on_the_person() -> None:
    council = OrganisationFactory()
    person = Person.objects.create(given_name="Reverse", family_name="Side")
    council.shared_people.add(person)
    update = AuditEntry.objects.filter(
        object_type="people.person", object_id=str(person.pk), action="update"
    ).latest("id")
    assert update.before["shared_with"] == [] and update.after["shared_with"] == [council.pk]
    council.shared_people.clear()
    cleared = AuditEntry.objects.filter(
        object_type="people.person", object_id=str(person.pk), action="update"
    ).latest("id")
    assert cleared.before["shared_with"] == [council.pk] and cleared.after["shared_with"] == []


def test_opening_an_edit_form_is_a_read_of_the_record(client: Any) -> None:
    person = Person.objects.create(given_name="Edit", family_name="Form")
    client.force_login(make_user(roles.SAFEGUARDING, username="editor"))
    assert client.get(f"/people/{person.pk}/edit/").status_code == 200
    assert client.get(f"/people/{person.pk}/delete/").status_code == 200
    reads = AuditEntry.objects.filter(action="view", object_id=str(person.pk))
    assert sorted(reads.values_list("detail", flat=True)) == ["delete", "edit"]


def test_a_client_cannot_choose_its_own_request_id(client: Any) -> None:
    client.force_login(make_user(roles.SAFEGUARDING))
    chosen = "copied-from-someone-elses-request"
    response = client.post(
        "/people/add/",
        {"given_name": "Req", "family_name": "Id"},
        HTTP_X_REQUEST_ID=chosen,
    )
    assert response["X-Request-ID"] != chosen
    entry = AuditEntry.objects.get(action="create", object_type="people.person")
    assert entry.request_id == response["X-Request-ID"]


def test_deleting_an_organisation_that_still_has_users_is_refused_with_409(client: Any) -> None:
    council = OrganisationFactory()
    make_user(roles.PARTNER, council)
    admin = make_user(roles.ADMIN)
    client.force_login(admin)
    page = client.post(reverse("partners:organisation_delete", args=[council.pk]))
    assert page.status_code == 409
    api = api_client_for(admin).delete(f"/api/organisations/{council.pk}/")
    assert api.status_code == 409 and api.json()["error"]["status"] == 409
    assert type(council).objects.filter(pk=council.pk).exists()
