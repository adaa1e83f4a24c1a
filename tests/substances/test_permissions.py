"""Every substances model through the platform's permission-and-audit matrix, pages and API.
The counts (drug tests, naloxone) name nobody and are never shared with partners."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import PermissionMatrix, make_user
from prevhub.partners.models import Organisation
from prevhub.substances.models import (
    DiversionAppointment,
    DiversionCondition,
    DiversionEpisode,
    DrugTestCount,
    NaloxoneSupply,
)
from tests.reoffending.helpers import RegisterMatrix, make_person
from tests.substances.helpers import make_episode

pytestmark = pytest.mark.django_db


class SubstancesMixin:
    url_namespace = "substances"
    allowed_role = roles.OFFENDER_MANAGER
    wrong_role = roles.YOUTH  # the plan listed youth for the area; it has no need to know

    @pytest.fixture(autouse=True)
    def _records(self, db: Any) -> None:
        self._person = make_person(given_name="Form", date_of_birth=dt.date(1995, 5, 5))
        if self.model not in (DiversionEpisode, DrugTestCount, NaloxoneSupply):
            self._episode = make_episode()

    def test_hub_lead_gets_404_for_records(self, client: Any) -> None:
        obj = self.make_object([])
        self._assert_hidden_from(make_user(roles.HUB_LEAD), obj, client)  # type: ignore[attr-defined]


class TestDiversionEpisodePermissions(SubstancesMixin, RegisterMatrix):
    model = DiversionEpisode
    api_basename = "diversionepisode"

    def make_object(self, shared_with: list[Organisation]) -> DiversionEpisode:
        return make_episode(shared_with)

    def api_payload(self) -> dict[str, Any]:
        return {
            "person": self._person.pk,
            "offence_code": "92E",
            "offence_date": "2025-02-01",
            "scheme": "community_resolution",
            "decided_on": "2025-02-02",
            "eligibility": {"admission": "met", "no_excluding_factors": "met"},
        }

    def api_change(self) -> dict[str, Any]:
        return {"offered_on": "2025-02-03"}

    def form_data(self) -> dict[str, Any]:
        return {
            "person": self._person.pk,
            "offence_code": "92D",
            "offence_date": "2025-02-01",
            "scheme": "drug_education",
            "sex": "female",
            "ethnicity": "white",
            "decided_on": "2025-02-02",
            "accepted": "unknown",
            "rule_age": "met",
            "rule_offence": "met",
            "rule_admission": "met",
            "rule_no_excluding_factors": "met",
        }

    def form_change(self) -> dict[str, Any]:
        return {"offered_on": "2025-02-03"}


class TestDiversionConditionPermissions(SubstancesMixin, RegisterMatrix):
    model = DiversionCondition
    api_basename = "diversioncondition"

    def make_object(self, shared_with: list[Organisation]) -> DiversionCondition:
        return DiversionCondition.objects.create(
            episode=make_episode(shared_with), description="Attend.", due_on=dt.date(2025, 3, 1)
        )

    def api_payload(self) -> dict[str, Any]:
        return {"episode": self._episode.pk, "description": "Attend.", "due_on": "2025-03-01"}

    def api_change(self) -> dict[str, Any]:
        return {"met_on": "2025-02-20"}

    def form_data(self) -> dict[str, Any]:
        return {"episode": self._episode.pk, "description": "Attend.", "due_on": "2025-03-01"}

    def form_change(self) -> dict[str, Any]:
        return {"met_on": "2025-02-20"}


class TestDiversionAppointmentPermissions(SubstancesMixin, RegisterMatrix):
    model = DiversionAppointment
    api_basename = "diversionappointment"

    def make_object(self, shared_with: list[Organisation]) -> DiversionAppointment:
        return DiversionAppointment.objects.create(
            episode=make_episode(shared_with), on=dt.date(2025, 2, 1)
        )

    def api_payload(self) -> dict[str, Any]:
        return {"episode": self._episode.pk, "on": "2025-02-10"}

    def api_change(self) -> dict[str, Any]:
        return {"attendance": "attended"}

    def form_data(self) -> dict[str, Any]:
        return {"episode": self._episode.pk, "on": "2025-02-10"}

    def form_change(self) -> dict[str, Any]:
        return {"attendance": "did_not_attend"}


class CountsMatrix(SubstancesMixin, PermissionMatrix):
    """Counts are corrected and deleted like any figure (no personal data), never shared."""

    partners_may_view_shared = False

    def test_each_page_write_leaves_exactly_one_audit_entry(self, client: Any) -> None:
        super().test_each_page_write_leaves_exactly_one_audit_entry(client)
        assert not AuditEntry.objects.filter(action="view", object_type__startswith="people")


class TestDrugTestCountPermissions(CountsMatrix):
    model = DrugTestCount
    api_basename = "drugtestcount"

    def make_object(self, shared_with: list[Organisation]) -> DrugTestCount:
        return DrugTestCount.objects.create(month=dt.date(2025, 1, 1), tests=10, positive_both=2)

    def api_payload(self) -> dict[str, Any]:
        return {"month": "2025-02-01", "tests": 20, "positive_cocaine": 5}

    def api_change(self) -> dict[str, Any]:
        return {"tests": 21}

    def form_data(self) -> dict[str, Any]:
        return {"month": "2025-03-01", "tests": "30", "positive_cocaine": "4",
                "positive_opiates": "2", "positive_both": "1"}  # fmt: skip

    def form_change(self) -> dict[str, Any]:
        return {"tests": "31"}


class TestNaloxoneSupplyPermissions(CountsMatrix):
    model = NaloxoneSupply
    api_basename = "naloxonesupply"

    def make_object(self, shared_with: list[Organisation]) -> NaloxoneSupply:
        return NaloxoneSupply.objects.create(month=dt.date(2025, 1, 1), kits=7)

    def api_payload(self) -> dict[str, Any]:
        return {"month": "2025-02-01", "kits": 9}

    def api_change(self) -> dict[str, Any]:
        return {"kits": 10}

    def form_data(self) -> dict[str, Any]:
        return {"month": "2025-03-01", "kits": "12", "setting": "Custody suite"}

    def form_change(self) -> dict[str, Any]:
        return {"kits": "13"}
