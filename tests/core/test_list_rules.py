"""Lists are sorted and filtered only by what the user may read, pages and API alike
(core.access.field_path_hidden, core.filters.restrict_filterset, core.fields).

The walk over every API list is tests/web/test_api.py; these are the page lists, the rule on a
filterset by itself, and the partner filters issue 11 (finding 4) reported.
"""

from __future__ import annotations

import re
from typing import Any

import django_filters
import pytest
from django.test import RequestFactory

from prevhub.core import roles
from prevhub.core.fields import RestrictedModelChoiceField, restrict_choices
from prevhub.core.filters import restrict_filterset
from prevhub.core.testing import OrganisationFactory, api_client_for, make_user
from prevhub.problems.models import Problem, Task
from prevhub.safeguarding.models import SafeguardingCase
from tests.safeguarding.helpers import make_case

pytestmark = pytest.mark.django_db


def _case_refs(html: str) -> list[str]:
    return re.findall(r"SG-\d{6}", html)


def test_a_page_list_ignores_a_sort_by_a_need_to_know_column(client: Any) -> None:
    """A safeguarding officer who is neither officer in case nor supervisor cannot order the
    case list by safe address, even if a table ever offered the column."""
    from prevhub.core.tables import Column
    from prevhub.safeguarding.tables import CaseTable

    cases = [make_case(safe_address=f"{n} Refuge Road") for n in (2, 0, 1)]
    client.force_login(make_user(roles.SAFEGUARDING))
    default = _case_refs(client.get("/safeguarding/cases/").content.decode())
    assert sorted(default) == sorted(c.reference for c in cases)
    original = CaseTable.columns
    CaseTable.columns = (*original, Column("safe_address", "Safe address"))
    try:
        for sort in ("safe_address", "-safe_address", "victim__address"):
            page = client.get("/safeguarding/cases/", {"sort": sort}).content.decode()
            assert _case_refs(page) == default, sort
    finally:
        CaseTable.columns = original
    # A declared, readable column still sorts (district), so the page is not simply ignoring.
    by_district = client.get("/safeguarding/cases/", {"sort": "-district"}).content.decode()
    assert _case_refs(by_district)


def test_a_filter_on_a_need_to_know_field_is_dropped_for_everyone() -> None:
    class Leaky(django_filters.FilterSet):
        safe_address = django_filters.CharFilter(lookup_expr="startswith")
        victim_phone = django_filters.CharFilter(field_name="victim__phone")

        class Meta:
            model = SafeguardingCase
            fields = ["safe_address", "status"]

    make_case(safe_address="1 Refuge Road")
    make_case(safe_address="2 Refuge Road")
    officer = make_user(roles.SAFEGUARDING)
    request = RequestFactory().get("/")
    request.user = officer
    filterset = restrict_filterset(
        Leaky({"safe_address": "1"}, queryset=SafeguardingCase.objects.all(), request=request),
        officer,
    )
    assert "safe_address" not in filterset.filters and "status" in filterset.filters
    assert filterset.qs.count() == 2  # the parameter did nothing


def test_a_partner_filters_problems_only_by_its_own_organisation() -> None:
    council, housing = OrganisationFactory(), OrganisationFactory()
    owner = make_user(roles.COORDINATOR)
    ours = Problem.objects.create(title="Ours", force="f", owner=owner)
    ours.shared_with.add(council, housing)
    theirs = Problem.objects.create(title="Both", force="f", owner=owner)
    theirs.shared_with.add(council)
    api = api_client_for(make_user(roles.PARTNER, council))
    everything = api.get("/api/problems/").json()["results"]
    assert {p["title"] for p in everything} == {"Ours", "Both"}
    # Before: ?partner=<housing> answered ["Ours"], telling the council housing works on it.
    other = api.get("/api/problems/", {"partner": housing.slug})
    missing = api.get("/api/problems/", {"partner": "no-such-organisation"})
    assert other.status_code == missing.status_code == 400
    assert other.json()["error"]["details"] == {
        "partner": ["Select a valid choice. That choice is not one of the available choices."]
    }
    own = api.get("/api/problems/", {"partner": council.slug}).json()["results"]
    assert {p["title"] for p in own} == {"Ours", "Both"}


def test_the_problem_page_partner_filter_offers_organisations_by_name(client: Any) -> None:
    council = OrganisationFactory(name="City Council", slug="city-council")
    housing = OrganisationFactory(name="Riverside Housing", slug="riverside-housing")
    client.force_login(make_user(roles.COORDINATOR))
    page = client.get("/problems/").content.decode()
    assert '<option value="city-council">City Council</option>' in page
    assert '<option value="riverside-housing">Riverside Housing</option>' in page
    # A partner with a problem shared (with nothing shared the area is a 404: the gate).
    shared = Problem.objects.create(
        title="Shared with the council", force="f", owner=make_user(roles.COORDINATOR)
    )
    shared.shared_with.add(council)
    client.force_login(make_user(roles.PARTNER, council))
    page = client.get("/problems/").content.decode()
    assert "City Council</option>" in page and "Riverside Housing" not in page
    assert housing.pk


def test_a_partner_filters_cases_only_by_its_own_organisation() -> None:
    council, housing = OrganisationFactory(), OrganisationFactory()
    make_case([council, housing])
    make_case([council])
    api = api_client_for(make_user(roles.PARTNER, council))
    assert api.get("/api/safeguarding/cases/").json()["count"] == 2
    other = api.get("/api/safeguarding/cases/", {"shared_with": housing.slug})
    assert other.status_code == 400  # as for an organisation that does not exist
    own = api.get("/api/safeguarding/cases/", {"shared_with": council.slug})
    assert own.json()["count"] == 2


def test_a_filter_through_a_link_matches_only_through_visible_records() -> None:
    """The people list's `shared_with` filter (slug text, not a choice) is cut by core too:
    a partner naming another organisation gets nothing, not the people shared with both."""
    from prevhub.people.models import Person

    council, housing = OrganisationFactory(), OrganisationFactory()
    both = Person.objects.create(given_name="Both", family_name="Shared")
    both.shared_with.add(council, housing)
    api = api_client_for(make_user(roles.PARTNER, council))
    assert api.get("/api/people/").json()["count"] == 1
    assert api.get("/api/people/", {"shared_with": housing.slug}).json()["count"] == 0
    assert api.get("/api/people/", {"shared_with": council.slug}).json()["count"] == 1
    officer = api_client_for(make_user(roles.SAFEGUARDING))
    assert officer.get("/api/people/", {"shared_with": housing.slug}).json()["count"] == 1


def test_a_partner_does_not_see_another_partner_s_task_on_a_shared_problem() -> None:
    council, housing = OrganisationFactory(), OrganisationFactory()
    owner = make_user(roles.COORDINATOR)
    problem = Problem.objects.create(title="Shared", force="f", owner=owner)
    problem.shared_with.add(council, housing)
    Task.objects.create(problem=problem, title="Council's", owner_organisation=council)
    Task.objects.create(problem=problem, title="Housing's", owner_organisation=housing)
    Task.objects.create(problem=problem, title="Police's", owner_user=owner)
    housing_user = make_user(roles.PARTNER, housing)
    Task.objects.create(problem=problem, title="A housing officer's", owner_user=housing_user)
    council_user = make_user(roles.PARTNER, council)
    listed = api_client_for(council_user).get("/api/problem-tasks/").json()["results"]
    assert {t["title"] for t in listed} == {"Council's", "Police's"}
    visible = Task.objects.restrict(council_user).values_list("title", flat=True)
    assert set(visible) == {"Council's", "Police's"}


def test_restricted_form_fields_offer_only_what_the_user_may_see() -> None:
    """core.fields: the one form field every app's form uses for links to hub records."""
    from django import forms

    from prevhub.safeguarding.models import Incident

    class IncidentForm(forms.ModelForm):
        class Meta:
            model = Incident
            fields = ["case", "occurred_at"]
            field_classes = {"case": RestrictedModelChoiceField}

    council = OrganisationFactory()
    shared, hidden = make_case([council]), make_case([])
    partner = make_user(roles.PARTNER, council)
    form = IncidentForm()
    restrict_choices(form, partner)
    assert list(form.fields["case"].queryset) == [shared]
    form = IncidentForm({"case": hidden.pk, "occurred_at": "2026-01-01T10:00"})
    restrict_choices(form, partner)
    assert not form.is_valid() and "case" in form.errors
    nobody = IncidentForm()
    restrict_choices(nobody, None)
    assert list(nobody.fields["case"].queryset) == []


def test_restricted_api_links_answer_a_hidden_record_as_a_missing_one() -> None:
    visible = make_case([])
    hidden_from_partner = make_case([])
    council = OrganisationFactory()
    visible.shared_with.add(council)
    api = api_client_for(make_user(roles.SAFEGUARDING))
    ok = api.post(
        "/api/safeguarding/incidents/",
        {"case": visible.pk, "occurred_at": "2026-01-01T10:00:00Z"},
        format="json",
    )
    assert ok.status_code == 201, ok.content
    missing = api.post(
        "/api/safeguarding/incidents/",
        {"case": 999999, "occurred_at": "2026-01-01T10:00:00Z"},
        format="json",
    )
    assert missing.status_code == 400 and "case" in missing.json()["error"]["details"]
    assert hidden_from_partner.pk
