"""Vega-Lite specifications of the register's pages (the table beside each is its text)."""

from __future__ import annotations

from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def hours_chart(m: Any) -> dict[str, Any] | None:
    """Hours worked per month (bars) and the share of officers meeting the minimum (a second
    panel, so neither hides the other and nothing rests on colour)."""
    if not m.monthly:
        return None
    values = [
        {
            "month": f"{r['month']}-01",
            "hours": r["hours"],
            "meeting": None if r["meeting_share"] is None else round(100 * r["meeting_share"], 1),
        }
        for r in m.monthly
    ]
    x = {
        "field": "month",
        "type": "temporal",
        "timeUnit": "yearmonth",
        "title": None,
        "axis": {"format": "%b %Y", "labelAngle": -40, "tickCount": "month"},
    }
    return {
        "$schema": SCHEMA,
        "description": "Worked hours per month, and the share of officers meeting the minimum.",
        "data": {"values": values},
        "vconcat": [
            {
                "width": 560,
                "height": 160,
                "title": "Hours worked",
                "mark": {"type": "bar", "color": "#1d70b8"},
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "hours",
                        "type": "quantitative",
                        "title": "Hours",
                        "axis": {"format": ",d"},
                    },
                },
            },
            {
                "width": 560,
                "height": 120,
                "title": "Officers meeting the minimum (%)",
                "mark": {"type": "line", "point": {"filled": True}, "color": "#0b0c0c"},
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "meeting",
                        "type": "quantitative",
                        "title": "%",
                        "scale": {"domain": [0, 100]},
                    },
                },
            },
        ],
    }


def hours_beside_crime_chart(result: Any) -> dict[str, Any] | None:
    """Share of hours and crime change (rate ratio with its 95% interval) for the two pairs of
    groups, one row per group."""
    if result is None:
        return None
    values = []
    for g in result.groups:
        lo, hi = g.test.ci95 if g.test.ci95 else (None, None)
        values.append(
            {
                "group": g.name,
                "hours": round(g.hours, 1),
                "ratio": g.test.rate_ratio,
                "low": lo if lo is not None and lo == lo else None,
                "high": hi if hi is not None and hi != float("inf") else None,
            }
        )
    order = [g.name for g in result.groups]
    y = {"field": "group", "type": "nominal", "sort": order, "title": None}
    return {
        "$schema": SCHEMA,
        "description": "Hours and the change in victim-based crime, per group of cells.",
        "data": {"values": values},
        "hconcat": [
            {
                "width": 220,
                "height": 140,
                "title": "Hours worked",
                "mark": {"type": "bar", "color": "#1d70b8"},
                "encoding": {
                    "y": y,
                    "x": {"field": "hours", "type": "quantitative", "title": "Hours"},
                },
            },
            {
                "width": 260,
                "height": 140,
                "title": "Crime rate ratio, period / baseline",
                "layer": [
                    {
                        "mark": {"type": "rule", "color": "#505a5f"},
                        "encoding": {
                            "y": y,
                            "x": {
                                "field": "low",
                                "type": "quantitative",
                                "title": "Rate ratio (95% interval)",
                            },
                            "x2": {"field": "high"},
                        },
                    },
                    {
                        "mark": {"type": "point", "filled": True, "size": 70, "color": "#0b0c0c"},
                        "encoding": {"y": y, "x": {"field": "ratio", "type": "quantitative"}},
                    },
                    {
                        "data": {"values": [{"one": 1}]},
                        "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#d4351c"},
                        "encoding": {"x": {"field": "one", "type": "quantitative"}},
                    },
                ],
            },
        ],
    }
