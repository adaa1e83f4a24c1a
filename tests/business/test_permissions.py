"""Every Safer Business model through the platform's permission-and-audit matrix (pages and
API): anonymous, no role, wrong role, another partnership, the business's own partnership,
the Safer Business officer; one audit entry per write. Then the register's own rules: a
BCRP/BID sees its members' records and the action days it took part in, and the named
contact is for Safer Business officers only."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.business.models import ActionDay, Business, Recommendation, SecuritySurvey
from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import OrganisationFactory, PermissionMatrix, api_client_for, make_user
from tests.business.helpers import (
    CITY,
    make_action_day,
    make_business,
    make_recommendation,
    make_survey,
    officer,
)

pytestmark = pytest.mark.django_db


class BusinessMatrix(PermissionMatrix):
    url_namespace = "business"
    allowed_role = roles.BUSINESS
    wrong_role = roles.YOUTH  # a team lead of another area

    @pytest.fixture(autouse=True)
    def _records(self, db: Any) -> None:
        """Made before each test, so building form data writes nothing the matrix counts."""
        self._officer = officer()
        if self.model is not Business:
            self._business = make_business(name="Parent business")
        if self.model is Recommendation:
            self._survey = make_survey(self._business)


class TestBusinessPermissions(BusinessMatrix):
    model = Business
    api_basename = "business"

    def make_object(self, shared_with: list) -> Business:
        return make_business(shared_with)

    def api_payload(self) -> dict[str, Any]:
        return {
            "name": "API Traders",
            "sector": "retail",
            "address": "2 API Street",
            "longitude": CITY[0],
            "latitude": CITY[1],
        }

    def api_change(self) -> dict[str, Any]:
        return {"name": "API Traders Ltd"}

    def form_data(self) -> dict[str, Any]:
        return {
            "name": "Form Traders",
            "sector": "retail",
            "address": "3 Form Street",
            "longitude": str(CITY[0]),
            "latitude": str(CITY[1]),
        }

    def form_change(self) -> dict[str, Any]:
        return {"name": "Form Traders Ltd"}


class TestSecuritySurveyPermissions(BusinessMatrix):
    model = SecuritySurvey
    api_basename = "securitysurvey"

    def make_object(self, shared_with: list) -> SecuritySurvey:
        return make_survey(make_business(shared_with))

    def api_payload(self) -> dict[str, Any]:
        return {
            "business": self._business.pk,
            "surveyed_on": "2024-02-15",
            "surveyed_by": self._officer.pk,
            "follow_up_due": "2024-03-28",
        }

    def api_change(self) -> dict[str, Any]:
        return {"summary": "Changed"}

    def form_data(self) -> dict[str, Any]:
        return {
            "business": self._business.pk,
            "surveyed_on": "2024-02-15",
            "surveyed_by": self._officer.pk,
            "follow_up_due": "2024-03-28",
        }

    def form_change(self) -> dict[str, Any]:
        return {"summary": "Changed"}


class TestRecommendationPermissions(BusinessMatrix):
    model = Recommendation
    api_basename = "recommendation"

    def make_object(self, shared_with: list) -> Recommendation:
        return make_recommendation(make_survey(make_business(shared_with)))

    def api_payload(self) -> dict[str, Any]:
        return {
            "survey": self._survey.pk,
            "layer": "perimeter",
            "finding": "Low fence.",
            "recommendation": "Raise the fence.",
            "techniques": [2, 1],
            "priority": "low",
        }

    def api_change(self) -> dict[str, Any]:
        return {"priority": "high"}

    def form_data(self) -> dict[str, Any]:
        return {
            "survey": self._survey.pk,
            "layer": "perimeter",
            "finding": "Low fence.",
            "recommendation": "Raise the fence.",
            "techniques": ["2"],
            "priority": "low",
        }

    def form_change(self) -> dict[str, Any]:
        return {"priority": "high"}


class TestActionDayPermissions(BusinessMatrix):
    model = ActionDay
    api_basename = "actionday"

    def make_object(self, shared_with: list) -> ActionDay:
        return make_action_day(shared_with)

    def api_payload(self) -> dict[str, Any]:
        return {
            "title": "API day",
            "area_name": "Centre",
            "longitude": CITY[0],
            "latitude": CITY[1],
            "starts_on": "2024-02-15",
            "ends_on": "2024-02-16",
            "businesses_visited": [self._business.pk],
            "activities": ["visits"],
        }

    def api_change(self) -> dict[str, Any]:
        return {"visits": 12}

    def form_data(self) -> dict[str, Any]:
        return {
            "title": "Form day",
            "area_name": "Centre",
            "longitude": str(CITY[0]),
            "latitude": str(CITY[1]),
            "radius_m": "400",
            "starts_on": "2024-02-15",
            "ends_on": "2024-02-15",
            **dict.fromkeys(ActionDay.OUTCOME_FIELDS, "0"),
        }

    def form_change(self) -> dict[str, Any]:
        return {"visits": "9"}


# --- the partnership rule ---------------------------------------------------------------


def test_a_partnership_sees_its_members_and_their_surveys_not_other_businesses(client: Any) -> None:
    bcrp, bid = OrganisationFactory(kind="business"), OrganisationFactory(kind="business")
    member = make_business([bcrp], name="Member Shop")
    other = make_business([bid], name="Other Shop")
    member_survey, other_survey = make_survey(member), make_survey(other)
    partner = make_user(roles.PARTNER, bcrp)
    client.force_login(partner)
    listing = client.get("/business/businesses/").content.decode()
    assert "Member Shop" in listing and "Other Shop" not in listing
    assert client.get(member_survey.get_absolute_url()).status_code == 200
    assert client.get(other_survey.get_absolute_url()).status_code == 404
    assert client.get(f"/business/surveys/{member_survey.pk}/report.pdf").status_code == 200
    assert client.get(f"/business/surveys/{other_survey.pk}/report.pdf").status_code == 404
    api = api_client_for(partner)
    ids = [r["id"] for r in api.get("/api/business/businesses/").json()["results"]]
    assert ids == [member.pk]
    # the membership list shows only their own partnership, not the BID the shop is also in
    member.memberships.add(bid)
    assert api.get(f"/api/business/businesses/{member.pk}/").json()["memberships"] == [bcrp.slug]


def test_a_partnership_sees_action_days_it_took_part_in_and_only_its_members_visited(
    client: Any,
) -> None:
    bcrp, bid = OrganisationFactory(kind="business"), OrganisationFactory(kind="business")
    member = make_business([bcrp], name="Member Shop")
    stranger = make_business([bid], name="Stranger Shop")
    theirs = make_action_day([bcrp], title="Their day")
    theirs.businesses_visited.set([member, stranger])
    not_theirs = make_action_day([bid], title="Another day")
    partner = make_user(roles.PARTNER, bcrp)
    client.force_login(partner)
    page = client.get(theirs.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "Member Shop" in body and "Stranger Shop" not in body
    assert client.get(not_theirs.get_absolute_url()).status_code == 404
    data = api_client_for(partner).get(f"/api/business/action-days/{theirs.pk}/").json()
    assert data["businesses_visited"] == [member.pk]
    assert data["partners"] == [bcrp.slug]
    # the crime-around page is the force's analysis, not a partner page
    assert client.get("/business/crime-around/").status_code == 404


def test_the_named_contact_is_for_safer_business_officers_only(client: Any) -> None:
    bcrp = OrganisationFactory(kind="business")
    business = make_business([bcrp], contact_name="Terry Contact")
    for user, sees in (
        (make_user(roles.BUSINESS), True),
        (make_user(roles.HUB_LEAD), False),
        (make_user(roles.ADMIN), False),
        (make_user(roles.PARTNER, bcrp), False),
    ):
        client.force_login(user)
        body = client.get(business.get_absolute_url()).content.decode()
        assert ("Terry Contact" in body) is sees, user.role_slugs
        data = api_client_for(user).get(f"/api/business/businesses/{business.pk}/").json()
        assert ("contact_name" in data) is sees, user.role_slugs


def test_the_contact_is_never_a_sort_or_filter_and_reads_are_audited(client: Any) -> None:
    business = make_business(name="Aardvark Traders", contact_name="Zed Contact")
    make_business(name="Zebra Traders", contact_name="Terry Contact")
    user = make_user(roles.BUSINESS)
    api = api_client_for(user)
    for query in ("ordering=contact_name", "ordering=-contact_name"):
        names = [r["name"] for r in api.get(f"/api/business/businesses/?{query}").json()["results"]]
        assert names == ["Aardvark Traders", "Zebra Traders"], query  # by name: sort ignored
    client.force_login(user)
    before = AuditEntry.objects.filter(action="view", object_type="business.business").count()
    client.get(business.get_absolute_url())
    after = AuditEntry.objects.filter(action="view", object_type="business.business")
    assert after.count() == before + 1
    # the audit log names the business by reference, never the contact
    assert "Contact" not in str(list(after.values_list("object_repr", "after")))


def test_a_hub_lead_reads_the_register_but_does_not_change_it() -> None:
    business = make_business()
    api = api_client_for(make_user(roles.HUB_LEAD))
    assert api.get(f"/api/business/businesses/{business.pk}/").status_code == 200
    assert (
        api.patch(
            f"/api/business/businesses/{business.pk}/", {"name": "X"}, format="json"
        ).status_code
        == 404
    )
