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
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from prevhub.core.access import ADD
from prevhub.core.exports import csv_response
from prevhub.crime.find.emerging import EMERGING_COLUMNS
from prevhub.crime.find.nearrepeat import MONTH_DATES_WARNING as MONTH_DATES
from prevhub.crime.geography import force_boundaries
from prevhub.errors import PrevhubError
from prevhub.find import selectors
from prevhub.find.forms import (
    EmergingForm,
    HotspotForm,
    NearRepeatForm,
    RepeatForm,
    SelectionForm,
)
from prevhub.problems.models import Problem

SUBPAGES = (
    ("find:hotspots", "Hot spots"),
    ("find:emerging", "Emerging hot spots"),
    ("find:repeats", "Repeat locations"),
    ("find:near_repeat", "Near repeat"),
)


def _bound_form(
    request: HttpRequest,
    form_class: type[SelectionForm],
    summary: selectors.StoreSummary,
    defaults: dict[str, Any],
    periods: dict[str, tuple[str, str]] | None = None,
) -> SelectionForm:
    """The analyst's question, or the default one (so the page answers something at once).

    Settings missing from a link take their defaults (a hand-written link with only the
    selection still works); a field sent blank stays blank (e.g. "all crime", "any seed").
    `periods` is the page's own default window per force (emerging hot spots asks for more
    months than the other pages)."""
    if "force" in request.GET:
        data: dict[str, Any] = {**defaults, **request.GET.dict()}
    else:
        force = summary.forces[0] if summary.forces else ""
        start, end = (periods or summary.default_period).get(force, ("", ""))
        data = {"force": force, "period_from": start, "period_to": end, **defaults}
    return form_class(data, forces=summary.forces, summary=summary)


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


def _boundaries_url(force: str) -> str:
    """Where the map fetches the force's LSOA and district outlines ('' when there are none)."""
    if force_boundaries(force) is None:
        return ""
    return reverse("find:boundaries") + "?" + urlencode({"force": force})


def boundaries_view(request: HttpRequest) -> HttpResponse:
    """A force's LSOA, district or ward outlines as GeoJSON, drawn under the data on the maps.

    A separate address (not written into each page) so the browser fetches the layer once and
    keeps it: the outlines change only when an administrator loads new boundaries."""
    force, layer = request.GET.get("force", ""), request.GET.get("layer", "lsoa")
    data = selectors.boundaries_geojson(force, layer)
    if data is None:
        raise Http404
    response = HttpResponse(json.dumps(data), content_type="application/geo+json")
    response["Cache-Control"] = "private, max-age=3600"
    return response


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
    result = error = page = None
    if summary.error is None and form.is_valid():
        assert isinstance(form, HotspotForm)
        query = form.query()
        fmt = request.GET.get("format")
        try:
            if fmt in ("geojson", "csv"):
                full = selectors.hotspots(query)
                stem = _file_stem("hotspots", query.selection)
                if fmt == "geojson":
                    return _json_download(
                        f"{stem}.geojson", selectors.hotspot_geojson(full), "application/geo+json"
                    )
                columns, rows = selectors.hotspot_download(full)
                return csv_response(stem, columns, [[r.get(c) for c in columns] for r in rows])
            page = selectors.hotspot_page(query)
            result = page["result"]
        except PrevhubError as exc:
            error = str(exc)
    context = _context(
        request,
        "find:hotspots",
        form=form,
        error=summary.error or error,
        result=result,
    )
    if page is not None and result is not None:
        gaps = selectors.missing_months(summary, query.selection.force, query.selection.period)
        notes = []
        if gaps:
            notes.append(
                f"Months missing from the crime store: {selectors.month_runs_words(gaps)}. "
                "The counts hold only the months loaded, so they are lower than the period's "
                "true total; squares are compared with each other fairly, but not with another "
                "period."
            )
        context.update(
            map=page["map"],
            top=page["top"],
            settings_words=page["settings"],
            may_open_problem=Problem.access_policy.can(request.user, ADD),
            problem_crime_type=query.selection.crime_type or "",
            cell_given=query.cell is not None,
            caveats=selectors.caveats([*notes, *result.warnings]),
            query_string=_query_string(form),
            selection_string=_selection_string(form),
            measure_unit="Harm days" if result.measure == "harm_days" else "Crimes",
            crimes_words=query.selection.crimes_words,
            selection=query.selection,
            boundaries_url=_boundaries_url(query.selection.force),
        )
    return render(request, "find/hotspots.html", context)


def emerging_view(request: HttpRequest) -> HttpResponse:
    """Emerging hot spots: Gi* in each month, the Mann-Kendall trend, Esri's categories."""
    summary = selectors.store_summary()
    form = _bound_form(request, EmergingForm, summary, {}, summary.emerging_period)
    result = error = page = None
    if summary.error is None and form.is_valid():
        assert isinstance(form, EmergingForm)
        query = form.query()
        fmt = request.GET.get("format")
        try:
            if fmt in ("geojson", "csv"):
                full = selectors.emerging(query)
                stem = _file_stem("emerging", query.selection)
                if fmt == "geojson":
                    return _json_download(f"{stem}.geojson", full.geojson, "application/geo+json")
                columns = list(EMERGING_COLUMNS)
                rows = [[row[c] for c in columns] for row in full.rows]
                return csv_response(stem, columns, rows)
            page = selectors.emerging_page(query)
            result = page["result"]
        except PrevhubError as exc:
            error = str(exc)
    context = _context(
        request, "find:emerging", form=form, error=summary.error or error, result=result
    )
    if page is not None and result is not None:
        context.update(
            map=page["map"],
            patterned=page["patterned"],
            caveats=selectors.caveats(result.warnings),
            cell_given=query.cell is not None,
            query_string=_query_string(form),
            selection_string=_selection_string(form),
            crimes_words=query.selection.crimes_words,
            selection=query.selection,
            boundaries_url=_boundaries_url(query.selection.force),
        )
    return render(request, "find/emerging.html", context)


def _month_bands(request: HttpRequest, summary: selectors.StoreSummary) -> int:
    """Default number of 28-day time bands: one per month lag the period can hold (a period of
    three months has pairs 0, 1 or 2 months apart), at most 5."""
    if "force" in request.GET:
        start, end = request.GET.get("period_from", ""), request.GET.get("period_to", "")
    else:
        force = summary.forces[0] if summary.forces else ""
        start, end = summary.default_period.get(force, ("", ""))
    try:
        months = len(selectors.months_in((start, end)))
    except (ValueError, PrevhubError):
        return 5
    return max(1, min(5, months))


def near_repeat_view(request: HttpRequest) -> HttpResponse:
    """The Knox test as a heat table, with a caption that says what each band holds."""
    summary = selectors.store_summary()
    defaults = {
        "crime": "type:Burglary",
        "space_band": 100,
        "space_bands": 5,
        "time_band": selectors.MONTH_TIME_BAND,
        "time_bands": _month_bands(request, summary),
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
        knox = selectors.knox_table(result)
        shown = [w for w in result.warnings if not (knox["month_dates"] and w == MONTH_DATES)]
        context.update(
            knox=knox,
            caveats=selectors.caveats(shown),
            crimes_words=query.selection.crimes_words,
            selection=query.selection,
            boundaries_url=_boundaries_url(query.selection.force),
            query=query,
            query_string=_query_string(form, seed=result.seed),
            selection_string=_selection_string(form),
        )
    return render(request, "find/near_repeat.html", context)


def repeats_view(request: HttpRequest) -> HttpResponse:
    """Repeat locations: map points with two or more crimes, with what police.uk cannot tell."""
    summary = selectors.store_summary()
    form = _bound_form(request, RepeatForm, summary, {})
    result = error = page = None
    if summary.error is None and form.is_valid():
        assert isinstance(form, RepeatForm)
        query = form.query()
        try:
            if request.GET.get("format") == "csv":
                full = selectors.repeats(query)
                stem = _file_stem("repeat-locations", query.selection)
                columns = list(selectors.REPEAT_COLUMNS)
                return csv_response(stem, columns, [[r[c] for c in columns] for r in full.rows])
            page = selectors.repeats_page(query)
            result = page["result"]
        except PrevhubError as exc:
            error = str(exc)
    context = _context(
        request, "find:repeats", form=form, error=summary.error or error, result=result
    )
    if page is not None and result is not None:
        context.update(
            map=page["map"],
            figures=page["figures"],
            repeat_limits=selectors.REPEAT_LIMITS,
            top=page["top"],
            caveats=selectors.caveats(result.warnings),
            crimes_words=query.selection.crimes_words,
            selection=query.selection,
            boundaries_url=_boundaries_url(query.selection.force),
            query_string=_query_string(form),
            selection_string=_selection_string(form),
        )
    return render(request, "find/repeats.html", context)
