"""Every reoffending model through the platform's permission-and-audit matrix, pages and API:
anonymous, no role, wrong role (a safeguarding officer, who sees people but not this), the hub
lead (aggregates only), other partner, shared partner, offender manager."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import make_user
from prevhub.partners.models import Organisation
from prevhub.reoffending.models import CohortMember, CohortReview, CustodySpell, PathwayNeed
from tests.reoffending.helpers import RegisterMatrix, make_member, make_person

pytestmark = pytest.mark.django_db


class ReoffendingMatrix(RegisterMatrix):
    url_namespace = "reoffending"
    allowed_role = roles.OFFENDER_MANAGER
    wrong_role = roles.SAFEGUARDING

    @pytest.fixture(autouse=True)
    def _records(self, db: Any) -> None:
        self._person = make_person(given_name="Form")
        if self.model is not CohortMember:
            self._member = make_member()

    def test_hub_lead_gets_404_for_records(self, client: Any) -> None:
        """The hub lead has the area (its measures), never a person's record."""
        obj = self.make_object([])
        self._assert_hidden_from(make_user(roles.HUB_LEAD), obj, client)


class TestCohortMemberPermissions(ReoffendingMatrix):
    model = CohortMember
    api_basename = "cohortmember"

    def make_object(self, shared_with: list[Organisation]) -> CohortMember:
        return make_member(shared_with)

    def api_payload(self) -> dict[str, Any]:
        return {
            "person": self._person.pk,
            "offender_reference": "OFF-API-1",
            "strand": "flex",
            "selection_reason": "Local priority: serious violence (invented).",
            "selected_on": "2025-03-03",
            "statutory_status": "licence",
        }

    def api_change(self) -> dict[str, Any]:
        return {"strand": "free"}

    def form_data(self) -> dict[str, Any]:
        return {
            "person": self._person.pk,
            "offender_reference": "OFF-FORM-1",
            "strand": "fixed",
            "selection_reason": "Burglary (invented).",
            "selection_score": "40",
            "selected_on": "2025-02-03",
            "statutory_status": "none",
        }

    def form_change(self) -> dict[str, Any]:
        return {"strand": "flex"}


class TestCustodySpellPermissions(ReoffendingMatrix):
    model = CustodySpell
    api_basename = "custodyspell"

    def make_object(self, shared_with: list[Organisation]) -> CustodySpell:
        import datetime as dt

        return CustodySpell.objects.create(
            member=make_member(shared_with), started_on=dt.date(2025, 3, 1)
        )

    def api_payload(self) -> dict[str, Any]:
        return {"member": self._member.pk, "started_on": "2025-04-01", "released_on": "2025-05-01"}

    def api_change(self) -> dict[str, Any]:
        return {"establishment": "HMP Invented"}

    def form_data(self) -> dict[str, Any]:
        return {"member": self._member.pk, "started_on": "2025-04-01"}

    def form_change(self) -> dict[str, Any]:
        return {"released_on": "2025-06-01"}


class TestPathwayNeedPermissions(ReoffendingMatrix):
    model = PathwayNeed
    api_basename = "pathwayneed"

    def make_object(self, shared_with: list[Organisation]) -> PathwayNeed:
        return PathwayNeed.objects.create(
            member=make_member(shared_with), pathway="accommodation", need="Invented need."
        )

    def api_payload(self) -> dict[str, Any]:
        return {"member": self._member.pk, "pathway": "health", "need": "GP registration."}

    def api_change(self) -> dict[str, Any]:
        return {"outcome": "met"}

    def form_data(self) -> dict[str, Any]:
        return {
            "member": self._member.pk,
            "pathway": "finance",
            "need": "Debt advice.",
            "identified_on": "2025-02-01",
            "outcome": "ongoing",
        }

    def form_change(self) -> dict[str, Any]:
        return {"outcome": "partly_met"}


class TestCohortReviewPermissions(ReoffendingMatrix):
    model = CohortReview
    api_basename = "cohortreview"

    def make_object(self, shared_with: list[Organisation]) -> CohortReview:
        import datetime as dt

        return CohortReview.objects.create(
            member=make_member(shared_with), due_on=dt.date(2025, 2, 1)
        )

    def api_payload(self) -> dict[str, Any]:
        return {"member": self._member.pk, "due_on": "2025-03-01"}

    def api_change(self) -> dict[str, Any]:
        return {"held_on": "2025-03-02", "outcome": "continue"}

    def form_data(self) -> dict[str, Any]:
        return {"member": self._member.pk, "due_on": "2025-03-01"}

    def form_change(self) -> dict[str, Any]:
        return {"held_on": "2025-03-01", "outcome": "continue"}
