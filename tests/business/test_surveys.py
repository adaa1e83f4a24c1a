"""Security surveys: the layered report (HTML and PDF) and the follow-up visit."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from pypdf import PdfReader

from prevhub.business import services
from prevhub.business.models import Recommendation
from prevhub.core import roles
from prevhub.core.testing import api_client_for, make_user
from tests.business.helpers import make_business, make_recommendation, make_survey

pytestmark = pytest.mark.django_db


def _survey_with_findings() -> Any:
    survey = make_survey(make_business(name="Report Outfitters"), summary="Clothing shop.")
    make_recommendation(
        survey, layer="surroundings", finding="Dark entrance.", recommendation="Relight it.",
        techniques=[5], priority="medium",
    )  # fmt: skip
    make_recommendation(
        survey, layer="interior", finding="Coats by the door.",
        recommendation="Move high-value stock in view of the till.", techniques=[11, 12],
        priority="high", follow_up_on=dt.date(2024, 3, 28),
    )  # fmt: skip
    return survey


def test_the_survey_report_pdf_holds_every_layer_and_each_recommendation(client: Any) -> None:
    survey = _survey_with_findings()
    client.force_login(make_user(roles.BUSINESS))
    response = client.get(f"/business/surveys/{survey.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert reader.metadata.title == f"{survey.reference} security survey"
    assert "Security survey: Report Outfitters" in text
    # the six layers, outside in, each present (one with nothing to recommend says so)
    layers = ["Surroundings", "Perimeter", "Building shell", "Interior",
              "Cash, stock and people", "Procedures"]  # fmt: skip
    positions = [text.index(name) for name in layers]
    assert positions == sorted(positions)
    assert text.count("Nothing to recommend at this layer.") == 4
    assert "Move high-value stock in view of the till." in text
    # techniques by their numbers and names (Cornish & Clarke 2003's table, "Reduce the
    # rewards": 11 is "Conceal targets", 12 "Remove targets")
    assert "11. Conceal targets" in text and "12. Remove targets" in text
    assert "28 Mar 2024" in text


def test_the_html_report_reads_the_same_layers(client: Any) -> None:
    survey = _survey_with_findings()
    client.force_login(make_user(roles.BUSINESS))
    body = client.get(f"/business/surveys/{survey.pk}/report/").content.decode()
    assert "Relight it." in body and "Building shell" in body and "Download this report" in body


def test_a_follow_up_records_which_recommendations_were_done(client: Any) -> None:
    survey = _survey_with_findings()
    first, second = survey.recommendations.order_by("id")
    client.force_login(make_user(roles.BUSINESS))
    response = client.post(
        f"/business/surveys/{survey.pk}/follow-up/",
        {"followed_up_on": "2024-03-28", "done": [second.pk], "notes": "Stock moved."},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    survey.refresh_from_db()
    assert survey.followed_up_on == dt.date(2024, 3, 28)
    assert Recommendation.objects.get(pk=second.pk).done_on == dt.date(2024, 3, 28)
    assert Recommendation.objects.get(pk=first.pk).done_on is None


def test_a_follow_up_cannot_tick_another_surveys_recommendation() -> None:
    survey = _survey_with_findings()
    stray = make_recommendation(make_survey())
    with pytest.raises(Exception, match="not part of this survey"):
        services.survey_record_follow_up(survey=survey, on=dt.date(2024, 3, 28), done=[stray])
    assert Recommendation.objects.get(pk=stray.pk).done_on is None


def test_a_technique_outside_the_25_is_refused_by_the_api() -> None:
    survey = make_survey()
    api = api_client_for(make_user(roles.BUSINESS))
    response = api.post(
        "/api/business/recommendations/",
        {"survey": survey.pk, "layer": "shell", "finding": "x", "recommendation": "y",
         "techniques": [26]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "techniques" in response.content.decode() and "26" in response.content.decode()


def test_dates_out_of_order_are_refused_naming_the_field() -> None:
    api = api_client_for(make_user(roles.BUSINESS))
    from tests.business.helpers import officer

    response = api.post(
        "/api/business/surveys/",
        {"business": make_business().pk, "surveyed_on": "2024-02-15",
         "surveyed_by": officer().pk, "follow_up_due": "2024-02-01"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "follow_up_due" in response.content.decode()
