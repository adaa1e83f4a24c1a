"""The demo loads invented children, and loading twice changes nothing."""

import pytest

from prevhub.youth.demo import FAMILY, load_youth_demo
from prevhub.youth.models import Cadet, Unit

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_with_invented_children() -> None:
    summary = load_youth_demo()
    assert "26 invented children" in summary
    assert Cadet.objects.exclude(family_name=FAMILY).count() == 0
    assert load_youth_demo() == "youth demo: already loaded"
    assert Unit.objects.count() == 3 and Cadet.objects.count() == 26
    # Every child passes the rules it would be refused by in a form.
    assert all(c.problems() == {} for c in Cadet.objects.all())
