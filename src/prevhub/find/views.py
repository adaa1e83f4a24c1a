"""The Find pages: hot spots, emerging hot spots and near repeats, with their downloads.

Each page opens with a sensible default question (the latest months loaded, so the analyst sees
a map at once) and answers any other through a GET form, so every view is a shareable link.
Downloads are the same query plus ``format=``: the figures in a file are exactly those on the
page. Who may open the area is the one gate's business (prevhub.core.gate).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import numpy as np
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from prevhub.core.exports import csv_response
from prevhub.errors import PrevhubError
from prevhub.find import selectors
from prevhub.find.forms import EmergingForm, HotspotForm, NearRepeatForm, SelectionForm

SUBPAGES = (
    ("find:hotspots", "Hot spots"),
    ("find:emerging", "Emerging hot spots"),
    ("find:near_repeat", "Near repeat"),
)


def _bound_form(
    request: HttpRequest,
    form_class: type[SelectionForm],
    summary: selectors.StoreSummary,
    defaults: dict[str, Any],
) -> SelectionForm:
    """The analyst's question, or the default one (so the page answers something at once).

    Settings missing from a link take their defaults (a hand-written link with only the
    selection still works); a field sent blank stays blank (e.g. "all crime", "any seed")."""
    if "force" in request.GET:
        data: dict[str, Any] = {**defaults, **request.GET.dict()}
    else:
        force = summary.forces[0] if summary.forces else ""
        start, end = summary.default_period.get(force, ("", ""))
        data = {"force": force, "period_from": start, "period_to": end, **defaults}
    return form_class(data, forces=summary.forces)


def _query_string(form: SelectionForm, **extra: Any) -> str:
    """The form's cleaned answer as a query string (for downloads and links to other pages)."""
    params = {
        name: ("on" if value is True else value)
        for name, value in form.cleaned_data.items()
        if value not in (None, "", False)
    }
    params.update({k: v for k, v in extra.items() if v is not None})
    return urlencode(params)


def _selection_string(form: SelectionForm) -> str:
    keep = ("force", "period_from", "period_to", "crime")
    return urlencode({k: form.cleaned_data[k] for k in keep if form.cleaned_data.get(k)})


def _map_settings() -> dict[str, str]:
    return {
        "tile_url": settings.PREVHUB_MAP_TILE_URL or "",
        "tile_attribution": settings.PREVHUB_MAP_TILE_ATTRIBUTION or "",
    }


def _context(request: HttpRequest, current: str, **values: Any) -> dict[str, Any]:
    return {"subpages": SUBPAGES, "current": current, **_map_settings(), **values}


def _json_download(name: str, payload: dict[str, Any], content_type: str) -> HttpResponse:
    response = HttpResponse(json.dumps(payload, indent=1), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _file_stem(prefix: str, selection: selectors.Selection) -> str:
    crimes = selection.crimes.lower().replace(" ", "-").replace("(", "").replace(")", "")
    return f"{prefix}-{selection.force}-{selection.period[0]}_{selection.period[1]}-{crimes}"


def hotspots_view(request: HttpRequest) -> HttpResponse:
    """Hot spots on a grid or areas, coloured by class (Gi*) or by value (counts, density)."""
    summary = selectors.store_summary()
    form = _bound_form(request, HotspotForm, summary, {"method": "gistar", "area": "grid"})
    result = error = None
    if summary.error is None and form.is_valid():
        assert isinstance(form, HotspotForm)
        query = form.query()
        try:
            result = selectors.hotspots(query)
        except PrevhubError as exc:
            error = str(exc)
        if result is not None:
            stem = _file_stem("hotspots", query.selection)
            fmt = request.GET.get("format")
            if fmt == "geojson":
                return _json_download(
                    f"{stem}.geojson", result.to_geojson(), "application/geo+json"
                )
            if fmt == "csv":
                return csv_response(
                    stem, selectors.hotspot_columns(result), selectors.hotspot_rows(result)
                )
    context = _context(
        request,
        "find:hotspots",
        form=form,
        error=summary.error or error,
        result=result,
    )
    if result is not None:
        context.update(
            map=selectors.hotspot_map(result),
            top=[
                {
                    **c.to_dict(),
                    "class_label": ""
                    if c.hotspot_class is None
                    else selectors.CLASS_LABEL[c.hotspot_class],
                }
                for c in result.cells[: selectors.TOP_ROWS]
            ],
            query_string=_query_string(form),
            selection_string=_selection_string(form),
            measure_unit="Harm days" if result.measure == "harm_days" else "Crimes",
        )
    return render(request, "find/hotspots.html", context)


def emerging_view(request: HttpRequest) -> HttpResponse:
    """Emerging hot spots: Gi* in each month, the Mann-Kendall trend, Esri's categories."""
    summary = selectors.store_summary()
    form = _bound_form(request, EmergingForm, summary, {})
    result = error = None
    if summary.error is None and form.is_valid():
        assert isinstance(form, EmergingForm)
        query = form.query()
        try:
            result = selectors.emerging(query)
        except PrevhubError as exc:
            error = str(exc)
        if result is not None:
            stem = _file_stem("emerging", query.selection)
            fmt = request.GET.get("format")
            if fmt == "geojson":
                return _json_download(f"{stem}.geojson", result.geojson, "application/geo+json")
            if fmt == "csv":
                columns = list(selectors.EMERGING_COLUMNS)
                rows = [[row[c] for c in columns] for row in result.rows]
                return csv_response(stem, columns, rows)
    context = _context(
        request, "find:emerging", form=form, error=summary.error or error, result=result
    )
    if result is not None:
        emerging_map = selectors.emerging_map(result)
        context.update(
            map=emerging_map,
            patterned=emerging_map["patterned"][: selectors.TOP_ROWS * 2],
            query_string=_query_string(form),
            selection_string=_selection_string(form),
        )
    return render(request, "find/emerging.html", context)


def near_repeat_view(request: HttpRequest) -> HttpResponse:
    """The Knox test as a heat table, with a caption that says what each band holds."""
    summary = selectors.store_summary()
    defaults = {
        "crime": "type:Burglary",
        "space_band": 100,
        "space_bands": 5,
        "time_band": 7,
        "time_bands": 5,
        "distance": "manhattan",
        "permutations": selectors.MAX_PERMUTATIONS,
    }
    form = _bound_form(request, NearRepeatForm, summary, defaults)
    result = error = None
    if summary.error is None and form.is_valid():
        assert isinstance(form, NearRepeatForm)
        # No seed given: draw one and show it, so the run can be repeated (as the CLI does).
        query = form.query(seed=int(np.random.SeedSequence().generate_state(1)[0]))
        try:
            result = selectors.near_repeat(query)
        except PrevhubError as exc:
            error = str(exc)
        if result is not None and request.GET.get("format") == "json":
            stem = _file_stem("near-repeat", query.selection)
            return _json_download(f"{stem}.json", result.to_dict(), "application/json")
    context = _context(
        request, "find:near_repeat", form=form, error=summary.error or error, result=result
    )
    if result is not None:
        context.update(
            knox=selectors.knox_table(result),
            query=query,
            query_string=_query_string(form, seed=result.seed),
            selection_string=_selection_string(form),
        )
    return render(request, "find/near_repeat.html", context)
