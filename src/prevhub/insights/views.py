"""The Measure page: headline figures, trend chart, tables, exports, data freshness."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from prevhub.core.access import ADD
from prevhub.core.exports import csv_response, xlsx_response
from prevhub.crime.measures import FLAT_COLUMNS, flat_rows
from prevhub.insights.forms import MeasureForm
from prevhub.insights.selectors import TABLES, measure_page, measure_table, trend_spec
from prevhub.problems.models import Problem


def measure_view(request: HttpRequest) -> HttpResponse:
    asked = "force" in request.GET
    page = measure_page(None, force=request.GET.get("force"))
    form = MeasureForm(request.GET if asked else None, forces=page.forces)
    if asked and form.is_valid():
        page = measure_page(form.query())
        export, by = request.GET.get("export"), request.GET.get("by", "class")
        if export in ("csv", "xlsx") and by in dict(TABLES) and page.error is None:
            return _export(form, export, by)
    elif not asked and page.query is not None:
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
    query_string = _query_string(page)
    return render(
        request,
        "insights/measure.html",
        {
            "page": page,
            "form": form,
            "trend_spec": trend_spec(page),
            "query_string": query_string,
            "may_open_problem": Problem.access_policy.can(request.user, ADD),
        },
    )


def _query_string(page) -> str:  # type: ignore[no-untyped-def]
    from urllib.parse import urlencode

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


def _export(form: MeasureForm, export: str, by: str) -> HttpResponse:
    query = form.query()
    table = measure_table(query, by)
    head = [by, *FLAT_COLUMNS]
    rows = [
        ["; ".join(row[column]) if column == "flags" else row[column] for column in head]
        for row in flat_rows(table)
    ]
    name = f"measure-{query.force}-{query.period[0]}_{query.period[1]}-by-{by}"
    return csv_response(name, head, rows) if export == "csv" else xlsx_response(name, head, rows)
