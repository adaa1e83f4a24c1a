"""Every safeguarding model with pages through the platform's permission-and-audit matrix:
anonymous, no role, wrong role, other partner, shared partner, safeguarding officer; one audit
entry per write, pages and API alike."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import PermissionMatrix, api_client_for, make_user
from prevhub.partners.models import Organisation
from prevhub.safeguarding.choices import OrderKind, OrderStatus
from prevhub.safeguarding.models import (
    Breach,
    Incident,
    MaracReferral,
    ProtectionOrder,
    RiskAssessment,
    SafeguardingCase,
)
from tests.safeguarding.helpers import at, make_case, make_order, make_victim

pytestmark = pytest.mark.django_db

NO_ANSWERS = {f"q{i}": "no" for i in range(1, 28)}


class SafeguardingMatrix(PermissionMatrix):
    url_namespace = "safeguarding"
    allowed_role = roles.SAFEGUARDING
    wrong_role = roles.OFFENDER_MANAGER  # sees people, must not see safeguarding

    @pytest.fixture(autouse=True)
    def _records(self, db: Any) -> None:
        """Made before each test, so building form data writes nothing (the matrix counts)."""
        self._victim = make_victim(given_name="Form")
        if self.model is SafeguardingCase:  # the matrix counts this model's entries
            return
        self._case = make_case()
        if self.model is Breach:
            self._order = make_order(
                self._case, made_on=at(2026, 6, 1).date(), ends_on=at(2026, 6, 28).date()
            )

    def case(self) -> SafeguardingCase:
        return self._case

    # The platform's matrix ends its write tests with a delete; the register has none (deletion
    # only at retention review, services.case_retention_delete), so these end with the refusal.
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
        update = AuditEntry.objects.filter(action="update").latest("id")
        assert update.before and update.after and update.before != update.after
        assert api.delete(self.api_detail_url(obj)).status_code == 405
        assert self.model._base_manager.filter(pk=obj.pk).exists()
        assert self._audit_count("delete") == 0

    def test_each_page_write_leaves_exactly_one_audit_entry(self, client: Any) -> None:
        user = make_user(self.allowed_role)
        client.force_login(user)
        writes = AuditEntry.objects.exclude(action="view").filter(
            object_type=f"{self.model._meta.app_label}.{self._name()}"
        )
        added = client.post(self.add_url(), self.form_data())
        assert added.status_code == 302, added.content.decode()[:2000]
        assert [(e.action, e.username, e.source) for e in writes.all()] == [
            ("create", user.username, "web")
        ]
        obj = self.model._base_manager.get(pk=writes.get().object_id)
        changed = client.post(self.edit_url(obj), {**self.form_data(), **self.form_change()})
        assert changed.status_code == 302, changed.content.decode()[:2000]
        update = writes.get(action="update")
        assert update.before != update.after
        assert client.get(self.delete_url(obj)).status_code == 404
        assert client.post(self.delete_url(obj)).status_code == 404
        assert self.model._base_manager.filter(pk=obj.pk).exists()
        assert not writes.filter(action="delete").exists()
        detail = client.get(self.detail_url(obj)).content.decode()
        assert self.delete_url(obj) not in detail and 'href="delete/"' not in detail


class TestCasePermissions(SafeguardingMatrix):
    model = SafeguardingCase
    api_basename = "safeguardingcase"

    def make_object(self, shared_with: list[Organisation]) -> SafeguardingCase:
        return make_case(shared_with)

    def api_payload(self) -> dict[str, Any]:
        return {"victim": self._victim.pk, "abuse_types": ["stalking"], "district": "South"}

    def api_change(self) -> dict[str, Any]:
        return {"district": "East"}

    def form_data(self) -> dict[str, Any]:
        return {
            "victim": self._victim.pk,
            "abuse_types": ["domestic_abuse"],
            "district": "West",
            "status": "open",
            "opened_on": "2026-11-01",
        }

    def form_change(self) -> dict[str, Any]:
        return {"district": "Central"}


class TestIncidentPermissions(SafeguardingMatrix):
    model = Incident
    api_basename = "incident"

    def make_object(self, shared_with: list[Organisation]) -> Incident:
        return Incident.objects.create(case=make_case(shared_with), occurred_at=at(2026, 5, 1, 9))

    def api_payload(self) -> dict[str, Any]:
        return {"case": self.case().pk, "occurred_at": "2026-05-02T10:00:00+01:00"}

    def api_change(self) -> dict[str, Any]:
        return {"crime_reference": "CR/0001/26"}

    def form_data(self) -> dict[str, Any]:
        return {"case": self.case().pk, "occurred_at": "2026-05-02T10:00"}

    def form_change(self) -> dict[str, Any]:
        return {"occurred_at": "2026-05-03T11:00"}


class TestRiskAssessmentPermissions(SafeguardingMatrix):
    model = RiskAssessment
    api_basename = "riskassessment"

    def make_object(self, shared_with: list[Organisation]) -> RiskAssessment:
        return RiskAssessment.objects.create(case=make_case(shared_with), answers=NO_ANSWERS)

    def api_payload(self) -> dict[str, Any]:
        return {"case": self.case().pk, "answers": {**NO_ANSWERS, "q1": "yes"}}

    def api_change(self) -> dict[str, Any]:
        return {"override_level": "high", "override_reason": "Threats to kill last night."}

    def form_data(self) -> dict[str, Any]:
        return {"case": self.case().pk, "assessed_at": "2026-06-01T12:00", **NO_ANSWERS}

    def form_change(self) -> dict[str, Any]:
        return {"override_level": "medium", "override_reason": "Escalating contact."}


class TestMaracReferralPermissions(SafeguardingMatrix):
    model = MaracReferral
    api_basename = "maracreferral"

    def make_object(self, shared_with: list[Organisation]) -> MaracReferral:
        return MaracReferral.objects.create(case=make_case(shared_with), visible_high_risk=True)

    def api_payload(self) -> dict[str, Any]:
        return {"case": self.case().pk, "referred_on": "2026-06-02", "visible_high_risk": True}

    def api_change(self) -> dict[str, Any]:
        return {"meeting_date": "2026-06-20"}

    def form_data(self) -> dict[str, Any]:
        return {"case": self.case().pk, "referred_on": "2026-06-02", "visible_high_risk": "on"}

    def form_change(self) -> dict[str, Any]:
        return {"meeting_date": "2026-06-20"}


class TestProtectionOrderPermissions(SafeguardingMatrix):
    model = ProtectionOrder
    api_basename = "protectionorder"

    def make_object(self, shared_with: list[Organisation]) -> ProtectionOrder:
        return make_order(
            make_case(shared_with), kind=OrderKind.DVPN, status=OrderStatus.CONSIDERED
        )

    def api_payload(self) -> dict[str, Any]:
        return {"case": self.case().pk, "kind": "spo", "considered_on": "2026-06-01"}

    def api_change(self) -> dict[str, Any]:
        return {"court": "Example Magistrates' Court"}

    def form_data(self) -> dict[str, Any]:
        return {"case": self.case().pk, "kind": "spo", "considered_on": "2026-06-01"}

    def form_change(self) -> dict[str, Any]:
        return {"court": "Example Magistrates' Court"}


class TestBreachPermissions(SafeguardingMatrix):
    model = Breach
    api_basename = "breach"

    def order(self) -> ProtectionOrder:
        return self._order

    def make_object(self, shared_with: list[Organisation]) -> Breach:
        order = make_order(make_case(shared_with))
        return Breach.objects.create(
            order=order,
            occurred_at=at(2026, 6, 3, 22),
            description="Came to the door.",
            action_taken="arrest",
        )

    def api_payload(self) -> dict[str, Any]:
        return {
            "order": self.order().pk,
            "occurred_at": "2026-06-05T21:30:00+01:00",
            "description": "Sent messages.",
            "action_taken": "arrest",
        }

    def api_change(self) -> dict[str, Any]:
        return {"action_taken": "charge"}

    def form_data(self) -> dict[str, Any]:
        return {
            "order": self.order().pk,
            "occurred_at": "2026-06-05T21:30",
            "description": "Sent messages.",
            "action_taken": "arrest",
        }

    def form_change(self) -> dict[str, Any]:
        return {"action_taken": "charge"}
