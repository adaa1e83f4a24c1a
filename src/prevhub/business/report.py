"""A security survey's report for the business, as PDF: the findings layer by layer, each
with its recommendation, priority, techniques and follow-up. Built with ReportLab as the
problem profile is (``prevhub.problems.profile``): pure Python, no browser on the server."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from prevhub.business.choices import SurveyLayer
from prevhub.business.models import SecuritySurvey
from prevhub.core import formatting
from prevhub.problems.profile import GREY, _p

LAYER_INTRO = {
    SurveyLayer.SURROUNDINGS: "The street and neighbouring land: lighting, sight lines, "
    "places to hide or loiter.",
    SurveyLayer.PERIMETER: "Boundaries, gates, yards and parking.",
    SurveyLayer.SHELL: "Doors, windows, shutters, roof and walls.",
    SurveyLayer.INTERIOR: "Layout, alarms, CCTV and access inside.",
    SurveyLayer.ASSETS: "Cash handling, high-value stock and the safety of staff.",
    SurveyLayer.PROCEDURES: "Opening and closing, key holding, staff training and reporting.",
}


def layers(survey: SecuritySurvey) -> list[dict[str, Any]]:
    """The survey's recommendations grouped by layer, outside in (every layer listed, so a
    layer with no finding reads "nothing to recommend", not as forgotten)."""
    recs = list(survey.recommendations.all())
    return [
        {
            "layer": label,
            "intro": LAYER_INTRO[SurveyLayer(code)],
            "recommendations": [r for r in recs if r.layer == code],
        }
        for code, label in SurveyLayer.choices
    ]


def pdf(survey: SecuritySurvey) -> bytes:
    """The survey report as PDF bytes."""
    styles = getSampleStyleSheet()
    h1, h2, body = styles["Title"], styles["Heading2"], styles["BodyText"]
    b = survey.business
    officer = survey.surveyed_by.get_full_name() or survey.surveyed_by.username
    story: list[Any] = [
        _p(f"Security survey: {b.name}", h1),
        _p(
            f"{b.address}{', ' + b.postcode if b.postcode else ''}. Surveyed on "
            f"{formatting.date(survey.surveyed_on)} by {officer} ({survey.reference}). "
            f"Follow-up visit due {formatting.date(survey.follow_up_due)}.",
            body,
        ),
        _p(survey.summary, body),
    ]
    for group in layers(survey):
        story += [_p(str(group["layer"]), h2), _p(group["intro"], body)]
        if not group["recommendations"]:
            story.append(_p("Nothing to recommend at this layer.", body))
            continue
        rows = [[_p(h, body) for h in ("Finding", "Recommendation", "Priority", "Follow up")]]
        for r in group["recommendations"]:
            techniques = "; ".join(f"{t.number}. {t.technique}" for t in r.technique_list)
            done = f" Done {formatting.date(r.done_on)}." if r.done_on else ""
            rows.append(
                [
                    _p(r.finding, body),
                    _p(
                        r.recommendation + (f" (Techniques: {techniques}.)" if techniques else ""),
                        body,
                    ),
                    _p(r.get_priority_display(), body),
                    _p((formatting.date(r.follow_up_on) if r.follow_up_on else "—") + done, body),
                ]
            )
        table = Table(rows, colWidths=[50 * mm, 75 * mm, 18 * mm, 27 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [("GRID", (0, 0), (-1, -1), 0.25, GREY), ("VALIGN", (0, 0), (-1, -1), "TOP")]
            )
        )
        story += [table, Spacer(1, 3 * mm)]
    story.append(
        _p(
            "This advice is given to reduce the risk of crime; it cannot remove it. Techniques "
            "are the 25 techniques of situational crime prevention (Cornish & Clarke 2003).",
            body,
        )
    )
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=f"{survey.reference} security survey", author="Prevention Hub"
    ).build(story)
    return buffer.getvalue()
