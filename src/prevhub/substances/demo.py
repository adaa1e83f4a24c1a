"""Demonstration data for the substances register: invented people's diversion episodes with
every outcome, and monthly drug-test and naloxone counts. Offender references are ids of the
reoffending demo's generated extract, so the 12-month follow-up has figures. Loading twice
changes nothing."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from prevhub.core.audit import audit_batch
from prevhub.crime.offender_extract import offender_id
from prevhub.partners.models import Organisation
from prevhub.people.models import Person
from prevhub.substances.choices import Answer, Ethnicity, Sex
from prevhub.substances.models import (
    DiversionAppointment,
    DiversionCondition,
    DiversionEpisode,
    DrugTestCount,
    NaloxoneSupply,
)

DEMO_FAMILY = "Diversiondemo"
DEMO_SEED = 2021
EPISODES = 40


def load_substances_demo() -> str:
    if DiversionEpisode._base_manager.filter(person__family_name=DEMO_FAMILY).exists():
        return "substances demo: already loaded"
    rng = random.Random(DEMO_SEED)
    today = timezone.localdate()
    provider = Organisation.objects.filter(slug="city-council").first()
    sexes = [Sex.MALE, Sex.MALE, Sex.FEMALE]
    groups = [Ethnicity.WHITE] * 6 + [Ethnicity.BLACK, Ethnicity.ASIAN, Ethnicity.MIXED]
    with audit_batch():
        for index in range(1, EPISODES + 1):
            person = Person.objects.create(
                given_name=f"Demo{index}",
                family_name=DEMO_FAMILY,
                date_of_birth=dt.date(1970 + rng.randrange(0, 38), rng.randrange(1, 13), 15),
            )
            offence = today - dt.timedelta(days=rng.randrange(30, 900))
            decided = offence + dt.timedelta(days=rng.randrange(1, 10))
            roll = rng.random()
            eligible = roll > 0.1
            episode = DiversionEpisode(
                person=person,
                offender_reference=offender_id(rng.randrange(1, 3000)),
                offence_code=rng.choice(["92D", "92E", "92C", "46"]),
                offence_date=offence,
                scheme=rng.choice(["deferred_prosecution", "drug_education",
                                   "community_resolution"]),
                sex=rng.choice(sexes),
                ethnicity=rng.choice(groups),
                decided_on=decided,
                eligibility={
                    "admission": Answer.MET if eligible else Answer.NOT_MET,
                    "no_excluding_factors": Answer.MET,
                },
            )  # fmt: skip
            if eligible and roll > 0.25:
                episode.offered_on = decided
                episode.accepted = roll > 0.35
                if episode.accepted:
                    episode.accepted_on = decided
                    episode.treatment_provider = provider
                    episode.referred_on = decided + dt.timedelta(days=1)
                    episode.first_appointment_on = decided + dt.timedelta(days=rng.randrange(3, 30))
                    end = decided + dt.timedelta(days=90)
                    if end < today:
                        if roll > 0.5:
                            episode.completed_on = end
                        else:
                            episode.not_completed_on = end
                            episode.breached_on = end - dt.timedelta(days=10)
                            episode.breach_action = "prosecuted"
                            episode.breach_notes = "Invented: did not attend the course."
            episode.save()
            if episode.scheme == "deferred_prosecution" and episode.accepted:
                DiversionCondition.objects.create(
                    episode=episode,
                    description="Attend a drug awareness session (invented).",
                    due_on=decided + dt.timedelta(days=28),
                )
            if episode.first_appointment_on and episode.first_appointment_on <= today:
                DiversionAppointment.objects.create(
                    episode=episode, on=episode.first_appointment_on, attendance="attended"
                )
        first = today.replace(day=1)
        for back in range(1, 7):
            month = (first - dt.timedelta(days=28 * back)).replace(day=1)
            tests = rng.randrange(60, 140)
            DrugTestCount.objects.create(
                month=month,
                tests=tests,
                positive_cocaine=tests // 4,
                positive_opiates=tests // 10,
                positive_both=tests // 12,
            )
            NaloxoneSupply.objects.create(month=month, kits=rng.randrange(5, 30), setting="Custody")
    return f"substances demo: {EPISODES} invented diversion episodes, 6 months of counts"
