"""Retention deletion of a de-selected member leaves no personal data in any table or audit
entry: the values are blanked before deletion, earlier entries hold only fingerprints, and the
deletion's own trace says what kinds and how many, never whose."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.apps import apps
from django.db import connection

from prevhub.core import roles
from prevhub.core.audit import audit_batch
from prevhub.core.models import AuditEntry
from prevhub.core.testing import make_user
from prevhub.people.models import Person
from prevhub.reoffending import services
from prevhub.reoffending.models import CohortMember, CohortReview, CustodySpell, PathwayNeed
from tests.reoffending.helpers import make_member, make_person

pytestmark = pytest.mark.django_db

SECRETS = ("Zebedee", "Quillfeather", "OFF-SECRET-77", "Hidden reason", "Private need",
           "Review notes secret", "1 Secret Lane")  # fmt: skip


def _everything_stored() -> str:
    """Every row of every table of the hub, as text (what a retention deletion must clean)."""
    dump = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from models
            dump.extend(json.dumps(row, default=str) for row in cursor.fetchall())
    return "\n".join(dump)


def _member_with_everything(client: Any) -> CohortMember:
    user = make_user(roles.OFFENDER_MANAGER)
    client.force_login(user)
    with audit_batch():
        person = make_person(given_name="Zebedee", family_name="Quillfeather",
                             address="1 Secret Lane")  # fmt: skip
        member = make_member(
            person=person,
            offender_reference="OFF-SECRET-77",
            selection_reason="Hidden reason",
            selected_on=dt.date(2020, 1, 6),
            deselected_on=dt.date(2021, 1, 6),
            deselection_reason="Hidden reason",
        )
        CustodySpell.objects.create(member=member, started_on=dt.date(2020, 3, 1))
        PathwayNeed.objects.create(member=member, pathway="health", need="Private need")
        CohortReview.objects.create(
            member=member, due_on=dt.date(2020, 2, 1), notes="Review notes secret"
        )
    # Reads are audited too: open the member and its person.
    assert client.get(member.get_absolute_url()).status_code == 200
    assert client.get(person.get_absolute_url()).status_code == 200
    return member


def test_retention_deletion_leaves_no_personal_data(client: Any) -> None:
    member = _member_with_everything(client)
    before = _everything_stored()
    assert all(s in before for s in ("Zebedee", "OFF-SECRET-77", "Private need"))
    result = services.member_retention_delete(
        member=member, reason="retention_period", today=dt.date(2026, 1, 1)
    )
    assert result == {
        "deleted": {"cohortreview": 1, "pathwayneed": 1, "custodyspell": 1},
        "person_record": "deleted",
    }
    after = _everything_stored()
    for secret in SECRETS:
        assert secret not in after, secret
    assert not CohortMember._base_manager.exists() and not Person._base_manager.exists()
    trace = AuditEntry.objects.filter(detail__startswith="retention deletion").get()
    assert trace.object_repr == member.reference


def test_a_person_in_another_register_is_kept(client: Any) -> None:
    member = _member_with_everything(client)
    make_member(person=member.person, offender_reference="OFF-2")  # still on the cohort
    result = services.member_retention_delete(
        member=member, reason="retention_period", today=dt.date(2026, 1, 1)
    )
    assert result["person_record"] == "kept: linked from another record"


def test_deletion_waits_for_the_retention_review(client: Any) -> None:
    member = _member_with_everything(client)
    # De-selected 6 Jan 2021 + 3 years (PREVHUB_REOFFENDING_RETENTION_YEARS) = 6 Jan 2024.
    with pytest.raises(services.ReoffendingError, match="2024-01-06"):
        services.member_retention_delete(
            member=member, reason="retention_period", today=dt.date(2024, 1, 5)
        )
    services.member_retention_delete(
        member=member, reason="retention_period", today=dt.date(2024, 1, 6)
    )
    assert not CohortMember._base_manager.exists()


def test_an_active_member_is_deleted_only_when_recorded_in_error(client: Any) -> None:
    member = make_member()
    with pytest.raises(services.ReoffendingError, match="de-selected"):
        services.member_retention_delete(member=member, reason="retention_period")
    services.member_retention_delete(member=member, reason="recorded_in_error")
    assert not CohortMember._base_manager.exists()


def test_retention_page_deletes_through_the_service(client: Any) -> None:
    member = _member_with_everything(client)
    page = client.get("/reoffending/retention/").content.decode()
    assert member.reference in page
    response = client.post(
        f"/reoffending/members/{member.pk}/retention-delete/", {"reason": "retention_period"}
    )
    assert response.status_code == 302
    assert not CohortMember._base_manager.exists()
