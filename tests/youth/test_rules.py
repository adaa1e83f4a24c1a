"""The scheme's rules, refused with a message naming the field, in forms and the API.

Ages worked by hand from the VPC's published ranges (vpc.police.uk "FAQs for cadets": VPC
13-18, junior 10-13; the defaults take 13-17 and 10-12 at joining) and England's school years
(year N: aged N + 4 on the 31 August before the school year starts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings

from prevhub.core.testing import api_client_for
from prevhub.youth import rules
from prevhub.youth.choices import UnitKind
from prevhub.youth.models import Cadet
from tests.youth.helpers import make_cadet, make_coordinator, make_event, make_leader, make_unit

pytestmark = pytest.mark.django_db


def _cadet_payload(unit: Any, born: str, joined: str = "2026-01-10") -> dict[str, Any]:
    return {
        "given_name": "Ima",
        "family_name": "Fakename",
        "date_of_birth": born,
        "unit": unit.pk,
        "joined_on": joined,
        "parent_name": "Ura Fakename",
    }


@pytest.mark.parametrize(
    ("kind", "born", "age"),
    [
        # joined 10 Jan 2026; born 11 Jan 2016 -> 9 (the day before the 10th birthday)
        (UnitKind.VPC, "2016-01-11", 9),
        # born 10 Jan 2007 -> 19 on the day
        (UnitKind.VPC, "2007-01-10", 19),
        # born 11 Jan 2013 -> 12, one day short of 13
        (UnitKind.VPC, "2013-01-11", 12),
        # born 10 Jan 2008 -> 18 on the day: too old to join (membership ends at 18)
        (UnitKind.VPC, "2008-01-10", 18),
        # junior: born 10 Jan 2013 -> 13 on the day: joins the VPC instead
        (UnitKind.JUNIOR, "2013-01-10", 13),
        # junior: born 11 Jan 2016 -> 9
        (UnitKind.JUNIOR, "2016-01-11", 9),
    ],
)
def test_an_age_at_joining_outside_the_range_is_refused_naming_the_field(
    client: Any, kind: str, born: str, age: int
) -> None:
    unit = make_unit(kind)
    coordinator = make_coordinator()
    client.force_login(coordinator)
    page = client.post("/youth/cadets/add/", _cadet_payload(unit, born))
    text = page.content.decode()
    assert page.status_code == 200 and f"Date of birth: Date of birth gives age {age}" in text
    api = api_client_for(coordinator).post(
        "/api/youth/cadets/", _cadet_payload(unit, born), format="json"
    )
    assert api.status_code == 400
    assert f"age {age}" in api.json()["error"]["details"]["date_of_birth"][0]
    assert not Cadet.objects.exists()


@pytest.mark.parametrize(
    ("kind", "born"),
    [
        (UnitKind.VPC, "2013-01-10"),  # 13 on the day of joining
        (UnitKind.VPC, "2008-01-11"),  # 17, the day before the 18th birthday
        (UnitKind.JUNIOR, "2016-01-10"),  # 10 on the day
        (UnitKind.JUNIOR, "2013-01-11"),  # 12
    ],
)
def test_the_edges_of_the_range_join(kind: str, born: str) -> None:
    unit = make_unit(kind)
    api = api_client_for(make_coordinator())
    assert (
        api.post("/api/youth/cadets/", _cadet_payload(unit, born), format="json").status_code == 201
    )


def test_mini_police_takes_school_years_5_and_6() -> None:
    unit = make_unit(UnitKind.MINI_POLICE)
    api = api_client_for(make_coordinator())
    # Joining 14 Sep 2026 (school year 2026/27). Born 31 Aug 2017: 9 on 31 Aug 2026 -> year 5.
    assert (
        api.post(
            "/api/youth/cadets/", _cadet_payload(unit, "2017-08-31", "2026-09-14"), format="json"
        ).status_code
        == 201
    )
    # Born 1 Sep 2015: 10 on 31 Aug 2026 -> year 6.
    ok = _cadet_payload(unit, "2015-09-01", "2026-09-14") | {"given_name": "Other"}
    assert api.post("/api/youth/cadets/", ok, format="json").status_code == 201
    # Born 1 Sep 2017: 8 on 31 Aug 2026 -> year 4.
    young = api.post(
        "/api/youth/cadets/", _cadet_payload(unit, "2017-09-01", "2026-09-14"), format="json"
    )
    assert young.status_code == 400
    assert "school year 4" in young.json()["error"]["details"]["date_of_birth"][0]
    # Born 31 Aug 2015: 11 on 31 Aug 2026 -> year 7.
    old = api.post(
        "/api/youth/cadets/", _cadet_payload(unit, "2015-08-31", "2026-09-14"), format="json"
    )
    assert "school year 7" in old.json()["error"]["details"]["date_of_birth"][0]


def test_the_age_ranges_are_settings() -> None:
    unit = make_unit(UnitKind.VPC)
    api = api_client_for(make_coordinator())
    with override_settings(PREVHUB_YOUTH_AGES={"vpc": (14, 17)}):
        refused = api.post("/api/youth/cadets/", _cadet_payload(unit, "2013-01-10"), format="json")
    assert "ages 14 to 17" in refused.json()["error"]["details"]["date_of_birth"][0]


def test_ages_follow_the_family_law_reform_act_for_leap_day_birthdays() -> None:
    # FLRA 1969 s.9: an age is attained at the start of the anniversary; for 29 February the
    # anniversary in a common year falls on 1 March.
    born = dt.date(2012, 2, 29)
    assert rules.age_on(born, dt.date(2025, 2, 28)) == 12
    assert rules.age_on(born, dt.date(2025, 3, 1)) == 13
    assert rules.birthday(born, 18) == dt.date(2030, 3, 1)


def test_the_age_is_computed_never_stored() -> None:
    field_names = {f.name for f in Cadet._meta.get_fields()}
    assert "age" not in field_names and "date_of_birth" in field_names
    cadet = make_cadet(date_of_birth=dt.date(2012, 3, 4))
    assert cadet.age_on(dt.date(2026, 3, 3)) == 13 and cadet.age_on(dt.date(2026, 3, 4)) == 14


def test_dates_that_cannot_be_are_refused_naming_the_field(client: Any) -> None:
    coordinator = make_coordinator()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    api = api_client_for(coordinator)
    leader = make_leader()
    answer = api.patch(
        f"/api/youth/leaders/{leader.pk}/", {"dbs_checked_on": tomorrow}, format="json"
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["details"]["dbs_checked_on"] == [
        "The DBS check date cannot be in the future."
    ]
    client.force_login(coordinator)
    page = client.post(
        f"/youth/leaders/{leader.pk}/edit/",
        {"user": leader.user_id, "safeguarding_trained_on": tomorrow},
    )
    assert (
        "Safeguarding trained on: The safeguarding training date cannot be in the future."
        in page.content.decode()
    )
    cadet = make_cadet()
    left = api.patch(
        f"/api/youth/cadets/{cadet.pk}/",
        {"left_on": "2025-01-01", "leaving_reason": "chose"},
        format="json",
    )
    assert left.json()["error"]["details"]["left_on"] == [rules.LEFT_BEFORE_JOINING]


def test_an_event_cannot_take_place_without_a_risk_assessment_made_before_it() -> None:
    unit = make_unit()
    api = api_client_for(make_coordinator())
    base = {"unit": unit.pk, "title": "Litter pick", "held_on": "2026-03-14"}
    missing = api.post("/api/youth/events/", base, format="json")
    assert missing.status_code == 400
    assert (
        "No risk assessment is recorded"
        in missing.json()["error"]["details"]["risk_assessed_on"][0]
    )
    late = api.post("/api/youth/events/", base | {"risk_assessed_on": "2026-03-15"}, format="json")
    assert "not after" in late.json()["error"]["details"]["risk_assessed_on"][0]
    # A planned event (its day still to come) may wait for its assessment.
    planned = base | {"held_on": (dt.date.today() + dt.timedelta(days=30)).isoformat()}
    assert api.post("/api/youth/events/", planned, format="json").status_code == 201
    assert (
        api.post(
            "/api/youth/events/", base | {"risk_assessed_on": "2026-03-14"}, format="json"
        ).status_code
        == 201
    )


def test_hours_are_refused_for_an_event_without_its_risk_assessment() -> None:
    from prevhub.youth import services
    from prevhub.youth.rules import YouthError

    unit = make_unit()
    cadet = make_cadet(unit)
    # An event planned without an assessment whose day has since come (saved before the rule).
    event = make_event(unit, risk_assessed_on=None)
    with pytest.raises(YouthError) as refused:
        services.volunteering_hours_record(event=event, cadet=cadet, hours=2)
    assert "No risk assessment" in refused.value.errors["event"]
    answer = api_client_for(make_coordinator()).post(
        "/api/youth/hours/", {"event": event.pk, "cadet": cadet.pk, "hours": "2"}, format="json"
    )
    assert answer.status_code == 400 and "event" in answer.json()["error"]["details"]
    event.risk_assessed_on = dt.date(2026, 3, 1)
    event.save()
    assert services.volunteering_hours_record(event=event, cadet=cadet, hours=2).pk


def test_hours_only_for_a_cadet_on_the_units_roll_that_day() -> None:
    unit = make_unit()
    cadet = make_cadet(unit, joined_on=dt.date(2026, 4, 1))
    event = make_event(unit, held_on=dt.date(2026, 3, 14))
    answer = api_client_for(make_coordinator()).post(
        "/api/youth/hours/", {"event": event.pk, "cadet": cadet.pk, "hours": "2"}, format="json"
    )
    assert "was not on the roll" in answer.json()["error"]["details"]["cadet"][0]


def test_consent_for_an_event_names_its_event() -> None:
    cadet = make_cadet()
    api = api_client_for(make_coordinator())
    answer = api.post(
        "/api/youth/consents/",
        {"cadet": cadet.pk, "kind": "event", "given_by": "Parent", "given_on": "2026-02-01"},
        format="json",
    )
    assert answer.json()["error"]["details"]["event"] == [rules.EVENT_CONSENT_NEEDS_EVENT]


def test_a_mini_police_cohort_needs_its_school_and_ends_with_its_school_year() -> None:
    api = api_client_for(make_coordinator())
    answer = api.post("/api/youth/units/", {"name": "Cohort", "kind": "mini_police"}, format="json")
    details = answer.json()["error"]["details"]
    assert details["host_organisation"] == [rules.COHORT_NEEDS_SCHOOL]
    assert details["school_year"] == [rules.COHORT_NEEDS_YEAR]
    unit = make_unit(UnitKind.MINI_POLICE, school_year=2026)
    assert unit.ends_on == dt.date(2027, 7, 31)
