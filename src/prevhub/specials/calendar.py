"""An officer's duties as an iCalendar (RFC 5545) feed, built with the `icalendar` library.

The feed holds what a calendar program needs to show the duty (type, times, district) and
nothing more: no supervisor, problem or notes, since a calendar is synced to phones and third
party services the force does not control.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from icalendar import Calendar, Event

from prevhub.specials.choices import DutyStatus
from prevhub.specials.models import Duty, Officer

#: How far back the feed goes (calendar programs re-read the whole feed each time).
FEED_DAYS_BACK = 90


def officer_calendar(officer: Officer, *, now: dt.datetime | None = None) -> bytes:
    now = now or timezone.now()
    cal = Calendar()
    cal.add("prodid", "-//Prevention Hub//Special Constabulary duties//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Duties {officer.collar_number}")
    duties = (
        Duty._base_manager.filter(
            officer=officer, ends_at__gte=now - dt.timedelta(days=FEED_DAYS_BACK)
        )
        .exclude(status=DutyStatus.CANCELLED)
        .order_by("starts_at", "id")
    )
    for duty in duties:
        event = Event()
        event.add("uid", f"duty-{duty.pk}@prevhub")
        event.add(
            "summary", f"{duty.get_duty_type_display()} ({duty.get_status_display().lower()})"
        )
        event.add("dtstart", duty.starts_at)
        event.add("dtend", duty.ends_at)
        event.add("dtstamp", duty.last_updated or now)
        if duty.district:
            event.add("location", duty.district)
        cal.add_component(event)
    return cal.to_ical()
