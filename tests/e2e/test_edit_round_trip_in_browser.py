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
