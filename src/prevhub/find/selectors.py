"""Reads for the Find pages, through prevhub.crime.find (every figure is the library's).

What this module adds is only presentation: colours and one-line labels for the map, legends
with how many cells each colour holds (the map's text alternative), the heat-table shading of
a Knox table, and sensible defaults. The crime store is opened read-only per request, as on
the Measure page, so a page never blocks an ingest for long.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from prevhub.crime import CrimeStore
from prevhub.crime.find import (
    HotspotResult,
    KnoxResult,
    cells_geojson,
    emerging_hot_spots,
    find_hotspots,
    grid_counts,
    make_grid,
    near_repeat_from_store,
    select_points,
)
from prevhub.crime.find.emerging import CATEGORIES, CATEGORY_DEFINITIONS, NO_PATTERN
from prevhub.crime.find.hotspots import COLUMNS
from prevhub.crime.find.nearrepeat import MONTH_DATES_WARNING
from prevhub.crime.periods import month_from_index, month_index, months_in
from prevhub.errors import PrevhubError
from prevhub.paths import crime_store_path

#: Longest period a page will compute (the CLI has no limit).
MAX_MONTHS = 36
#: Most Monte Carlo permutations a page will run (999 is the analysts' convention).
MAX_PERMUTATIONS = 999
#: Most crimes a page will put through the Knox test; more is a job for `prevhub near-repeat`.
MAX_NEAR_REPEAT_EVENTS = 20_000
#: Most cells drawn on a map: more would make the page too heavy to use; downloads have all.
MAX_MAP_FEATURES = 6_000
#: Rows of the "top cells" table.
TOP_ROWS = 25
#: Default length of the window (months ending at the latest month loaded).
DEFAULT_MONTHS = 12

#: Esri's Gi_Bin classes: ColorBrewer RdBu (colour-blind safe), grey for "not significant".
HOTSPOT_CLASSES: tuple[tuple[int, str, str], ...] = (
    (3, "#b2182b", "Hot spot, 99% confidence"),
    (2, "#ef8a62", "Hot spot, 95% confidence"),
    (1, "#fddbc7", "Hot spot, 90% confidence"),
    (0, "#bfc1c3", "Not significant"),
    (-1, "#d1e5f0", "Cold spot, 90% confidence"),
    (-2, "#67a9cf", "Cold spot, 95% confidence"),
    (-3, "#2166ac", "Cold spot, 99% confidence"),
)
CLASS_COLOUR = {k: colour for k, colour, _ in HOTSPOT_CLASSES}
CLASS_LABEL = {k: label for k, _, label in HOTSPOT_CLASSES}
#: Counts and densities: ColorBrewer OrRd, five bins by quantile of the non-zero values.
SEQUENTIAL = ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000")
EMERGING_COLOURS = {
    "new hot spot": "#fdae61",
    "consecutive hot spot": "#f46d43",
    "intensifying hot spot": "#a50026",
    "persistent hot spot": "#d73027",
    "diminishing hot spot": "#fee090",
    "sporadic hot spot": "#f1b6da",
    "oscillating hot spot": "#c51b7d",
    "historical hot spot": "#8c510a",
    "new cold spot": "#abd9e9",
    "consecutive cold spot": "#74add1",
    "intensifying cold spot": "#313695",
    "persistent cold spot": "#4575b4",
    "diminishing cold spot": "#e0f3f8",
    "sporadic cold spot": "#b8e186",
    "oscillating cold spot": "#4d9221",
    "historical cold spot": "#35978f",
    NO_PATTERN: "#bfc1c3",
}
EMERGING_COLUMNS = (
    "cell_id",
    "x",
    "y",
    "category",
    "count",
    "hot_slices",
    "cold_slices",
    "trend_z",
    "trend_p",
)


@dataclass(frozen=True)
class Selection:
    """Which crimes: a force, an inclusive month range, and a crime type or class (or all)."""

    force: str
    period: tuple[str, str]
    crime_type: str | None = None
    crime_class: str | None = None

    def kwargs(self) -> dict[str, Any]:
        return {
            "force": self.force,
            "crime_type": self.crime_type,
            "crime_class": self.crime_class,
        }

    @property
    def crimes(self) -> str:
        if self.crime_type:
            return self.crime_type
        if self.crime_class:
            return self.crime_class.replace("-", " ")
        return "all crime (not anti-social behaviour)"


@dataclass(frozen=True)
class HotspotQuery:
    selection: Selection
    method: str = "gistar"
    area: str = "grid"
    cell: float | None = None
    harm: bool = False


@dataclass(frozen=True)
class EmergingQuery:
    selection: Selection
    cell: float | None = None


@dataclass(frozen=True)
class NearRepeatQuery:
    selection: Selection
    space_band: float = 100.0
    space_bands: int = 5
    time_band: float = 7.0
    time_bands: int = 5
    distance: str = "manhattan"
    permutations: int = 999
    seed: int = 0

    def knox_kwargs(self) -> dict[str, Any]:
        return {
            "space_band": self.space_band,
            "n_space_bands": self.space_bands,
            "time_band": self.time_band,
            "n_time_bands": self.time_bands,
            "distance": self.distance,
            "permutations": self.permutations,
            "seed": self.seed,
        }


@dataclass
class StoreSummary:
    """What the forms need: the forces with street data and a default window for each."""

    forces: list[str] = field(default_factory=list)
    default_period: dict[str, tuple[str, str]] = field(default_factory=dict)
    error: str | None = None


def open_store() -> CrimeStore:
    return CrimeStore(crime_store_path(), read_only=True)


def latest_run(loaded: list[str], longest: int = DEFAULT_MONTHS) -> tuple[str, str]:
    """The unbroken run of loaded months ending at the latest one, at most ``longest`` long:
    a map of months with a gap in them would show the gap as a cold spot."""
    have = set(loaded)
    end = month_index(max(have))
    start = end
    while end - start + 1 < longest and month_from_index(start - 1) in have:
        start -= 1
    return month_from_index(start), month_from_index(end)


def store_summary() -> StoreSummary:
    try:
        store = open_store()
    except PrevhubError as exc:
        return StoreSummary(error=str(exc))
    with store:
        forces = store.forces("street")
        summary = StoreSummary(
            forces=forces,
            default_period={f: latest_run(store.loaded_months(f)) for f in forces},
        )
    if not forces:
        summary.error = "The crime store holds no data.police.uk street data yet."
    return summary


# --- Hot spots -------------------------------------------------------------------------------


def hotspots(query: HotspotQuery) -> HotspotResult:
    """The library's result for the query (the page and both downloads use this one call)."""
    with open_store() as store:
        return find_hotspots(
            store,
            query.selection.period,
            method=query.method,
            area=query.area,
            cell=query.cell,
            harm=query.harm,
            **query.selection.kwargs(),
        )


def hotspot_columns(result: HotspotResult) -> list[str]:
    """The CLI's CSV columns (``prevhub hotspots --format csv``), in its order."""
    columns = list(COLUMNS)
    if result.method == "kde":
        columns.append("density")
    if result.area != "grid":
        columns.insert(1, "area_name")
    return columns


def hotspot_rows(result: HotspotResult) -> list[list[Any]]:
    columns = hotspot_columns(result)
    return [[cell.to_dict().get(c) for c in columns] for cell in result.cells]


def _value_bins(values: np.ndarray) -> list[float]:
    """Upper edges of up to five quantile bins of the non-zero values (distinct, increasing)."""
    positive = values[values > 0]
    if positive.size == 0:
        return [0.0]
    edges = np.unique(np.quantile(positive, [0.2, 0.4, 0.6, 0.8, 1.0]))
    return [float(e) for e in edges]


def _number(value: float) -> str:
    """Whole numbers as such; small densities to two significant figures (not '0.00')."""
    if float(value).is_integer() or value >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}" if value >= 1 else f"{value:.2g}"


def hotspot_map(result: HotspotResult) -> dict[str, Any]:
    """The map layer (features with a colour and a label), its legend and its caption facts.

    Gi* colours each cell by its Esri class; counts and densities by five quantile bins. The
    legend says how many cells (or areas) each colour holds, so it is also the map's summary
    in words.
    """
    unit = "harm days" if result.measure == "harm_days" else "crimes"
    place = "cell" if result.area == "grid" else "area"
    cells = result.cells
    if result.method == "gistar":
        keys = [c.hotspot_class or 0 for c in cells]
        tally = Counter(keys)
        legend = [
            {"colour": colour, "label": label, "cells": tally.get(k, 0)}
            for k, colour, label in HOTSPOT_CLASSES
        ]
        colours = [CLASS_COLOUR[k] for k in keys]
        labels = [
            f"{c.area_name or c.cell_id}: {_number(c.count)} {unit}, {CLASS_LABEL[k].lower()}"
            + ("" if c.z is None else f" (z = {c.z:.2f})")
            for c, k in zip(cells, keys, strict=True)
        ]
    else:
        field_name = "density" if result.method == "kde" else "count"
        values = np.array([getattr(c, field_name) or 0.0 for c in cells], float)
        edges = _value_bins(values)
        index = np.searchsorted(edges, values, side="left").clip(0, len(edges) - 1)
        palette = SEQUENTIAL[-len(edges) :]
        tally = Counter(index.tolist())
        what = "crimes per km²" if result.method == "kde" else unit
        legend = []
        low = 0.0
        for k, edge in enumerate(edges):
            legend.append(
                {
                    "colour": palette[k],
                    "label": f"{_number(low)} to {_number(edge)} {what}",
                    "cells": tally.get(k, 0),
                }
            )
            low = edge
        colours = [palette[k] for k in index]
        labels = [
            f"{c.area_name or c.cell_id}: {_number(c.count)} {unit}"
            + (f", {_number(c.density)} per km²" if c.density is not None else "")
            for c in cells
        ]
    shown = min(len(cells), MAX_MAP_FEATURES)
    geojson = result.to_geojson()
    features = []
    for k, feature in enumerate(geojson["features"][:shown]):
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {"colour": colours[k], "label": labels[k]},
            }
        )
    return {
        "features": {"type": "FeatureCollection", "features": features},
        "legend": legend,
        "shown": shown,
        "total": len(cells),
        "place": place,
    }


# --- Emerging hot spots ----------------------------------------------------------------------


@dataclass
class EmergingResult:
    """Per cell of the study area: category, counts and trend; and the map and summary."""

    selection: Selection
    months: list[str]
    cell: float
    cell_rule: str
    events: int
    rows: list[dict[str, Any]]
    geojson: dict[str, Any]
    warnings: list[str]


def emerging(query: EmergingQuery) -> EmergingResult:
    """Monthly slices of the selection on one grid, then the library's emerging hot spots."""
    selection = query.selection
    with open_store() as store:
        points = select_points(store, selection.period, **selection.kwargs())
    if len(points) == 0:
        raise PrevhubError("no located crimes match this selection")
    months = months_in(selection.period)
    grid = make_grid(points.x, points.y, query.cell)
    cube = np.stack(
        [
            grid_counts(points.x[points.month == m], points.y[points.month == m], grid=grid).values
            for m in months
        ]
    )
    found = emerging_hot_spots(cube, grid.cell)
    flat = np.flatnonzero(found.study_area.ravel())
    ids = grid.cell_ids(flat)
    x0, y0 = grid.corners(flat)
    totals = cube.sum(axis=0).ravel()
    classes = found.slice_classes.reshape(len(months), -1)
    rows = []
    for k, f in enumerate(flat):
        trend_z, trend_p = found.trend_z.ravel()[f], found.trend_p.ravel()[f]
        rows.append(
            {
                "cell_id": ids[k],
                "x": float(x0[k] + grid.cell / 2),
                "y": float(y0[k] + grid.cell / 2),
                "category": str(found.category.ravel()[f]),
                "count": int(totals[f]),
                "hot_slices": int((classes[:, f] > 0).sum()),
                "cold_slices": int((classes[:, f] < 0).sum()),
                "trend_z": None if not np.isfinite(trend_z) else round(float(trend_z), 4),
                "trend_p": None if not np.isfinite(trend_p) else round(float(trend_p), 6),
            }
        )
    geojson = cells_geojson(grid, flat, rows)
    rule = f"{grid.cell:g} m (given)" if query.cell else f"{grid.cell:g} m (chosen from the data)"
    return EmergingResult(
        selection=selection,
        months=months,
        cell=grid.cell,
        cell_rule=rule,
        events=len(points),
        rows=rows,
        geojson=geojson,
        warnings=[*points.warnings, *found.warnings],
    )


def emerging_map(result: EmergingResult) -> dict[str, Any]:
    """Map layer, legend (with the number of cells per category) and the patterned cells."""
    tally = Counter(r["category"] for r in result.rows)
    legend = []
    for category in CATEGORIES:
        kind = category.split(" ")[0]
        definition = CATEGORY_DEFINITIONS.get(kind, "none of the patterns above")
        if "cold" in category:
            definition = definition.replace("hot spot", "cold spot")
        legend.append(
            {
                "colour": EMERGING_COLOURS[category],
                "label": category,
                "definition": definition,
                "cells": tally.get(category, 0),
            }
        )
    order = {c: k for k, c in enumerate(CATEGORIES)}
    ranked = sorted(
        range(len(result.rows)),
        key=lambda k: (order[result.rows[k]["category"]], -result.rows[k]["count"]),
    )
    keep = ranked[:MAX_MAP_FEATURES]
    features = []
    for k in keep:
        row = result.rows[k]
        label = f"{row['cell_id']}: {row['category']}, {row['count']:,} crimes"
        features.append(
            {
                "type": "Feature",
                "geometry": result.geojson["features"][k]["geometry"],
                "properties": {"colour": EMERGING_COLOURS[row["category"]], "label": label},
            }
        )
    patterned = [result.rows[k] for k in ranked if result.rows[k]["category"] != NO_PATTERN]
    return {
        "features": {"type": "FeatureCollection", "features": features},
        "legend": legend,
        "shown": len(keep),
        "total": len(result.rows),
        "patterned": patterned,
    }


# --- Near repeat -----------------------------------------------------------------------------


def near_repeat(query: NearRepeatQuery) -> KnoxResult:
    """The library's Knox test on the selection, refused above the page's size limit."""
    selection = query.selection
    with open_store() as store:
        events = len(select_points(store, selection.period, **selection.kwargs()))
        if events > MAX_NEAR_REPEAT_EVENTS:
            raise PrevhubError(
                f"{events:,} crimes match: the page runs the Knox test on at most "
                f"{MAX_NEAR_REPEAT_EVENTS:,}. Choose a crime type, fewer months, or use "
                "`prevhub near-repeat` on the command line."
            )
        result, _ = near_repeat_from_store(
            store, selection.period, **selection.kwargs(), **query.knox_kwargs()
        )
    return result


#: Knox ratio shading: (lowest ratio, CSS modifier, words for the key).
HEAT_STEPS = (
    (2.0, "4", "twice as many pairs as chance or more"),
    (1.5, "3", "1.5 to 2 times"),
    (1.25, "2", "1.25 to 1.5 times"),
    (1.1, "1", "1.1 to 1.25 times"),
    (0.9, "even", "about as many as chance (0.9 to 1.1)"),
    (0.0, "below", "fewer than chance (under 0.9)"),
)


def _heat(ratio: float | None) -> str:
    if ratio is None:
        return "none"
    return next(modifier for low, modifier, _ in HEAT_STEPS if ratio >= low)


def knox_table(result: KnoxResult, alpha: float = 0.05) -> dict[str, Any]:
    """The Knox result as rows of cells with their shading, significance and words."""
    data = result.to_dict()
    significant = result.significant(alpha)
    rows = []
    for r, band in enumerate(data["space_bands"]):
        cells = []
        for c in range(len(data["time_bands"])):
            ratio = data["knox_ratio"][r][c]
            cells.append(
                {
                    "observed": data["observed"][r][c],
                    "expected": data["expected"][r][c],
                    "ratio": ratio,
                    "p_value": data["p_value"][r][c],
                    "significant": bool(significant[r, c]),
                    "heat": _heat(ratio),
                }
            )
        rows.append({"band": band, "cells": cells})
    month_dates = MONTH_DATES_WARNING in result.warnings
    return {
        "data": data,
        "rows": rows,
        "alpha": alpha,
        "significant_cells": int(significant.sum()),
        "month_dates": month_dates,
        "heat_key": [{"modifier": m, "words": w} for _, m, w in HEAT_STEPS],
        "reach": data["space_bands"][-1]["hi"],
        "space_example": _space_example(result),
        "time_example": _time_example(result),
    }


def _space_example(result: KnoxResult) -> str:
    """Words for what the distance bands hold, taken from the bands actually used."""
    bands = result.space_bands
    first = bands[1]
    text = f'"{first.label}" holds pairs closer than {first.hi:g} m but not at the same point'
    if len(bands) > 2:
        text += f'; a pair exactly {bands[2].lo:g} m apart is in "{bands[2].label}"'
    return text + "."


def _time_example(result: KnoxResult) -> str:
    """Words for what the time bands hold (whole days: both ends of the label included)."""
    band = result.time_bands[1] if len(result.time_bands) > 1 else result.time_bands[0]
    return (
        f'"{band.label}" holds pairs at least {band.lo:g} and less than {band.hi:g} days apart'
        f" (a pair exactly {band.hi:g} days apart is in the next column)."
    )
