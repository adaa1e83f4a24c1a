"""The Measure page: headline figures, trend chart, tables, exports, data freshness."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from prevhub.core.access import ADD
from prevhub.core.exports import csv_response, xlsx_response
from prevhub.crime.measures import FLAT_COLUMNS, flat_rows
from prevhub.insights.forms import MeasureForm
from prevhub.insights.selectors import (
    TABLES,
    MeasurePage,
    MeasureQuery,
    demand_export,
    demand_spec,
    measure_forces,
    measure_overview,
    measure_page,
    measure_table,
    trend_spec,
)
from prevhub.problems.models import Problem

TABLE_KEYS = {by for by, _title, _heading in TABLES}
DEMAND_EXPORTS = ("demand-category", "repeat-callers", "repeat-addresses")


def measure_view(request: HttpRequest) -> HttpResponse:
    asked = "force" in request.GET
    form = MeasureForm(request.GET if asked else None, forces=measure_forces())
    if asked and form.is_valid():
        page = measure_page(form.query())
        export, by = request.GET.get("export"), request.GET.get("by", "class")
        if export in ("csv", "xlsx") and by in TABLE_KEYS and page.error is None:
            return _export(form.query(), export, by)
        if export == "csv" and by in DEMAND_EXPORTS and page.error is None:
            return _demand_export(form.query(), by)
    elif asked:
        # The analyst must correct the form: show its errors, never the default figures.
        page = measure_overview()
    else:
        page = measure_page(None)
        if page.query is not None:
            q = page.query
            form = MeasureForm(
                initial={
                    "force": q.force,
                    "period_from": q.period[0],
                    "period_to": q.period[1],
                    "baseline": q.baseline,
                    "allow_incomplete": q.allow_incomplete,
                },
                forces=page.forces,
            )
    return render(
        request,
        "insights/measure.html",
        {
            "page": page,
            "form": form,
            "trend_spec": trend_spec(page),
            "demand_spec": demand_spec(page),
            "query_string": _query_string(page),
            "may_open_problem": Problem.access_policy.can(request.user, ADD),
        },
    )


def _query_string(page: MeasurePage) -> str:
    if page.query is None:
        return ""
    q = page.query
    params = {
        "force": q.force,
        "period_from": q.period[0],
        "period_to": q.period[1],
        "baseline": q.baseline,
    }
    if q.allow_incomplete:
        params["allow_incomplete"] = "on"
    return urlencode(params)


def _export(query: MeasureQuery, export: str, by: str) -> HttpResponse:
    """The table as the page shows it, with numbers as numbers (a spreadsheet can sum them)."""
    table = measure_table(query, by)
    if table is None:
        raise Http404
    head = [by, "name", *FLAT_COLUMNS]
    rows = []
    for shown, flat in zip(table["rows"], flat_rows(table), strict=True):
        flat["name"] = shown["label"]  # the key in words, beside the key itself
        flat["flags"] = [flag.label for flag in shown["flag_tags"]]
        rows.append(["; ".join(flat[c]) if c == "flags" else flat[c] for c in head])
    name = f"measure-{query.force}-{query.period[0]}_{query.period[1]}-by-{by}"
    return csv_response(name, head, rows) if export == "csv" else xlsx_response(name, head, rows)


def _demand_export(query: MeasureQuery, what: str) -> HttpResponse:
    """A demand table as CSV: by category, or every repeat caller (keyed id) or address."""
    table = demand_export(query, what)
    if table is None:
        raise Http404
    head, rows = table
    name = f"measure-{query.force}-{query.period[0]}_{query.period[1]}-{what}"
    return csv_response(name, head, rows)
