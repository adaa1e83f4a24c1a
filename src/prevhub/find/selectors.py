"""Reads for the Find pages, through prevhub.crime.find (every figure is the library's).

What this module adds is only presentation: colours and one-line labels for the map, legends
with how many cells each colour holds (the map's text alternative), the heat-table shading of
a Knox table, the library's caveats in an analyst's words, and defaults that fit the data.

Every figure depends only on the crime store and the question, and the store changes only at
ingest, so each read is cached per version of the store (``prevhub.core.cache.cached_on_store``):
the second request for the same question does not open the store at all. When the store is
opened it is read-only, as on the Measure page, so a page never blocks an ingest for long.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from django.utils.html import json_script

from prevhub.core.cache import cached_on_store
from prevhub.core.formatting import number
from prevhub.crime import CrimeStore, classification
from prevhub.crime.find import (
    HotspotResult,
    KnoxResult,
    find_hotspots,
    map_point_keys,
    near_repeat_from_store,
    repeat_summary,
    select_points,
)
from prevhub.crime.find.emerging import (
    CATEGORIES,
    CATEGORY_DEFINITIONS,
    NO_PATTERN,
    EmergingResult,
    find_emerging,
)
from prevhub.crime.find.grid import AUTO_CELL_RULE
from prevhub.crime.find.hotspots import COLUMNS
from prevhub.crime.find.kde import SILVERMAN_SPATIAL
from prevhub.crime.find.nearrepeat import MONTH_DATES_WARNING
from prevhub.crime.find.points import POLICE_UK_SNAPPING_WARNING
from prevhub.crime.geography import force_boundaries
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
#: Default window for emerging hot spots: up to two years of monthly slices. Esri's tool asks
#: for at least 10 time steps, and the Mann-Kendall test on n slices cannot reach p < 0.05 at
#: all below n = 5 (docs/find.md); 24 months see every calendar month twice, so one seasonal
#: peak is not read as a trend.
EMERGING_MONTHS = 24
#: Fewest monthly slices for which Esri's categories mean much (Esri's own minimum).
EMERGING_ENOUGH = 10
#: Default near-repeat time band: 28 days. police.uk dates every crime to the 1st of its month,
#: so every gap is 0 (same month), 28 to 31 (next month), 59 to 62 (two months) ...; 28-day
#: bands put each month lag in a band of its own (up to ten months apart), where 7-day bands
#: leave three columns in four with no pairs at all.
MONTH_TIME_BAND = 28

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

    @property
    def crimes_words(self) -> str:
        """Which crimes, as the page's form names them ("Victim-based crime")."""
        if self.crime_type:
            return self.crime_type
        if self.crime_class:
            return CLASS_WORDS.get(self.crime_class, self.crime_class.replace("-", " "))
        return "all crime except anti-social behaviour"

    @property
    def force_name(self) -> str:
        return force_name(self.force)

    @property
    def period_words(self) -> str:
        start, end = self.period
        if start == end:
            return month_words(start)
        return f"{month_words(start)} to {month_words(end)}"


CLASS_WORDS = {
    classification.VICTIM_BASED: "Victim-based crime",
    classification.OTHER_CRIMES_AGAINST_SOCIETY: "Other crimes against society",
}


def force_name(force: str) -> str:
    """A police.uk force id as the force is called ("Nottinghamshire Police")."""
    return classification.forces().get(force, force.replace("-", " ").title())


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
    """What the forms need: the forces with street data, the months loaded for each (to refuse
    a period with a gap), and a default window for each page."""

    forces: list[str] = field(default_factory=list)
    default_period: dict[str, tuple[str, str]] = field(default_factory=dict)
    emerging_period: dict[str, tuple[str, str]] = field(default_factory=dict)
    loaded: dict[str, list[str]] = field(default_factory=dict)
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


def missing_months(summary: StoreSummary, force: str, period: tuple[str, str]) -> list[str]:
    """The months of ``period`` the store holds no street file for (for ``force``)."""
    have = set(summary.loaded.get(force, ()))
    return [m for m in months_in(period) if m not in have]


def month_words(month: str) -> str:
    """``2024-01`` as a person writes it: January 2024."""
    year, number_ = month.split("-")
    return f"{_MONTH_NAMES[int(number_) - 1]} {year}"


_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def month_runs_words(months: list[str]) -> str:
    """Months in words, runs joined: "April 2023 to December 2023 (9 months), February 2024"."""
    runs: list[list[str]] = []
    for month in sorted(months):
        if runs and month_index(month) == month_index(runs[-1][-1]) + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    parts = []
    for run in runs:
        if len(run) == 1:
            parts.append(month_words(run[0]))
        else:
            parts.append(f"{month_words(run[0])} to {month_words(run[-1])} ({len(run)} months)")
    return ", ".join(parts)


def _read_summary() -> StoreSummary:
    try:
        store = open_store()
    except PrevhubError as exc:
        return StoreSummary(error=str(exc))
    with store:
        forces = store.forces("street")
        loaded = {f: sorted(store.loaded_months(f)) for f in forces}
    summary = StoreSummary(
        forces=forces,
        default_period={f: latest_run(loaded[f]) for f in forces if loaded[f]},
        emerging_period={f: latest_run(loaded[f], EMERGING_MONTHS) for f in forces if loaded[f]},
        loaded=loaded,
    )
    if not forces:
        summary.error = "The crime store holds no data.police.uk street data yet."
    return summary


def store_summary() -> StoreSummary:
    """The forces and months loaded (cached per version of the store, like every figure)."""
    return cached_on_store("find:summary", None, _read_summary)


def _cached(namespace: str, query: Any, compute: Callable[[], Any], *extra: Any) -> Any:
    """One cached read per question and store version (queries are frozen dataclasses);
    `extra` adds what else the value depends on (the version of the force's boundaries)."""
    return cached_on_store(f"find:{namespace}", [asdict(query), *extra], compute)


def boundaries_version(force: str) -> list[Any]:
    """Which boundaries the force has now: none, the packaged ones, or an installed file by
    its size and time (re-loading a force's boundaries keeps the file's path)."""
    boundaries = force_boundaries(force)
    if boundaries is None:
        return []
    source = Path(boundaries.source)
    if not source.is_file():
        return [boundaries.source]
    stat = source.stat()
    return [boundaries.source, stat.st_size, stat.st_mtime_ns]


#: The library's caveats, in an analyst's words (the library speaks to the command line).
_CAVEAT_WORDS = {
    POLICE_UK_SNAPPING_WARNING: (
        "Locations are approximate. data.police.uk moves every crime to an anonymous map point "
        "(the middle of a street or a nearby public place) and dates it only to its month. "
        'Small squares, and repeats at "the same point", partly show where the map points '
        "are rather than where crimes happened: read the map at LSOA level or coarser."
    ),
    MONTH_DATES_WARNING: (
        "data.police.uk gives only the month of each crime, so gaps shorter than a month cannot "
        'be seen: every pair in the same month is "0 days apart". Near repeats over days '
        "need force data with recorded dates."
    ),
}


_FEW_SLICES = re.compile(r"^only (\d+) time slices")


def caveats(warnings: list[str]) -> list[str]:
    """The warnings a page prints, each once, in words for a reader of the page."""
    out: list[str] = []
    for warning in warnings:
        text = _CAVEAT_WORDS.get(warning)
        slices = _FEW_SLICES.match(warning)
        if slices:
            n = int(slices.group(1))
            text = (
                f'Only {n} monthly slices. Esri\'s categories rest on "90 % of the months" '
                f"and on a trend test, and with fewer than {EMERGING_ENOUGH} months neither "
                "means much: read the map as a rough sketch, or choose more months (loading "
                "them first if the store lacks them)."
            )
        if text is None:
            text = warning[:1].upper() + warning[1:]
            if not text.endswith("."):
                text += "."
        if text not in out:
            out.append(text)
    return out


# --- Hot spots -------------------------------------------------------------------------------


def hotspots(query: HotspotQuery) -> HotspotResult:
    """The library's result for the query (the page and both downloads use this one call)."""

    def compute() -> HotspotResult:
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

    return _cached("hotspots", query, compute)


def _page_map(page_map: dict[str, Any], script_id: str) -> dict[str, Any]:
    """The map with its features already written as the page's JSON data block.

    Written once, when the page is cached: re-encoding thousands of features on every request
    was most of a warm page's time."""
    features = page_map.pop("features")
    return {**page_map, "features_script": json_script(features, script_id)}


def hotspot_page(query: HotspotQuery) -> dict[str, Any]:
    """What the page shows: the result without its cells (the downloads read those), the map,
    the first rows named by place, and the settings in words. Cached, so a warm page neither
    opens the store nor unpickles every cell."""

    def compute() -> dict[str, Any]:
        result = hotspots(query)
        cells = result.cells[:TOP_ROWS]
        # The library names every row (LSOA, ward, district at its centre); areas are named
        # already, so only grid squares are looked up.
        named = _place_dicts(result.places()) if result.area == "grid" else []
        places = (named or [None] * len(result.cells))[:TOP_ROWS]
        return {
            "result": replace(result, cells=[], grid=None),
            "map": _page_map(hotspot_map(result, named), "hotspot-map-features"),
            "top": [
                {
                    **c.to_dict(),
                    "class_label": "" if c.hotspot_class is None else CLASS_LABEL[c.hotspot_class],
                    "place": place,
                    "name": place["label"] if place else (c.area_name or c.cell_id),
                    "district": _district_of(result, c, place),
                    "is_hot": (c.hotspot_class or 0) > 0,
                }
                for c, place in zip(cells, places, strict=True)
            ],
            "settings": hotspot_settings(result),
        }

    return _cached("hotspot-page", query, compute, boundaries_version(query.selection.force))


def _district_of(result: HotspotResult, cell: Any, place: dict[str, str] | None) -> str:
    """The district a hot spot lies in (for "open a problem here"), where it is known."""
    if result.area == "district":
        return str(cell.area_name or cell.cell_id)
    if result.area == "lsoa" and cell.area_name:
        return str(cell.area_name).rsplit(" ", 1)[0]
    return place["district"] if place else ""


#: The library's rules for choosing a size, in words (a given size reads "as asked for").
_RULE_WORDS = {
    AUTO_CELL_RULE: (
        "chosen from the data: about 5 crimes per square over the area mapped, at least 10 "
        "squares along its longer side and at least 50 m, rounded to a round number of metres"
    ),
    SILVERMAN_SPATIAL: "chosen from the data by Silverman's rule for two dimensions",
    "given": "as asked for",
}


METHOD_WORDS = {
    "gistar": "Getis-Ord Gi* hot spots",
    "kde": "Kernel density",
    "count": "Counts",
}
AREA_WORDS = {"grid": "grid squares", "lsoa": "LSOAs", "district": "districts"}


def hotspot_settings(result: HotspotResult) -> list[tuple[str, str]]:
    """How the figures were worked out, as (what, how) pairs an analyst can read.

    The library's settings are for the command line and the JSON; this says the same things
    in words and units (metres, crimes per km²), leaving out what only a programmer needs."""
    s = result.settings
    rows = [("Method", f"{METHOD_WORDS[result.method]} on {AREA_WORDS[result.area]}")]
    if result.measure == "harm_days":
        rows.append(("Counted", "Crime Harm Index days (each crime weighted by its harm)"))
    else:
        rows.append(("Counted", "Crimes"))
    if "cell" in s:
        rule = str(s.get("cell_rule", ""))
        rule = "given" if "(given" in rule else rule
        rows.append(("Square size", f"{number(s['cell'])} m ({_RULE_WORDS.get(rule, rule)})"))
    if "bandwidth" in s:
        rule = str(s.get("bandwidth_rule", ""))
        rows.append(("Bandwidth", f"{number(s['bandwidth'], 0)} m ({_RULE_WORDS.get(rule, rule)})"))
        rows.append(("Kernel", str(s.get("kernel", "")).capitalize()))
        rows.append(("Density", "crimes per km² (per square kilometre)"))
    if result.method == "gistar":
        if s.get("distance") is not None:
            rule = s.get("distance_rule")
            rows.append(
                (
                    "Neighbour distance",
                    f"{number(s['distance'], 0)} m" + (f" ({rule})" if rule else ""),
                )
            )
        if s.get("neighbours"):
            rows.append(("Neighbours", str(s["neighbours"]).capitalize()))
        if s.get("study_area"):
            rows.append(("Study area", str(s["study_area"]).capitalize()))
        rows.append(
            (
                "Significance",
                "False-discovery-rate control (Benjamini–Hochberg q-values), as in ArcGIS's "
                "Optimized Hot Spot Analysis"
                if s.get("fdr", True)
                else "Each square's own p-value (no correction for testing many squares)",
            )
        )
    return rows


#: Place names ``prevhub hotspots`` adds to grid rows when the force's boundaries are known.
PLACE_COLUMNS = ("lsoa_code", "lsoa_name", "ward_name", "district")


def hotspot_download(result: HotspotResult) -> tuple[list[str], list[dict[str, Any]]]:
    """The CLI's columns and rows (``prevhub hotspots --format csv|geojson``), in its order:
    grid squares named by the LSOA, ward and district at their centre when the force has
    boundaries."""
    columns = list(COLUMNS)
    if result.method == "kde":
        columns.append("density")
    if result.area != "grid":
        columns.insert(1, "area_name")
    rows = [c.to_dict() for c in result.cells]
    if result.area == "grid":
        places = result.places()
        if any(p is not None for p in places):
            columns.extend(PLACE_COLUMNS)
            for row, place in zip(rows, places, strict=True):
                row.update({k: None if place is None else getattr(place, k) for k in PLACE_COLUMNS})
    return columns, rows


def hotspot_geojson(result: HotspotResult) -> dict[str, Any]:
    """The GeoJSON download: the library's shapes with the download's rows as properties."""
    collection = result.to_geojson()
    _, rows = hotspot_download(result)
    for feature, row in zip(collection["features"], rows, strict=True):
        feature["properties"] = row
    return collection


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


def hotspot_map(
    result: HotspotResult, places: list[dict[str, str] | None] | None = None
) -> dict[str, Any]:
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
    if places:
        labels = [
            label if place is None else f"{label}. {place['label']}, {place['district']}"
            for label, place in zip(labels[:shown], places[:shown], strict=True)
        ]
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


def emerging(query: EmergingQuery) -> EmergingResult:
    """Monthly slices of the selection on one grid, then the library's emerging hot spots."""
    return _cached("emerging", query, lambda: _emerging(query))


def emerging_page(query: EmergingQuery) -> dict[str, Any]:
    """The result without its rows, the map layer and key, and the first patterned cells named
    by place (cached: a warm page reads only what it shows)."""

    def compute() -> dict[str, Any]:
        result = emerging(query)
        page = emerging_map(result)
        patterned = page.pop("patterned")
        rows = patterned[: TOP_ROWS * 2]
        places = place_names(query.selection.force, [r["x"] for r in rows], [r["y"] for r in rows])
        return {
            "result": replace(result, cells=[], flat=np.empty(0, np.int64)),
            "map": {
                **_page_map(page, "emerging-map-features"),
                "patterned_count": len(patterned),
            },
            "patterned": [{**row, "place": place} for row, place in zip(rows, places, strict=True)],
        }

    return _cached("emerging-page", query, compute, boundaries_version(query.selection.force))


def _emerging(query: EmergingQuery) -> EmergingResult:
    """The library's pipeline (``prevhub emerging`` gives the same rows): monthly slices on one
    grid. The form has refused months missing from the store already; the library refuses
    them again, so a hand-made link cannot map a gap."""
    selection = query.selection
    with open_store() as store:
        return find_emerging(store, selection.period, cell=query.cell, **selection.kwargs())


def emerging_map(result: EmergingResult) -> dict[str, Any]:
    """Map layer, legend (with the number of cells per category) and the patterned cells."""
    rows = result.rows  # the library builds these on each access: once here
    tally = Counter(r["category"] for r in rows)
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
        range(len(rows)),
        key=lambda k: (order[rows[k]["category"]], -rows[k]["count"]),
    )
    keep = ranked[:MAX_MAP_FEATURES]
    geojson = result.geojson
    features = []
    for k in keep:
        row = rows[k]
        label = f"{row['cell_id']}: {row['category']}, {row['count']:,} crimes"
        features.append(
            {
                "type": "Feature",
                "geometry": geojson["features"][k]["geometry"],
                "properties": {"colour": EMERGING_COLOURS[row["category"]], "label": label},
            }
        )
    patterned = [rows[k] for k in ranked if rows[k]["category"] != NO_PATTERN]
    return {
        "features": {"type": "FeatureCollection", "features": features},
        "legend": legend,
        "shown": len(keep),
        "total": len(rows),
        "patterned": patterned,
    }


# --- Near repeat -----------------------------------------------------------------------------


def near_repeat(query: NearRepeatQuery) -> KnoxResult:
    """The library's Knox test on the selection, refused above the page's size limit.

    Cached with its seed: the same seed gives the same permutations, so the same table."""
    return _cached("near-repeat", query, lambda: _near_repeat(query))


def _near_repeat(query: NearRepeatQuery) -> KnoxResult:
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
        "time_bands": [
            {
                **band,
                "months": month_lags(band["lo"], band["hi"]) if month_dates else "",
            }
            for band in data["time_bands"]
        ],
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


def _month_lag_days() -> dict[int, tuple[int, int]]:
    """For k months apart, the fewest and most days between the 1st of one month and the 1st
    of the month k later (over a 400-year Gregorian cycle, so every case is seen)."""
    firsts = np.arange("2000-01", "2400-01", dtype="datetime64[M]").astype("datetime64[D]")
    days = firsts.astype(np.int64)
    out = {0: (0, 0)}
    for k in range(1, 61):
        gaps = days[k:] - days[:-k]
        out[k] = (int(gaps.min()), int(gaps.max()))
    return out


_LAG_DAYS = _month_lag_days()


def month_lags(lo: float, hi: float | None) -> str:
    """What a time band [lo, hi) days can hold when every date is the 1st of its month.

    "same month", "next month", "2 months apart", "2 or 3 months apart (partly)"; or "no
    pairs possible" when no month lag falls in the band (why 7-day bands read "no pairs
    expected")."""
    whole, partly = [], []
    for k, (low, high) in _LAG_DAYS.items():
        top = np.inf if hi is None else hi
        if low >= lo and high < top:
            whole.append(k)
        elif high >= lo and low < top:
            partly.append(k)
    if not whole and not partly:
        return "no pairs possible with month dates"
    words = []
    lags = sorted(whole + partly)
    if len(lags) > 4:
        text = f"{_lag_words(lags[0])} to {_lag_words(lags[-1])}"
    else:
        text = " or ".join(_lag_words(k) for k in lags)
    words.append(text)
    if partly:
        words.append(f"(in part: {', '.join(_lag_words(k) for k in partly)})")
    return " ".join(words)


def _lag_words(k: int) -> str:
    if k == 0:
        return "same month"
    if k == 1:
        return "next month"
    return f"{k} months apart"


# --- Repeat locations ------------------------------------------------------------------------

#: Shades for the number of crimes at a repeat map point (at least two by definition).
REPEAT_BINS: tuple[tuple[int, int | None, str], ...] = (
    (2, 2, SEQUENTIAL[0]),
    (3, 4, SEQUENTIAL[1]),
    (5, 9, SEQUENTIAL[2]),
    (10, 19, SEQUENTIAL[3]),
    (20, None, SEQUENTIAL[4]),
)
REPEAT_COLUMNS = (
    "longitude",
    "latitude",
    "x",
    "y",
    "location",
    "lsoa_code",
    "lsoa_name",
    "crimes",
    "months_with_crime",
    "first_month",
    "last_month",
    "crime_types",
)


@dataclass(frozen=True)
class RepeatQuery:
    selection: Selection


@dataclass
class RepeatsResult:
    """The library's repeat figures for map points, and one row per repeat map point."""

    selection: Selection
    months: list[str]
    events: int
    summary: Any  # prevhub.crime.find.RepeatSummary
    rows: list[dict[str, Any]]
    warnings: list[str]


def repeats(query: RepeatQuery) -> RepeatsResult:
    """Repeat locations: the library's ``repeat_summary`` on police.uk map points."""
    return _cached("repeats", query, lambda: _repeats(query))


def _repeats(query: RepeatQuery) -> RepeatsResult:
    selection = query.selection
    with open_store() as store:
        points = select_points(store, selection.period, **selection.kwargs())
    if len(points) == 0:
        raise PrevhubError("no located crimes match this selection")
    keys = map_point_keys(points.longitude, points.latitude)
    summary = repeat_summary(
        keys, points.date, key_kind="map point", time_unit="months", top=len(points)
    )
    repeat_keys = {row["key"]: k for k, row in enumerate(summary.top_keys)}
    months: list[set[str]] = [set() for _ in repeat_keys]
    types: list[Counter] = [Counter() for _ in repeat_keys]
    first: list[int] = [-1] * len(repeat_keys)
    for i, key in enumerate(keys):
        k = repeat_keys.get(key)
        if k is None:
            continue
        months[k].add(str(points.month[i]))
        types[k][str(points.crime_type[i])] += 1
        if first[k] < 0:
            first[k] = i
    rows = []
    for k, top in enumerate(summary.top_keys):
        i = first[k]
        lon, lat = (float(v) for v in top["key"].split(","))
        rows.append(
            {
                "map_point": top["key"],
                "longitude": lon,
                "latitude": lat,
                "x": round(float(points.x[i]), 1),
                "y": round(float(points.y[i]), 1),
                "location": str(points.location[i] or ""),
                "lsoa_code": str(points.lsoa_code[i] or ""),
                "lsoa_name": str(points.lsoa_name[i] or ""),
                "crimes": int(top["crimes"]),
                "months_with_crime": len(months[k]),
                "first_month": min(months[k]),
                "last_month": max(months[k]),
                "crime_types": "; ".join(f"{t} ({n})" for t, n in types[k].most_common()),
            }
        )
    return RepeatsResult(
        selection=selection,
        months=months_in(selection.period),
        events=len(points),
        summary=summary,
        rows=rows,
        warnings=[*points.warnings, *summary.warnings],
    )


#: What police.uk repeat figures cannot tell (said on the page, before the library's caveats).
REPEAT_LIMITS = (
    "These are repeat locations, not repeat victims: data.police.uk publishes no victims, so "
    "it cannot tell whether the same person or household was a victim again. Repeat "
    "victimisation needs force data with a (pseudonymous) victim for each crime.",
    "A map point is not an address. data.police.uk moves each crime to an anonymous point "
    "shared by every crime nearby (a street segment, a car park, a shop), so two crimes at "
    "one point may be at different doors; a busy point can be a whole street.",
    "Crimes are dated only to their month, so the time to the next crime is in whole months: "
    '"same month" may be the same day or four weeks later.',
)


def _share(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def repeat_figures(summary: Any) -> dict[str, Any]:
    """The library's shares and time-to-repeat counts, as the page writes them."""
    within = summary.repeats_within
    return {
        "share_at_repeat": _share(summary.share_at_repeat_keys),
        "share_repeat": _share(summary.share_repeat),
        "same_month": within.get("same month", 0),
        "next_month": within.get("next month", 0),
        # every repeat crime has one gap to the crime before it at its point
        "later": summary.repeat_crimes - within.get("same month", 0) - within.get("next month", 0),
    }


def repeats_page(query: RepeatQuery) -> dict[str, Any]:
    """The figures, the map (one circle per repeat map point, shaded by its crimes), its key and
    the first rows; the download reads every row from :func:`repeats`."""

    def compute() -> dict[str, Any]:
        result = repeats(query)
        shown = result.rows[:MAX_MAP_FEATURES]
        colours, tally = [], Counter()
        for row in shown:
            k = next(
                k for k, (lo, hi, _) in enumerate(REPEAT_BINS) if hi is None or row["crimes"] <= hi
            )
            colours.append(REPEAT_BINS[k][2])
            tally[k] += 1
        for row in result.rows[MAX_MAP_FEATURES:]:
            tally[
                next(
                    k
                    for k, (lo, hi, _) in enumerate(REPEAT_BINS)
                    if hi is None or row["crimes"] <= hi
                )
            ] += 1
        legend = [
            {
                "colour": colour,
                "label": f"{lo} crimes"
                if lo == hi
                else (f"{lo} or more crimes" if hi is None else f"{lo} to {hi} crimes"),
                "cells": tally.get(k, 0),
            }
            for k, (lo, hi, colour) in enumerate(REPEAT_BINS)
        ]
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
                "properties": {
                    "colour": colour,
                    "label": f"{r['location'] or 'Map point'}"
                    + (f", {r['lsoa_name']}" if r["lsoa_name"] else "")
                    + f": {number(r['crimes'])} crimes in {r['months_with_crime']} of "
                    f"{len(result.months)} months ({r['crime_types']})",
                },
            }
            for r, colour in zip(shown, colours, strict=True)
        ]
        page_map = {
            "features": {"type": "FeatureCollection", "features": features},
            "legend": legend,
            "shown": len(shown),
            "total": len(result.rows),
            "place": "map point",
        }
        return {
            "result": replace(result, rows=[], summary=replace(result.summary, top_keys=[])),
            "map": _page_map(page_map, "repeats-map-features"),
            "top": result.rows[:TOP_ROWS],
            "figures": repeat_figures(result.summary),
        }

    return _cached("repeats-page", query, compute, boundaries_version(query.selection.force))


# --- Places: LSOA, ward and district names, and the boundary layers under the maps ----------

BOUNDARY_LAYERS = ("lsoa", "district", "ward")


def boundaries_geojson(force: str, layer: str) -> dict[str, Any] | None:
    """A force's boundary layer in WGS84 for the map (None when the hub has no boundaries for
    it: the map then draws the data alone). Cached: the layers change only when an
    administrator loads new boundaries, which changes the file the library reads."""
    boundaries = force_boundaries(force)
    if boundaries is None or layer not in BOUNDARY_LAYERS:
        return None
    return cached_on_store(
        "find:boundaries",
        [force, layer, *boundaries_version(force)],
        lambda: boundaries.geojson(layer),
    )


def _place_dicts(places: list[Any]) -> list[dict[str, str] | None]:
    """The library's places as what a table cell and a popup need (picklable, no shapes)."""
    return [
        None
        if place is None
        else {"label": place.label, "district": place.district, "lsoa_code": place.lsoa_code}
        for place in places
    ]


def place_names(force: str, x: list[float], y: list[float]) -> list[dict[str, str] | None]:
    """The LSOA, ward and district of each BNG point (None outside the force's LSOAs, or when
    the hub has no boundaries for the force)."""
    boundaries = force_boundaries(force)
    if boundaries is None or not x:
        return [None] * len(x)
    return _place_dicts(boundaries.places(x, y))
