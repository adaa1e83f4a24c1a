"""Problem pages say what they mean: every SARA stage among the steps (Monitoring too), a
count and its noun agree ("1 partner", not "1 partners"), the overdue filter offers "Any"
rather than "Unknown", and the evidence library rates everything in the Crime Reduction
Toolkit's one vocabulary."""

from __future__ import annotations

import csv
import re
from importlib import resources
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import OrganisationFactory, make_user
from prevhub.problems import techniques
from prevhub.problems.models import Intervention, Stage, Task
from tests.problems.test_problem_access import make_problem

pytestmark = pytest.mark.django_db

RATING_FIELDS = ("effect_evidence", "mechanism", "moderators", "implementation", "economic_cost")
CSV_RATINGS = (
    "effect_evidence_stars",
    "mechanism",
    "moderators",
    "implementation",
    "economic_cost",
)


def steps(html: str) -> list[tuple[str, bool]]:
    """(stage label, is it the current step) for each step drawn on the problem page."""
    start = html.index('aria-label="SARA stages"')
    block = html[start : html.index("</ol>", start)]
    return [
        (label, "aria-current" in attrs)
        for attrs, label in re.findall(
            r'<li class="hub-sara__stage([^>]*)>(?:<strong>)?\d+\. (\w+)', block
        )
    ]


def test_the_steps_show_every_stage_including_monitoring(client: Any) -> None:
    coordinator = make_user(roles.COORDINATOR)
    problem = make_problem(owner=coordinator, stage=Stage.MONITORING)
    client.force_login(coordinator)
    html = client.get(problem.get_absolute_url()).content.decode()
    assert steps(html) == [
        ("Scanning", False),
        ("Analysis", False),
        ("Response", False),
        ("Assessment", False),
        ("Monitoring", True),
    ]


def test_one_partner_one_task_one_response_read_in_the_singular(client: Any) -> None:
    coordinator = make_user(roles.COORDINATOR)
    partner = OrganisationFactory()
    problem = make_problem([partner], owner=coordinator)
    Task.objects.create(problem=problem, title="Walk the route", owner_organisation=partner)
    problem.responses.create(title="Better lighting")
    client.force_login(coordinator)
    html = client.get(problem.get_absolute_url()).content.decode()
    process = re.search(r'data-testid="process">(.*?)</p>', html, re.S).group(1)
    assert process == ("Process: 0 of 1 task done; 0 of 1 response delivered; 1 partner engaged.")
    other = OrganisationFactory()
    Task.objects.create(problem=problem, title="Check CCTV", owner_organisation=other)
    html = client.get(problem.get_absolute_url()).content.decode()
    assert "0 of 2 tasks done" in html and "2 partners engaged" in html


@pytest.mark.parametrize("path", ["/problems/", "/problems/tasks/"])
def test_the_overdue_filter_offers_any_not_unknown(client: Any, path: str) -> None:
    client.force_login(make_user(roles.COORDINATOR))
    html = client.get(path).content.decode()
    select = re.search(r'<select name="overdue"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select) == ["Any", "Yes"]


def test_overdue_any_lists_everything_and_yes_only_the_late(client: Any) -> None:
    import datetime as dt

    coordinator = make_user(roles.COORDINATOR)
    late = make_problem(owner=coordinator, title="Late review", review_date=dt.date(2020, 1, 1))
    on_time = make_problem(owner=coordinator, title="On time", review_date=dt.date(2099, 1, 1))
    client.force_login(coordinator)
    everything = client.get("/problems/?overdue=").content.decode()
    assert late.title in everything and on_time.title in everything
    only_late = client.get("/problems/?overdue=true").content.decode()
    assert late.title in only_late and on_time.title not in only_late


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("4", "Very strong"),
        ("3", "Strong"),
        ("2", "Moderate"),
        ("1", "Low"),
        ("0", "No information"),
        ("very strong", "Very strong"),
        ("No information", "No information"),
        ("", "Not confirmed"),
        (None, "Not confirmed"),
    ],
)
def test_every_stored_rating_is_shown_in_the_toolkits_words(stored: Any, shown: str) -> None:
    assert techniques.evidence_quality(stored) == shown


def test_the_packaged_library_holds_only_the_toolkits_words() -> None:
    """The CSV's ratings are the Toolkit's words or empty (not confirmed); every row read from
    an older page keeps its published 0–4 scores, and they convert to the stored words by the
    mapping the README states (4 Very strong … 0 No information)."""
    ref = resources.files("prevhub.problems").joinpath("reference", "crime_reduction_toolkit.csv")
    with ref.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 10
    allowed = set(techniques.EVIDENCE_QUALITY) | {""}
    for row in rows:
        assert {row[c] for c in CSV_RATINGS} <= allowed, row["slug"]
        assert row["effect"] in techniques.EFFECT_LABELS, row["slug"]
        if row["older_page_scores"]:
            for score, column in zip(row["older_page_scores"].split("/"), CSV_RATINGS, strict=True):
                if score != "-":
                    assert techniques.QUALITY_OF_SCORE[score] == row[column], row["slug"]
    by_slug = {r["slug"]: r for r in rows}
    # Hot spots policing, older page: Effect 4, mechanism 1, moderators 2, implementation 2,
    # economic cost 0 (README; InterventionID=46).
    assert [by_slug["hot-spots-policing"][c] for c in CSV_RATINGS] == [
        "Very strong",
        "Low",
        "Moderate",
        "Moderate",
        "No information",
    ]


def test_the_library_pages_show_one_vocabulary(client: Any) -> None:
    # An install loaded before the conversion still holds the older pages' numbers.
    Intervention.objects.filter(slug="hot-spots-policing").update(
        effect_evidence="4", mechanism="1", moderators="2", implementation="2", economic_cost="0"
    )
    client.force_login(make_user(roles.COORDINATOR))
    html = client.get("/problems/interventions/").content.decode()
    body = html[html.index("<tbody") : html.index("</tbody>")]
    cells = re.findall(r'<td class="govuk-table__cell">([^<]*)</td>', body)
    words = set(techniques.EVIDENCE_QUALITY) | {techniques.NOT_CONFIRMED}
    effects = set(techniques.EFFECT_LABELS.values())
    assert cells and all(c in words | effects for c in cells), sorted(set(cells) - words - effects)
    assert not any(c.strip().isdigit() for c in cells)


def test_the_intervention_template_shows_one_vocabulary() -> None:
    """``problems/intervention.html`` (the detail page, once its view names it) writes a
    stored 0–4 score and an effect code in the Toolkit's words."""
    from django.template.loader import render_to_string

    hot = Intervention.objects.get(slug="hot-spots-policing")
    hot.effect_evidence, hot.economic_cost = "4", ""
    html = render_to_string("problems/intervention.html", {"object": hot, "fields": []})
    start = html.index('data-testid="intervention-ratings"')
    ratings = html[start : html.index("</dl>", start)]
    assert "Overall reduction" in ratings and "Very strong" in ratings
    assert "Not confirmed" in ratings and ">4<" not in ratings
