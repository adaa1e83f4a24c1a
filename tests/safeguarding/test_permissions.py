"""Every safeguarding model with pages through the platform's permission-and-audit matrix:
anonymous, no role, wrong role, other partner, shared partner, safeguarding officer; one audit
entry per write, pages and API alike."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import PermissionMatrix
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
