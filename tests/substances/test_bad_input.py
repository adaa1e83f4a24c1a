"""Forms and the API refuse impossible dates, unknown offences and schemes, and counts out of
range, naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import api_client_for, make_user
from prevhub.reoffending.checks import ABOVE, IN_FUTURE, NOT_BEFORE
from prevhub.substances.models import DiversionEpisode, DrugTestCount
from tests.reoffending.helpers import make_person

pytestmark = pytest.mark.django_db


def _payload(person: Any, **changes: Any) -> dict[str, Any]:
    return {
        "person": person.pk,
        "offence_code": "92D",
        "offence_date": "2025-02-01",
        "scheme": "drug_education",
        "decided_on": "2025-02-02",
        "eligibility": {"admission": "met", "no_excluding_factors": "met"},
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"decided_on": "2025-01-01"}, "decided_on",
         NOT_BEFORE.format(later="Decided on", earlier="offence date")),
        ({"offence_date": "2099-01-01", "decided_on": "2099-01-02"}, "offence_date",
         IN_FUTURE.format(label="Offence date")),
        ({"offence_code": "ZZZ"}, "offence_code", "ZZZ is not a Home Office offence code"),
        ({"scheme": "amnesty"}, "scheme", "amnesty"),
        ({"eligibility": {"admission": "maybe"}}, "eligibility", "unknown: admission"),
        ({"offered_on": "2025-03-01", "accepted_on": "2025-02-15"}, "accepted_on",
         NOT_BEFORE.format(later="Accepted on", earlier="offered on")),
    ],
)  # fmt: skip
def test_api_refusals_name_the_field(changes: dict[str, Any], field: str, message: str) -> None:
    api = api_client_for(make_user(roles.OFFENDER_MANAGER))
    response = api.post("/api/substances/episodes/", _payload(make_person(), **changes),
                        format="json")  # fmt: skip
    assert response.status_code == 400, response.content
    details = response.json()["error"]["details"]
    assert field in details and message in str(details[field])
    assert not DiversionEpisode.objects.exists()


def test_the_form_refuses_an_unknown_offence_naming_it(client: Any) -> None:
    client.force_login(make_user(roles.OFFENDER_MANAGER))
    page = client.post(
        "/substances/episodes/add/",
        {**_payload(make_person()), "offence_code": "ZZZ", "eligibility": "",
         "rule_age": "met", "rule_offence": "met", "rule_admission": "met",
         "rule_no_excluding_factors": "met", "sex": "male", "ethnicity": "white",
         "accepted": "unknown"},
    )  # fmt: skip
    assert page.status_code == 200
    assert "ZZZ is not a Home Office offence code" in page.content.decode()
    assert not DiversionEpisode.objects.exists()


def test_positive_tests_cannot_exceed_tests_done() -> None:
    api = api_client_for(make_user(roles.OFFENDER_MANAGER))
    response = api.post(
        "/api/substances/drug-tests/", {"month": "2025-01-01", "tests": 5, "positive_both": 6}
    )
    assert response.status_code == 400
    message = ABOVE.format(part="Positive both", whole="tests")
    assert message in str(response.json()["error"]["details"]["positive_both"])
    assert not DrugTestCount.objects.exists()
