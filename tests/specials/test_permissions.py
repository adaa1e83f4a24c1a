"""Every specials model through the platform's permission-and-audit matrix (pages and API):
anonymous, no role, wrong role (youth), other partner, a partner (nothing of the register is
ever shared), the specials role; one audit entry per write."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import PermissionMatrix, make_user
from prevhub.partners.models import Organisation
from prevhub.specials.models import (
    AttendanceNotice,
    Availability,
    Duty,
    Event,
    EventSignup,
    Officer,
    Qualification,
    QualificationKind,
)
from tests.specials.helpers import at, make_duty, make_officer, ost

pytestmark = pytest.mark.django_db


class SpecialsMatrix(PermissionMatrix):
    url_namespace = "specials"
    allowed_role = roles.SPECIALS
    wrong_role = roles.YOUTH
    partners_may_view_shared = False  # nothing of the register is shared with partners

    @pytest.fixture(autouse=True)
    def _records(self, db: Any) -> None:
        """Made before each test, so building form data writes nothing the matrix counts."""
        if self.model is not Officer:  # its own qualification would count as a write
            self._officer = make_officer(ost_expires=None if self.model is Qualification else 1)


class TestOfficerPermissions(SpecialsMatrix):
    model = Officer
    api_basename = "officer"

    def make_object(self, shared_with: list[Organisation]) -> Officer:
        return make_officer(ost_expires=None)

    def api_payload(self) -> dict[str, Any]:
        return {
            "collar_number": "A100",
            "given_name": "Api",
            "family_name": "Made",
            "team": "County North",
            "joined_on": "2024-01-01",
        }

    def api_change(self) -> dict[str, Any]:
        return {"team": "County South"}

    def form_data(self) -> dict[str, Any]:
        return {
            "collar_number": "F100",
            "given_name": "Form",
            "family_name": "Made",
            "rank": "sc",
            "team": "City Centre",
            "joined_on": "2024-01-01",
            "status": "training",
        }

    def form_change(self) -> dict[str, Any]:
        return {"team": "County North"}


class TestQualificationKindPermissions(SpecialsMatrix):
    model = QualificationKind
    api_basename = "qualificationkind"

    def make_object(self, shared_with: list[Organisation]) -> QualificationKind:
        return QualificationKind.objects.create(name="Taser", slug="taser")

    def api_payload(self) -> dict[str, Any]:
        return {"name": "Public order", "slug": "public-order"}

    def api_change(self) -> dict[str, Any]:
        return {"required_for_duty": True}

    def form_data(self) -> dict[str, Any]:
        return {"name": "Method of entry", "slug": "method-of-entry"}

    def form_change(self) -> dict[str, Any]:
        return {"name": "Method of entry (MoE)"}


class TestQualificationPermissions(SpecialsMatrix):
    model = Qualification
    api_basename = "qualification"

    def make_object(self, shared_with: list[Organisation]) -> Qualification:
        return Qualification.objects.create(
            officer=self._officer, kind=ost(), obtained_on="2024-01-01"
        )

    def api_payload(self) -> dict[str, Any]:
        return {
            "officer": self._officer.pk,
            "kind": ost().pk,
            "obtained_on": "2025-01-01",
            "expires_on": "2026-01-01",
        }

    def api_change(self) -> dict[str, Any]:
        return {"expires_on": "2026-02-01"}

    def form_data(self) -> dict[str, Any]:
        return {"officer": self._officer.pk, "kind": ost().pk, "obtained_on": "2025-01-01"}

    def form_change(self) -> dict[str, Any]:
        return {"expires_on": "2027-01-01"}


class TestDutyPermissions(SpecialsMatrix):
    model = Duty
    api_basename = "duty"

    def make_object(self, shared_with: list[Organisation]) -> Duty:
        return make_duty(self._officer)

    def api_payload(self) -> dict[str, Any]:
        return {
            "officer": self._officer.pk,
            "duty_type": "patrol",
            "patrol_mode": "independent",
            "status": "booked",
            "starts_at": "2026-06-05T22:00:00+01:00",
            "ends_at": "2026-06-06T03:00:00+01:00",
        }

    def api_change(self) -> dict[str, Any]:
        return {"district": "City"}

    def form_data(self) -> dict[str, Any]:
        return {
            "officer": self._officer.pk,
            "duty_type": "admin",
            "status": "planned",
            "starts_at": "2026-06-05T10:00",
            "ends_at": "2026-06-05T14:00",
        }

    def form_change(self) -> dict[str, Any]:
        return {"district": "Gedling"}


class TestEventPermissions(SpecialsMatrix):
    model = Event
    api_basename = "specials-event"

    def make_object(self, shared_with: list[Organisation]) -> Event:
        return Event.objects.create(
            title="Goose Fair",
            starts_at=at(2027, 10, 1, 12),
            ends_at=at(2027, 10, 1, 20),
            places=4,
            signup_deadline=at(2027, 9, 20),
        )

    def api_payload(self) -> dict[str, Any]:
        return {
            "title": "Match day",
            "starts_at": "2027-03-01T12:00:00Z",
            "ends_at": "2027-03-01T18:00:00Z",
            "places": 6,
            "signup_deadline": "2027-02-20T12:00:00Z",
        }

    def api_change(self) -> dict[str, Any]:
        return {"places": 8}

    def form_data(self) -> dict[str, Any]:
        return {
            "title": "Carnival",
            "starts_at": "2027-08-01T10:00",
            "ends_at": "2027-08-01T18:00",
            "places": 3,
            "signup_deadline": "2027-07-25T12:00",
        }

    def form_change(self) -> dict[str, Any]:
        return {"places": 5}


class TestEventSignupPermissions(SpecialsMatrix):
    model = EventSignup
    api_basename = "specials-eventsignup"

    @pytest.fixture(autouse=True)
    def _event(self, _records: None) -> None:
        self._event_obj = Event.objects.create(
            title="Riverside festival",
            starts_at=at(2027, 7, 1, 12),
            ends_at=at(2027, 7, 1, 20),
            places=4,
            signup_deadline=at(2027, 6, 20),
        )
        self._other = make_officer()

    def make_object(self, shared_with: list[Organisation]) -> EventSignup:
        return EventSignup.objects.create(event=self._event_obj, officer=self._officer)

    def api_payload(self) -> dict[str, Any]:
        return {"event": self._event_obj.pk, "officer": self._other.pk}

    def api_change(self) -> dict[str, Any]:
        return {"officer": self._officer.pk}

    def form_data(self) -> dict[str, Any]:
        return {"event": self._event_obj.pk, "officer": self._other.pk}

    def form_change(self) -> dict[str, Any]:
        return {"officer": self._officer.pk}


class TestAvailabilityPermissions(SpecialsMatrix):
    model = Availability
    api_basename = "specials-availability"

    def make_object(self, shared_with: list[Organisation]) -> Availability:
        return Availability.objects.create(
            officer=self._officer, starts_at=at(2027, 1, 1, 9), ends_at=at(2027, 1, 1, 17)
        )

    def api_payload(self) -> dict[str, Any]:
        return {
            "officer": self._officer.pk,
            "starts_at": "2027-01-02T09:00:00Z",
            "ends_at": "2027-01-02T17:00:00Z",
        }

    def api_change(self) -> dict[str, Any]:
        return {"note": "Evenings only"}

    def form_data(self) -> dict[str, Any]:
        return {
            "officer": self._officer.pk,
            "starts_at": "2027-01-03T09:00",
            "ends_at": "2027-01-03T17:00",
        }

    def form_change(self) -> dict[str, Any]:
        return {"note": "Weekends"}


class TestAttendanceNoticePermissions(SpecialsMatrix):
    model = AttendanceNotice
    api_basename = "attendancenotice"

    def make_object(self, shared_with: list[Organisation]) -> AttendanceNotice:
        return AttendanceNotice.objects.create(officer=self._officer, stage=1, hours=3.0)

    def api_payload(self) -> dict[str, Any]:
        return {"officer": self._officer.pk, "stage": 1, "hours": 2.5}

    def api_change(self) -> dict[str, Any]:
        return {"stage": 2}

    def form_data(self) -> dict[str, Any]:
        return {"officer": self._officer.pk, "stage": 1, "issued_on": "2026-11-01", "hours": 4}

    def form_change(self) -> dict[str, Any]:
        return {"stage": 2}


def test_the_hub_lead_opens_the_measures_but_no_record(client: Any) -> None:
    officer = make_officer()
    client.force_login(make_user(roles.HUB_LEAD))
    assert client.get("/specials/measures/").status_code == 200
    assert client.get("/specials/where-the-hours-went/").status_code in (200, 400)
    assert client.get(officer.get_absolute_url()).status_code == 404
    assert client.get("/specials/officers/").status_code == 404


def test_an_administrator_without_the_role_sees_only_the_landing_page(client: Any) -> None:
    officer = make_officer()
    client.force_login(make_user(roles.ADMIN))
    page = client.get("/specials/")
    assert page.status_code == 200 and "need-to-know" in page.content.decode()
    assert client.get(officer.get_absolute_url()).status_code == 404
    assert client.get("/specials/measures/").status_code == 404
