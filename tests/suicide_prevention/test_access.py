"""Need to know, as the safeguarding register: a partner sees only the records shared with
it; the hub lead reads aggregates and never a record; an administrator without the role gets
the landing page only; every read is audited."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import OrganisationFactory, api_client_for, make_user
from tests.suicide_prevention.helpers import make_location, make_measure, make_record

pytestmark = pytest.mark.django_db


def test_a_partner_sees_only_the_records_shared_with_it(client: Any) -> None:
    support, railway = OrganisationFactory(), OrganisationFactory()
    mine = make_record([support])
    theirs = make_record([railway])
    unshared = make_record([])
    partner = make_user(roles.PARTNER, support)
    client.force_login(partner)
    listed = client.get("/suicide-prevention/records/").content.decode()
    assert mine.reference in listed
    assert theirs.reference not in listed and unshared.reference not in listed
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(unshared.get_absolute_url()).status_code == 404
    api = api_client_for(partner)
    ids = [r["id"] for r in api.get("/api/suicide-prevention/records/").json()["results"]]
    assert ids == [mine.pk]
    body = api.get(f"/api/suicide-prevention/records/{mine.pk}/").json()
    assert body["shared_with"] == [support.slug]
    # the register's report, alerts and retention are not the partner's
    for page in ("report/", "clusters/", "retention/", ""):
        assert client.get(f"/suicide-prevention/{page}").status_code == 404, page


def test_a_partner_given_a_location_sees_it_and_its_measures_only(client: Any) -> None:
    council = OrganisationFactory()
    shared = make_location([council], name="Shared viaduct")
    other = make_location([], name="Other cliff")
    measure = make_measure(shared)
    hidden = make_measure(other)
    client.force_login(make_user(roles.PARTNER, council))
    assert client.get(shared.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(measure.get_absolute_url()).status_code == 200
    assert client.get(hidden.get_absolute_url()).status_code == 404
    page = client.get(shared.get_absolute_url()).content.decode()
    assert "Open a SARA problem" not in page and "problem-solving coordinator" not in page


def test_the_hub_lead_reads_the_report_but_no_record(client: Any) -> None:
    record = make_record([])
    lead = make_user(roles.HUB_LEAD)
    client.force_login(lead)
    home = client.get("/suicide-prevention/")
    assert home.status_code == 302 and home["Location"] == "/suicide-prevention/report/"
    report = client.get("/suicide-prevention/report/")
    assert report.status_code == 200
    assert record.reference not in report.content.decode()
    assert client.get(record.get_absolute_url()).status_code == 404
    assert client.get("/suicide-prevention/clusters/").status_code == 404
    api = api_client_for(lead)
    assert api.get("/api/suicide-prevention/records/").status_code == 404
    assert api.get(f"/api/suicide-prevention/records/{record.pk}/").status_code == 404


def test_an_administrator_without_the_role_is_told_it_is_need_to_know(client: Any) -> None:
    record = make_record([])
    client.force_login(make_user(roles.ADMIN))
    landing = client.get("/suicide-prevention/")
    assert landing.status_code == 200 and "need-to-know" in landing.content.decode()
    for url in (record.get_absolute_url(), "/suicide-prevention/records/",
                "/suicide-prevention/report/"):  # fmt: skip
        assert client.get(url).status_code == 404, url


def test_every_read_of_a_record_is_audited(client: Any) -> None:
    record = make_record([])
    lead = make_user(roles.SUICIDE_PREVENTION)
    client.force_login(lead)
    reads = AuditEntry.objects.filter(
        action="view", object_type="suicide_prevention.surveillancerecord"
    )
    client.get(record.get_absolute_url())
    assert reads.filter(object_id=str(record.pk), detail="detail").count() == 1
    client.get("/suicide-prevention/records/")
    assert reads.filter(object_id="list").count() == 1
    api_client_for(lead).get(f"/api/suicide-prevention/records/{record.pk}/")
    assert reads.filter(object_id=str(record.pk), detail="api").count() == 1
    # the audit names the record by reference, and holds no time or place of the death
    entry = reads.filter(object_id=str(record.pk)).first()
    assert entry is not None and entry.object_repr == record.reference


def test_the_location_page_offers_a_sara_problem_to_a_coordinator_lead(client: Any) -> None:
    """The link Find's hot spots give: problems:problem_add with the place's LSOA."""
    location = make_location([], lsoa_code="E01013811", district="Nottingham City")
    lead = make_user(roles.SUICIDE_PREVENTION)
    client.force_login(lead)
    page = client.get(location.get_absolute_url()).content.decode()
    assert "problem_add" not in page and "A problem-solving coordinator can open" in page
    from django.contrib.auth.models import Group

    lead.groups.add(Group.objects.get_or_create(name=roles.COORDINATOR)[0])
    client.force_login(lead)
    page = client.get(location.get_absolute_url()).content.decode()
    assert 'href="/problems/add/?districts=Nottingham%20City&amp;lsoas=E01013811"' in page, page[
        page.find("open-problem") - 300 :
    ][:600]
    opened = client.get("/problems/add/?districts=Nottingham%20City&lsoas=E01013811")
    assert opened.status_code == 200 and "E01013811" in opened.content.decode()
