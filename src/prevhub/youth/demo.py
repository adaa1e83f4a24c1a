"""Demonstration data for the youth register: invented units, leaders and children.

Every child here is invented and obviously so (family name "Democadet"). Dates are relative to
today so the alerts and measures always have something to show; volunteering events are
placed in Nottinghamshire, where the demo's real crime sample is. Loading twice changes
nothing. Demo users: ``youth`` (the youth coordinator), ``cadetleader`` (leads the VPC unit),
``youthsafeguarding`` (the designated safeguarding lead) and ``school`` (a partner: the Mini
Police cohort's school).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from prevhub.core import roles
from prevhub.core.audit import audit_batch
from prevhub.core.models import User
from prevhub.core.services import force_organisation_ensure, organisation_ensure, user_add
from prevhub.youth import rules
from prevhub.youth.choices import UnitKind
from prevhub.youth.models import (
    Assignment,
    Award,
    Cadet,
    Consent,
    Leader,
    Session,
    Unit,
    VolunteeringEvent,
    VolunteeringHours,
)

FAMILY = "Democadet"
GIVEN = (
    "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India",
    "Juliet", "Kilo", "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo",
    "Sierra", "Tango", "Uniform", "Victor", "Whiskey", "Xray", "Yankee", "Zulu",
)  # fmt: skip
SCHOOL = ("sample-primary", "Sample Primary School (demo)", "education")
PLACES = (  # (place, latitude, longitude): public places in Nottingham
    ("Old Market Square", 52.9530, -1.1500),
    ("Forest Recreation Ground", 52.9660, -1.1600),
    ("Victoria Embankment", 52.9350, -1.1400),
)


def _user(username: str, first: str, last: str, org_slug: str | None = None) -> User:
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    from prevhub.demo import DEMO_PASSWORD

    org = organisation_ensure(slug=org_slug) if org_slug else force_organisation_ensure()
    role = roles.PARTNER if org_slug else roles.YOUTH
    user, _ = user_add(
        username=username,
        role=role,
        organisation=org,
        password=DEMO_PASSWORD,
        first_name=first,
        last_name=last,
        validate=False,
    )
    return user


def load_youth_demo() -> str:
    """Create the demo units, leaders, cadets, sessions and events (idempotent)."""
    if Cadet._base_manager.filter(family_name=FAMILY).exists():
        return "youth demo: already loaded"
    today = timezone.localdate()
    organisation_ensure(slug=SCHOOL[0], name=SCHOOL[1], kind=SCHOOL[2])
    school = organisation_ensure(slug=SCHOOL[0])
    coordinator = _user("youth", "Yara", "Coordinator")
    leader_user = _user("cadetleader", "Cam", "Leader")
    lead_user = _user("youthsafeguarding", "Dee", "Safeguarding")
    _user("school", "Sue", "School", SCHOOL[0])
    year = rules.school_year_start(today)
    checked = today - dt.timedelta(days=365 * 2 + 300)  # renewal falls due in about 65 days
    with audit_batch():
        vpc = Unit.objects.create(
            name="Northtown VPC (demo)",
            kind=UnitKind.VPC,
            meets="Tuesdays 19:00-21:00",
            district="North",
        )
        junior = Unit.objects.create(
            name="Northtown Junior Cadets (demo)",
            kind=UnitKind.JUNIOR,
            meets="Mondays 18:00-19:30",
            district="North",
        )
        mini = Unit.objects.create(
            name=f"Sample Primary Mini Police {year}/{(year + 1) % 100:02d} (demo)",
            kind=UnitKind.MINI_POLICE,
            host_organisation=school,
            school_year=year,
            meets="Thursdays 14:00-15:00",
            district="North",
        )
        Leader.objects.create(
            user=coordinator,
            is_coordinator=True,
            dbs_checked_on=today - dt.timedelta(days=400),
            dbs_enhanced=True,
            safeguarding_trained_on=today - dt.timedelta(days=400),
        )
        leader = Leader.objects.create(
            user=leader_user,
            dbs_checked_on=checked,
            dbs_enhanced=True,
            safeguarding_trained_on=today - dt.timedelta(days=200),
            dbs_certificate="001100220033",
        )
        Leader.objects.create(
            user=lead_user,
            is_safeguarding_lead=True,
            dbs_checked_on=today - dt.timedelta(days=100),
            dbs_enhanced=True,
            safeguarding_trained_on=today - dt.timedelta(days=100),
        )
        for unit in (vpc, junior, mini):
            Assignment.objects.create(
                leader=leader, unit=unit, started_on=today - dt.timedelta(days=300)
            )
    cadets: dict[int, list[Cadet]] = {vpc.pk: [], junior.pk: [], mini.pk: []}
    with audit_batch():
        for i, given in enumerate(GIVEN):
            if i < 14:
                unit, age = vpc, 13 + i % 5
            elif i < 20:
                unit, age = junior, 10 + i % 3
            else:
                unit, age = mini, 9
            joined = (
                today - dt.timedelta(days=30 + 20 * i) if unit is not mini else dt.date(year, 9, 10)
            )
            if unit is mini:
                born = dt.date(year - 10, 1 + i % 12, 1 + i)  # year 5: 9 on 31 August
            else:
                born = rules.birthday(joined, -age) - dt.timedelta(days=20)
            if i == 0:  # reaches the leaving age: flagged on the start page
                born = rules.birthday(today, -18) - dt.timedelta(days=3)
                joined = rules.birthday(born, 14)
            cadet = Cadet.objects.create(
                given_name=given,
                family_name=FAMILY,
                date_of_birth=born,
                unit=unit,
                joined_on=joined,
                left_on=today - dt.timedelta(days=15) if i in (5, 16) else None,
                leaving_reason="chose" if i in (5, 16) else "",
                parent_name=f"Parent of {given} {FAMILY}",
                parent_phone="07700 900000",
                medical_notes="Hay fever (invented)." if i % 7 == 0 else "",
                vulnerable_background=i % 3 == 0,
            )
            Consent.objects.create(
                cadet=cadet, kind="participation", given_by=cadet.parent_name, given_on=joined
            )
            if i % 2 == 0:
                Consent.objects.create(
                    cadet=cadet, kind="photographs", given_by=cadet.parent_name, given_on=joined
                )
            cadets[unit.pk].append(cadet)
    with audit_batch():
        for unit in (vpc, junior, mini):
            for week in range(1, 11):
                held = today - dt.timedelta(days=7 * week)
                session = Session.objects.create(
                    unit=unit, held_on=held, topic=f"Week {11 - week} (demo)"
                )
                present = [
                    c
                    for j, c in enumerate(cadets[unit.pk])
                    if rules.on_roll(c, unit.pk, held) and (j + week) % 4
                ]
                session.attendees.set(present)
        for k, (place, lat, lon) in enumerate(PLACES):
            held = today - dt.timedelta(days=12 + 21 * k)
            event = VolunteeringEvent.objects.create(
                unit=vpc,
                title=f"Community volunteering: {place} (demo)",
                held_on=held,
                place=place,
                latitude=lat,
                longitude=lon,
                risk_assessed_on=held - dt.timedelta(days=5),
                risk_assessment="Public place: two leaders, high-visibility tabards, buddy pairs.",
            )
            for j, cadet in enumerate(cadets[vpc.pk]):
                if rules.on_roll(cadet, vpc.pk, held) and (j + k) % 3:
                    Consent.objects.create(
                        cadet=cadet,
                        kind="event",
                        event=event,
                        given_by=cadet.parent_name,
                        given_on=held - dt.timedelta(days=3),
                    )
                    VolunteeringHours.objects.create(event=event, cadet=cadet, hours=2 + (j % 3))
        VolunteeringEvent.objects.create(
            unit=vpc,
            title="Speed watch (planned, demo)",
            held_on=today + dt.timedelta(days=10),
            place="High Road",
        )
        Award.objects.create(
            cadet=cadets[vpc.pk][1],
            kind="dofe_bronze",
            section="volunteering",
            achieved_on=today - dt.timedelta(days=20),
        )
    count = sum(len(v) for v in cadets.values())
    return f"youth: 3 units, {count} invented children, 30 sessions, 4 events"
