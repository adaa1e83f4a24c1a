"""The "where the hours went" page: reads its parameters, gathers the hours (specials' worked
duties and, when the youth app is installed, cadets' volunteering), and asks the crime library
(:func:`prevhub.crime.find.deployment.hours_beside_crime`) to set them beside the crime change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import apps

from prevhub.crime.find.deployment import (
    ASSOCIATION_NOT_EVALUATION,
    DEFAULT_CELL,
    DEFAULT_TOP,
    HoursPlace,
    hours_beside_crime,
)
from prevhub.crime.periods import PeriodError, parse_period
from prevhub.errors import PrevhubError
from prevhub.specials import charts, selectors

CELL_SIZES = (100, 250, 500, 1000)


def gather_places(*, start: dt.date, end: dt.date) -> list[HoursPlace]:
    """Specials' worked hours, plus cadet volunteering hours when the youth app is installed."""
    places = [
        HoursPlace(
            hours=r["hours"],
            on=r["on"],
            longitude=r["lon"],
            latitude=r["lat"],
            lsoa_code=r["lsoa"],
            source="specials",
        )
        for r in selectors.hours_places(start=start, end=end)
    ]
    if apps.is_installed("prevhub.youth"):
        from prevhub.youth.selectors import volunteering_hours_for_map  # type: ignore[import-not-found]

        rows: Iterable[Mapping[str, Any]] = volunteering_hours_for_map(start=start, end=end)
        places.extend(
            HoursPlace(
                hours=float(r["hours"]),
                on=r["on"],
                longitude=r["lon"],
                latitude=r["lat"],
                source="cadets",
            )
            for r in rows
        )
    return places


def _default_period(summary: Any, force: str) -> tuple[str, str]:
    from prevhub.find.selectors import latest_run

    loaded = summary.loaded.get(force) or []
    return latest_run(loaded, 3) if loaded else ("", "")


def page_context(params: Mapping[str, str]) -> dict[str, Any]:
    from prevhub.find.selectors import open_store, store_summary

    summary = store_summary()
    context: dict[str, Any] = {
        "caveat": ASSOCIATION_NOT_EVALUATION,
        "cell_sizes": CELL_SIZES,
        "result": None,
        "errors": [],
    }
    if summary.error:
        context["store_error"] = summary.error
        return context
    force = params.get("force") or (summary.forces[0] if summary.forces else "")
    context["forces"] = summary.forces
    context["force"] = force
    period_text = params.get("period") or ":".join(_default_period(summary, force))
    context["period"] = period_text
    errors: list[str] = []
    try:
        cell = float(params.get("cell") or DEFAULT_CELL)
        if int(cell) not in CELL_SIZES:
            raise ValueError
    except ValueError:
        errors.append(f"Cell size: choose one of {', '.join(map(str, CELL_SIZES))} metres")
        cell = DEFAULT_CELL
    try:
        top = int(params.get("top") or DEFAULT_TOP)
        if not 1 <= top <= 200:
            raise ValueError
    except ValueError:
        errors.append("Top hot spots: a whole number from 1 to 200")
        top = DEFAULT_TOP
    context.update(cell=int(cell), top=top)
    try:
        start, end = parse_period(period_text)
    except PeriodError as exc:
        errors.append(f"Period: {exc}")
    if force not in summary.forces:
        errors.append(f"Force: {force!r} has no street data in the crime store")
    if errors:
        context["errors"] = errors
        return context
    first = dt.date(int(start[:4]), int(start[5:]), 1)
    last = selectors.month_end(end)
    places = gather_places(start=first, end=last)
    try:
        with open_store() as store:
            result = hours_beside_crime(
                store, places, (start, end), force=force, cell=cell, top=top
            )
    except PrevhubError as exc:
        context["errors"] = [str(exc)]
        return context
    context["result"] = result
    context["chart"] = charts.hours_beside_crime_chart(result)
    context["cells"] = result.cells[:50]
    context["youth"] = apps.is_installed("prevhub.youth")
    return context
