"""The register's rules, through the page and the API alike: each refusal names its field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import api_client_for, make_user
from prevhub.specials import rules, services
from prevhub.specials.models import Duty
from tests.specials.helpers import at, make_duty, make_officer

pytestmark = pytest.mark.django_db


def _page_errors(response: Any) -> str:
    return response.content.decode()


def _duty_form(officer: Any, **extra: Any) -> dict[str, Any]:
    return {
        "officer": officer.pk,
        "duty_type": "patrol",
        "patrol_mode": "independent",
        "status": "booked",
        "starts_at": "2026-06-05T22:00",
        "ends_at": "2026-06-06T03:00",
        **extra,
    }


def _duty_api(officer: Any, **extra: Any) -> dict[str, Any]:
    return {
        "officer": officer.pk,
        "duty_type": "patrol",
        "patrol_mode": "independent",
        "status": "booked",
        "starts_at": "2026-06-05T22:00:00+01:00",
        "ends_at": "2026-06-06T03:00:00+01:00",
        **extra,
    }


def test_a_duty_cannot_be_booked_for_an_officer_whose_vetting_has_expired(client: Any) -> None:
    officer = make_officer(vetting_expires_on=dt.date(2026, 5, 31))  # the day before the duty
    user = make_user(roles.SPECIALS)
    client.force_login(user)
    page = client.post("/specials/duties/add/", _duty_form(officer))
    assert page.status_code == 200  # the form again, not a redirect
    assert "vetting has expired" in page.content.decode()
    api = api_client_for(user).post("/api/specials/duties/", _duty_api(officer), format="json")
    assert api.status_code == 400
    assert api.json()["error"]["details"]["officer"] == [rules.DUTY_VETTING_EXPIRED]
    assert not Duty.objects.exists()


def test_a_duty_on_the_day_vetting_expires_is_still_allowed() -> None:
    officer = make_officer(vetting_expires_on=dt.date(2026, 6, 5))
    duty = Duty(
        officer=officer,
        duty_type="patrol",
        patrol_mode="independent",
        status="booked",
        starts_at=at(2026, 6, 5, 22),
        ends_at=at(2026, 6, 6, 3),
    )
    assert "officer" not in rules.duty_problems(duty)


def test_expired_officer_safety_training_refuses_an_operational_duty_but_not_admin() -> None:
    officer = make_officer(ost_expires=dt.date(2026, 1, 1))
    patrol = Duty(
        officer=officer,
        duty_type="patrol",
        patrol_mode="independent",
        status="booked",
        starts_at=at(2026, 6, 5, 10),
        ends_at=at(2026, 6, 5, 14),
    )
    assert (
        rules.DUTY_QUALIFICATION_EXPIRED.format(kind="Officer safety training")
        in (rules.duty_problems(patrol)["officer"])
    )
    admin = Duty(
        officer=officer,
        duty_type="admin",
        status="booked",
        starts_at=at(2026, 6, 5, 10),
        ends_at=at(2026, 6, 5, 14),
    )
    assert rules.duty_problems(admin) == {}


def test_no_independent_patrol_for_an_officer_not_signed_off(client: Any) -> None:
    officer = make_officer(status="tutored", independent_since=None)
    user = make_user(roles.SPECIALS)
    api = api_client_for(user).post("/api/specials/duties/", _duty_api(officer), format="json")
    assert api.status_code == 400 and rules.DUTY_NOT_SIGNED_OFF in str(api.json())
    tutored = api_client_for(user).post(
        "/api/specials/duties/", _duty_api(officer, patrol_mode="tutored"), format="json"
    )
    assert tutored.status_code == 201, tutored.content


def test_a_duty_ending_before_it_starts_is_refused_naming_the_end(client: Any) -> None:
    officer = make_officer()
    user = make_user(roles.SPECIALS)
    client.force_login(user)
    page = client.post("/specials/duties/add/", _duty_form(officer, ends_at="2026-06-05T21:00"))
    assert "The end must be after the start." in page.content.decode()
    api = api_client_for(user).post(
        "/api/specials/duties/",
        _duty_api(officer, ends_at="2026-06-05T21:00:00+01:00"),
        format="json",
    )
    assert api.status_code == 400 and "ends_at" in str(api.json())


def test_a_night_duty_crossing_midnight_counts_its_hours() -> None:
    duty = make_duty(starts_at=at(2026, 6, 5, 22), hours=5)
    assert duty.hours == 5.0  # 22:00 to 03:00 the next day, by hand


def test_vetting_granted_in_the_future_is_refused_naming_the_field(client: Any) -> None:
    user = make_user(roles.SPECIALS)
    api = api_client_for(user).post(
        "/api/specials/officers/",
        {
            "collar_number": "X1",
            "given_name": "A",
            "family_name": "B",
            "team": "T",
            "joined_on": "2024-01-01",
            "vetting_level": "rv",
            "vetting_granted_on": "2099-01-01",
            "vetting_expires_on": "2100-01-01",
        },
        format="json",
    )
    assert api.status_code == 400 and "vetting_granted_on" in str(api.json())


def test_a_sign_up_after_the_deadline_is_refused_and_a_full_event_confirms_no_more() -> None:
    from prevhub.specials.models import Event, EventSignup

    event = Event.objects.create(
        title="Fair",
        starts_at=at(2027, 1, 10, 10),
        ends_at=at(2027, 1, 10, 16),
        places=1,
        signup_deadline=at(2027, 1, 1),
    )
    late = EventSignup(event=event, officer=make_officer())
    assert rules.signup_problems(late, now=at(2027, 1, 2)) == {"event": [rules.SIGNUP_CLOSED]}
    first = EventSignup.objects.create(event=event, officer=make_officer())
    second = EventSignup.objects.create(event=event, officer=make_officer())
    services.event_signup_confirm(signup=first)
    assert Duty.objects.filter(event=event, officer=first.officer, status="booked").count() == 1
    with pytest.raises(services.SpecialsError) as refused:
        services.event_signup_confirm(signup=second)
    assert refused.value.problems == {"status": [rules.EVENT_FULL]}


def test_a_change_to_a_signed_off_duty_is_marked_in_the_audit_log() -> None:
    duty = make_duty(starts_at=at(2026, 6, 1, 18), hours=4)
    services.duty_sign_off(duty=duty)
    duty.ends_at = at(2026, 6, 1, 23)
    services.duty_save(duty=duty)
    marked = AuditEntry.objects.filter(
        object_type="specials.duty",
        object_id=str(duty.pk),
        detail__startswith="changed after sign-off",
    )
    assert [e.detail for e in marked] == ["changed after sign-off: ends_at"]


def test_a_duty_form_for_a_user_who_sees_no_problems_keeps_the_problem_link(client: Any) -> None:
    from prevhub.problems.models import Problem

    problem = Problem.objects.create(title="Night-time economy", owner=make_user(roles.COORDINATOR))
    duty = make_duty(problem=problem, status="booked", starts_at=at(2026, 6, 1, 18))
    client.force_login(make_user(roles.SPECIALS))
    form = client.get(f"/specials/duties/{duty.pk}/edit/").content.decode()
    assert 'name="problem"' not in form  # not offered empty...
    posted = client.post(
        f"/specials/duties/{duty.pk}/edit/",
        {"officer": duty.officer_id, "duty_type": "patrol", "patrol_mode": "independent",
         "status": "booked", "starts_at": "2026-06-01T18:00", "ends_at": "2026-06-01T22:00",
         "district": "City"},
    )  # fmt: skip
    assert posted.status_code == 302
    duty.refresh_from_db()
    assert duty.problem_id == problem.pk and duty.district == "City"  # ...so not erased


def test_a_night_duty_over_the_clock_change_counts_the_hours_really_worked() -> None:
    # 22:00 on Sat 28 Mar 2026 to 06:00 on Sun 29 Mar; clocks go forward at 01:00 GMT. By hand:
    # 22:00 GMT is 22:00 UTC, 06:00 BST is 05:00 UTC, so 7 hours were worked (the wall clock
    # says 8).
    duty = make_duty(starts_at=at(2026, 3, 28, 22), hours=0, status="booked")
    duty.ends_at = at(2026, 3, 29, 6)
    duty.save()
    duty.refresh_from_db()
    assert (duty.hours, duty.month) == (7.0, "2026-03")
