"""Reads for the Measure page, through the crime library (never re-implemented here).

The crime store is opened read-only for each request: DuckDB allows many readers or one
writer, so a page never blocks an ingest for long, and an ingest in progress shows as 'busy'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from prevhub.crime import CrimeStore, freshness, headline, measure, monthly_counts
from prevhub.crime.periods import (
    LAST_YEAR,
    PREVIOUS,
    month_from_index,
    month_index,
    months_in,
    resolve_baseline,
)
from prevhub.errors import PrevhubError
from prevhub.paths import crime_store_path

TABLES = (("class", "By class"), ("group", "By offence group"), ("district", "By district"))
BASELINES = (
    (PREVIOUS, "The months just before"),
    (LAST_YEAR, "The same months a year earlier"),
)


@dataclass
class MeasureQuery:
    """What the analyst asked for (or the page's sensible default)."""

    force: str
    period: tuple[str, str]
    baseline: str = PREVIOUS
    allow_incomplete: bool = False


@dataclass
class MeasurePage:
    query: MeasureQuery | None
    forces: list[str]
    freshness: list[dict[str, Any]]
    headline: dict[str, Any] | None = None
    tables: list[dict[str, Any]] = field(default_factory=list)
    trend: list[dict[str, Any]] = field(default_factory=list)
    baseline_period: tuple[str, str] | None = None
    error: str | None = None


def open_store() -> CrimeStore:
    return CrimeStore(crime_store_path(), read_only=True)


def default_query(store: CrimeStore, force: str) -> MeasureQuery:
    """The longest window (12, 6, 3 or 1 months, ending at the latest month loaded) whose
    baseline is fully loaded: the previous months if possible, else the same months last year."""
    loaded = set(store.loaded_months(force))
    latest = max(loaded)
    for length in (12, 6, 3, 1):
        period = (month_from_index(month_index(latest) - length + 1), latest)
        for baseline in ("previous", "last-year"):
            needed = set(months_in(period)) | set(months_in(resolve_baseline(period, baseline)))
            if needed <= loaded:
                return MeasureQuery(force=force, period=period, baseline=baseline)
    return MeasureQuery(force=force, period=(latest, latest), allow_incomplete=True)


def measure_page(query: MeasureQuery | None, force: str | None = None) -> MeasurePage:
    """Everything the Measure page shows, or a plain error the analyst can act on."""
    try:
        store = open_store()
    except PrevhubError as exc:
        return MeasurePage(query=None, forces=[], freshness=[], error=str(exc))
    with store:
        forces = store.forces("street")
        page = MeasurePage(query=query, forces=forces, freshness=freshness(store))
        if not forces:
            page.error = "The crime store holds no data.police.uk street data yet."
            return page
        if query is None:
            query = default_query(store, force if force in forces else forces[0])
            page.query = query
        try:
            base = resolve_baseline(query.period, query.baseline)
            page.baseline_period = base
            options = {"force": query.force, "allow_incomplete": query.allow_incomplete}
            page.headline = headline(
                store,
                query.period,
                query.force,
                baseline=query.baseline,
                allow_incomplete=query.allow_incomplete,
            ).to_dict()
            for by, title in TABLES:
                result = measure(store, query.period, query.baseline, by=by, **options).to_dict()
                page.tables.append({"by": by, "title": title, **result})
            start = min(base[0], query.period[0])
            page.trend = monthly_counts(store, query.force, (start, query.period[1]))
        except PrevhubError as exc:
            page.error = str(exc)
    return page


def measure_table(query: MeasureQuery, by: str) -> dict[str, Any]:
    """One table (for CSV/XLSX export)."""
    with open_store() as store:
        return measure(
            store,
            query.period,
            query.baseline,
            by=by,
            force=query.force,
            allow_incomplete=query.allow_incomplete,
        ).to_dict()


def trend_spec(page: MeasurePage) -> dict[str, Any] | None:
    """A Vega-Lite line chart of monthly counts by class, the two periods shaded."""
    if not page.trend or page.query is None or page.baseline_period is None:
        return None
    shading = [
        {"label": "Baseline", "from": page.baseline_period[0], "to": page.baseline_period[1]},
        {"label": "Period", "from": page.query.period[0], "to": page.query.period[1]},
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": "Recorded crimes per month by class, baseline and period shaded.",
        "width": "container",
        "height": 260,
        "layer": [
            {
                "data": {"values": shading},
                "mark": {"type": "rect", "opacity": 0.12},
                "encoding": {
                    "x": {"field": "from", "type": "temporal", "timeUnit": "yearmonth"},
                    "x2": {"field": "to"},
                    "color": {
                        "field": "label",
                        "type": "nominal",
                        "scale": {"range": ["#505a5f", "#1d70b8"]},
                        "title": "Window",
                    },
                },
            },
            {
                "data": {"values": page.trend},
                "mark": {"type": "line", "point": True},
                "encoding": {
                    "x": {
                        "field": "month",
                        "type": "temporal",
                        "timeUnit": "yearmonth",
                        "title": "Month",
                    },
                    "y": {"field": "count", "type": "quantitative", "title": "Crimes recorded"},
                    "strokeDash": {"field": "class", "type": "nominal", "title": "Class"},
                },
            },
        ],
    }
