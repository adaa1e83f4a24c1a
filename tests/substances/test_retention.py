"""Retention deletion of an ended episode leaves no personal data in any table or audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.audit import audit_batch
from prevhub.core.testing import make_user
from prevhub.people.models import Person
from prevhub.substances import services
from prevhub.substances.models import DiversionAppointment, DiversionCondition, DiversionEpisode
from tests.reoffending.helpers import make_person
from tests.reoffending.test_retention import _everything_stored
from tests.substances.helpers import make_episode

pytestmark = pytest.mark.django_db
SECRETS = ("Wilhelmina", "Sparrowhawk", "OFF-DIV-SECRET", "Missed every session secretly",
           "Condition secret")  # fmt: skip


def _ended_episode(client: Any) -> DiversionEpisode:
    client.force_login(make_user(roles.OFFENDER_MANAGER))
    with audit_batch():
        episode = make_episode(
            person=make_person(given_name="Wilhelmina", family_name="Sparrowhawk",
                               date_of_birth=dt.date(1990, 1, 1)),
            offender_reference="OFF-DIV-SECRET",
            offered_on=dt.date(2025, 1, 13),
            accepted=True,
            accepted_on=dt.date(2025, 1, 13),
            not_completed_on=dt.date(2025, 3, 1),
            breached_on=dt.date(2025, 2, 20),
            breach_action="prosecuted",
            breach_notes="Missed every session secretly",
        )  # fmt: skip
        DiversionCondition.objects.create(
            episode=episode, description="Condition secret", due_on=dt.date(2025, 2, 1)
        )
        DiversionAppointment.objects.create(episode=episode, on=dt.date(2025, 1, 20))
    assert client.get(episode.get_absolute_url()).status_code == 200
    return episode


def test_retention_deletion_leaves_no_personal_data(client: Any) -> None:
    episode = _ended_episode(client)
    assert "OFF-DIV-SECRET" in _everything_stored()
    # Ended 1 Mar 2025 + 3 years (PREVHUB_SUBSTANCES_RETENTION_YEARS) = 1 Mar 2028.
    with pytest.raises(services.SubstancesError, match="2028-03-01"):
        services.episode_retention_delete(
            episode=episode, reason="retention_period", today=dt.date(2028, 2, 29)
        )
    result = services.episode_retention_delete(
        episode=episode, reason="retention_period", today=dt.date(2028, 3, 1)
    )
    assert result["person_record"] == "deleted"
    stored = _everything_stored()
    for secret in SECRETS:
        assert secret not in stored, secret
    assert not DiversionEpisode._base_manager.exists() and not Person._base_manager.exists()


def test_an_episode_in_progress_is_not_deleted(client: Any) -> None:
    episode = make_episode(offered_on=dt.date(2025, 1, 13), accepted=True)
    with pytest.raises(services.SubstancesError, match="ended"):
        services.episode_retention_delete(episode=episode, reason="retention_period")
