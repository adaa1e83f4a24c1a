"""Every edit form of every register, in real Chromium: open it on a record with every field
filled, save without changing anything, and the record is unchanged, field by field.

This is the test that would have caught edit forms erasing dates (a date written the British
way inside ``<input type="date">`` is dropped by the browser, so the field arrived empty). The
edit pages are found from the project's URL patterns — every generic ``ObjectEditView`` page
for an existing record, and every page named ``*_edit`` — so a register built later is covered
the day its URLs exist: without a record below for its edit page, this test fails. Each edit
page is also checked with axe-core and must raise no console error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from prevhub.core import roles
from prevhub.core.models import User
from prevhub.core.testing import OrganisationFactory, force_organisation, make_user
from prevhub.core.views.generic import ObjectEditView

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"
LONDON = ZoneInfo("Europe/London")


def london(*args: int) -> dt.datetime:
    """An aware time in UK local time (summer times are BST, UTC+1)."""
    return dt.datetime(*args, tzinfo=LONDON)


@dataclass
class EditCase:
    """A record with every field filled, who edits it, and the edit page's URL arguments.

    `blank` names form fields that may render empty, each with the reason (fields that are
    alternatives of each other); every other field of the form must show a value."""

    user: User
    record: models.Model
    kwargs: dict[str, Any]
    blank: dict[str, str] = field(default_factory=dict)


def _walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _walk(entry, namespace)
        elif entry.name:
            yield prefix + entry.name, entry


def edit_pages() -> list[str]:
    """URL names of every page that edits an existing record."""
    names = set()
    for name, pattern in _walk(get_resolver()):
        view_class = getattr(pattern.callback, "view_class", None)
        generic = view_class is not None and issubclass(view_class, ObjectEditView)
        takes_record = bool(pattern.pattern.converters)
        if (generic and takes_record) or name.endswith("_edit"):
            names.add(name)
    return sorted(names)


# --- one record per edit page, every field filled ------------------------------------------


def _admin() -> User:
    return make_user(roles.ADMIN, username="admin", password=PASSWORD)


def _coordinator() -> User:
    return make_user(
        roles.COORDINATOR, username="coord", password=PASSWORD, first_name="Cora", last_name="Ord"
    )


def _officer(username: str = "officer") -> User:
    return make_user(roles.SAFEGUARDING, username=username, password=PASSWORD)


def user_edit() -> EditCase:
    person = make_user(
        roles.ANALYST,
        username="analyst",
        first_name="Ana",
        last_name="Lyst",
        email="ana@example.org",
        job_title="Crime analyst",
        organisation=force_organisation(),
    )
    return EditCase(_admin(), person, {"pk": person.pk})


def organisation_edit() -> EditCase:
    org = OrganisationFactory(
        name="Fairfield Council", slug="fairfield", kind="council", contact_email="csp@example.org"
    )
    return EditCase(_admin(), org, {"pk": org.pk})


def _problem(owner: User) -> Any:
    from prevhub.problems.models import Problem

    problem = Problem.objects.create(
        title="Shed burglaries on the allotments",
        description="Repeat burglaries of sheds.",
        problem_type="place",
        force="nottinghamshire",
        districts=["Broxtowe"],
        lsoas=["E01028000"],
        neighbourhood="Beeston North",
        crime_types=["Burglary"],
        owner=owner,
        priority="high",
        harm="Loss of tools; fear among plot holders.",
        review_date=dt.date(2027, 1, 15),
        scanning_notes="Police.uk counts since 2024.",
    )
    problem.shared_with.set([OrganisationFactory(name="Broxtowe Council", slug="broxtowe")])
    return problem


def problem_edit() -> EditCase:
    user = _coordinator()
    problem = _problem(user)
    return EditCase(user, problem, {"pk": problem.pk})


def _intervention() -> Any:
    from prevhub.problems.models import Intervention

    return Intervention.objects.create(
        slug="alley-gating",
        name="Alley gating",
        summary="Gates across back alleys.",
        effect="Reduces burglary",
        effect_evidence="Strong",
        mechanism="Removes access",
        moderators="Residents' support",
        implementation="Needs consent of owners",
        economic_cost="Moderate",
        url="https://www.college.police.uk/research/crime-reduction-toolkit",
    )


def intervention_edit() -> EditCase:
    intervention = _intervention()
    return EditCase(_admin(), intervention, {"pk": intervention.pk})


def _response(problem: Any) -> Any:
    from prevhub.problems.models import Response

    return Response.objects.create(
        problem=problem,
        title="Shed alarms",
        description="Loan of shed alarms to plot holders.",
        techniques=[1, 5],
        intervention=_intervention(),
        status="in_progress",
    )


def response_edit() -> EditCase:
    user = _coordinator()
    problem = _problem(user)
    response = _response(problem)
    return EditCase(user, response, {"pk": problem.pk, "rid": response.pk})


def task_edit() -> EditCase:
    from prevhub.problems.models import Task

    user = _coordinator()
    problem = _problem(user)
    task = Task.objects.create(
        problem=problem,
        response=_response(problem),
        title="Fit the alarms",
        owner_user=user,
        owner_organisation=problem.shared_with.get(),
        due_date=dt.date(2027, 2, 28),
        status="open",
    )
    return EditCase(user, task, {"pk": problem.pk, "tid": task.pk})


def person_edit() -> EditCase:
    from prevhub.people.models import Person

    person = Person.objects.create(
        given_name="Casey",
        family_name="Fictional",
        date_of_birth=dt.date(1990, 1, 15),
        address="1 Example Street, Nottingham",
        postcode="NG1 1AA",
        phone="0115 496 0000",
        email="casey@example.org",
        notes="Prefers calls after 5pm.",
    )
    person.shared_with.set([OrganisationFactory(name="Fairfield Council", slug="fairfield")])
    return EditCase(_officer(), person, {"pk": person.pk})


def _case(officer: User) -> Any:
    from prevhub.safeguarding.models import SafeguardingCase
    from prevhub.safeguarding.services import victim_register

    victim = victim_register(given_name="Rowan", family_name="Roundtrip")
    case = SafeguardingCase.objects.create(
        victim=victim,
        abuse_types=["domestic_abuse", "stalking"],
        relationship="ex_partner",
        perpetrators="Former partner.",
        district="Broxtowe",
        officer_in_case=officer,
        supervisor=_officer("supervisor"),
        status="open",
        opened_on=dt.date(2026, 3, 2),
        review_date=dt.date(2027, 3, 2),
        summary="Escalating contact since separation.",
        safe_address="c/o Example Refuge",
        safe_phone="0115 496 0001",
        safe_email="rowan@example.org",
        contact_notes="Text first.",
    )
    council = OrganisationFactory(name="Fairfield Council", slug="fairfield")
    case.agencies_involved.set([council, force_organisation()])
    case.shared_with.set([council])
    return case


def safeguardingcase_edit() -> EditCase:
    officer = _officer()
    case = _case(officer)
    return EditCase(
        officer, case, {"pk": case.pk}, blank={"closed_on": "an open case has no closing date"}
    )


def incident_edit() -> EditCase:
    from prevhub.safeguarding.models import Incident

    officer = _officer()
    incident = Incident.objects.create(
        case=_case(officer),
        occurred_at=london(2026, 7, 1, 21, 45),  # BST: 20:45 UTC
        crime_reference="20/123456/26",
        summary="Came to the house.",
    )
    return EditCase(officer, incident, {"pk": incident.pk})


def riskassessment_edit() -> EditCase:
    from prevhub.safeguarding.services import risk_assessment_record

    officer = _officer()
    assessment = risk_assessment_record(
        case=_case(officer),
        answers={},
        assessor=officer,
        assessed_at=london(2026, 11, 3, 10, 5),
        override_level="high",
        override_reason="Escalation since the last assessment.",
    )
    return EditCase(officer, assessment, {"pk": assessment.pk})


def maracreferral_edit() -> EditCase:
    from prevhub.safeguarding.models import MaracReferral

    officer = _officer()
    referral = MaracReferral.objects.create(
        case=_case(officer),
        referred_on=dt.date(2026, 4, 6),
        visible_high_risk=True,
        professional_judgement=True,
        potential_escalation=True,
        meeting_date=dt.date(2026, 4, 20),
        outcome="Safety plan agreed.",
    )
    return EditCase(officer, referral, {"pk": referral.pk})


def _spo(officer: User) -> Any:
    """A stalking protection order with its notice and interim order: every link filled."""
    from prevhub.safeguarding.choices import OrderKind, OrderStatus
    from prevhub.safeguarding.models import ProtectionOrder

    case = _case(officer)
    notice = ProtectionOrder.objects.create(case=case, kind=OrderKind.DVPN)
    interim = ProtectionOrder.objects.create(
        case=case,
        kind=OrderKind.INTERIM_SPO,
        status=OrderStatus.EXPIRED,
        made_on=dt.date(2026, 1, 5),
        ends_on=dt.date(2026, 2, 5),
    )
    return ProtectionOrder.objects.create(
        case=case,
        kind=OrderKind.SPO,
        status=OrderStatus.ACTIVE,
        notice=notice,
        interim_order=interim,
        court="Nottingham Magistrates' Court",
        conditions="No contact; not to enter Beeston.",
        considered_on=dt.date(2026, 1, 2),
        applied_at=london(2026, 1, 3, 9, 30),  # GMT
        hearing_at=london(2026, 2, 2, 10, 0),
        hearing_adjourned=True,
        decided_at=london(2026, 2, 2, 12, 15, 30),  # seconds must survive the round trip
        served_at=london(2026, 6, 2, 15, 40),  # BST
        made_on=dt.date(2026, 2, 2),
        ends_on=dt.date(2028, 2, 2),
        ended_at=london(2026, 11, 30, 17, 0),
        replaces_interim=True,
        notification_exempt=True,
        notification_received_on=dt.date(2026, 6, 5),
    )


def protectionorder_edit() -> EditCase:
    officer = _officer()
    order = _spo(officer)
    return EditCase(officer, order, {"pk": order.pk})


def breach_edit() -> EditCase:
    from prevhub.safeguarding.models import Breach

    officer = _officer()
    breach = Breach.objects.create(
        order=_spo(officer),
        occurred_at=london(2026, 8, 14, 23, 10),
        description="Sent messages.",
        action_taken="arrest",
        crime_reference="20/654321/26",
        recorded_by=officer,
    )
    return EditCase(officer, breach, {"pk": breach.pk})


# --- youth (every child here is invented) ---------------------------------------------------


def _youth(username: str = "youthlead", *, coordinator: bool = False, lead: bool = False) -> User:
    from tests.youth.helpers import make_leader

    user = make_user(roles.YOUTH, username=username, password=PASSWORD)
    make_leader(user, is_coordinator=coordinator, is_safeguarding_lead=lead)
    return user


def _youth_unit() -> Any:
    from tests.youth.helpers import make_unit

    school = OrganisationFactory(
        name="Sample Primary School", slug="sample-primary", kind="education"
    )
    return make_unit(
        "mini_police",
        host=school,
        name="Sample Primary Mini Police",
        school_year=2026,
        ends_on=dt.date(2027, 7, 23),
        meets="Thursdays 14:00-15:00",
        district="North",
    )


def _youth_cadet(unit: Any) -> Any:
    from tests.youth.helpers import make_cadet

    return make_cadet(
        unit,
        given_name="Pip",
        family_name="Inventedchild",
        date_of_birth=dt.date(2016, 5, 6),
        joined_on=dt.date(2026, 9, 14),
        parent_name="Jo Inventedchild",
        parent_phone="07700 900456",
        parent_email="jo@example.org",
        medical_notes="Nut allergy (invented).",
        vulnerable_background=True,
    )


def unit_edit() -> EditCase:
    unit = _youth_unit()
    return EditCase(_youth(), unit, {"pk": unit.pk})


def leader_edit() -> EditCase:
    from tests.youth.helpers import make_leader

    leader = make_leader(
        make_user(None, username="volunteer", first_name="Val", last_name="Unteer"),
        dbs_certificate="001234567890",
        is_coordinator=True,
        is_safeguarding_lead=True,
    )
    return EditCase(_youth(), leader, {"pk": leader.pk})


def assignment_edit() -> EditCase:
    from prevhub.youth.models import Assignment
    from tests.youth.helpers import make_leader

    leader = make_leader(make_user(None, username="volunteer"))
    assignment = Assignment.objects.create(
        leader=leader,
        unit=_youth_unit(),
        started_on=dt.date(2026, 9, 1),
        ended_on=dt.date(2027, 7, 23),
    )
    return EditCase(_youth(), assignment, {"pk": assignment.pk})


def cadet_edit() -> EditCase:
    from prevhub.youth.models import Assignment

    unit = _youth_unit()
    cadet = _youth_cadet(unit)
    cadet.left_on, cadet.leaving_reason = dt.date(2026, 11, 20), "chose"
    cadet.save()
    leader = _youth()  # the unit's leader: the only one who reads (and edits) health notes
    Assignment.objects.create(leader=leader.youth_leader, unit=unit, started_on=dt.date(2026, 9, 1))
    return EditCase(leader, cadet, {"pk": cadet.pk})


def consent_edit() -> EditCase:
    from prevhub.youth.models import Consent
    from tests.youth.helpers import make_event

    unit = _youth_unit()
    consent = Consent.objects.create(
        cadet=_youth_cadet(unit),
        kind="event",
        event=make_event(unit, held_on=dt.date(2026, 10, 3), risk_assessed_on=dt.date(2026, 9, 20)),
        given_by="Jo Inventedchild",
        given_on=dt.date(2026, 9, 25),
        withdrawn_on=dt.date(2026, 9, 30),
    )
    return EditCase(_youth(coordinator=True), consent, {"pk": consent.pk})


def session_edit() -> EditCase:
    from prevhub.youth.models import Session

    unit = _youth_unit()
    session = Session.objects.create(unit=unit, held_on=dt.date(2026, 10, 1), topic="Road safety")
    session.attendees.set([_youth_cadet(unit)])
    return EditCase(_youth(coordinator=True), session, {"pk": session.pk})


def volunteeringevent_edit() -> EditCase:
    from tests.youth.helpers import make_event

    user = _youth(coordinator=True)
    user.groups.add(Group.objects.get_or_create(name=roles.COORDINATOR)[0])  # sees problems
    event = make_event(
        _youth_unit(),
        title="Allotment watch leaflets",
        held_on=dt.date(2026, 10, 10),
        place="Beeston allotments",
        latitude=52.9253,
        longitude=-1.2152,
        problem=_problem(user),
        risk_assessed_on=dt.date(2026, 10, 1),
        risk_assessment="Roadside: high-visibility vests; two leaders.",
    )
    return EditCase(User.objects.get(pk=user.pk), event, {"pk": event.pk})


def volunteeringhours_edit() -> EditCase:
    from prevhub.youth.models import VolunteeringHours
    from tests.youth.helpers import make_event

    unit = _youth_unit()
    record = VolunteeringHours.objects.create(
        event=make_event(unit, held_on=dt.date(2026, 10, 10)),
        cadet=_youth_cadet(unit),
        hours=2.5,
    )
    return EditCase(_youth(coordinator=True), record, {"pk": record.pk})


def award_edit() -> EditCase:
    from prevhub.youth.models import Award

    award = Award.objects.create(
        cadet=_youth_cadet(_youth_unit()),
        kind="vpc",
        section="volunteering",
        achieved_on=dt.date(2026, 11, 1),
    )
    return EditCase(_youth(coordinator=True), award, {"pk": award.pk})


def concern_edit() -> EditCase:
    from prevhub.youth.models import Concern

    lead = _youth(lead=True)
    concern = Concern.objects.create(
        cadet=_youth_cadet(_youth_unit()),
        noticed_on=dt.date(2026, 10, 2),
        concern="Came without a coat twice in the rain (invented).",
        action_taken="Spoke with the parent (invented).",
        recorded_by=lead,
    )
    return EditCase(lead, concern, {"pk": concern.pk})


def _business_officer() -> User:
    """A Safer Business officer who also works problems (so an action day's problem shows)."""
    from django.contrib.auth.models import Group

    user = make_user(
        roles.BUSINESS, username="bizofficer", password=PASSWORD, first_name="Bea", last_name="Biz"
    )
    user.groups.add(Group.objects.get_or_create(name=roles.COORDINATOR)[0])
    return user


def _specials_user() -> User:
    """A specials leader who also works problems (so a duty's problem link is offered)."""
    from django.contrib.auth.models import Group

    user = make_user(roles.SPECIALS, username="specials", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=roles.COORDINATOR)[0])
    return user


def _business(officer: User | None = None) -> Any:
    from prevhub.business.models import Business

    business = Business.objects.create(
        name="Roundtrip Outfitters",
        sector="retail",
        address="12 Example Arcade, Nottingham",
        postcode="NG1 3QS",
        uprn="100031234567",
        longitude=-1.1479,
        latitude=52.95585,
        crime_location_id="LOC-0042",
        contact_name="Robin Roundtrip",
        contact_role="Store manager",
        contact_phone="0115 496 0001",
        contact_email="manager@example.org",
        notes="Opens 9 to 5.",
    )
    business.memberships.set([OrganisationFactory(name="City BCRP", slug="city-bcrp")])
    return business


def business_edit() -> EditCase:
    officer = _business_officer()
    business = _business()
    return EditCase(officer, business, {"pk": business.pk})


def _survey(officer: User) -> Any:
    from prevhub.business.models import SecuritySurvey

    return SecuritySurvey.objects.create(
        business=_business(),
        surveyed_on=dt.date(2024, 2, 15),
        surveyed_by=officer,
        summary="Busy shop by the arcade entrance.",
        follow_up_due=dt.date(2024, 3, 28),
        followed_up_on=dt.date(2024, 3, 27),
        follow_up_notes="Two of three done.",
    )


def securitysurvey_edit() -> EditCase:
    officer = _business_officer()
    survey = _survey(officer)
    return EditCase(officer, survey, {"pk": survey.pk})


def recommendation_edit() -> EditCase:
    from prevhub.business.models import Recommendation

    officer = _business_officer()
    rec = Recommendation.objects.create(
        survey=_survey(officer),
        layer="interior",
        finding="Coats on rails by the door.",
        recommendation="Move high-value stock in view of the till.",
        techniques=[7, 9],
        priority="high",
        follow_up_on=dt.date(2024, 3, 28),
        done_on=dt.date(2024, 3, 27),
    )
    return EditCase(officer, rec, {"pk": rec.pk})


def actionday_edit() -> EditCase:
    from prevhub.business.models import ActionDay

    officer = _business_officer()
    day = ActionDay.objects.create(
        title="City centre action day",
        area_name="Clumber Street",
        longitude=-1.1477,
        latitude=52.9548,
        radius_m=400,
        starts_on=dt.date(2024, 2, 15),
        ends_on=dt.date(2024, 2, 16),
        activities=["visits", "property_marking"],
        problem=_problem(officer),
        visits=12,
        surveys=3,
        advice_given=10,
        property_marked=35,
        arrests=1,
        intelligence_submitted=4,
        notes="With the BID's rangers.",
    )
    day.partners.set([OrganisationFactory(name="City BID", slug="city-bid")])
    day.businesses_visited.set([_business()])
    return EditCase(officer, day, {"pk": day.pk})


def _suicide_lead() -> User:
    return make_user(roles.SUICIDE_PREVENTION, username="rtslead", password=PASSWORD)


def _location_of_concern() -> Any:
    from prevhub.suicide_prevention.models import LocationOfConcern

    location = LocationOfConcern.objects.create(
        name="Example viaduct",
        place_type="height",
        latitude=52.9536,
        longitude=-1.1505,
        lsoa_code="E01013811",
        district="Nottingham City",
        owner=OrganisationFactory(slug="viaduct-owner"),
        identified_on=dt.date(2026, 1, 5),
        notes="Three incidents in 2025.",
    )
    location.shared_with.set([OrganisationFactory(slug="rail-partner")])
    return location


def surveillancerecord_edit() -> EditCase:
    from prevhub.suicide_prevention.models import SurveillanceRecord

    lead = _suicide_lead()
    support = OrganisationFactory(slug="bereavement-support")
    record = SurveillanceRecord.objects.create(
        source_reference="RTS/2026/0042",
        kind="death",
        occurred_at=london(2026, 7, 4, 23, 50),  # BST
        latitude=52.9537,
        longitude=-1.1504,
        place_type="height",
        location=_location_of_concern(),
        method="fall",
        age_band="25-34",
        sex="male",
        home_area="E01013812",
        status="suicide",
        inquest_on=dt.date(2026, 11, 2),
        concluded_on=dt.date(2026, 11, 2),
        family_consent="given",
        consent_on=dt.date(2026, 7, 6),
        support_service=support,
        referred_on=dt.date(2026, 7, 7),
        support_contacted_on=dt.date(2026, 7, 9),
        notes="Found on the footpath below.",
    )
    record.shared_with.set([support])
    return EditCase(lead, record, {"pk": record.pk})


def locationofconcern_edit() -> EditCase:
    location = _location_of_concern()
    return EditCase(_suicide_lead(), location, {"pk": location.pk})


def locationmeasure_edit() -> EditCase:
    from prevhub.suicide_prevention.models import LocationMeasure

    location = _location_of_concern()
    measure = LocationMeasure.objects.create(
        location=location,
        kind="barriers",
        description="Mesh fencing along the parapet.",
        carried_out_by=location.owner,
        started_on=dt.date(2026, 3, 1),
        ended_on=dt.date(2026, 9, 30),
    )
    return EditCase(_suicide_lead(), measure, {"pk": measure.pk})


def _special(user: User, collar: str = "SC100") -> Any:
    from prevhub.specials.models import Officer

    return Officer.objects.create(
        collar_number=collar,
        given_name="Rae",
        family_name="Roundtrip",
        rank="ss",
        team="City Centre",
        station="Central",
        joined_on=dt.date(2019, 3, 4),
        warrant_date=dt.date(2019, 7, 1),
        status="left",
        independent_since=dt.date(2020, 5, 6),
        left_on=dt.date(2026, 1, 31),
        vetting_level="mv",
        vetting_granted_on=dt.date(2021, 2, 3),
        vetting_expires_on=dt.date(2028, 2, 3),
        occupation="Invented occupation",
        business_interests="None declared beyond the occupation.",
        business_interests_checked_on=dt.date(2021, 2, 10),
        business_interests_approved=True,
        line_manager=user,
        user=user,
        email="rae@example.invalid",
        phone="07700 900456",
        address="1 Invented Street",
    )


def officer_edit() -> EditCase:
    user = _specials_user()
    officer = _special(user)
    return EditCase(user, officer, {"pk": officer.pk})


def qualificationkind_edit() -> EditCase:
    from prevhub.specials.models import QualificationKind

    kind = QualificationKind.objects.create(name="Taser", slug="taser", required_for_duty=True)
    return EditCase(_specials_user(), kind, {"pk": kind.pk})


def qualification_edit() -> EditCase:
    from prevhub.specials.models import Qualification, QualificationKind

    user = _specials_user()
    q = Qualification.objects.create(
        officer=_special(user),
        kind=QualificationKind.objects.get_or_create(
            slug="first-aid", defaults={"name": "First aid"}
        )[0],
        obtained_on=dt.date(2024, 3, 1),
        expires_on=dt.date(2027, 3, 1),
    )
    return EditCase(user, q, {"pk": q.pk})


def _event(user: User) -> Any:
    from prevhub.specials.models import Event

    return Event.objects.create(
        title="Riverside festival",
        starts_at=london(2027, 7, 3, 12, 30),
        ends_at=london(2027, 7, 3, 22, 0),
        places=6,
        signup_deadline=london(2027, 6, 20, 18, 0),
        district="City",
        latitude=52.9536,
        longitude=-1.1466,
        leader=_special(user, "SC200"),
        problem=_problem(user),
    )


def duty_edit() -> EditCase:
    from prevhub.specials.models import Duty, Officer, Qualification, QualificationKind

    user = _specials_user()
    officer = Officer.objects.create(
        collar_number="SC300",
        given_name="Dee",
        family_name="Duty",
        team="City Centre",
        joined_on=dt.date(2019, 3, 4),
        status="independent",
        independent_since=dt.date(2020, 5, 6),
        vetting_level="rv",
        vetting_granted_on=dt.date(2021, 2, 3),
        vetting_expires_on=dt.date(2030, 2, 3),
    )
    Qualification.objects.create(
        officer=officer,
        kind=QualificationKind.objects.get_or_create(
            slug="officer-safety-training", defaults={"name": "Officer safety training"}
        )[0],
        obtained_on=dt.date(2024, 1, 1),
        expires_on=dt.date(2030, 1, 1),
    )
    duty = Duty.objects.create(
        officer=officer,
        duty_type="patrol",
        patrol_mode="independent",
        status="worked",
        starts_at=london(2026, 7, 4, 22, 0),
        ends_at=london(2026, 7, 5, 3, 30),
        district="City",
        lsoa_code="E01033406",
        latitude=52.9536,
        longitude=-1.1466,
        supervisor=_special(user, "SC301"),
        problem=_problem(user),
        hotspot_cell="E457250N339750",
        notes="Night-time economy patrol.",
    )
    return EditCase(user, duty, {"pk": duty.pk})


def event_edit() -> EditCase:
    user = _specials_user()
    event = _event(user)
    return EditCase(user, event, {"pk": event.pk})


def eventsignup_edit() -> EditCase:
    from prevhub.specials.models import EventSignup

    user = _specials_user()
    signup = EventSignup.objects.create(event=_event(user), officer=_special(user, "SC400"))
    return EditCase(user, signup, {"pk": signup.pk})


def availability_edit() -> EditCase:
    from prevhub.specials.models import Availability

    user = _specials_user()
    slot = Availability.objects.create(
        officer=_special(user),
        starts_at=london(2027, 1, 9, 18, 0),
        ends_at=london(2027, 1, 10, 2, 0),
        note="Saturday nights",
    )
    return EditCase(user, slot, {"pk": slot.pk})


def attendancenotice_edit() -> EditCase:
    from prevhub.specials.models import AttendanceNotice

    user = _specials_user()
    notice = AttendanceNotice.objects.create(
        officer=_special(user),
        stage=2,
        issued_on=dt.date(2026, 10, 1),
        hours=6.5,
        note="Discussed at a welfare meeting.",
    )
    return EditCase(user, notice, {"pk": notice.pk})


def _offender_manager() -> User:
    return make_user(roles.OFFENDER_MANAGER, username="offender", password=PASSWORD,
                     first_name="Olly", last_name="Manager")  # fmt: skip


def _member(officer: User) -> Any:
    from prevhub.people.models import Person
    from prevhub.reoffending.models import CohortMember

    person = Person.objects.create(given_name="Ash", family_name="Roundtrip",
                                   date_of_birth=dt.date(1991, 2, 3))  # fmt: skip
    member = CohortMember.objects.create(
        person=person,
        offender_reference="OFF-0001234",
        strand="fixed",
        selection_reason="Three burglaries in six months.",
        selection_score=72,
        selected_on=dt.date(2025, 1, 6),
        deselected_on=dt.date(2026, 1, 6),
        deselection_reason="No offending for a year.",
        reset_on=dt.date(2025, 6, 2),
        lead_police_officer=officer,
        lead_probation_officer="Probation practitioner, North team",
        statutory_status="licence",
        next_review_on=dt.date(2026, 2, 3),
    )
    member.shared_with.set([OrganisationFactory(name="Fairfield Council", slug="fairfield")])
    return member


def cohortmember_edit() -> EditCase:
    officer = _offender_manager()
    member = _member(officer)
    return EditCase(officer, member, {"pk": member.pk})


def custodyspell_edit() -> EditCase:
    from prevhub.reoffending.models import CustodySpell

    officer = _offender_manager()
    spell = CustodySpell.objects.create(
        member=_member(officer), started_on=dt.date(2025, 3, 1),
        released_on=dt.date(2025, 5, 1), establishment="HMP Nottingham",
    )  # fmt: skip
    return EditCase(officer, spell, {"pk": spell.pk})


def pathwayneed_edit() -> EditCase:
    from prevhub.reoffending.models import PathwayNeed

    officer = _offender_manager()
    need = PathwayNeed.objects.create(
        member=_member(officer), pathway="accommodation", need="No fixed abode.",
        identified_on=dt.date(2025, 1, 13), intervention="Supported housing referral.",
        provider=OrganisationFactory(name="Riverside Housing", slug="riverside"),
        started_on=dt.date(2025, 1, 20), ended_on=dt.date(2025, 4, 1), outcome="met",
    )  # fmt: skip
    return EditCase(officer, need, {"pk": need.pk})


def cohortreview_edit() -> EditCase:
    from prevhub.reoffending.models import CohortReview

    officer = _offender_manager()
    review = CohortReview.objects.create(
        member=_member(officer), due_on=dt.date(2025, 2, 3), held_on=dt.date(2025, 2, 4),
        outcome="continue", notes="Engaging well.",
    )  # fmt: skip
    return EditCase(officer, review, {"pk": review.pk})


def _episode() -> Any:
    from prevhub.people.models import Person
    from prevhub.substances.models import DiversionEpisode

    person = Person.objects.create(given_name="Bo", family_name="Roundtrip",
                                   date_of_birth=dt.date(1996, 4, 5))  # fmt: skip
    provider = OrganisationFactory(name="Change Grow Live", slug="cgl")
    episode = DiversionEpisode.objects.create(
        person=person, offender_reference="OFF-0004321", offence_code="92D",
        offence_date=dt.date(2025, 1, 10), scheme="deferred_prosecution", sex="male",
        ethnicity="mixed", eligibility={"admission": "met", "no_excluding_factors": "met"},
        decided_on=dt.date(2025, 1, 11), offered_on=dt.date(2025, 1, 12), accepted=True,
        accepted_on=dt.date(2025, 1, 12), treatment_provider=provider,
        referred_on=dt.date(2025, 1, 13), first_appointment_on=dt.date(2025, 1, 20),
        completed_on=dt.date(2025, 4, 1), not_completed_on=dt.date(2025, 4, 2),
        breached_on=dt.date(2025, 3, 1), breach_action="reoffered",
        breach_notes="Missed one session; rebooked.",
    )  # fmt: skip
    episode.shared_with.set([provider])
    return episode


def diversionepisode_edit() -> EditCase:
    episode = _episode()
    return EditCase(_offender_manager(), episode, {"pk": episode.pk})


def diversioncondition_edit() -> EditCase:
    from prevhub.substances.models import DiversionCondition

    condition = DiversionCondition.objects.create(
        episode=_episode(), description="Attend two sessions.", due_on=dt.date(2025, 2, 10),
        met_on=dt.date(2025, 2, 9),
    )  # fmt: skip
    return EditCase(_offender_manager(), condition, {"pk": condition.pk})


def diversionappointment_edit() -> EditCase:
    from prevhub.substances.models import DiversionAppointment

    appointment = DiversionAppointment.objects.create(
        episode=_episode(), on=dt.date(2025, 1, 20), attendance="attended"
    )
    return EditCase(_offender_manager(), appointment, {"pk": appointment.pk})


def drugtestcount_edit() -> EditCase:
    from prevhub.substances.models import DrugTestCount

    count = DrugTestCount.objects.create(month=dt.date(2025, 1, 1), tests=80,
                                         positive_cocaine=20, positive_opiates=8,
                                         positive_both=6)  # fmt: skip
    return EditCase(_offender_manager(), count, {"pk": count.pk})


def naloxonesupply_edit() -> EditCase:
    from prevhub.substances.models import NaloxoneSupply

    supply = NaloxoneSupply.objects.create(month=dt.date(2025, 1, 1), kits=14,
                                           setting="Custody suite")  # fmt: skip
    return EditCase(_offender_manager(), supply, {"pk": supply.pk})


RECORDS: dict[str, Callable[[], EditCase]] = {
    "business:business_edit": business_edit,
    "business:securitysurvey_edit": securitysurvey_edit,
    "business:recommendation_edit": recommendation_edit,
    "business:actionday_edit": actionday_edit,
    "core:user_edit": user_edit,
    "partners:organisation_edit": organisation_edit,
    "people:person_edit": person_edit,
    "problems:problem_edit": problem_edit,
    "problems:intervention_edit": intervention_edit,
    "problems:response_edit": response_edit,
    "problems:task_edit": task_edit,
    "safeguarding:safeguardingcase_edit": safeguardingcase_edit,
    "safeguarding:incident_edit": incident_edit,
    "safeguarding:riskassessment_edit": riskassessment_edit,
    "safeguarding:maracreferral_edit": maracreferral_edit,
    "safeguarding:protectionorder_edit": protectionorder_edit,
    "safeguarding:breach_edit": breach_edit,
    "youth:unit_edit": unit_edit,
    "youth:leader_edit": leader_edit,
    "youth:assignment_edit": assignment_edit,
    "youth:cadet_edit": cadet_edit,
    "youth:consent_edit": consent_edit,
    "youth:session_edit": session_edit,
    "youth:volunteeringevent_edit": volunteeringevent_edit,
    "youth:volunteeringhours_edit": volunteeringhours_edit,
    "youth:award_edit": award_edit,
    "youth:concern_edit": concern_edit,
    "suicide_prevention:surveillancerecord_edit": surveillancerecord_edit,
    "suicide_prevention:locationofconcern_edit": locationofconcern_edit,
    "suicide_prevention:locationmeasure_edit": locationmeasure_edit,
    "specials:officer_edit": officer_edit,
    "specials:qualificationkind_edit": qualificationkind_edit,
    "specials:qualification_edit": qualification_edit,
    "specials:duty_edit": duty_edit,
    "specials:event_edit": event_edit,
    "specials:eventsignup_edit": eventsignup_edit,
    "specials:availability_edit": availability_edit,
    "specials:attendancenotice_edit": attendancenotice_edit,
    "reoffending:cohortmember_edit": cohortmember_edit,
    "reoffending:custodyspell_edit": custodyspell_edit,
    "reoffending:pathwayneed_edit": pathwayneed_edit,
    "reoffending:cohortreview_edit": cohortreview_edit,
    "substances:diversionepisode_edit": diversionepisode_edit,
    "substances:diversioncondition_edit": diversioncondition_edit,
    "substances:diversionappointment_edit": diversionappointment_edit,
    "substances:drugtestcount_edit": drugtestcount_edit,
    "substances:naloxonesupply_edit": naloxonesupply_edit,
}


def snapshot(record: models.Model) -> dict[str, Any]:
    """Every stored value of the record, as the database holds it (links by key, many-to-many
    as sorted keys); only the time of the last change may move."""
    fresh = type(record)._base_manager.get(pk=record.pk)
    values: dict[str, Any] = {}
    for f in fresh._meta.concrete_fields:
        if getattr(f, "auto_now", False):
            continue
        values[f.attname] = getattr(fresh, f.attname)
    for f in fresh._meta.many_to_many:
        values[f.name] = sorted(getattr(fresh, f.name).values_list("pk", flat=True))
    return values


#: What the form holding "Save" shows, per field name: the text of an input, the values ticked
#: in a group of checkboxes or radios ("" when none is), "on"/"off" for a single tick box.
FORM_VALUES_JS = """
() => {
  const button = [...document.querySelectorAll('form button[type=submit]')]
    .find(b => b.textContent.trim() === 'Save');
  const groups = {};
  for (const el of button.form.elements) {
    if (!el.name || el.name === 'csrfmiddlewaretoken' || el.type === 'submit') continue;
    (groups[el.name] = groups[el.name] || []).push(el);
  }
  const shown = {};
  for (const [name, els] of Object.entries(groups)) {
    const box = els[0];
    if (els.length === 1 && box.type === 'checkbox' && !box.hasAttribute('value')) {
      shown[name] = box.checked ? 'on' : 'off';
      continue;
    }
    shown[name] = els
      .filter(e => (e.type !== 'checkbox' && e.type !== 'radio') || e.checked)
      .map(e => e.value).join(',');
  }
  return shown;
}
"""


def test_every_edit_page_has_a_record_here() -> None:
    """A new register's edit page without a record in RECORDS fails here, by name."""
    pages = edit_pages()
    assert "problems:problem_edit" in pages and "safeguarding:breach_edit" in pages
    missing = [name for name in pages if name not in RECORDS]
    assert missing == [], f"give these edit pages a record with every field filled: {missing}"
    stale = [name for name in RECORDS if name not in pages]
    assert stale == [], stale


@pytest.mark.parametrize("url_name", sorted(RECORDS))
def test_saving_an_unchanged_edit_form_changes_nothing(page: Any, url_name: str) -> None:
    case = RECORDS[url_name]()
    before = snapshot(case.record)
    page.login(case.user.username, PASSWORD)
    page.goto(reverse(url_name, kwargs=case.kwargs))
    assert page.page.get_by_role("button", name="Save").count() == 1, page.page.content()[:2000]

    violations = page.axe_violations()
    assert violations == [], [(v["id"], v["help"], v["nodes"][0]["target"]) for v in violations]
    assert page.console_errors == [], page.console_errors

    shown = page.page.evaluate(FORM_VALUES_JS)
    empty = sorted(name for name, value in shown.items() if value == "")
    assert empty == sorted(case.blank), f"{url_name}: fields shown empty: {empty}"

    edit_url = page.page.url
    with page.page.expect_navigation():
        page.page.get_by_role("button", name="Save").click()
    body = page.page.content()
    assert "There is a problem" not in body, body[body.find("There is a problem") :][:1500]
    assert page.page.url != edit_url
    banner = page.page.locator(".govuk-notification-banner__heading").all_inner_texts()
    assert any(text.endswith((" updated.", " saved.")) for text in banner), banner
    after = snapshot(case.record)
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert changed == {}, f"{url_name} changed on an unchanged save: {changed}"


def test_a_journal_note_is_added_with_its_prefilled_date_and_errors_name_their_fields(
    page: Any,
) -> None:
    """The journal's date arrives filled in (today, ISO in the date input) and is kept; a note
    without text is refused with the field named, and the date typed stays in the form."""
    from django.utils import timezone

    from prevhub.problems.models import JournalEntry

    user = _coordinator()
    problem = _problem(user)
    page.login(user.username, PASSWORD)
    page.goto(problem.get_absolute_url())
    date_input = page.page.get_by_label("Date", exact=True)
    assert date_input.get_attribute("type") == "date"
    assert date_input.input_value() == timezone.localdate().isoformat()
    page.page.get_by_role("button", name="Add note").click()
    summary = page.page.locator(".govuk-error-summary").inner_text()
    assert "Note: This field is required." in summary and "Date:" not in summary
    assert JournalEntry.objects.count() == 0
    page.page.get_by_label("Date", exact=True).fill("2026-11-30")
    page.page.get_by_label("Note", exact=True).fill("Met the allotment society.")
    page.page.get_by_role("button", name="Add note").click()
    note = JournalEntry.objects.get(problem=problem)
    assert (note.noted_on, note.author, note.text) == (
        dt.date(2026, 11, 30),
        user,
        "Met the allotment society.",
    )
    assert "30 Nov 2026" in page.page.locator("#journal ~ ul").first.inner_text()
