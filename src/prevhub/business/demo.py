"""Demonstration data for the Safer Business register: invented businesses placed on the real
Nottinghamshire crime sample (``prevhub.crime.data.demo``: 2023-01..03 and 2024-01..03).

Every business, name and contact here is invented; the places are real streets with many
shoplifting crimes in the sample, so the crime-around-premises page has something to count.
The action day is on 15 February 2024, so January 2024 is "before" and March 2024 "after".
Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt

from prevhub.business.choices import Activity, Priority, SurveyLayer
from prevhub.business.models import ActionDay, Business, Recommendation, SecuritySurvey
from prevhub.core import roles
from prevhub.core.audit import audit_batch
from prevhub.core.models import User
from prevhub.core.services import (
    force_organisation_ensure,
    organisation_ensure,
    roles_seed,
    user_add,
)

DEMO_PASSWORD = "prevention-demo-2026"
BCRP = ("nottingham-bcrp", "Nottingham Business Crime Reduction Partnership (demo)", "business")
BID = ("city-bid", "City Centre BID (demo)", "business")

#: name, sector, address, longitude, latitude, memberships, visited on the action day
DEMO_BUSINESSES = (
    ("Demo Outfitters", "retail", "12 Example Arcade, Nottingham", -1.14790, 52.95585,
     ("nottingham-bcrp", "city-bid"), True),
    ("Sample Sports", "retail", "3 Invented Row, Nottingham", -1.14731, 52.95390,
     ("nottingham-bcrp", "city-bid"), True),
    ("Pretend Pharmacy", "pharmacy", "5 Maypole Yard (demo), Nottingham", -1.14822, 52.95462,
     ("nottingham-bcrp",), True),
    ("Madeup Mobiles", "retail", "40 Demo Street, Nottingham", -1.14690, 52.95520,
     ("city-bid",), True),
    ("Fictional Foods", "convenience", "9 Livingstone Road (demo), Nottingham", -1.13725,
     52.96265, ("nottingham-bcrp",), False),
    ("Example Express", "convenience", "1 Sample Parade, Sherwood", -1.15610, 53.00290,
     (), False),
    ("Invented Interiors", "retail", "22 Commercial Street (demo), Mansfield", -1.19680,
     53.14160, (), False),
    ("Placeholder Pets", "retail", "7 Styring Street (demo), Beeston", -1.21500, 52.92550,
     (), False),
)  # fmt: skip


def _users() -> tuple[User, User]:
    roles_seed()  # the role groups (as `prevhub init` makes them), for a database without
    force_organisation_ensure()
    for slug, name, kind in (BCRP, BID):
        organisation_ensure(slug=slug, name=name, kind=kind)
    wanted = (
        ("business", roles.BUSINESS, None, "Bea", "Business"),
        ("bcrp", roles.PARTNER, BCRP[0], "Pip", "Partnership"),
    )
    for username, role, org_slug, first, last in wanted:
        if User.objects.filter(username=username).exists():
            continue
        org = organisation_ensure(slug=org_slug) if org_slug else force_organisation_ensure()
        user_add(
            username=username, role=role, organisation=org, password=DEMO_PASSWORD,
            first_name=first, last_name=last, validate=False,
        )  # fmt: skip
    return User.objects.get(username="business"), User.objects.get(username="bcrp")


def load_business_demo() -> str:
    """Create the demo businesses, two surveys and an action day (idempotent)."""
    officer, _ = _users()
    if Business._base_manager.filter(name="Demo Outfitters").exists():
        return "business demo: already loaded"
    with audit_batch():
        made = {}
        for name, sector, address, lon, lat, members, _visited in DEMO_BUSINESSES:
            b = Business.objects.create(
                name=name, sector=sector, address=address, longitude=lon, latitude=lat,
                contact_name=f"{name.split()[0]} Manager (invented)", contact_role="Manager",
            )  # fmt: skip
            b.memberships.set([organisation_ensure(slug=s) for s in members])
            made[name] = b
        survey = SecuritySurvey.objects.create(
            business=made["Demo Outfitters"], surveyed_on=dt.date(2024, 2, 15),
            surveyed_by=officer, summary="Busy clothing shop at the arcade entrance; "
            "most losses are from the rails by the door.", follow_up_due=dt.date(2024, 3, 28),
            followed_up_on=dt.date(2024, 3, 28),
        )  # fmt: skip
        recs = [
            (SurveyLayer.SURROUNDINGS, "The arcade entrance is dark after 4 pm.",
             "Ask the arcade's managers to relight the entrance.", [7], Priority.MEDIUM, True),
            (SurveyLayer.SHELL, "The fire door is propped open for deliveries.",
             "Keep the fire door shut; take deliveries at the front.", [2], Priority.HIGH, True),
            (SurveyLayer.INTERIOR, "High-value coats on rails by the door, out of sight of "
             "the till.", "Move high-value stock away from the door and in view of the till.",
             [7, 9], Priority.HIGH, False),
            (SurveyLayer.ASSETS, "Cash left in the till overnight.",
             "Empty the till at close and leave its drawer open.", [12], Priority.MEDIUM, True),
            (SurveyLayer.PROCEDURES, "Staff do not report every theft.",
             "Report every theft, with CCTV, through the partnership's scheme.", [6, 10],
             Priority.LOW, False),
        ]  # fmt: skip
        for layer, finding, advice, techniques, priority, done in recs:
            Recommendation.objects.create(
                survey=survey, layer=layer, finding=finding, recommendation=advice,
                techniques=techniques, priority=priority, follow_up_on=dt.date(2024, 3, 28),
                done_on=dt.date(2024, 3, 28) if done else None,
            )  # fmt: skip
        second = SecuritySurvey.objects.create(
            business=made["Pretend Pharmacy"], surveyed_on=dt.date(2024, 2, 15),
            surveyed_by=officer, summary="Small pharmacy; repeat thefts of health products.",
            follow_up_due=dt.date(2024, 4, 15),
        )  # fmt: skip
        Recommendation.objects.create(
            survey=second, layer=SurveyLayer.INTERIOR,
            finding="Expensive health products on open shelves by the exit.",
            recommendation="Keep them behind the counter, or in dummy packs on the shelf.",
            techniques=[2, 12], priority=Priority.HIGH, follow_up_on=dt.date(2024, 4, 15),
        )  # fmt: skip
        day = ActionDay.objects.create(
            title="City centre Safer Business Action Day", area_name="Nottingham city centre",
            longitude=-1.14770, latitude=52.95480, radius_m=400,
            starts_on=dt.date(2024, 2, 15), ends_on=dt.date(2024, 2, 15),
            activities=[Activity.VISITS, Activity.SURVEYS, Activity.ADVICE,
                        Activity.PROPERTY_MARKING, Activity.PATROLS],
            visits=4, surveys=2, advice_given=4, property_marked=35, arrests=1,
            intelligence_submitted=3,
            notes="Invented demo day on the real police.uk sample.",
        )  # fmt: skip
        day.partners.set([organisation_ensure(slug=BCRP[0]), organisation_ensure(slug=BID[0])])
        day.businesses_visited.set([made[n] for n, *_rest, v in DEMO_BUSINESSES if v])
    return (
        f"business demo: {len(made)} invented businesses, 2 surveys, 1 action day "
        "(users 'business' and 'bcrp')"
    )
