"""The problem profile as a PDF for partnership meetings: the four SARA stages, the triangle,
the figures and their chart. Built with ReportLab (pure Python: no browser or system fonts
needed on the server)."""

from __future__ import annotations

import io
from typing import Any

from django.template.defaultfilters import pluralize
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from prevhub.problems.models import Problem

BLUE = colors.HexColor("#1d70b8")
GREY = colors.HexColor("#505a5f")
GRID = ("GRID", (0, 0), (-1, -1), 0.25, GREY)


def _p(text: str, style: Any) -> Paragraph:
    from xml.sax.saxutils import escape

    return Paragraph(escape(text or "—").replace("\n", "<br/>"), style)


def _chart(figures: dict[str, Any]) -> Flowable:
    monthly = figures["monthly"]
    drawing = Drawing(170 * mm, 60 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 10 * mm, 150 * mm, 45 * mm
    chart.data = [[n for _, n in monthly]]
    chart.categoryAxis.categoryNames = [m[2:] for m, _ in monthly]
    chart.categoryAxis.labels.angle = 45
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    period = figures["period"]
    for i, (month, _) in enumerate(monthly):
        chart.bars[(0, i)].fillColor = BLUE if period[0] <= month <= period[1] else GREY
    drawing.add(chart)
    return drawing


def _figures_table(figures: dict[str, Any], styles: Any) -> Table:
    period, base = figures["period"], figures["baseline"]
    rr = figures.get("rate_ratio")
    ci = figures.get("ci95") or [None, None]
    rows = [
        ["Period", f"{period[0]} to {period[1]}", f"{figures['current']:,} crimes"],
        ["Baseline", f"{base[0]} to {base[1]}", f"{figures['baseline_count']:,} crimes"],
        [
            "Rate ratio",
            f"{rr:.2f}" if rr is not None else "—",
            "95% CI "
            + (f"{ci[0]:.2f}–{ci[1]:.2f}" if ci[0] is not None and ci[1] is not None else "—")
            + f", p = {figures['p_value']:.3g}",
        ],
    ]
    if figures.get("share_of_district") is not None:
        rows.append(
            [
                "Share of district",
                f"{figures['share_of_district']:.0%}",
                f"of {figures['district_current']:,} in the district",
            ]
        )
    table = Table(rows, colWidths=[40 * mm, 50 * mm, 80 * mm])
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.25, GREY), ("FONTSIZE", (0, 0), (-1, -1), 9)])
    )
    return table


def pdf(problem: Problem, page: dict[str, Any]) -> bytes:
    """The profile as PDF bytes; `page` is what :func:`selectors.problem_page` gives this user."""
    styles = getSampleStyleSheet()
    h1, h2, body = styles["Title"], styles["Heading2"], styles["BodyText"]
    story: list[Flowable] = [
        _p(f"{problem.reference}: {problem.title}", h1),
        _p(
            f"Stage: {problem.get_stage_display()} · Priority: {problem.get_priority_display()} · "
            f"Owner: {problem.owner.get_full_name() or problem.owner.username} · "
            f"Partners: {', '.join(str(o) for o in page['partners']) or 'none'}",
            body,
        ),
        _p(problem.description, body),
        _p("Scanning", h2),
        _p(
            f"Area: {', '.join([*problem.districts, *problem.lsoas]) or problem.force}. "
            f"Crimes: {', '.join(problem.crime_types) or 'all crime'}.",
            body,
        ),
    ]
    figures = problem.scanning_figures
    if figures:
        story += [_figures_table(figures, styles), Spacer(1, 4 * mm), _chart(figures)]
    story += [_p(problem.scanning_notes, body), _p("Analysis: the problem analysis triangle", h2)]
    triangle = [
        ["Victim or target", problem.victim_target, "Guardian", problem.guardian],
        ["Offender", problem.offender, "Handler", problem.handler],
        ["Place", problem.place, "Place manager", problem.place_manager],
    ]
    table = Table(
        [[_p(c, body) for c in row] for row in triangle],
        colWidths=[28 * mm, 57 * mm, 28 * mm, 57 * mm],
    )
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.25, GREY), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    story += [table, _p(f"Hypotheses: {problem.hypotheses or '—'}", body), _p("Response", h2)]
    for r in page["responses"]:
        techniques = ", ".join(f"{t.number}. {t.technique}" for t in r.technique_list)
        story.append(
            _p(
                f"{r.title} ({r.get_status_display()}). Techniques: {techniques or '—'}."
                + (f" Evidence: {r.intervention}." if r.intervention else ""),
                body,
            )
        )
    for item in page["tasks"]:
        t = item["task"]
        owner = t.owner_organisation or t.owner_user or "—"
        due = f"{t.due_date:%d %b %Y}" if t.due_date else "no date"
        story.append(_p(f"Task: {t.title} — {owner}, due {due}, {t.get_status_display()}", body))
    story.append(_p("Assessment", h2))
    a = problem.assessment_figures
    if a:
        story.append(
            _p(
                f"Target area: {a['target_before']:,} crimes before ({a['before'][0]} to "
                f"{a['before'][1]}), {a['target_after']:,} after ({a['after'][0]} to "
                f"{a['after'][1]})."
                + (
                    f" Comparison area: {a['comparison_before']:,} before, "
                    f"{a['comparison_after']:,} after."
                    if a.get("comparison_before") is not None
                    else ""
                )
                + (
                    f" Relative effect size {a['res']:.2f} (95% CI {a['res_ci95'][0]:.2f}–"
                    f"{a['res_ci95'][1]:.2f}, p = {a['res_p_value']:.3g})."
                    if a.get("res")
                    else ""
                )
                + f" Test: {a['test']}.",
                body,
            )
        )
    p = page["process"]
    story += [
        _p(
            f"Process: {p['tasks_done']:,} of {p['tasks']:,} task{pluralize(p['tasks'])} done, "
            f"{p['responses_done']:,} of {p['responses']:,} response{pluralize(p['responses'])} "
            f"delivered, {p['partners_engaged']:,} partner{pluralize(p['partners_engaged'])} "
            "engaged.",
            body,
        ),
        _p(f"Displacement: {problem.displacement or '—'}", body),
        _p(f"Lessons learnt: {problem.lessons or '—'}", body),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=f"{problem.reference} problem profile", author="Prevention Hub"
    ).build(story)
    return buffer.getvalue()
