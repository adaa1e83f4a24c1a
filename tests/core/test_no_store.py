"""Signed-in responses are never kept by a browser or proxy cache (issue 11, finding 10)."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import api_client_for, make_user
from tests.safeguarding.helpers import make_case

pytestmark = pytest.mark.django_db


def test_a_case_page_with_a_safe_address_is_sent_no_store(client: Any) -> None:
    officer = make_user(roles.SAFEGUARDING)
    case = make_case(officer_in_case=officer, safe_address="1 Refuge Road")
    client.force_login(officer)
    page = client.get(f"/safeguarding/cases/{case.pk}/")
    assert page.status_code == 200 and "1 Refuge Road" in page.content.decode()
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    # Every signed-in answer, errors included: a 404 page, and the API with a token.
    assert "no-store" in client.get("/no-such-page/")["Cache-Control"]
    api = api_client_for(officer).get(f"/api/safeguarding/cases/{case.pk}/")
    assert api.status_code == 200 and "no-store" in api["Cache-Control"]
