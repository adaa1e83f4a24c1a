"""Demonstration data for the safeguarding register: invented victims, cases and orders.

Every person here is invented. Dates are set relative to today so the work queue always has
something in it. Loading twice changes nothing. Called from prevhub.demo after the demo users
exist (the officer in case is the demo user "safeguarding" when present).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from prevhub.core.audit import audit_batch
from prevhub.core.models import User
from prevhub.partners.models import Organisation
from prevhub.safeguarding import deadlines, services
from prevhub.safeguarding.choices import OrderKind, OrderStatus
from prevhub.safeguarding.models import (
    Incident,
    MaracAction,
    ProtectionOrder,
    SafeguardingCase,
)

DEMO_VICTIMS = (
    # given, family, date of birth, district, abuse types
    ("Alexis", "Demoperson", dt.date(1988, 5, 17), "North", ["domestic_abuse"]),
    ("Bryn", "Samplewood", dt.date(1979, 11, 2), "South", ["stalking", "harassment"]),
    (
        "Cass",
        "Inventedale",
        dt.date(2001, 8, 23),
        "Central",
        ["honour_based_abuse", "forced_marriage"],
    ),
)


def _answers(yes: int) -> dict[str, str]:
    return {f"q{i}": ("yes" if i <= yes else "no") for i in range(1, 28)}


def load_safeguarding_demo() -> str:
    """Create the demo cases (idempotent); returns a summary line."""
    family_names = [v[1] for v in DEMO_VICTIMS]
    if SafeguardingCase._base_manager.filter(victim__family_name__in=family_names).exists():
        return "safeguarding demo: already loaded"
    now = timezone.now()
    today = timezone.localdate()
    officer = User.objects.filter(username="safeguarding").first()
    idva = Organisation.objects.filter(slug="safe-steps").first()
    cases: list[SafeguardingCase] = []
    for given, family, born, district, abuse in DEMO_VICTIMS:
        victim = services.victim_register(
            given_name=given,
            family_name=family,
            date_of_birth=born,
            address=f"{len(cases) + 1} Demo Terrace",
            postcode="ZZ1 9ZZ",
            phone="07700 900000",
        )
        with audit_batch():
            case = SafeguardingCase.objects.create(
                victim=victim,
                abuse_types=abuse,
                relationship="ex_partner" if "stalking" in abuse else "partner",
                district=district,
                officer_in_case=officer,
                opened_on=today - dt.timedelta(days=40),
                safe_address="Refuge address held by the IDVA service (demo)",
                safe_phone="07700 900001",
                summary="Invented demonstration case.",
            )
            if idva is not None:
                case.agencies_involved.add(idva)
                case.shared_with.add(idva)
        cases.append(case)
        Incident.objects.create(case=case, occurred_at=now - dt.timedelta(days=30))
    domestic, stalking, honour = cases
    Incident.objects.create(case=domestic, occurred_at=now - dt.timedelta(days=2))

    # Domestic abuse: high risk, no MARAC yet; a DVPN served yesterday, DVPO applied for.
    services.risk_assessment_record(
        case=domestic,
        answers=_answers(15),
        assessor=officer,
        assessed_at=now - dt.timedelta(days=1),
    )
    dvpn = services.protection_order_create(case=domestic, kind=OrderKind.DVPN)
    for status, hours_ago in (("applied", 28), ("granted", 27), ("served", 26)):
        services.protection_order_transition(
            order=dvpn, to_status=status, at=now - dt.timedelta(hours=hours_ago)
        )
    dvpo = services.protection_order_create(
        case=domestic, kind=OrderKind.DVPO, notice=dvpn, court="Demo Magistrates' Court"
    )
    services.protection_order_transition(
        order=dvpo, to_status="applied", at=now - dt.timedelta(hours=20)
    )

    # Stalking: an SPO granted and served two days ago, notification outstanding; a breach.
    services.risk_assessment_record(
        case=stalking,
        answers=_answers(9),
        assessor=officer,
        assessed_at=now - dt.timedelta(days=35),
    )
    services.stalking_screening_record(case=stalking, answers={f"s{i}": "yes" for i in range(1, 8)})
    spo = services.protection_order_create(
        case=stalking, kind=OrderKind.SPO, conditions="Not to contact the victim (demo)."
    )
    made = today - dt.timedelta(days=2)
    services.protection_order_transition(
        order=spo, to_status="applied", at=now - dt.timedelta(days=20)
    )
    services.protection_order_transition(
        order=spo,
        to_status="granted",
        at=deadlines.start_of_day(made) + dt.timedelta(hours=11),
        ends_on=deadlines.spo_earliest_last_day(made),
    )
    services.protection_order_transition(
        order=spo, to_status="served", at=deadlines.start_of_day(made) + dt.timedelta(hours=15)
    )
    services.protection_order_record_breach(
        order=spo,
        occurred_at=now - dt.timedelta(hours=5),
        description="Sent messages through a friend (demo).",
        action_taken="arrest",
        crime_reference="DEMO/0001/26",
    )

    # Honour-based abuse: MARAC referral with actions; an FMPO in force, expiring soon; and a
    # third-party non-molestation order recorded for awareness.
    services.risk_assessment_record(
        case=honour,
        answers=_answers(10),
        assessor=officer,
        override_level="high",
        override_reason="Professional judgement: family pressure escalating (demo).",
    )
    referral = services.marac_referral_make(
        case=honour,
        referred_on=today,
        professional_judgement=True,
        meeting_date=today + dt.timedelta(days=9),
    )
    with audit_batch():
        MaracAction.objects.create(
            referral=referral,
            description="Safety plan review (demo).",
            owner="IDVA service",
            due_on=today + dt.timedelta(days=14),
        )
    with audit_batch():
        ProtectionOrder.objects.create(
            case=honour,
            kind=OrderKind.FMPO,
            status=OrderStatus.ACTIVE,
            made_on=today - dt.timedelta(days=180),
            ends_on=today + dt.timedelta(days=5),
            served_at=now - dt.timedelta(days=179),
            court="Demo Family Court",
        )
    services.protection_order_create(
        case=honour,
        kind=OrderKind.NON_MOLESTATION,
        made_on=today - dt.timedelta(days=60),
        until_further_order=True,
    )
    return f"safeguarding demo: {len(cases)} invented cases with orders, risk and MARAC"
