"""No generic delete in the register (review: DELETE on the API and the delete pages bypassed
the retention design). Records go only through services.case_retention_delete."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import api_client_for, make_user
from prevhub.safeguarding.models import (
    Breach,
    Incident,
    MaracAction,
    MaracReferral,
    ProtectionOrder,
    RiskAssessment,
    SafeguardingCase,
    StalkingScreening,
)
from tests.safeguarding.helpers import at, make_case, make_order

pytestmark = pytest.mark.django_db


def _records() -> dict[str, Any]:
    case = make_case()
    order = make_order(case, made_on=at(2026, 6, 1).date(), ends_on=at(2026, 6, 28).date())
    referral = MaracReferral.objects.create(case=case, professional_judgement=True)
    return {
        "cases": case,
        "incidents": Incident.objects.create(case=case, occurred_at=at(2026, 6, 2, 10)),
        "assessments": RiskAssessment.objects.create(case=case, answers={"q1": "yes"}),
        "stalking-screenings": StalkingScreening.objects.create(case=case, answers={}),
        "marac": referral,
        "marac-actions": MaracAction.objects.create(referral=referral, description="x", owner="y"),
        "orders": order,
        "breaches": Breach.objects.create(
            order=order, occurred_at=at(2026, 6, 3, 9), description="z", action_taken="arrest"
        ),
    }


def test_api_delete_is_refused_for_every_register_record() -> None:
    records = _records()
    api = api_client_for(make_user(roles.SAFEGUARDING))
    for path, obj in records.items():
        response = api.delete(f"/api/safeguarding/{path}/{obj.pk}/")
        assert response.status_code == 405, (path, response.content)
        assert type(obj)._base_manager.filter(pk=obj.pk).exists(), path


def test_api_delete_still_answers_404_to_those_without_the_role() -> None:
    case = make_case()
    api = api_client_for(make_user(roles.OFFENDER_MANAGER))
    assert api.delete(f"/api/safeguarding/cases/{case.pk}/").status_code == 404
    assert SafeguardingCase._base_manager.filter(pk=case.pk).exists()


@pytest.mark.parametrize(
    ("prefix", "key"),
    [
        ("cases", "cases"),
        ("incidents", "incidents"),
        ("assessments", "assessments"),
        ("marac", "marac"),
        ("orders", "orders"),
        ("breaches", "breaches"),
    ],
)
def test_delete_pages_answer_404_and_keep_the_record(prefix: str, key: str, client: Any) -> None:
    obj = _records()[key]
    client.force_login(make_user(roles.SAFEGUARDING))
    url = f"/safeguarding/{prefix}/{obj.pk}/delete/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert type(obj)._base_manager.filter(pk=obj.pk).exists()
    assert ProtectionOrder._base_manager.exists()
