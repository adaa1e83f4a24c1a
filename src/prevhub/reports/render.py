"""The annual report as a document: HTML (to publish or print) and PDF (WeasyPrint).

The HTML is self-contained (its styles and SVG charts inline, no scripts, no network), so it
can be mailed, published as it is, or printed; the PDF is that same HTML laid out by
`WeasyPrint <https://weasyprint.org>`_ (BSD, maintained), so the two never differ.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from prevhub.reports import charts
from prevhub.reports.annual import AnnualReport

TOPIC_TITLES = {
    "victim-based": "Victim-based crime per month",
    "stalking-and-harassment": "Stalking and harassment offences per month",
}


def document_context(report: AnnualReport) -> dict[str, Any]:
    """The template's context: the report and its charts as static SVG."""
    monthly_svgs = [
        {
            "title": TOPIC_TITLES.get(topic, topic),
            "svg": charts.to_svg(charts.monthly_spec(rows, TOPIC_TITLES.get(topic, topic))),
            "table": charts.month_table(rows),
        }
        for topic, rows in report.monthly.items()
    ]
    control_svgs = [
        {
            "title": f"{TOPIC_TITLES.get(topic, topic)}: control chart",
            "svg": charts.to_svg(charts.control_spec(chart, TOPIC_TITLES.get(topic, topic))),
            "chart": chart,
        }
        for topic, chart in report.control.items()
    ]
    hot = set(report.hot_lsoas)
    map_spec = charts.hotspot_map_spec(report.force, hot) if report.hotspots else None
    return {
        "report": report,
        "monthly_charts": monthly_svgs,
        "control_charts": control_svgs,
        "map_svg": charts.to_svg(map_spec) if map_spec else "",
    }


def to_html(report: AnnualReport) -> str:
    return render_to_string("reports/annual_document.html", document_context(report))


def to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf())
