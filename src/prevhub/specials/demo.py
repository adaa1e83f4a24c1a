"""Invented demonstration records for `prevhub demo`: twelve officers (made-up names), their
qualifications and duties placed on the demo's real crime data (Nottinghamshire, January to
March 2024, against the same months of 2023). Loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from prevhub.core.audit import audit_batch
from prevhub.specials.choices import DutyStatus, DutyType, OfficerStatus, PatrolMode, VettingLevel
from prevhub.specials.models import Duty, Officer, Qualification, QualificationKind

LONDON = ZoneInfo("Europe/London")
DEMO_USER = ("specials", "Spencer", "Special")

#: Places in Nottingham (WGS84) near the city's busiest streets in the demo data, and quieter
#: ones; duties are spread over them so the "where the hours went" page has something to show.
PLACES = (
    ("City", -1.1466, 52.9536),  # Old Market Square
    ("City", -1.1502, 52.9548),
    ("City", -1.1440, 52.9520),
    ("City", -1.1385, 52.9560),  # Hockley
    ("Broxtowe", -1.2150, 52.9260),
    ("Gedling", -1.0800, 52.9750),
    ("Mansfield", -1.1960, 53.1440),
    ("Ashfield", -1.2620, 53.0960),
)
NAMES = (
    ("Avery", "Sampleford"),
    ("Blake", "Notreal"),
    ("Carmen", "Inventa"),
    ("Dev", "Placeholder"),
    ("Eden", "Fakeham"),
    ("Farah", "Demoson"),
    ("Gray", "Testwell"),
    ("Harper", "Mockley"),
    ("Indy", "Pretendon"),
    ("Jules", "Imaginary"),
    ("Kai", "Fictive"),
    ("Lee", "Notaperson"),
)
TEAMS = ("City Centre", "City Centre", "County North", "County South")


def load_specials_demo() -> str:
    from prevhub.core import roles
    from prevhub.core.models import User
    from prevhub.core.services import force_organisation_ensure, user_add
    from prevhub.demo import DEMO_PASSWORD

    if not User.objects.filter(username=DEMO_USER[0]).exists():
        user_add(
            username=DEMO_USER[0],
            role=roles.SPECIALS,
            organisation=force_organisation_ensure(),
            password=DEMO_PASSWORD,
            first_name=DEMO_USER[1],
            last_name=DEMO_USER[2],
            validate=False,
        )
    if Officer._base_manager.filter(collar_number__startswith="DEMO").exists():
        return "Specials: demo officers already loaded"
    rng = random.Random(2024)
    kinds = {k.slug: k for k in QualificationKind._base_manager.all()}
    manager = User.objects.filter(username=DEMO_USER[0]).first()
    with audit_batch():
        officers = []
        for n, (given, family) in enumerate(NAMES):
            joined = dt.date(2019 + n % 4, 1 + n % 12, 1)
            independent = n % 4 != 3
            officer = Officer.objects.create(
                collar_number=f"DEMO{n + 1:03d}",
                given_name=given,
                family_name=family,
                team=TEAMS[n % len(TEAMS)],
                station="Central" if n % 2 == 0 else "Radford Road",
                joined_on=joined,
                warrant_date=joined + dt.timedelta(days=120),
                status=OfficerStatus.INDEPENDENT if independent else OfficerStatus.TUTORED,
                independent_since=joined + dt.timedelta(days=400) if independent else None,
                vetting_level=VettingLevel.RV,
                vetting_granted_on=dt.date(2021, 1, 1),
                vetting_expires_on=dt.date(2026, 12, 20) if n == 0 else dt.date(2031, 1, 1),
                occupation="Invented occupation",
                line_manager=manager,
                email=f"officer{n + 1}@example.invalid",
            )
            officers.append(officer)
            for slug in ("officer-safety-training", "first-aid"):
                if slug in kinds:
                    Qualification.objects.create(
                        officer=officer,
                        kind=kinds[slug],
                        obtained_on=dt.date(2023, 6, 1),
                        expires_on=dt.date(2027, 1, 15) if n == 1 else dt.date(2028, 6, 1),
                    )
        duties = 0
        for officer in officers:
            mode = PatrolMode.INDEPENDENT if officer.independent_since else PatrolMode.TUTORED
            for month in (1, 2, 3):
                for _ in range(rng.randint(2, 5)):
                    district, lon, lat = PLACES[rng.randrange(len(PLACES))]
                    day = rng.randint(1, 27)
                    start = dt.datetime(2024, month, day, rng.choice((10, 18, 20)), tzinfo=LONDON)
                    Duty.objects.create(
                        officer=officer,
                        duty_type=DutyType.PATROL,
                        patrol_mode=mode,
                        status=DutyStatus.WORKED,
                        starts_at=start,
                        ends_at=start + dt.timedelta(hours=rng.choice((4, 5, 6, 8))),
                        district=district,
                        latitude=lat + rng.uniform(-0.002, 0.002),
                        longitude=lon + rng.uniform(-0.003, 0.003),
                    )
                    duties += 1
    return f"Specials: {len(officers)} invented officers, {duties} worked duties (Jan-Mar 2024)"
