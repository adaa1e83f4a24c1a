"""The permission-and-audit matrix for every model of the youth register, pages and API
(core.testing.PermissionMatrix): anonymous, no role, wrong role, another partner, the partner
hosting the unit, and the right user — for a child's records, the youth coordinator (leaders
see only their own unit's children: tests/youth/test_access.py), for concerns the designated
safeguarding lead. A school sees the cohort it hosts, its sessions and events; never a
child's record, even one of its own cohort."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.models import User
from prevhub.core.testing import PermissionMatrix, make_user
from prevhub.partners.models import Organisation
from prevhub.youth.choices import UnitKind
from prevhub.youth.models import (
    Assignment,
    Award,
    Cadet,
    Concern,
    Consent,
    Leader,
    Session,
    Unit,
    VolunteeringEvent,
    VolunteeringHours,
)
from tests.youth.helpers import (
    make_cadet,
    make_coordinator,
    make_event,
    make_leader,
    make_safeguarding_lead,
    make_unit,
)

pytestmark = pytest.mark.django_db


def _host(shared_with: list[Organisation]) -> Organisation | None:
    return shared_with[0] if shared_with else None


class YouthMatrix(PermissionMatrix):
    url_namespace = "youth"
    allowed_role = roles.YOUTH


class ChildMatrix(YouthMatrix):
    """A child's records: the coordinator sees them all; a school never."""

    partners_may_view_shared = False

    def make_allowed_user(self) -> User:
        return make_coordinator()

    def cadet(self, shared_with: list[Organisation] | None = None) -> Cadet:
        if not hasattr(self, "_cadet"):
            unit = (
                make_unit(UnitKind.MINI_POLICE, host=_host(shared_with or []))
                if shared_with
                else make_unit()
            )
            self._cadet = make_cadet(unit)
        return self._cadet


class TestUnitMatrix(YouthMatrix):
    model = Unit
    api_basename = "unit"

    def make_object(self, shared_with: list[Organisation]) -> Unit:
        return make_unit(
            UnitKind.MINI_POLICE if shared_with else UnitKind.VPC, host=_host(shared_with)
        )

    def api_payload(self) -> dict[str, Any]:
        return {"name": "Northtown VPC", "kind": "vpc"}

    def api_change(self) -> dict[str, Any]:
        return {"name": "Northtown VPC (renamed)"}

    def form_data(self) -> dict[str, Any]:
        return {"name": "Southtown VPC", "kind": "vpc", "active": "on"}

    def form_change(self) -> dict[str, Any]:
        return {"meets": "Tuesdays 19:00-21:00"}


class TestLeaderMatrix(YouthMatrix):
    model = Leader
    api_basename = "leader"
    partners_may_view_shared = False

    def account(self) -> User:
        if not hasattr(self, "_account"):
            self._account = make_user(None, first_name="Lee", last_name="Fakeleader")
        return self._account

    def make_object(self, shared_with: list[Organisation]) -> Leader:
        self.account()  # made before the tests count audit entries
        return make_leader(make_user(None))

    def api_payload(self) -> dict[str, Any]:
        return {"user": self.account().pk, "dbs_checked_on": "2025-06-01", "dbs_enhanced": True}

    def api_change(self) -> dict[str, Any]:
        return {"safeguarding_trained_on": "2025-07-01"}

    def form_data(self) -> dict[str, Any]:
        return {"user": self.account().pk, "dbs_checked_on": "2025-06-01", "dbs_enhanced": "on"}

    def form_change(self) -> dict[str, Any]:
        return {"safeguarding_trained_on": "2025-07-01"}


class TestAssignmentMatrix(YouthMatrix):
    model = Assignment
    api_basename = "assignment"
    partners_may_view_shared = False

    def parts(self) -> tuple[Leader, Unit]:
        if not hasattr(self, "_parts"):
            self._parts = (make_leader(make_user(None)), make_unit())
        return self._parts

    def make_object(self, shared_with: list[Organisation]) -> Assignment:
        leader, unit = self.parts()
        return Assignment.objects.create(leader=leader, unit=unit, started_on=dt.date(2026, 1, 5))

    def api_payload(self) -> dict[str, Any]:
        leader, unit = self.parts()
        return {"leader": leader.pk, "unit": unit.pk, "started_on": "2026-01-05"}

    def api_change(self) -> dict[str, Any]:
        return {"ended_on": "2026-07-31"}

    def form_data(self) -> dict[str, Any]:
        return self.api_payload()

    def form_change(self) -> dict[str, Any]:
        return {"ended_on": "2026-07-31"}


class TestCadetMatrix(ChildMatrix):
    model = Cadet
    api_basename = "cadet"

    def unit(self) -> Unit:
        if not hasattr(self, "_unit"):
            self._unit = make_unit()
        return self._unit

    def make_object(self, shared_with: list[Organisation]) -> Cadet:
        self.unit()
        return self.cadet(shared_with)

    def api_payload(self) -> dict[str, Any]:
        return {
            "given_name": "Pat",
            "family_name": "Madeupchild",
            "date_of_birth": "2012-03-04",
            "unit": self.unit().pk,
            "joined_on": "2026-01-10",
            "parent_name": "Sam Madeupchild",
        }

    def api_change(self) -> dict[str, Any]:
        return {"parent_phone": "07700 900123"}

    def form_data(self) -> dict[str, Any]:
        return self.api_payload()

    def form_change(self) -> dict[str, Any]:
        return {"parent_phone": "07700 900123"}


class TestConsentMatrix(ChildMatrix):
    model = Consent
    api_basename = "consent"

    def make_object(self, shared_with: list[Organisation]) -> Consent:
        return Consent.objects.create(
            cadet=self.cadet(shared_with),
            kind="participation",
            given_by="Sam Fakeparent",
            given_on=dt.date(2026, 1, 10),
        )

    def api_payload(self) -> dict[str, Any]:
        return {
            "cadet": self.cadet().pk,
            "kind": "photographs",
            "given_by": "Sam Fakeparent",
            "given_on": "2026-01-10",
        }

    def api_change(self) -> dict[str, Any]:
        return {"withdrawn_on": "2026-02-01"}

    def form_data(self) -> dict[str, Any]:
        return self.api_payload()

    def form_change(self) -> dict[str, Any]:
        return {"withdrawn_on": "2026-02-01"}


class TestSessionMatrix(YouthMatrix):
    model = Session
    api_basename = "session"

    def unit(self, shared_with: list[Organisation] | None = None) -> Unit:
        if not hasattr(self, "_unit"):
            self._unit = (
                make_unit(UnitKind.MINI_POLICE, host=_host(shared_with))
                if shared_with
                else make_unit()
            )
        return self._unit

    def make_object(self, shared_with: list[Organisation]) -> Session:
        return Session.objects.create(
            unit=self.unit(shared_with), held_on=dt.date(2026, 10, 6), topic="Phonetic alphabet"
        )

    def api_payload(self) -> dict[str, Any]:
        return {"unit": self.unit().pk, "held_on": "2026-10-13", "topic": "Meet the dogs"}

    def api_change(self) -> dict[str, Any]:
        return {"topic": "Meet the dog section"}

    def form_data(self) -> dict[str, Any]:
        return self.api_payload()

    def form_change(self) -> dict[str, Any]:
        return {"topic": "Meet the dog section"}


class TestVolunteeringEventMatrix(TestSessionMatrix):
    model = VolunteeringEvent
    api_basename = "volunteeringevent"

    def make_object(self, shared_with: list[Organisation]) -> VolunteeringEvent:
        return make_event(self.unit(shared_with))

    def api_payload(self) -> dict[str, Any]:
        return {
            "unit": self.unit().pk,
            "title": "Speed watch",
            "held_on": "2026-04-18",
            "risk_assessed_on": "2026-04-10",
            "latitude": 53.48,
            "longitude": -2.24,
        }

    def api_change(self) -> dict[str, Any]:
        return {"place": "High Street"}

    def form_change(self) -> dict[str, Any]:
        return {"place": "High Street"}


class TestVolunteeringHoursMatrix(ChildMatrix):
    model = VolunteeringHours
    api_basename = "volunteeringhours"

    def event(self) -> VolunteeringEvent:
        if not hasattr(self, "_event"):
            self._event = make_event(self.cadet().unit)
        return self._event

    def make_object(self, shared_with: list[Organisation]) -> VolunteeringHours:
        cadet = self.cadet(shared_with)
        self.event()
        return VolunteeringHours.objects.create(event=make_event(cadet.unit), cadet=cadet, hours=2)

    def api_payload(self) -> dict[str, Any]:
        return {"event": self.event().pk, "cadet": self.cadet().pk, "hours": "2.5"}

    def api_change(self) -> dict[str, Any]:
        return {"hours": "3.0"}

    def form_data(self) -> dict[str, Any]:
        return self.api_payload()

    def form_change(self) -> dict[str, Any]:
        return {"hours": "3.0"}


class TestAwardMatrix(ChildMatrix):
    model = Award
    api_basename = "award"

    def make_object(self, shared_with: list[Organisation]) -> Award:
        return Award.objects.create(
            cadet=self.cadet(shared_with),
            kind="dofe_bronze",
            section="volunteering",
            achieved_on=dt.date(2026, 6, 1),
        )

    def api_payload(self) -> dict[str, Any]:
        return {
            "cadet": self.cadet().pk,
            "kind": "dofe_bronze",
            "section": "skills",
            "achieved_on": "2026-06-01",
        }

    def api_change(self) -> dict[str, Any]:
        return {"section": "physical"}

    def form_data(self) -> dict[str, Any]:
        return self.api_payload()

    def form_change(self) -> dict[str, Any]:
        return {"section": "physical"}


class TestConcernMatrix(ChildMatrix):
    """Only the designated safeguarding lead reads and changes concerns (the coordinator is
    the 'wrong' user here: tests/youth/test_access.py)."""

    model = Concern
    api_basename = "concern"

    def make_allowed_user(self) -> User:
        return make_safeguarding_lead()

    def make_object(self, shared_with: list[Organisation]) -> Concern:
        return Concern.objects.create(
            cadet=self.cadet(shared_with),
            noticed_on=dt.date(2026, 5, 1),
            concern="Arrived hungry twice (test).",
        )

    def api_payload(self) -> dict[str, Any]:
        return {
            "cadet": self.cadet().pk,
            "noticed_on": "2026-05-02",
            "concern": "Seemed withdrawn (test).",
        }

    def api_change(self) -> dict[str, Any]:
        return {"action_taken": "Spoke with the parent (test)."}

    def form_data(self) -> dict[str, Any]:
        return self.api_payload()

    def form_change(self) -> dict[str, Any]:
        return {"action_taken": "Spoke with the parent (test)."}
