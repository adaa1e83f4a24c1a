"""Need to know: who sees the register, the victim, the contact details; every read logged."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import OrganisationFactory, api_client_for, make_user
from prevhub.safeguarding.models import SafeguardingCase
from tests.safeguarding.helpers import make_case, make_order, make_victim

pytestmark = pytest.mark.django_db


def _nav_labels(client: Any) -> str:
    return client.get("/").content.decode()


@pytest.mark.parametrize(
    "role", [None, roles.ANALYST, roles.OFFENDER_MANAGER, roles.HUB_LEAD, roles.YOUTH]
)
def test_a_non_safeguarding_user_gets_404_on_the_victims_case_and_no_navigation(
    client: Any, role: str | None
) -> None:
    case = make_case(victim=make_victim(given_name="Avery", family_name="Hiddenname"))
    order = make_order(case)
    client.force_login(make_user(role))
    for url in (
        "/safeguarding/",
        f"/safeguarding/cases/{case.pk}/",
        f"/safeguarding/orders/{order.pk}/",
        "/safeguarding/measures/",
        "/safeguarding/retention/",
    ):
        assert client.get(url).status_code == 404, url
    page = _nav_labels(client)
    assert ">Safeguarding<" not in page and "Hiddenname" not in page
    api = api_client_for(make_user(role))
    assert api.get(f"/api/safeguarding/cases/{case.pk}/").status_code == 404
    assert api.get("/api/safeguarding/work-queue/").status_code == 404


def test_safeguarding_officers_see_the_area_in_navigation(client: Any) -> None:
    client.force_login(make_user(roles.SAFEGUARDING))
    assert ">Safeguarding<" in _nav_labels(client)
    assert client.get("/safeguarding/").status_code == 200


def test_administrators_are_told_records_are_need_to_know_and_see_none(client: Any) -> None:
    case = make_case(victim=make_victim(family_name="Adminnever"))
    admin = make_user(roles.ADMIN)
    client.force_login(admin)
    home = client.get("/safeguarding/")
    assert home.status_code == 200 and "need-to-know" in home.content.decode()
    assert client.get(f"/safeguarding/cases/{case.pk}/").status_code == 404
    assert api_client_for(admin).get(f"/api/safeguarding/cases/{case.pk}/").status_code == 404


def test_reading_a_case_logs_the_case_and_the_victim_without_the_victims_name(client: Any) -> None:
    case = make_case(victim=make_victim(given_name="Morgan", family_name="Nameless"))
    client.force_login(make_user(roles.SAFEGUARDING, username="reader"))
    response = client.get(f"/safeguarding/cases/{case.pk}/")
    assert response.status_code == 200 and "Nameless" in response.content.decode()
    views = AuditEntry.objects.filter(action="view", request_id=response["X-Request-ID"])
    logged = {(v.object_type, v.object_id, v.username) for v in views}
    assert ("safeguarding.safeguardingcase", str(case.pk), "reader") in logged
    assert ("people.person", str(case.victim_id), "reader") in logged
    assert not any("Nameless" in (v.object_repr + v.detail) for v in views)


def test_reading_an_order_through_the_api_is_logged() -> None:
    order = make_order()
    api = api_client_for(make_user(roles.SAFEGUARDING, username="apireader"))
    assert api.get(f"/api/safeguarding/orders/{order.pk}/").status_code == 200
    assert (
        AuditEntry.objects.filter(
            action="view",
            object_type="safeguarding.protectionorder",
            object_id=str(order.pk),
            username="apireader",
            detail="api",
        ).count()
        == 1
    )


def test_contact_details_only_for_the_officer_in_case_and_supervisor(client: Any) -> None:
    oic = make_user(roles.SAFEGUARDING, username="oic")
    supervisor = make_user(roles.SAFEGUARDING, username="sup")
    colleague = make_user(roles.SAFEGUARDING, username="colleague")
    case = make_case(
        officer_in_case=oic,
        supervisor=supervisor,
        safe_address="7 Refuge Row",
        safe_phone="07000 000007",
    )
    for user, sees in ((oic, True), (supervisor, True), (colleague, False)):
        client.force_login(user)
        page = client.get(f"/safeguarding/cases/{case.pk}/").content.decode()
        assert ("7 Refuge Row" in page) is sees, user.username
        body = api_client_for(user).get(f"/api/safeguarding/cases/{case.pk}/").json()
        assert ("safe_address" in body) is sees
        edit = client.get(f"/safeguarding/cases/{case.pk}/edit/").content.decode()
        assert ("7 Refuge Row" in edit) is sees
    refused = api_client_for(colleague).patch(
        f"/api/safeguarding/cases/{case.pk}/", {"safe_address": "elsewhere"}, format="json"
    )
    assert refused.status_code == 400
    assert SafeguardingCase.objects.get(pk=case.pk).safe_address == "7 Refuge Row"


def test_a_case_is_shared_with_a_partner_agency_explicitly_per_case(client: Any) -> None:
    idva, council = OrganisationFactory(name="IDVA service"), OrganisationFactory(name="Council")
    shared = make_case([idva], safe_address="9 Secret Close")
    other = make_case([council])
    private = make_case([])
    order = make_order(shared)
    partner = make_user(roles.PARTNER, idva)
    client.force_login(partner)
    assert client.get(f"/safeguarding/cases/{shared.pk}/").status_code == 200
    assert "9 Secret Close" not in client.get(f"/safeguarding/cases/{shared.pk}/").content.decode()
    assert client.get(f"/safeguarding/orders/{order.pk}/").status_code == 200
    for hidden in (other, private):
        assert client.get(f"/safeguarding/cases/{hidden.pk}/").status_code == 404
    api = api_client_for(partner)
    listed = [r["id"] for r in api.get("/api/safeguarding/cases/").json()["results"]]
    assert listed == [shared.pk]
    body = api.get(f"/api/safeguarding/cases/{shared.pk}/").json()
    assert body["shared_with"] == [idva.slug] and "safe_address" not in body
    # The register's own pages (queue, measures) stay with the force's officers.
    assert client.get("/safeguarding/").status_code == 404
    # Unsharing cuts the partner off at once.
    shared.shared_with.remove(idva)
    assert client.get(f"/safeguarding/cases/{shared.pk}/").status_code == 404


def test_the_case_list_and_exports_name_victims_by_reference_only(client: Any) -> None:
    case = make_case(victim=make_victim(family_name="Listless"))
    client.force_login(make_user(roles.SAFEGUARDING))
    listing = client.get("/safeguarding/cases/").content.decode()
    export = client.get("/safeguarding/cases/", {"export": "csv"}).content.decode()
    assert case.reference in listing and f"P-{case.victim_id:06d}" in export
    assert "Listless" not in listing and "Listless" not in export


def test_the_case_form_offers_victims_by_reference_not_by_name(client: Any) -> None:
    victim = make_victim(given_name="Dropdown", family_name="Unseen")
    client.force_login(make_user(roles.SAFEGUARDING))
    form = client.get("/safeguarding/cases/add/").content.decode()
    assert victim.reference in form and "Unseen" not in form


def test_api_only_records_follow_the_case_sharing_too() -> None:
    from prevhub.safeguarding.models import MaracAction, MaracReferral, StalkingScreening

    idva, other = OrganisationFactory(), OrganisationFactory()
    case = make_case([idva])
    screening = StalkingScreening.objects.create(case=case, answers={"s1": "yes", "s2": "yes"})
    referral = MaracReferral.objects.create(case=case, professional_judgement=True)
    action = MaracAction.objects.create(referral=referral, description="Plan", owner="IDVA")
    assert screening.score == 2
    urls = (
        f"/api/safeguarding/stalking-screenings/{screening.pk}/",
        f"/api/safeguarding/marac-actions/{action.pk}/",
    )
    for user, status in (
        (make_user(roles.SAFEGUARDING), 200),
        (make_user(roles.PARTNER, idva), 200),
        (make_user(roles.PARTNER, other), 404),
        (make_user(roles.OFFENDER_MANAGER), 404),
        (make_user(roles.ADMIN), 404),
    ):
        api = api_client_for(user)
        assert [api.get(url).status_code for url in urls] == [status, status]
    partner = api_client_for(make_user(roles.PARTNER, idva))
    assert partner.patch(urls[0], {"notes": "x"}, format="json").status_code == 404
