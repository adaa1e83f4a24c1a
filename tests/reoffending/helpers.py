"""Invented test data for the reoffending tests (every name here is made up), and the
register matrix: the platform's permission-and-audit matrix, ending its write tests with the
refusal of a delete (records go only at retention review)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from prevhub.core.models import AuditEntry
from prevhub.core.testing import PermissionMatrix, api_client_for, make_user
from prevhub.partners.models import Organisation
from prevhub.people.models import Person
from prevhub.reoffending.models import CohortMember


def make_person(**fields: Any) -> Person:
    return Person.objects.create(
        given_name=fields.pop("given_name", "Rowan"),
        family_name=fields.pop("family_name", "Testoffender"),
        **fields,
    )


def make_member(shared_with: list[Organisation] | None = None, **fields: Any) -> CohortMember:
    member = CohortMember.objects.create(
        person=fields.pop("person", None) or make_person(),
        offender_reference=fields.pop("offender_reference", "OFF-TEST-1"),
        strand=fields.pop("strand", "fixed"),
        selection_reason=fields.pop("selection_reason", "Repeat burglary (invented)."),
        selected_on=fields.pop("selected_on", dt.date(2025, 1, 6)),
        **fields,
    )
    member.shared_with.set(shared_with or [])
    return member


class RegisterMatrix(PermissionMatrix):
    """Write tests end with a refused delete: 405 in the API, 404 for the page."""

    def test_each_api_write_leaves_exactly_one_audit_entry(self) -> None:
        user = make_user(self.allowed_role)
        api = api_client_for(user)
        before = self._audit_count()
        created = api.post(self.api_list_url(), self.api_payload(), format="json")
        assert created.status_code == 201, created.content
        assert self._audit_count() == before + 1
        entry = AuditEntry.objects.filter(action="create").latest("id")
        assert entry.username == user.username and entry.source == "api" and entry.after
        obj = self.model._base_manager.get(pk=created.json()["id"])
        changed = api.patch(self.api_detail_url(obj), self.api_change(), format="json")
        assert changed.status_code == 200, changed.content
        assert self._audit_count("update") == 1
        update = AuditEntry.objects.filter(action="update", object_type=self._type()).latest("id")
        assert update.before and update.after and update.before != update.after
        assert api.delete(self.api_detail_url(obj)).status_code == 405
        assert self.model._base_manager.filter(pk=obj.pk).exists()
        assert self._audit_count("delete") == 0

    def _type(self) -> str:
        return f"{self.model._meta.app_label}.{self._name()}"

    def test_each_page_write_leaves_exactly_one_audit_entry(self, client: Any) -> None:
        user = make_user(self.allowed_role)
        client.force_login(user)
        writes = AuditEntry.objects.exclude(action="view").filter(object_type=self._type())
        added = client.post(self.add_url(), self.form_data())
        assert added.status_code == 302, added.content.decode()[:3000]
        assert [(e.action, e.username, e.source) for e in writes.all()] == [
            ("create", user.username, "web")
        ]
        obj = self.model._base_manager.get(pk=writes.get().object_id)
        changed = client.post(self.edit_url(obj), {**self.form_data(), **self.form_change()})
        assert changed.status_code == 302, changed.content.decode()[:3000]
        update = writes.get(action="update")
        assert update.before != update.after
        assert client.get(self.delete_url(obj)).status_code == 404
        assert client.post(self.delete_url(obj)).status_code == 404
        assert self.model._base_manager.filter(pk=obj.pk).exists()
        assert not writes.filter(action="delete").exists()


@pytest.fixture
def member(db: Any) -> CohortMember:
    return make_member()
