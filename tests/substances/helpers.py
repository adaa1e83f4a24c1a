"""Invented test data for the substances tests (every name here is made up)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from prevhub.partners.models import Organisation
from prevhub.substances.models import DiversionEpisode
from tests.reoffending.helpers import make_person

ALL_MET = {"admission": "met", "no_excluding_factors": "met"}


def make_episode(shared_with: list[Organisation] | None = None, **fields: Any) -> DiversionEpisode:
    episode = DiversionEpisode.objects.create(
        person=fields.pop("person", None) or make_person(date_of_birth=dt.date(1990, 1, 1)),
        offence_code=fields.pop("offence_code", "92D"),
        offence_date=fields.pop("offence_date", dt.date(2025, 1, 10)),
        scheme=fields.pop("scheme", "drug_education"),
        decided_on=fields.pop("decided_on", dt.date(2025, 1, 12)),
        eligibility=fields.pop("eligibility", dict(ALL_MET)),
        **fields,
    )
    episode.shared_with.set(shared_with or [])
    return episode
