"""Who belongs to the force does not hang on an editable name (issue 11, finding 2).

Before: `PATCH /api/organisations/<force>/ {"slug": "renamed-force"}` answered 200 and turned
every force user into a partner (the administrator then saw no organisations).
"""

from __future__ import annotations

import html
import importlib
from typing import Any

import pytest
from django.db.models.deletion import ProtectedError

from prevhub.core import roles
from prevhub.core.models import User
from prevhub.core.services import force_organisation_ensure
from prevhub.core.testing import OrganisationFactory, api_client_for, force_organisation, make_user
from prevhub.partners.models import FORCE_STAYS_ACTIVE, Organisation

pytestmark = pytest.mark.django_db


def test_renaming_the_force_through_the_api_changes_nobody_s_access() -> None:
    force = force_organisation()
    admin = make_user(roles.ADMIN, force, username="boss")
    officer = make_user(roles.SAFEGUARDING, force)
    api = api_client_for(admin)
    renamed = api.patch(f"/api/organisations/{force.pk}/", {"slug": "renamed-force"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["is_force"] is True
    for user in (admin, officer):
        fresh = User.objects.get(pk=user.pk)
        assert not fresh.is_partner
    assert User.objects.get(pk=admin.pk).is_hub_admin
    # The administrator still sees every organisation, not only their own.
    other = OrganisationFactory()
    listed = {o["slug"] for o in api.get("/api/organisations/").json()["results"]}
    assert {"renamed-force", other.slug} <= listed
    # `prevhub init` finds the force by its mark: no second force is made.
    assert force_organisation_ensure().pk == force.pk
    assert Organisation.objects.filter(is_force=True).count() == 1


def test_the_api_cannot_mark_or_unmark_the_force() -> None:
    force = force_organisation()
    council = OrganisationFactory()
    api = api_client_for(make_user(roles.ADMIN, force))
    api.patch(f"/api/organisations/{council.pk}/", {"is_force": True}, format="json")
    api.patch(f"/api/organisations/{force.pk}/", {"is_force": False}, format="json")
    assert list(Organisation.objects.filter(is_force=True)) == [force]


def test_the_api_refuses_to_switch_off_or_delete_the_force() -> None:
    force = force_organisation()
    api = api_client_for(make_user(roles.ADMIN, force))
    off = api.patch(f"/api/organisations/{force.pk}/", {"active": False}, format="json")
    assert off.status_code == 400
    assert off.json()["error"]["details"]["active"] == [FORCE_STAYS_ACTIVE]
    kind = api.patch(f"/api/organisations/{force.pk}/", {"kind": "council"}, format="json")
    assert kind.status_code == 400 and "kind" in kind.json()["error"]["details"]
    assert api.delete(f"/api/organisations/{force.pk}/").status_code == 409
    force.refresh_from_db()
    assert force.active and force.kind == "force"


def test_the_pages_refuse_to_switch_off_or_delete_the_force(client: Any) -> None:
    force = force_organisation()
    client.force_login(make_user(roles.ADMIN, force))
    form = {"name": force.name, "slug": force.slug, "kind": "force", "contact_email": ""}
    refused = client.post(f"/partners/{force.pk}/edit/", form)  # `active` unticked
    assert refused.status_code == 200
    assert html.escape(FORCE_STAYS_ACTIVE) in refused.content.decode()
    assert client.post(f"/partners/{force.pk}/delete/").status_code == 409
    force.refresh_from_db()
    assert force.active and Organisation.objects.filter(pk=force.pk).exists()
    with pytest.raises(ProtectedError):
        force.delete()
    # A partner organisation is still switched off (and its users cut off) as before.
    council = OrganisationFactory()
    off = client.post(
        f"/partners/{council.pk}/edit/",
        {"name": council.name, "slug": council.slug, "kind": "council", "contact_email": ""},
    )
    assert off.status_code == 302
    council.refresh_from_db()
    assert not council.active


def test_the_data_migration_marks_the_organisation_with_the_configured_slug() -> None:
    migration = importlib.import_module("prevhub.partners.migrations.0002_organisation_is_force")
    old = OrganisationFactory(slug="force", name="Old Police", kind="force")
    neighbour = OrganisationFactory(slug="neighbouring-force", kind="force")
    from django.apps import apps

    migration.mark_own_force(apps, None)
    old.refresh_from_db()
    neighbour.refresh_from_db()
    assert old.is_force and not neighbour.is_force
