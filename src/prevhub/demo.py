"""Demonstration data for `prevhub demo`: invented people and organisations, real open crime data.

Every person here is invented. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt

from prevhub.core import roles
from prevhub.core.audit import audit_batch
from prevhub.core.models import User
from prevhub.core.services import force_organisation_ensure, organisation_ensure, user_add

DEMO_PASSWORD = "prevention-demo-2026"

DEMO_USERS: tuple[tuple[str, str, str | None, str, str], ...] = (
    # username, role, organisation slug (None = force), first name, last name
    ("admin", roles.ADMIN, None, "Alex", "Admin"),
    ("lead", roles.HUB_LEAD, None, "Hari", "Lead"),
    ("analyst", roles.ANALYST, None, "Ana", "Lyst"),
    ("coordinator", roles.COORDINATOR, None, "Cora", "Ordinator"),
    ("safeguarding", roles.SAFEGUARDING, None, "Sam", "Guard"),
    ("partner", roles.PARTNER, "city-council", "Pat", "Partner"),
    ("housing", roles.PARTNER, "riverside-housing", "Hana", "Housing"),
)

DEMO_ORGANISATIONS = (
    ("city-council", "City Council (demo)", "council"),
    ("riverside-housing", "Riverside Housing (demo)", "housing"),
    ("safe-steps", "Safe Steps IDVA Service (demo)", "charity"),
)

DEMO_PEOPLE = (
    # invented names; shared_with organisation slugs
    ("Jordan", "Exampleton", dt.date(1990, 4, 1), "1 Sample Street", "ZZ1 1AA", ("city-council",)),
    ("Casey", "Fictional", dt.date(1985, 7, 12), "2 Pretend Road", "ZZ1 2BB", ()),
    ("Robin", "Madeup", dt.date(2007, 1, 30), "3 Invented Lane", "ZZ1 3CC", ("riverside-housing",)),
)


def load_demo(*, crime: bool = True) -> str:
    """Create the demo organisations, users, people and crime store (unless ``crime=False``:
    the registers' demos then read whatever store is configured); returns a summary line."""
    from prevhub.people.models import Person

    force_organisation_ensure()
    for slug, name, kind in DEMO_ORGANISATIONS:
        organisation_ensure(slug=slug, name=name, kind=kind)
    added = 0
    for username, role, org_slug, first, last in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        org = organisation_ensure(slug=org_slug) if org_slug else force_organisation_ensure()
        user_add(
            username=username,
            role=role,
            organisation=org,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            validate=False,
        )
        added += 1
    people = 0
    for given, family, born, address, postcode, shared in DEMO_PEOPLE:
        if Person.objects.filter(given_name=given, family_name=family).exists():
            continue
        with audit_batch():
            person = Person.objects.create(
                given_name=given,
                family_name=family,
                date_of_birth=born,
                address=address,
                postcode=postcode,
            )
            for slug in shared:
                person.shared_with.add(organisation_ensure(slug=slug))
        people += 1
    crime_summary = _load_crime_demo() if crime else "crime store: not loaded"
    from prevhub.core.registry import registry

    registers = "; ".join(registry().load_demos())
    return f"Demo data (all invented): {added} users, {people} people; {registers}; {crime_summary}"


def _load_crime_demo() -> str:
    try:
        from prevhub.crime.demo import load_demo_year as load_crime_demo
    except ImportError:
        return "no crime sample packaged."
    from prevhub.paths import crime_store_path

    summary = load_crime_demo(crime_store_path())
    return f"crime store: {summary}"
