"""What the problem page shows of a stored assessment: tables, a chart and its caveats.

Reads only the figures stored with the problem (never re-computes them), so the page shows
the assessment exactly as it was computed, with the version of the rules that made it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def _spec(
    description: str, values: list[dict[str, Any]], layers: list[dict[str, Any]], height: int = 220
) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": "container",
        "height": height,
        "data": {"values": values},
        "layer": layers,
    }


def _synth(e: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    parts = e["parts"]
    treated = parts["treated"][0]
    start = parts["start"]
    rows = [
        {"month": m, "observed": o, "synthetic": s, "gap": o - s, "after": m >= start}
        for m, o, s in zip(parts["months"], treated["observed"], treated["synthetic"], strict=True)
    ]
    values = [
        {"month": r["month"], "series": name, "crimes": r[key]}
        for r in rows
        for name, key in (("Problem area", "observed"), ("Synthetic area", "synthetic"))
    ]
    chart = _spec(
        "Crimes per month in the problem area and its synthetic comparison",
        values,
        [
            {
                "mark": {"type": "line", "point": True},
                "encoding": {
                    "x": {"field": "month", "type": "ordinal", "title": "Month"},
                    "y": {"field": "crimes", "type": "quantitative", "title": "Crimes"},
                    "color": {
                        "field": "series",
                        "type": "nominal",
                        "scale": {
                            "domain": ["Problem area", "Synthetic area"],
                            "range": ["#1d70b8", "#505a5f"],
                        },
                        "title": "Series",
                    },
                    "strokeDash": {"field": "series", "type": "nominal", "legend": None},
                },
            },
            {
                "data": {"values": [{"month": start}]},
                "mark": {"type": "rule", "color": "#d4351c"},
                "encoding": {"x": {"field": "month", "type": "ordinal"}},
            },
        ],
    )
    return rows, chart


def _event_study(e: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    rows = e["parts"].get("event_study") or []
    values = [
        {
            "month": r["month"],
            "irr": r["irr"],
            "low": r["ci"][0] if r["ci"] else r["irr"],
            "high": r["ci"][1] if r["ci"] else r["irr"],
        }
        for r in rows
    ]
    chart = (
        _spec(
            "Incidence rate ratio by month relative to the start, with intervals",
            values,
            [
                {
                    "mark": {"type": "rule", "color": "#505a5f"},
                    "encoding": {
                        "x": {"field": "month", "type": "ordinal", "title": "Month"},
                        "y": {
                            "field": "low",
                            "type": "quantitative",
                            "title": "Rate ratio",
                            "scale": {"type": "log"},
                        },
                        "y2": {"field": "high"},
                    },
                },
                {
                    "mark": {"type": "point", "filled": True, "color": "#1d70b8"},
                    "encoding": {
                        "x": {"field": "month", "type": "ordinal"},
                        "y": {"field": "irr", "type": "quantitative"},
                    },
                },
                {
                    "data": {"values": [{"one": 1}]},
                    "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#d4351c"},
                    "encoding": {"y": {"field": "one", "type": "quantitative"}},
                },
            ],
        )
        if rows
        else None
    )
    return rows, chart


def _wdd(a: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    counts = a["inputs"]["counts"]
    names = {
        "treated": "Problem area",
        "control": "Comparison area",
        "displacement": "Displacement buffer",
        "displacement_control": "Buffer's comparison",
    }
    rows = [
        {"area": names[k], "before": v[0], "after": v[1]}
        for k, v in counts.items()
        if k in names and (v[0] or v[1] or k in ("treated", "control"))
    ]
    values = [
        {"area": r["area"], "window": w, "crimes": r[k]}
        for r in rows
        for w, k in (("Before", "before"), ("After", "after"))
    ]
    chart = _spec(
        "Crimes before and after in each area of the weighted displacement difference",
        values,
        [
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "x": {"field": "area", "type": "nominal", "title": "Area", "sort": None},
                    "xOffset": {"field": "window", "sort": ["Before", "After"]},
                    "y": {"field": "crimes", "type": "quantitative", "title": "Crimes"},
                    "color": {
                        "field": "window",
                        "type": "nominal",
                        "scale": {"domain": ["Before", "After"], "range": ["#505a5f", "#1d70b8"]},
                        "title": "Period",
                    },
                },
            }
        ],
    )
    return rows, chart


def assessment_view(figures: dict[str, Any] | None) -> dict[str, Any] | None:
    """The stored assessment prepared for the page: ``None`` for none or the before/after
    method (whose own shape the template shows as before)."""
    if not figures or "evaluation" not in figures:
        return None
    e = figures["evaluation"]
    view: dict[str, Any] = {
        "method": figures["method"],
        "label": figures.get("method_label", e["label"]),
        "evaluation": e,
        "inputs": figures.get("inputs", {}),
        "level": round(100 * (1 - e.get("alpha", 0.05))),
        "version": figures.get("version", e.get("version")),
        "computed_at": dt.datetime.fromisoformat(figures["computed_at"])
        if figures.get("computed_at")
        else None,
        "computed_by": figures.get("computed_by", ""),
        "rows": [],
        "chart": None,
        "kind": "",
    }
    if e["method"] == "wdd":
        view["kind"] = "wdd"
        view["estimates"] = [
            dict(e["parts"][k], name=k.title()) for k in ("local", "displacement", "total")
        ]
        view["rows"], view["chart"] = _wdd(figures)
    elif e["method"] == "synthetic-control":
        view["kind"] = "synth"
        view["rows"], view["chart"] = _synth(e)
        view["treated"] = e["parts"]["treated"][0]
        view["placebos"] = len(e["parts"]["placebo_ratios"])
    elif e["method"].startswith("event-study"):
        view["kind"] = "did"
        view["rows"], view["chart"] = _event_study(e)
    return view
