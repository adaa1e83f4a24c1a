"""Emerging hot spots: Gi* in every time slice, a Mann-Kendall trend, and Esri's categories.

Method (after ArcGIS Pro's Emerging Hot Spot Analysis, "How Emerging Hot Spot Analysis works",
https://pro.arcgis.com/en/pro-app/latest/tool-reference/space-time-pattern-mining/learnmoreemerging.htm):

1. Count crimes per grid cell in each time slice (e.g. each month).
2. Gi* (:func:`prevhub.crime.find.gistar.gi_star_grid`) in each slice over the cells of the study
   area, with false-discovery-rate control; a bin is a significant hot (cold) spot when its class
   is positive (negative), i.e. at 90 % confidence or more.
3. The Mann-Kendall trend test (Mann 1945; Kendall 1975) on each cell's series of Gi* z-scores:
   is the intensity of clustering rising or falling?
4. Each cell gets one of Esri's categories (definitions in :data:`CATEGORY_DEFINITIONS`).

Differences from ArcGIS, stated so the numbers are not over-read: Gi* here is per slice
(ArcGIS by default also counts the same cell in neighbouring time steps as neighbours); the
study area is the cells with at least one crime in any slice (ArcGIS likewise leaves out
locations with no data); the Mann-Kendall variance is corrected for ties and uses the usual
continuity correction.

:func:`find_emerging` is the whole pipeline from the store (what ``prevhub emerging`` and the
Find page call): select the crimes, put every slice on one grid, run
:func:`emerging_hot_spots`, and return rows (:class:`EmergingCell`) with the settings and
warnings a reader needs. A period with months missing from the store is refused unless
``allow_incomplete`` (then the missing months are empty slices and the result says so), as
Measure does: an empty month would read as a cold spot everywhere.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from scipy import stats

from prevhub.crime.find.gistar import gi_star_grid
from prevhub.crime.find.grid import Grid
from prevhub.crime.find.points import CrimePoints
from prevhub.crime.store import CrimeStore
from prevhub.errors import PrevhubError

NO_PATTERN = "no pattern detected"
CATEGORIES = (
    "new hot spot",
    "consecutive hot spot",
    "intensifying hot spot",
    "persistent hot spot",
    "diminishing hot spot",
    "sporadic hot spot",
    "oscillating hot spot",
    "historical hot spot",
    "new cold spot",
    "consecutive cold spot",
    "intensifying cold spot",
    "persistent cold spot",
    "diminishing cold spot",
    "sporadic cold spot",
    "oscillating cold spot",
    "historical cold spot",
    NO_PATTERN,
)

#: Esri's published definitions (hot spots; cold spots mirror them), paraphrased.
CATEGORY_DEFINITIONS = {
    "new": "significant hot spot in the final time step and never a significant hot spot before",
    "consecutive": (
        "a single uninterrupted run of at least two significant hot spot bins ending in the final "
        "time step, never a significant hot spot before that run, and fewer than 90 % of all "
        "bins significant hot spots"
    ),
    "intensifying": (
        "significant hot spot in at least 90 % of time steps including the final one, with a "
        "significant increasing trend in the intensity of clustering"
    ),
    "persistent": (
        "significant hot spot in at least 90 % of time steps, with no significant trend in the "
        "intensity of clustering"
    ),
    "diminishing": (
        "significant hot spot in at least 90 % of time steps including the final one, with a "
        "significant decreasing trend in the intensity of clustering"
    ),
    "sporadic": (
        "significant hot spot in the final time step, on and off before, in fewer than 90 % of "
        "time steps, and never a significant cold spot"
    ),
    "oscillating": (
        "significant hot spot in the final time step that was a significant cold spot in some "
        "earlier time step; fewer than 90 % of time steps significant hot spots"
    ),
    "historical": (
        "not a hot spot in the final time step, but a significant hot spot in at least 90 % of "
        "time steps"
    ),
}

#: Share of time steps that makes a hot spot "most of the time" (Esri's 90 %).
MOST_OF_THE_TIME = 0.9


@dataclass(frozen=True)
class MannKendall:
    """Mann-Kendall trend test per series: S, its tie-corrected variance, z, two-sided p."""

    s: np.ndarray
    variance: np.ndarray
    z: np.ndarray
    p_value: np.ndarray


def mann_kendall(series: np.ndarray) -> MannKendall:
    """Mann-Kendall trend test on each row of ``series`` (rows = locations, columns = time).

    ``S = sum_{k<l} sign(x_l - x_k)``; ``Var(S) = [n(n-1)(2n+5) - sum_g t_g(t_g-1)(2t_g+5)] / 18``
    with ``t_g`` the sizes of groups of tied values; ``z = (S - sign(S)) / sqrt(Var(S))``
    (continuity correction); p two-sided from the standard normal (Kendall 1975; Gilbert 1987,
    ch. 16). Vectorised over rows: O(rows x n^2) for the short series of time slices.
    """
    x = np.atleast_2d(np.asarray(series, float))
    rows, n = x.shape
    s = np.zeros(rows)
    for k in range(n - 1):
        s += np.sign(x[:, k + 1 :] - x[:, k : k + 1]).sum(axis=1)
    ties = np.zeros(rows)
    ordered = np.sort(x, axis=1)
    run = np.ones(rows)
    for k in range(1, n + 1):
        same = (ordered[:, k] == ordered[:, k - 1]) if k < n else np.zeros(rows, bool)
        ended = ~same
        ties += np.where(ended, run * (run - 1) * (2 * run + 5), 0.0)
        run = np.where(same, run + 1, 1.0)
    variance = (n * (n - 1) * (2 * n + 5) - ties) / 18.0
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(variance > 0, (s - np.sign(s)) / np.sqrt(variance), 0.0)
    p = 2.0 * stats.norm.sf(np.abs(z))
    return MannKendall(s=s, variance=variance, z=z, p_value=p)


@dataclass(frozen=True)
class EmergingHotSpots:
    """Per cell: its category, trend z and p, and the Gi* class in every slice."""

    category: np.ndarray  # (ny, nx) of str
    trend_z: np.ndarray
    trend_p_value: np.ndarray
    slice_classes: np.ndarray  # (T, ny, nx) int8 Esri classes
    slice_z: np.ndarray  # (T, ny, nx)
    study_area: np.ndarray  # (ny, nx) bool
    slices: int
    warnings: list[str] = field(default_factory=list)


def _classify_one(hot: np.ndarray, cold: np.ndarray, trend_z: float, trend_sig: bool) -> str:
    """Esri's category for one series (hot/cold booleans per slice, oldest first)."""
    n = hot.size
    for kind, yes, no, rising in (("hot", hot, cold, 1), ("cold", cold, hot, -1)):
        share = yes.sum() / n
        final = bool(yes[-1])
        if not yes.any():
            continue
        if share >= MOST_OF_THE_TIME:
            if not final:
                return f"historical {kind} spot"
            if trend_sig and np.sign(trend_z) == rising:
                return f"intensifying {kind} spot"
            if trend_sig and np.sign(trend_z) == -rising:
                return f"diminishing {kind} spot"
            return f"persistent {kind} spot"
        if not final:
            continue
        run = 0
        while run < n and yes[n - 1 - run]:
            run += 1
        before = yes[: n - run]
        if not before.any():
            return f"new {kind} spot" if run == 1 else f"consecutive {kind} spot"
        if no[:-1].any():
            return f"oscillating {kind} spot"
        return f"sporadic {kind} spot"
    return NO_PATTERN


def emerging_hot_spots(
    counts: np.ndarray,
    cell: float,
    *,
    distance: float | None = None,
    fdr: bool = True,
    trend_alpha: float = 0.05,
) -> EmergingHotSpots:
    """Emerging hot spot categories for a ``(T, ny, nx)`` stack of counts (oldest slice first).

    ``trend_alpha`` is the significance level of the Mann-Kendall trend (our default, 0.05).
    """
    cube = np.asarray(counts, float)
    if cube.ndim != 3 or cube.shape[0] < 2:
        raise ValueError("need a (time, rows, cols) stack with at least two time slices")
    t_slices = cube.shape[0]
    study = cube.sum(axis=0) > 0
    warnings: list[str] = []
    if t_slices < 10:
        warnings.append(
            f"only {t_slices} time slices: the 90 % rules and the trend test have little power "
            "(Esri asks for at least 10)"
        )
    z = np.empty(cube.shape)
    classes = np.empty(cube.shape, np.int8)
    for k in range(t_slices):
        result = gi_star_grid(cube[k], cell, distance=distance, mask=study, fdr=fdr)
        z[k] = result.z
        classes[k] = result.hotspot_class
    flat_z = z.reshape(t_slices, -1).T[study.ravel()]
    flat_c = classes.reshape(t_slices, -1).T[study.ravel()]
    trend = mann_kendall(flat_z)
    labels = np.array(
        [
            _classify_one(c > 0, c < 0, float(tz), bool(tp <= trend_alpha))
            for c, tz, tp in zip(flat_c, trend.z, trend.p_value, strict=True)
        ],
        dtype=object,
    )
    category = np.full(study.shape, NO_PATTERN, dtype=object)
    category[study] = labels
    trend_z = np.full(study.shape, np.nan)
    trend_p = np.full(study.shape, np.nan)
    trend_z[study] = trend.z
    trend_p[study] = trend.p_value
    return EmergingHotSpots(
        category=category,
        trend_z=trend_z,
        trend_p_value=trend_p,
        slice_classes=classes,
        slice_z=z,
        study_area=study,
        slices=t_slices,
        warnings=warnings,
    )


# --- The pipeline from the store -------------------------------------------------------------

#: Columns of ``prevhub emerging --format csv`` (and of the Find page's download), in order.
EMERGING_COLUMNS = (
    "cell_id",
    "x",
    "y",
    "category",
    "count",
    "hot_slices",
    "cold_slices",
    "trend_z",
    "trend_p_value",
)

EMERGING_METHOD = (
    "Emerging hot spots after Esri's Emerging Hot Spot Analysis: Getis-Ord Gi* per time slice "
    "(binary weights including the cell, Benjamini-Hochberg FDR), Mann-Kendall trend test on "
    "each cell's Gi* z-scores, Esri's categories"
)


@dataclass(frozen=True)
class EmergingCell:
    """One cell of the study area: category, crimes over the period, slices hot and cold, trend.

    ``x``/``y`` are the cell centre in BNG metres; ``trend_z``/``trend_p_value`` are the
    Mann-Kendall trend of the cell's Gi* z-scores (rounded to 4 and 6 decimals).
    """

    cell_id: str
    x: float
    y: float
    category: str
    count: int
    hot_slices: int
    cold_slices: int
    trend_z: float | None
    trend_p_value: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class EmergingResult:
    """Emerging hot spots of a selection, with everything needed to read them honestly.

    ``cells`` are in grid order (row-major, south-west first); ``slices`` are the time slices,
    each a ``(first month, last month)`` pair; ``missing_months`` lists, per force, the months
    of the period the store has no data for (empty slices; only with ``allow_incomplete``).
    """

    period: tuple[str, str]
    forces: list[str]
    selection: dict[str, Any]
    months: list[str]
    slices: list[tuple[str, str]]
    cell: float
    cell_rule: str
    events: int
    cells: list[EmergingCell]
    grid: Grid
    flat: np.ndarray
    settings: dict[str, Any]
    missing_months: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether every month of the period is in the store for every force."""
        return not self.missing_months

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The cells as plain dicts with the CSV columns."""
        return [c.to_dict() for c in self.cells]

    def category_counts(self) -> dict[str, int]:
        """Cells per category, in :data:`CATEGORIES` order (zeros included)."""
        tally = dict.fromkeys(CATEGORIES, 0)
        for c in self.cells:
            tally[c.category] += 1
        return tally

    def to_dict(self) -> dict[str, Any]:
        """JSON: settings, slices, gaps and warnings, then ``cells``."""
        return {
            "method": "emerging",
            "period": {"from": self.period[0], "to": self.period[1]},
            "forces": list(self.forces),
            "selection": dict(self.selection),
            "events": self.events,
            "crs": "EPSG:27700",
            "cell": self.cell,
            "cell_rule": self.cell_rule,
            "slices": [{"from": a, "to": b} for a, b in self.slices],
            "complete": self.complete,
            "missing_months": {f: list(m) for f, m in self.missing_months.items()},
            "settings": dict(self.settings),
            "categories": self.category_counts(),
            "warnings": list(self.warnings),
            "cells": self.rows,
        }

    def to_geojson(self, *, metadata: bool = True) -> dict[str, Any]:
        """WGS84 GeoJSON: each cell as a square with the CSV columns as properties."""
        from prevhub.crime.find.geojson import cells_geojson

        meta = {k: v for k, v in self.to_dict().items() if k != "cells"} if metadata else None
        return cells_geojson(self.grid, self.flat, self.rows, metadata=meta)

    @property
    def geojson(self) -> dict[str, Any]:
        """The cells as GeoJSON without metadata (what the Find page's map draws from)."""
        return self.to_geojson(metadata=False)


def time_slices(months: Sequence[str], slice_months: int = 1) -> list[tuple[str, str]]:
    """Consecutive slices of ``slice_months`` months (oldest first); the period must divide."""
    if slice_months < 1:
        raise PrevhubError(f"a slice must be at least one month, not {slice_months}")
    if len(months) % slice_months:
        raise PrevhubError(
            f"{len(months)} months do not divide into slices of {slice_months}: choose a period "
            f"that is a whole number of slices"
        )
    return [(months[k], months[k + slice_months - 1]) for k in range(0, len(months), slice_months)]


def emerging_from_points(
    points: CrimePoints,
    *,
    cell: float | None = None,
    slice_months: int = 1,
    distance: float | None = None,
    fdr: bool = True,
    trend_alpha: float = 0.05,
    missing_months: dict[str, list[str]] | None = None,
) -> EmergingResult:
    """Emerging hot spots of already selected points (see :func:`find_emerging`).

    Slices cover every month of ``points.period``; a month with no points is an empty slice.
    """
    from prevhub.crime.find.grid import grid_counts, make_grid
    from prevhub.crime.measures import months_in

    if len(points) == 0:
        raise PrevhubError("no located crimes match this selection")
    months = months_in(points.period)
    slices = time_slices(months, slice_months)
    if len(slices) < 2:
        raise PrevhubError(
            f"emerging hot spots need at least two time slices; {points.period[0]} to "
            f"{points.period[1]} holds {len(slices)} slice(s) of {slice_months} month(s)"
        )
    grid = make_grid(points.x, points.y, cell)
    position = {m: k for k, m in enumerate(months)}
    unique, inverse = np.unique(points.month, return_inverse=True)
    slice_index = np.array([position[str(m)] // slice_months for m in unique], np.int64)[inverse]
    cube = np.stack(
        [
            grid_counts(points.x[slice_index == k], points.y[slice_index == k], grid=grid).values
            for k in range(len(slices))
        ]
    )
    found = emerging_hot_spots(cube, grid.cell, distance=distance, fdr=fdr, trend_alpha=trend_alpha)
    flat = np.flatnonzero(found.study_area.ravel())
    ids = grid.cell_ids(flat)
    x0, y0 = grid.corners(flat)
    totals = cube.sum(axis=0).ravel()
    classes = found.slice_classes.reshape(len(slices), -1)
    categories = found.category.ravel()
    trend_z_all, trend_p_all = found.trend_z.ravel(), found.trend_p_value.ravel()
    cells = []
    for k, f in enumerate(flat):
        trend_z, trend_p = trend_z_all[f], trend_p_all[f]
        cells.append(
            EmergingCell(
                cell_id=ids[k],
                x=float(x0[k] + grid.cell / 2),
                y=float(y0[k] + grid.cell / 2),
                category=str(categories[f]),
                count=int(totals[f]),
                hot_slices=int((classes[:, f] > 0).sum()),
                cold_slices=int((classes[:, f] < 0).sum()),
                trend_z=None if not np.isfinite(trend_z) else round(float(trend_z), 4),
                trend_p_value=None if not np.isfinite(trend_p) else round(float(trend_p), 6),
            )
        )
    rule = f"{grid.cell:g} m (given)" if cell else f"{grid.cell:g} m (chosen from the data)"
    gaps = dict(missing_months or {})
    warnings = [*points.warnings, *found.warnings]
    if gaps:
        listed = "; ".join(f"{f}: {', '.join(m)}" for f, m in gaps.items())
        warnings.append(
            f"Months missing from the store (empty slices, which read as cold everywhere): "
            f"{listed}."
        )
    settings = {
        "slice_months": slice_months,
        "slices": len(slices),
        "distance": distance,
        "neighbours": (
            "the cell and its 8 neighbours"
            if distance is None
            else f"cells with centres within {distance:g} m"
        ),
        "study_area": "cells with at least one crime in any slice",
        "fdr": fdr,
        "trend_alpha": trend_alpha,
        "test": EMERGING_METHOD,
    }
    return EmergingResult(
        period=points.period,
        forces=list(points.forces),
        selection={},
        months=months,
        slices=slices,
        cell=grid.cell,
        cell_rule=rule,
        events=len(points),
        cells=cells,
        grid=grid,
        flat=flat,
        settings=settings,
        missing_months=gaps,
        warnings=warnings,
    )


def find_emerging(
    store: CrimeStore,
    period: str | tuple[str, str],
    *,
    crime_type: str | None = None,
    crime_class: str | None = None,
    force: str | None = None,
    cell: float | None = None,
    slice_months: int = 1,
    distance: float | None = None,
    fdr: bool = True,
    trend_alpha: float = 0.05,
    include_outside: bool = False,
    source: str = "police-uk",
    allow_incomplete: bool = False,
) -> EmergingResult:
    """Emerging hot spots of a selection from the store, one slice per ``slice_months`` months.

    The selection parameters are those of :func:`~prevhub.crime.find.points.select_points`;
    ``cell`` is the grid cell in metres (automatic when None); ``distance``, ``fdr`` and
    ``trend_alpha`` are those of :func:`emerging_hot_spots`. A period with months missing from
    the store for a selected force raises :class:`~prevhub.errors.PrevhubError` unless
    ``allow_incomplete``; then the result lists them in ``missing_months`` and warns.

    Examples
    --------
    >>> from prevhub.crime import CrimeStore, load_demo
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "crime.duckdb"
    >>> _ = load_demo(path)
    >>> with CrimeStore(path, read_only=True) as store:
    ...     result = find_emerging(store, "2024-01:2024-03", force="nottinghamshire", cell=1000)
    >>> result.slices
    [('2024-01', '2024-01'), ('2024-02', '2024-02'), ('2024-03', '2024-03')]
    >>> result.complete
    True
    """
    from prevhub.crime.find.points import select_points, selection_summary
    from prevhub.crime.measures import missing_months as months_missing
    from prevhub.crime.measures import months_in, parse_period

    points = select_points(
        store,
        period,
        crime_type=crime_type,
        crime_class=crime_class,
        force=force,
        source=source,
        include_outside=include_outside,
    )
    kind = "street" if source == "police-uk" else source
    gaps = months_missing(store, points.forces, kind, months_in(parse_period(period)))
    if gaps and not allow_incomplete:
        listed = "; ".join(f"{f}: {', '.join(m)}" for f, m in gaps.items())
        raise PrevhubError(
            f"months missing from the store for {listed}. Ingest them, choose a period the "
            "store holds, or allow an incomplete period (the missing months become empty "
            "slices, which read as cold spots, and the result is flagged)."
        )
    result = emerging_from_points(
        points,
        cell=cell,
        slice_months=slice_months,
        distance=distance,
        fdr=fdr,
        trend_alpha=trend_alpha,
        missing_months=gaps,
    )
    selection = selection_summary(
        points,
        crime_type=crime_type,
        crime_class=crime_class,
        source=source,
        include_outside=include_outside,
    )
    return dataclasses.replace(result, selection=selection)
