"""Scanning and assessment figures equal an independent count of the real demo CSVs.

The counts are made here with Python's csv module over the packaged data.police.uk files
(district = the LSOA name without its code), never through the crime store; the rate ratio
and relative effect size are recomputed from those counts by their textbook formulas.
"""

from __future__ import annotations

import csv
import io
import math
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from prevhub.core import roles
from prevhub.core.testing import OrganisationFactory, api_client_for, make_user
from prevhub.problems import services
from prevhub.problems.models import Problem, Task
from tests.insights.store_fixtures import DEMO_ZIP
from tests.problems.test_problem_access import make_problem

pytestmark = pytest.mark.django_db


def csv_counts(zip_path: Path) -> Counter:
    """(month, district, lsoa, crime type) -> rows, straight from the CSVs."""
    counts: Counter = Counter()
    with zipfile.ZipFile(zip_path) as archive:
        for name in archive.namelist():
            if name.endswith("-street.csv"):
                with archive.open(name) as raw:
                    for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")):
                        district = row["LSOA name"].rsplit(" ", 1)[0] if row["LSOA name"] else ""
                        counts[(row["Month"], district, row["LSOA code"], row["Crime type"])] += 1
    return counts


@pytest.fixture(scope="module")
def truth() -> Counter:
    return csv_counts(DEMO_ZIP)


def count(truth: Counter, months: set[str], *, districts=(), lsoas=(), types=()) -> int:  # type: ignore[no-untyped-def]
    return sum(
        n
        for (m, d, lsoa, t), n in truth.items()
        if m in months
        and (d in districts or lsoa in lsoas)
        and (t in types if types else t != "Anti-social behaviour")
    )


Q1_2023 = {"2023-01", "2023-02", "2023-03"}
Q1_2024 = {"2024-01", "2024-02", "2024-03"}


def test_scanning_figures_equal_the_csv_count(
    use_demo_store: Any, truth: Counter, client: Any
) -> None:
    coordinator = make_user(roles.COORDINATOR)
    problem = make_problem(
        owner=coordinator, districts=["Mansfield"], crime_types=["Burglary", "Shoplifting"]
    )
    figures = services.problem_scan(problem=problem, user=coordinator)
    types = ("Burglary", "Shoplifting")
    now = count(truth, Q1_2024, districts={"Mansfield"}, types=types)
    before = count(truth, Q1_2023, districts={"Mansfield"}, types=types)
    # The demo holds 2023-01..03 and 2024-01..03, so the default window is 2024-01..03 against
    # the same months a year earlier.
    assert (figures["period"], figures["baseline"]) == (
        ["2024-01", "2024-03"],
        ["2023-01", "2023-03"],
    )
    assert (figures["current"], figures["baseline_count"]) == (now, before)
    assert figures["rate_ratio"] == pytest.approx(now / before)
    monthly = dict(figures["monthly"])
    assert monthly["2024-02"] == count(truth, {"2024-02"}, districts={"Mansfield"}, types=types)
    # The page shows the stored figures.
    client.force_login(coordinator)
    page = client.get(f"/problems/{problem.pk}/").content.decode()
    assert f'data-testid="scan-current">{now:,}<' in page  # thousands separated


def test_assessment_equals_the_csv_count_and_the_textbook_res(
    use_demo_store: Any, truth: Counter
) -> None:
    coordinator = make_user(roles.COORDINATOR)
    target_lsoas = ["E01028268", "E01028284"]
    problem = make_problem(
        owner=coordinator, districts=[], lsoas=target_lsoas, crime_types=["Shoplifting"]
    )
    result = services.problem_assess(
        problem=problem,
        user=coordinator,
        before=("2023-01", "2023-03"),
        after=("2024-01", "2024-03"),
        comparison_districts=["Ashfield"],
    )
    shop = ("Shoplifting",)
    a = count(truth, Q1_2023, lsoas=set(target_lsoas), types=shop)
    b = count(truth, Q1_2024, lsoas=set(target_lsoas), types=shop)
    c = count(truth, Q1_2023, districts={"Ashfield"}, types=shop)
    d = count(truth, Q1_2024, districts={"Ashfield"}, types=shop)
    assert (result["target_before"], result["target_after"]) == (a, b)
    assert (result["comparison_before"], result["comparison_after"]) == (c, d)
    res = (a * d) / (b * c)
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    assert result["res"] == pytest.approx(res)
    assert result["res_ci95"] == pytest.approx(
        [res * math.exp(-1.96 * se), res * math.exp(1.96 * se)]
    )
    stored = Problem.objects.get(pk=problem.pk)
    assert stored.assessment_method == "before-after" and stored.comparison_districts == [
        "Ashfield"
    ]


def test_profile_pdf_and_page(use_demo_store: Any, client: Any) -> None:
    coordinator = make_user(roles.COORDINATOR)
    problem = make_problem(owner=coordinator, victim_target="Small shops")
    services.problem_scan(problem=problem, user=coordinator)
    client.force_login(coordinator)
    pdf = client.get(f"/problems/{problem.pk}/profile.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and problem.reference.encode() in pdf.content
    html = client.get(f"/problems/{problem.pk}/profile/").content.decode()
    assert "Small shops" in html and "Record the analysis" not in html


def test_reminders_go_to_task_owners_and_problem_owners() -> None:
    import datetime as dt

    owner = make_user(roles.COORDINATOR, email="cora@force.example")
    council = OrganisationFactory(contact_email="team@council.example")
    problem = make_problem(owner=owner, review_date=dt.date(2026, 1, 1))
    Task.objects.create(
        problem=problem, title="Survey", owner_organisation=council, due_date=dt.date(2026, 1, 2)
    )
    Task.objects.create(
        problem=problem, title="Later", owner_organisation=council, due_date=dt.date(2027, 1, 1)
    )
    sent = services.reminders_send(today=dt.date(2026, 2, 1))
    assert sent == 2
    by_to = {m.to[0]: m.body for m in mail.outbox}
    assert (
        "Survey" in by_to["team@council.example"] and "Later" not in by_to["team@council.example"]
    )
    assert "Review overdue since 01 January 2026" in by_to["cora@force.example"]


def test_dashboard_counts_open_problems_by_stage(client: Any) -> None:
    coordinator = make_user(roles.COORDINATOR)
    make_problem(owner=coordinator)
    make_problem(owner=coordinator, stage="analysis")
    make_problem(owner=coordinator, stage="closed")
    client.force_login(coordinator)
    page = client.get("/problems/dashboard/")
    rows = dict(page.context["by_stage"])
    assert rows["Scanning"] == 1 and rows["Analysis"] == 1 and "Closed" not in rows
    assert len(page.context["mine"]) == 2
    partner = make_user(roles.PARTNER, OrganisationFactory())
    # Nothing shared with the partner: the register is not revealed at all (the area gate).
    assert api_client_for(partner).get("/api/problems/").status_code == 404


def test_the_api_refuses_areas_and_crime_types_the_store_does_not_know(use_demo_store: Any) -> None:
    api = api_client_for(make_user(roles.COORDINATOR))
    base = {"title": "x", "problem_type": "place", "force": "nottinghamshire"}
    bad = api.post("/api/problems/", {**base, "districts": ["Atlantis"]}, format="json")
    assert bad.status_code == 400 and "Atlantis" in str(bad.json())
    bad = api.post("/api/problems/", {**base, "crime_types": ["Piracy"]}, format="json")
    assert bad.status_code == 400 and "Piracy" in str(bad.json())
    good = api.post(
        "/api/problems/",
        {**base, "districts": ["Mansfield"], "crime_types": ["Burglary"]},
        format="json",
    )
    assert good.status_code == 201, good.content
