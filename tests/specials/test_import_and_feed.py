"""The roster import (all rows or none, naming line and field; idempotent) and the calendar
feed (a secret, revocable URL that only a live token opens, signed in or not)."""

from __future__ import annotations

from typing import Any

import pytest
from icalendar import Calendar

from prevhub.core import roles
from prevhub.core.testing import make_user
from prevhub.specials import roster, services
from prevhub.specials.models import CalendarFeed, Officer, token_hash
from tests.specials.helpers import at, make_duty, make_officer

pytestmark = pytest.mark.django_db

HEADER = (
    "collar_number,given_name,family_name,team,joined_on,status,vetting_level,"
    "vetting_granted_on,vetting_expires_on\n"
)
GOOD = HEADER + (
    "S101,Ari,Madeup,City Centre,2022-04-01,training,,,\n"
    "S102,Bo,Invented,County North,2021-09-01,tutored,rv,2021-08-01,2026-08-01\n"
)


def test_a_good_roster_loads_and_loading_it_again_changes_nothing() -> None:
    first = roster.roster_import(GOOD, name="roster.csv")
    assert (first.added, first.updated, first.unchanged) == (2, 0, 0)
    again = roster.roster_import(GOOD, name="roster.csv")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert Officer.objects.count() == 2


def test_a_bad_row_loads_nothing_and_is_named_by_line_and_field() -> None:
    bad = (
        GOOD
        + "S103,Cy,Fiction,City Centre,2023-13-01,training,,,\n"
        + "S104,Di,Nobody,City,2023-01-01,training,rv,2099-01-01,2100-01-01\n"
    )
    with pytest.raises(roster.RosterError) as refused:
        roster.roster_import(bad, name="roster.csv")
    assert refused.value.problems == [
        "roster.csv, line 4, joined_on: '2023-13-01' is not a date (write YYYY-MM-DD)",
        "roster.csv, line 5, vetting_granted_on: The day vetting was granted cannot be in the "
        "future.",
    ]
    assert not Officer.objects.exists()  # the two good rows were not loaded either


def test_the_import_page_shows_the_refusal(client: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_user(roles.SPECIALS))
    upload = SimpleUploadedFile("team.csv", (HEADER + "S1,A,B,T,,training,,,\n").encode())
    page = client.post("/specials/officers/import/", {"roster": upload})
    assert page.status_code == 400
    assert "team.csv, line 2, joined_on: a value is required" in page.content.decode()
    assert not Officer.objects.exists()


def test_the_feed_opens_without_signing_in_and_stops_when_revoked(client: Any) -> None:
    officer = make_officer()
    make_duty(officer, starts_at=at(2099, 1, 5, 22), hours=5, status="booked", district="City")
    feed, token = services.calendar_feed_issue(officer=officer)
    assert feed.token_hash == token_hash(token) and token not in feed.token_hash
    response = client.get(f"/specials/calendar/{token}.ics")  # anonymous: a calendar program
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar"
    events = [c for c in Calendar.from_ical(response.content).walk("VEVENT")]
    assert [str(e["summary"]) for e in events] == ["Patrol (booked)"]
    assert str(events[0]["location"]) == "City"
    assert client.get("/specials/calendar/not-a-token.ics").status_code == 404
    services.calendar_feed_revoke(officer=officer)
    assert client.get(f"/specials/calendar/{token}.ics").status_code == 404
    assert CalendarFeed.objects.filter(officer=officer, revoked_at__isnull=True).count() == 0


def test_a_new_feed_address_ends_the_old_one(client: Any) -> None:
    officer = make_officer()
    _, old = services.calendar_feed_issue(officer=officer)
    user = make_user(roles.SPECIALS)
    client.force_login(user)
    page = client.post(f"/specials/officers/{officer.pk}/feed/", {"action": "issue"})
    assert page.status_code == 200 and "/specials/calendar/" in page.content.decode()
    client.logout()
    assert client.get(f"/specials/calendar/{old}.ics").status_code == 404


def test_officer_contact_details_are_for_the_line_manager_only(client: Any) -> None:
    manager, colleague = make_user(roles.SPECIALS), make_user(roles.SPECIALS)
    officer = make_officer(line_manager=manager, phone="07700 900123")
    client.force_login(colleague)
    assert "07700 900123" not in client.get(officer.get_absolute_url()).content.decode()
    client.force_login(manager)
    assert "07700 900123" in client.get(officer.get_absolute_url()).content.decode()
    from prevhub.core.models import AuditEntry

    reads = AuditEntry.objects.filter(
        object_type="specials.officer", action="view", object_id=str(officer.pk)
    )
    assert reads.count() == 2  # every read of the officer's (vetting) record is audited
