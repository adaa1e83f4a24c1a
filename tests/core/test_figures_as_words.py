"""Tables and detail pages write figures for people (thousands separators, one date and time
format, words for identifiers); exports keep them as values a spreadsheet can count."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from prevhub.core import formatting, roles
from prevhub.core.exports import csv_response, xlsx_response
from prevhub.core.models import AuditEntry
from prevhub.core.tables import Column, Table
from prevhub.core.testing import make_user
from prevhub.people.models import Person

UTC = dt.UTC
# 22:56:37.681725 UTC on 1 December is 22:56 in London (GMT, no summer time in December).
MOMENT = dt.datetime(2026, 12, 1, 22, 56, 37, 681725, tzinfo=UTC)


class FigureTable(Table):
    columns = (
        Column("crimes", "Crimes"),
        Column("rate", "Rate"),
        Column("when", "When"),
        Column("day", "Day"),
        Column("flag", "Flag"),
        Column("kind", "Kind", show=formatting.label),
        Column("nothing", "Nothing"),
    )


ROW = SimpleNamespace(
    crimes=1275004,
    rate=0.935,
    when=MOMENT,
    day=dt.date(2027, 1, 15),
    flag=True,
    kind="safeguarding.protectionorder",
    nothing=None,
)


def test_table_cells_read_as_words() -> None:
    [row] = FigureTable([ROW]).body()
    assert [text for _, text in row["cells"]] == [
        "1,275,004",
        "0.94",
        "1 Dec 2026, 22:56",
        "15 Jan 2027",
        "Yes",
        "Protection order",
        "—",
    ]


def test_summer_times_are_shown_in_british_summer_time() -> None:
    # 20:45 UTC on 1 July is 21:45 BST (UTC+1).
    assert formatting.value(dt.datetime(2026, 7, 1, 20, 45, tzinfo=UTC)) == "1 Jul 2026, 21:45"
    assert formatting.value(["Broxtowe", "Gedling"]) == "Broxtowe, Gedling"
    assert formatting.label("otp_totp.totpdevice") == "TOTP device"


def test_xlsx_cells_are_typed_numbers_and_dates() -> None:
    head, rows = FigureTable([ROW]).export_rows()
    response = xlsx_response("figures", head, rows)
    sheet = load_workbook(io.BytesIO(response.content)).active
    crimes, rate, when, day, flag, kind, nothing = (c.value for c in sheet[2])
    assert crimes == 1275004 and isinstance(crimes, int)
    assert rate == 0.935
    assert when == dt.datetime(2026, 12, 1, 22, 56, 37)  # local time, to the second
    assert sheet["C2"].is_date and sheet["D2"].is_date
    assert day == dt.datetime(2027, 1, 15)  # Excel stores dates as date-times at midnight
    assert sheet["D2"].number_format == "dd/mm/yyyy"
    assert flag is True and kind == "safeguarding.protectionorder" and nothing is None


def test_csv_cells_are_plain_numbers_and_iso_dates() -> None:
    head, rows = FigureTable([ROW]).export_rows()
    text = csv_response("figures", head, rows).content.decode()
    [record] = list(csv.DictReader(io.StringIO(text)))
    assert record["Crimes"] == "1275004" and record["Rate"] == "0.935"
    assert record["When"] == "2026-12-01 22:56:37" and record["Day"] == "2027-01-15"


@pytest.mark.django_db
def test_the_audit_log_names_object_types_in_words(client: Any) -> None:
    admin = make_user(roles.ADMIN)
    entry = AuditEntry.objects.create(
        username="officer",
        action="view",
        object_type="safeguarding.protectionorder",
        object_id="7",
        object_repr="PO-7",
    )
    # The entry's own time, converted independently (zoneinfo) to London and written by hand.
    local = entry.timestamp.astimezone(ZoneInfo("Europe/London"))
    shown = f"{local.day} {local:%b %Y, %H:%M}"
    client.force_login(admin)
    listing = client.get("/admin/audit/").content.decode()
    # Words on the page; the machine name only as the filter's option value, never as text.
    text = re.sub(r"<[^>]+>", " ", listing)
    assert "Protection order" in text and "safeguarding.protectionorder" not in text
    assert shown in listing
    detail = client.get(f"/admin/audit/{entry.pk}/").content.decode()
    assert "Protection order 7" in detail and shown in detail
    assert "a.m." not in detail and "p.m." not in detail
    assert entry.timestamp.isoformat()[:19] not in detail


@pytest.mark.django_db
def test_a_person_page_and_export_show_the_date_of_birth_once_each_way(client: Any) -> None:
    person = Person.objects.create(
        given_name="Casey", family_name="Fictional", date_of_birth=dt.date(1990, 1, 15)
    )
    client.force_login(make_user(roles.SAFEGUARDING))
    page = client.get(person.get_absolute_url()).content.decode()
    assert "15 Jan 1990" in page and "Jan. 15, 1990" not in page
    response = client.get("/people/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    head = [c.value for c in sheet[1]]
    born = sheet.cell(row=2, column=head.index("Date of birth") + 1)
    assert born.is_date and born.value == dt.datetime(1990, 1, 15)
