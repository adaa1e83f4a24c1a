"""The report's charts as Vega-Lite specifications: drawn in the browser by the vendored
Vega-Lite (dashboard and Reports page) and compiled to static SVG for the PDF by vl-convert
(the Vega project's own converter), so the page and the PDF draw the same chart."""

from __future__ import annotations

from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
WINDOW_COLOURS = {"domain": ["Baseline", "Period"], "range": ["#505a5f", "#1d70b8"]}


def month_table(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chart's figures as a table a reader can scan: one line per month of the year, the
    baseline's month beside the period's, and the change."""
    baseline = [r for r in rows if r["window"] == "Baseline"]
    period = [r for r in rows if r["window"] == "Period"]
    lines = []
    for before, now in zip(baseline, period, strict=False):
        lines.append(
            {
                "baseline_month": before["month"],
                "baseline": before["count"],
                "month": now["month"],
                "count": now["count"],
                "change": now["count"] - before["count"],
            }
        )
    return lines


def monthly_spec(rows: list[dict[str, Any]], title: str, *, width: Any = "container") -> dict:
    """Crimes per month of the year, the period's line beside the baseline's."""
    values = [
        {**r, "month_of_year": r["month"][5:7], "label": r["month"]} for r in rows if r["count"]
    ]
    return {
        "$schema": SCHEMA,
        "description": title,
        "width": width,
        "height": 220,
        "data": {"values": values},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "month_of_year", "type": "ordinal", "title": "Month of the year"},
            "y": {
                "field": "count",
                "type": "quantitative",
                "title": "Crimes",
                "scale": {"zero": False},
            },
            "color": {
                "field": "window",
                "type": "nominal",
                "scale": WINDOW_COLOURS,
                "title": "Months",
            },
        },
    }


def control_spec(chart: dict[str, Any], title: str, *, width: Any = "container") -> dict:
    """A control chart: the months' counts, the centre line and 3-sigma limits set by the
    baseline months, months a run rule flags in red."""
    values = [
        {
            "month": p["month"],
            "count": p["count"],
            "centre": p["centre"],
            "lcl": p["lcl"],
            "ucl": p["ucl"],
            "signal": "Flagged" if p["rules"] else "Within limits",
        }
        for p in chart["points"]
    ]
    x = {"field": "month", "type": "ordinal", "title": "Month"}
    return {
        "$schema": SCHEMA,
        "description": title,
        "width": width,
        "height": 220,
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "area", "opacity": 0.15, "color": "#1d70b8"},
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "lcl",
                        "type": "quantitative",
                        "title": "Crimes",
                        "scale": {"zero": False},
                    },
                    "y2": {"field": "ucl"},
                },
            },
            {
                "mark": {"type": "rule", "color": "#505a5f", "strokeDash": [4, 3]},
                "encoding": {"y": {"aggregate": "mean", "field": "centre"}},
            },
            {
                "mark": {"type": "line", "color": "#0b0c0c"},
                "encoding": {"x": x, "y": {"field": "count", "type": "quantitative"}},
            },
            {
                "mark": {"type": "point", "filled": True, "size": 50},
                "encoding": {
                    "x": x,
                    "y": {"field": "count", "type": "quantitative"},
                    "color": {
                        "field": "signal",
                        "type": "nominal",
                        "scale": {
                            "domain": ["Within limits", "Flagged"],
                            "range": ["#0b0c0c", "#d4351c"],
                        },
                        "title": None,
                    },
                },
            },
        ],
    }


def hotspot_map_spec(force: str, hot: set[str], *, width: Any = 480) -> dict | None:
    """The force's LSOAs, the hot spots filled: a static map (no tiles) for page and PDF."""
    from shapely.geometry import mapping

    from prevhub.crime.geography import force_boundaries

    boundaries = force_boundaries(force)
    if boundaries is None:
        return None
    features = [
        {
            "type": "Feature",
            "geometry": mapping(shape.simplify(0.0008, preserve_topology=True)),
            "properties": {"lsoa": code, "hot": "Hot spot" if code in hot else "Other"},
        }
        for code, shape in zip(boundaries.lsoa_code, boundaries.lsoa_shapes, strict=True)
    ]
    return {
        "$schema": SCHEMA,
        "description": "Victim-based crime hot spots (Gi*, LSOAs)",
        "width": width,
        "height": 420,
        "data": {
            "values": {"type": "FeatureCollection", "features": features},
            "format": {"type": "json", "property": "features"},
        },
        "projection": {"type": "mercator"},
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.3},
        "encoding": {
            "color": {
                "field": "properties.hot",
                "type": "nominal",
                "scale": {"domain": ["Hot spot", "Other"], "range": ["#d4351c", "#b1b4b6"]},
                "title": None,
            }
        },
    }


def to_svg(spec: dict) -> str:
    """A static SVG of the chart (for the PDF and the printable HTML)."""
    import vl_convert as vlc

    fixed = dict(spec)
    if fixed.get("width") == "container":
        fixed["width"] = 560
    return str(vlc.vegalite_to_svg(fixed))
