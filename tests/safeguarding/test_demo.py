"""The demo loader makes invented cases that exercise the work queue; loading twice is a no-op."""

from __future__ import annotations

import pytest

from prevhub.core import roles
from prevhub.core.testing import make_user
from prevhub.safeguarding import selectors
from prevhub.safeguarding.demo import load_safeguarding_demo
from prevhub.safeguarding.models import SafeguardingCase

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_fills_the_queue() -> None:
    make_user(roles.SAFEGUARDING, username="safeguarding")
    assert "3 invented cases" in load_safeguarding_demo()
    assert load_safeguarding_demo() == "safeguarding demo: already loaded"
    assert SafeguardingCase.objects.count() == 3
    queue = selectors.work_queue(None, days=7)
    assert queue.hearings and queue.notifications and queue.expiring and queue.no_marac
