"""The demo loads invented episodes of every kind once; the measures page shows them."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import make_user
from prevhub.substances.demo import EPISODES, load_substances_demo
from prevhub.substances.models import DiversionEpisode, DrugTestCount

pytestmark = pytest.mark.django_db


def test_demo_loads_once(client: Any) -> None:
    assert "40 invented diversion episodes" in load_substances_demo()
    assert load_substances_demo() == "substances demo: already loaded"
    assert DiversionEpisode.objects.count() == EPISODES
    outcomes = set(DiversionEpisode.objects.values_list("outcome", flat=True))
    assert {"completed", "not_completed", "ineligible", "declined"} <= outcomes
    assert DrugTestCount.objects.count() == 6
    client.force_login(make_user(roles.OFFENDER_MANAGER))
    assert client.get("/substances/measures/").status_code == 200
