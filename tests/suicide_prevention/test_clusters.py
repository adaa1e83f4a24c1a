"""Cluster alerts over the register: the Knox test's counts on records placed by hand, the
alert on the lead's start page and area home, the daily command that e-mails the leads
(references only), and the demo data that shows one."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from typer.testing import CliRunner

from prevhub.cli import app
from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import make_user
from prevhub.suicide_prevention import selectors
from tests.suicide_prevention.helpers import make_record

pytestmark = pytest.mark.django_db

BRIDGE_DAYS_AGO = (10, 20, 30, 40)
ELSEWHERE_DAYS_AGO = (115, 160, 210, 260, 310, 360)


@pytest.fixture
def deaths() -> list[Any]:
    """Four deaths within about 350 m of one bridge in 30 days, six others at least 11 km
    from each other and from the bridge, 45 to 95 days apart. Worked by hand (defaults: 1 km,
    90 days): close in space S = the 6 bridge pairs; close in time T = 6 bridge pairs + 2
    (the deaths 40 and 30 days ago with the one 115 days ago: 75 and 85 days) + 5 (115-160,
    160-210, 210-260, 260-310, 310-360, each 45-50 days) = 13; N = 10*9/2 = 45; both X = 6;
    E = S*T/N = 6*13/45 = 26/15."""
    cache.clear()
    now = timezone.now()
    made = []
    for k, ago in enumerate(BRIDGE_DAYS_AGO):
        when = now - dt.timedelta(days=ago)
        made.append(make_record(occurred_at=when, latitude=52.95 + 0.001 * k,
                                longitude=-1.15, notes="Seen by Wendeline."))  # fmt: skip
    for k, ago in enumerate(ELSEWHERE_DAYS_AGO, 1):
        made.append(make_record(occurred_at=now - dt.timedelta(days=ago),
                                latitude=52.95 + 0.1 * k, longitude=-1.15 - 0.1 * k))  # fmt: skip
    # not tested: an attempt, a death found not to be suicide, a death older than a year
    make_record(kind="attempt", status="", occurred_at=now - dt.timedelta(days=15))
    make_record(status="not_suicide", concluded_on=timezone.localdate(),
                occurred_at=now - dt.timedelta(days=25))  # fmt: skip
    make_record(occurred_at=now - dt.timedelta(days=400))
    return made


def test_the_knox_test_over_the_register_counts_what_was_worked_by_hand(deaths: list) -> None:
    alert = selectors.cluster_alert()
    assert alert is not None
    t = alert.test
    assert (t.events, t.close_in_space, t.close_in_time, t.total_pairs) == (10, 6, 13, 45)
    assert t.statistic == 6
    assert t.expected == pytest.approx(26 / 15)
    lam = 26 / 15  # P(Poisson(26/15) >= 6), summed by hand
    assert t.p_poisson == pytest.approx(1 - sum(math.exp(-lam) * lam**k / math.factorial(k)
                                                 for k in range(6)))  # fmt: skip
    assert t.p_sim <= 0.05 and alert.alerting
    bridge = sorted(r.reference for r in deaths[:4])
    assert alert.groups == [bridge]
    assert "Knox test (Knox 1964)" in t.method


def test_no_alert_without_three_linked_deaths() -> None:
    now = timezone.now()
    for k in range(3):
        make_record(occurred_at=now - dt.timedelta(days=10 + 100 * k), latitude=52.9 + 0.1 * k)
    alert = selectors.cluster_alert()
    assert alert is not None and not alert.alerting and alert.test.statistic == 0


def test_the_lead_sees_the_alert_on_the_start_page_and_the_area_home(
    deaths: list, client: Any
) -> None:
    client.force_login(make_user(roles.SUICIDE_PREVENTION))
    start = client.get("/").content.decode()
    assert "Suicide prevention cluster alerts" in start and "Possible cluster: 4 linked" in start
    assert 'data-testid="cluster-alert"' in client.get("/suicide-prevention/").content.decode()
    page = client.get("/suicide-prevention/clusters/").content.decode()
    assert all(r.reference in page for r in deaths[:4])
    read = AuditEntry.objects.filter(detail="cluster alert").get()
    assert sorted(read.after["shown"]) == sorted(r.reference for r in deaths[:4])
    client.force_login(make_user(roles.ANALYST))
    assert "Suicide prevention cluster alerts" not in client.get("/").content.decode()


def test_the_alert_command_prints_and_emails_the_leads_references_only(deaths: list) -> None:
    make_user(roles.SUICIDE_PREVENTION, username="lead1", email="lead1@example.org")
    make_user(roles.SUICIDE_PREVENTION, username="noaddress")
    make_user(roles.SAFEGUARDING, username="other", email="other@example.org")
    runner = CliRunner()
    printed = runner.invoke(app, ["suicide-prevention", "alerts"])
    assert printed.exit_code == 0, printed.output
    assert printed.output.startswith("ALERT.") and deaths[0].reference in printed.output
    sent = runner.invoke(app, ["suicide-prevention", "alerts", "--send"])
    assert sent.exit_code == 0, sent.output
    assert [m.to for m in mail.outbox] == [["lead1@example.org"]]
    body = mail.outbox[0].body
    assert deaths[0].reference in body and "p = " in body and "Wendeline" not in body
    entry = AuditEntry.objects.filter(object_type="suicide_prevention.clusteralert").latest("id")
    assert entry.detail == "alert e-mailed to 1 lead(s)" and entry.source == "cli"


def test_the_demo_loads_once_and_shows_a_cluster() -> None:
    from prevhub.suicide_prevention.demo import load_suicide_prevention_demo
    from prevhub.suicide_prevention.models import SurveillanceRecord

    cache.clear()
    assert "12 invented surveillance records" in load_suicide_prevention_demo()
    assert "0 invented surveillance records" in load_suicide_prevention_demo()
    assert SurveillanceRecord.objects.count() == 12
    alert = selectors.cluster_alert()
    assert alert is not None and alert.alerting
