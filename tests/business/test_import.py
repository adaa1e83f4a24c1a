"""Importing a list of businesses: every row checked first, nothing loaded if one is bad (each
problem named by file, line and field), the same file twice changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from prevhub.business import services
from prevhub.business.models import Business
from prevhub.core.models import AuditEntry
from prevhub.core.testing import OrganisationFactory
from tests.business.helpers import make_business

pytestmark = pytest.mark.django_db

HEADER = "name,sector,address,postcode,longitude,latitude,memberships,contact_name\n"
GOOD = (
    HEADER
    + "Import Outfitters,retail,1 Import Street,NG1 1AA,-1.14790,52.95585,test-bcrp,Ida Import\n"
    + "Import Pharmacy,Pharmacy,2 Import Street,,-1.14822,52.95462,,\n"
    + 'Import Café,food,"3 Import Street, Nottingham",,-1.14731,52.95390,test-bcrp;test-bid,\n'
)


@pytest.fixture
def partnerships(db: Any) -> None:
    OrganisationFactory(slug="test-bcrp", kind="business")
    OrganisationFactory(slug="test-bid", kind="business")


def test_a_good_list_loads_and_places_each_business_in_its_lsoa(partnerships: None) -> None:
    report = services.business_import(text=GOOD, file="members.csv")
    assert len(report.created) == 3 and not report.updated
    cafe = Business.objects.get(name="Import Café")
    assert sorted(cafe.memberships.values_list("slug", flat=True)) == ["test-bcrp", "test-bid"]
    pharmacy = Business.objects.get(name="Import Pharmacy")
    assert pharmacy.sector == "pharmacy"  # the label is accepted as well as the code
    # Placed by point in polygon: these coordinates lie in Nottingham city centre, whose LSOAs
    # are named "Nottingham 0xxY" (district Nottingham) in the packaged 2011 set.
    assert {b.district for b in Business.objects.all()} == {"Nottingham"}
    assert all(b.lsoa_code.startswith("E01") for b in Business.objects.all())


def test_importing_the_same_file_twice_changes_nothing(partnerships: None) -> None:
    services.business_import(text=GOOD, file="members.csv")
    writes = AuditEntry.objects.exclude(action="view").count()
    again = services.business_import(text=GOOD, file="members.csv")
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 3)
    assert Business.objects.count() == 3
    assert AuditEntry.objects.exclude(action="view").count() == writes


def test_a_changed_row_updates_its_business_in_place(partnerships: None) -> None:
    services.business_import(text=GOOD, file="members.csv")
    changed = GOOD.replace("NG1 1AA", "NG1 2BB")
    report = services.business_import(text=changed, file="members.csv")
    assert len(report.updated) == 1 and len(report.unchanged) == 2
    assert Business.objects.get(name="Import Outfitters").postcode == "NG1 2BB"


def test_a_bad_row_refuses_the_whole_file_naming_line_and_field(partnerships: None) -> None:
    existing = make_business(name="Already Here")
    bad = (
        GOOD
        + "Bad Sector,bakery,4 Import Street,,-1.1475,52.9537,,\n"  # line 5
        + "Bad Latitude,retail,5 Import Street,,-1.1475,fifty-two,,\n"  # line 6
        + "Far Away,retail,6 London Road,,-0.1276,51.5072,,\n"  # line 7: London
        + "Bad Member,retail,7 Import Street,,-1.1475,52.9537,no-such-bid,\n"  # line 8
        + "import outfitters,retail,1  Import Street,,-1.1475,52.9537,,\n"  # line 9: line 2 again
        + ",retail,8 Import Street,,-1.1475,52.9537,,\n"  # line 10: no name
    )
    with pytest.raises(services.ImportRefused) as refused:
        services.business_import(text=bad, file="members.csv")
    problems = refused.value.problems
    assert problems[0].startswith("members.csv: line 5, field sector: unknown sector 'bakery'")
    assert problems[1] == "members.csv: line 6, field latitude: 'fifty-two' is not a number"
    assert problems[2].startswith("members.csv: line 7, field longitude: This point is outside")
    assert problems[3] == (
        "members.csv: line 8, field memberships: no partner organisation with the slug "
        "'no-such-bid'"
    )
    assert problems[4] == (
        "members.csv: line 9, field name: the same business (name and address) as line 2"
    )
    assert problems[5] == "members.csv: line 10, field name: This field cannot be blank."
    assert len(problems) == 6
    assert "nothing was loaded" in str(refused.value)
    assert list(Business.objects.all()) == [existing]  # the good rows did not load either


def test_a_missing_or_unknown_column_is_refused_on_line_1(db: Any) -> None:
    with pytest.raises(
        services.ImportRefused, match=r"list.csv: line 1: missing column\(s\) latitude"
    ):
        services.business_import(text="name,sector,address,longitude\n", file="list.csv")
    with pytest.raises(services.ImportRefused, match=r"line 1: unknown column\(s\) colour"):
        services.business_import(
            text="name,sector,address,longitude,latitude,colour\n", file="list.csv"
        )


def test_the_command_imports_and_refuses_with_exit_code_1(
    partnerships: None, tmp_path: Path
) -> None:
    from prevhub.cli import app, main

    good = tmp_path / "members.csv"
    good.write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(app, ["business", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert "3 created, 0 updated, 0 unchanged" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "X,bakery,1 Street,,-1.1475,52.9537,,\n", encoding="utf-8")
    import sys

    argv = sys.argv
    sys.argv = ["prevhub", "business", "import", str(bad)]
    try:
        with pytest.raises(SystemExit) as exit_:
            main()
    finally:
        sys.argv = argv
    assert exit_.value.code == 1
    assert Business.objects.count() == 3


def test_a_dry_run_loads_nothing(partnerships: None) -> None:
    report = services.business_import(text=GOOD, file="members.csv", dry_run=True)
    assert len(report.created) == 3
    assert Business.objects.count() == 0


def test_the_import_page_loads_a_list_and_refuses_a_bad_one_naming_line_and_field(
    partnerships: None, client: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from prevhub.core import roles
    from prevhub.core.testing import make_user

    client.force_login(make_user(roles.BUSINESS))
    bad = HEADER + "X,bakery,1 Street,,-1.1475,52.9537,,\n"
    response = client.post(
        "/business/businesses/import/",
        {"file": SimpleUploadedFile("bad.csv", bad.encode(), content_type="text/csv")},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "bad.csv: line 2, field sector: unknown sector" in body
    assert Business.objects.count() == 0
    response = client.post(
        "/business/businesses/import/",
        {"file": SimpleUploadedFile("members.csv", GOOD.encode(), content_type="text/csv")},
    )
    assert response.status_code == 302
    assert Business.objects.count() == 3
    # a Safer Business officer's page only: the hub lead (read only) and partners get 404
    client.force_login(make_user(roles.HUB_LEAD))
    assert client.get("/business/businesses/import/").status_code == 404
