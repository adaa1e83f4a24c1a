"""Every suicide prevention model through the platform's permission-and-audit matrix, pages
and API: anonymous, no role, wrong role (the safeguarding officer: need to know is per
register), other partner, shared partner, the suicide prevention lead; one audit entry per
write. Surveillance records have no delete (retention only), as safeguarding's records."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import PermissionMatrix, api_client_for, make_user
from prevhub.partners.models import Organisation
from prevhub.suicide_prevention.models import (
    LocationMeasure,
    LocationOfConcern,
    SurveillanceRecord,
)
from tests.suicide_prevention.helpers import make_location, make_measure, make_record

pytestmark = pytest.mark.django_db


class SuicidePreventionMatrix(PermissionMatrix):
    url_namespace = "suicide_prevention"
    allowed_role = roles.SUICIDE_PREVENTION
    wrong_role = roles.SAFEGUARDING  # a need-to-know role of another register

    @pytest.fixture(autouse=True)
    def _records(self, db: Any) -> None:
        """Made before each test, so building form data writes nothing (the matrix counts)."""
        if self.model is not LocationOfConcern:
            self._location = make_location(name="Fixture bridge")


class TestSurveillanceRecordPermissions(SuicidePreventionMatrix):
    model = SurveillanceRecord
    api_basename = "surveillancerecord"

    def make_object(self, shared_with: list[Organisation]) -> SurveillanceRecord:
        return make_record(shared_with)

    def api_payload(self) -> dict[str, Any]:
        return {
            "kind": "death",
            "status": "suspected",
            "occurred_at": "2026-05-02T23:10:00+01:00",
            "latitude": 52.951,
            "longitude": -1.149,
            "place_type": "water",
            "method": "drowning",
            "age_band": "18-24",
            "sex": "female",
        }

    def api_change(self) -> dict[str, Any]:
        return {"status": "suicide", "concluded_on": "2026-09-30"}

    def form_data(self) -> dict[str, Any]:
        return {
            "kind": "death",
            "status": "suspected",
            "occurred_at": "2026-05-02T23:10",
            "latitude": "52.951",
            "longitude": "-1.149",
            "place_type": "height",
            "location": self._location.pk,
            "method": "fall",
            "age_band": "35-44",
            "sex": "male",
            "family_consent": "not_asked",
        }

    def form_change(self) -> dict[str, Any]:
        return {"family_consent": "declined", "consent_on": "2026-05-06"}

    def test_each_api_write_leaves_exactly_one_audit_entry(self) -> None:
        user = make_user(self.allowed_role)
        api = api_client_for(user)
        created = api.post(self.api_list_url(), self.api_payload(), format="json")
        assert created.status_code == 201, created.content
        assert self._audit_count() == 1
        entry = AuditEntry.objects.filter(action="create").latest("id")
        assert entry.username == user.username and entry.source == "api" and entry.after
        obj = self.model._base_manager.get(pk=created.json()["id"])
        changed = api.patch(self.api_detail_url(obj), self.api_change(), format="json")
        assert changed.status_code == 200, changed.content
        assert self._audit_count("update") == 1
        assert api.delete(self.api_detail_url(obj)).status_code == 405
        assert self.model._base_manager.filter(pk=obj.pk).exists()
        assert self._audit_count("delete") == 0

    def test_each_page_write_leaves_exactly_one_audit_entry(self, client: Any) -> None:
        user = make_user(self.allowed_role)
        client.force_login(user)
        writes = AuditEntry.objects.exclude(action="view").filter(
            object_type="suicide_prevention.surveillancerecord"
        )
        added = client.post(self.add_url(), self.form_data())
        assert added.status_code == 302, added.content.decode()[:2000]
        assert [(e.action, e.username, e.source) for e in writes.all()] == [
            ("create", user.username, "web")
        ]
        obj = self.model._base_manager.get(pk=writes.get().object_id)
        changed = client.post(self.edit_url(obj), {**self.form_data(), **self.form_change()})
        assert changed.status_code == 302, changed.content.decode()[:2000]
        assert writes.get(action="update").before != writes.get(action="update").after
        assert client.get(self.delete_url(obj)).status_code == 404
        assert client.post(self.delete_url(obj)).status_code == 404
        assert self.model._base_manager.filter(pk=obj.pk).exists()
        assert not writes.filter(action="delete").exists()


class TestLocationOfConcernPermissions(SuicidePreventionMatrix):
    model = LocationOfConcern
    api_basename = "locationofconcern"

    def make_object(self, shared_with: list[Organisation]) -> LocationOfConcern:
        return make_location(shared_with)

    def api_payload(self) -> dict[str, Any]:
        return {
            "name": "Example quarry",
            "place_type": "height",
            "latitude": 53.01,
            "longitude": -1.2,
            "identified_on": "2026-04-01",
        }

    def api_change(self) -> dict[str, Any]:
        return {"lsoa_code": "E01013811"}

    def form_data(self) -> dict[str, Any]:
        return {
            "name": "Example quarry",
            "place_type": "height",
            "latitude": "53.01",
            "longitude": "-1.2",
            "identified_on": "2026-04-01",
        }

    def form_change(self) -> dict[str, Any]:
        return {"district": "Broxtowe"}


class TestLocationMeasurePermissions(SuicidePreventionMatrix):
    model = LocationMeasure
    api_basename = "locationmeasure"

    def make_object(self, shared_with: list[Organisation]) -> LocationMeasure:
        return make_measure(make_location(shared_with, name="Shared bridge"))

    def api_payload(self) -> dict[str, Any]:
        return {"location": self._location.pk, "kind": "barriers", "started_on": "2026-06-01"}

    def api_change(self) -> dict[str, Any]:
        return {"ended_on": "2026-08-01"}

    def form_data(self) -> dict[str, Any]:
        return {"location": self._location.pk, "kind": "patrols", "started_on": "2026-06-01"}

    def form_change(self) -> dict[str, Any]:
        return {"kind": "training"}
