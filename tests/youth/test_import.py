"""The roster import: every line checked first, each problem named by file, line and field,
nothing loaded if any line is bad; loading the same file twice changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from typer.testing import CliRunner

from prevhub.youth import services
from prevhub.youth.models import Cadet
from tests.youth.helpers import make_coordinator, make_unit

pytestmark = pytest.mark.django_db

HEADER = (
    "given_name,family_name,date_of_birth,unit,joined_on,parent_name,parent_phone,"
    "vulnerable_background\n"
)
GOOD = (
    HEADER
    + "Ada,Fakeroster,2012-05-01,Northtown VPC,2026-01-10,Bea Fakeroster,07700 900001,no\n"
    + "Cy,Fakeroster,2013-01-01,Northtown VPC,2026-01-10,Bea Fakeroster,,yes\n"
)
BAD = (
    HEADER
    + "Ada,Fakeroster,2012-05-01,Northtown VPC,2026-01-10,Bea Fakeroster,,no\n"  # line 2: fine
    + "Di,Fakeroster,01/05/2012,Northtown VPC,2026-01-10,Bea Fakeroster,,no\n"  # line 3
    + "Ed,Fakeroster,2007-01-01,Northtown VPC,2026-01-10,Bea Fakeroster,,no\n"  # line 4: 19
    + "Flo,Fakeroster,2012-05-01,Southtown VPC,2026-01-10,,,maybe\n"  # line 5
)


def test_a_bad_roster_loads_nothing_and_names_line_and_field() -> None:
    make_unit(name="Northtown VPC")
    with pytest.raises(services.ImportRefused) as refused:
        services.cadet_roster_import(text=BAD, file_name="roster.csv")
    lines = refused.value.lines
    assert "roster.csv, line 3, date_of_birth: not a date (YYYY-MM-DD): '01/05/2012'" in lines
    # 1 Jan 2007 to 10 Jan 2026: 19 years.
    assert any(
        x.startswith("roster.csv, line 4, date_of_birth: Date of birth gives age 19") for x in lines
    )
    assert "roster.csv, line 5, parent_name: required" in lines
    assert "roster.csv, line 5, unit: no unit named 'Southtown VPC'" in lines
    assert "roster.csv, line 5, vulnerable_background: yes or no (or blank), not 'maybe'" in lines
    assert not any("line 2" in x for x in lines)
    assert not Cadet.objects.exists()


def test_a_good_roster_loads_once() -> None:
    make_unit(name="Northtown VPC")
    assert services.cadet_roster_import(text=GOOD) == services.ImportResult(added=2, unchanged=0)
    assert services.cadet_roster_import(text=GOOD) == services.ImportResult(added=0, unchanged=2)
    assert Cadet.objects.filter(vulnerable_background=True).count() == 1


def test_a_header_without_the_required_columns_is_refused() -> None:
    with pytest.raises(services.ImportRefused, match="lacks column"):
        services.cadet_roster_import(text="given_name,family_name\nA,B\n", file_name="x.csv")


def test_the_import_page_and_command(client: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from prevhub.cli import app

    make_unit(name="Northtown VPC")
    client.force_login(make_coordinator())
    page = client.post(
        "/youth/cadets/import/", {"file": SimpleUploadedFile("bad.csv", BAD.encode())}
    )
    assert page.status_code == 400 and "bad.csv, line 3, date_of_birth" in page.content.decode()
    monkeypatch.setattr("prevhub.cli.platform.django_setup", lambda: None)
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD)
    out = CliRunner().invoke(app, ["youth", "import", str(bad)])
    assert out.exit_code == 1 and "bad.csv, line 4, date_of_birth" in str(
        out.exception or out.output
    )
    good = tmp_path / "good.csv"
    good.write_text(GOOD)
    out = CliRunner().invoke(app, ["youth", "import", str(good)])
    assert out.exit_code == 0 and Cadet.objects.count() == 2
