"""Where the hours went: volunteer hours on Find's grid, beside the crime change there.

Rostering tools count hours; none says where they were worked and what happened to crime in
those places. :func:`hours_beside_crime` places worked hours (points, or LSOAs placed at the
mean position of their crimes, as Find's area methods do) on the same British National Grid
cells as Find's hot spot maps, picks the force's top hot spots from the *baseline* period
(where crime was concentrated before the hours were worked), and compares victim-based crime
between the periods in the top hot spots and everywhere else with the engine's exact
conditional Poisson rate test (:func:`prevhub.crime.stats.compare_poisson_counts`).

This is an **association, not an evaluation**: hours were put where crime was, crime moves
back towards its average on its own (regression to the mean), and nothing here compares with
comparable places that had no hours. ``prevhub.crime.evaluation`` (WDD, difference in
differences) is where an effect is estimated.

No Django: the web page and the CLI hand in plain tuples.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from prevhub.crime import classification
from prevhub.crime.find.grid import Grid, grid_counts, make_grid
from prevhub.crime.find.points import from_bng, select_points, to_bng
from prevhub.crime.periods import month_count, parse_period, resolve_baseline
from prevhub.crime.stats import RateComparison, compare_poisson_counts
from prevhub.errors import PrevhubError

#: Default cell: 250 m, the size Find's hot spot maps of a town usually come out at.
DEFAULT_CELL = 250.0
#: Default number of top hot spots (cells with the most baseline crime).
DEFAULT_TOP = 20

ASSOCIATION_NOT_EVALUATION = (
    "This is an association, not an evaluation: hours were put where crime already was, "
    "crime in the busiest places tends to fall back towards its average on its own "
    "(regression to the mean), and no comparison is made with similar places that had no "
    "hours. Use an evaluation (weighted displacement difference, difference in differences) "
    "to estimate an effect."
)
TOP_RULE = (
    "Top hot spots: the {top} cells of {cell:g} m with the most victim-based crimes in the "
    "baseline period {baseline} (before the hours; ties by cell id)."
)


@dataclass(frozen=True)
class HoursPlace:
    """Hours worked at a place: a point (WGS84) or, failing that, an LSOA code."""

    hours: float
    on: dt.date
    longitude: float | None = None
    latitude: float | None = None
    lsoa_code: str | None = None
    source: str = "specials"


@dataclass(frozen=True)
class GroupFigures:
    """Hours and victim-based crime in one group of cells."""

    name: str
    cells: int
    hours: float
    hours_share: float | None  # of all placed hours
    baseline: int
    current: int
    test: RateComparison

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "cells": self.cells,
            "hours": round(self.hours, 2),
            "hours_share": None if self.hours_share is None else round(self.hours_share, 4),
            "baseline": self.baseline,
            "current": self.current,
            **{f"test_{k}": v for k, v in self.test.to_dict().items()},
        }


@dataclass(frozen=True)
class CellFigures:
    """One cell with hours or among the top hot spots."""

    cell_id: str
    longitude: float
    latitude: float
    hours: float
    baseline: int
    current: int
    top: bool


@dataclass
class HoursBesideCrime:
    """What :func:`hours_beside_crime` found."""

    period: tuple[str, str]
    baseline_period: tuple[str, str]
    force: str | None
    cell: float
    top: int
    groups: list[GroupFigures]
    cells: list[CellFigures]
    hours_placed: float
    hours_outside: float  # placed points that fall outside the force's crime map
    hours_unplaced: float  # no point and an LSOA with no crimes to place it by
    hours_by_source: dict[str, float]
    grid: Grid | None
    rules: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    caveat: str = ASSOCIATION_NOT_EVALUATION

    def group(self, name: str) -> GroupFigures:
        return next(g for g in self.groups if g.name == name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": list(self.period),
            "baseline": list(self.baseline_period),
            "force": self.force,
            "cell": self.cell,
            "top": self.top,
            "groups": [g.to_dict() for g in self.groups],
            "cells": [c.__dict__ for c in self.cells],
            "hours_placed": round(self.hours_placed, 2),
            "hours_outside": round(self.hours_outside, 2),
            "hours_unplaced": round(self.hours_unplaced, 2),
            "hours_by_source": {k: round(v, 2) for k, v in self.hours_by_source.items()},
            "rules": self.rules,
            "warnings": self.warnings,
            "caveat": self.caveat,
        }


TOP_HOT_SPOTS = "Top hot spots"
EVERYWHERE_ELSE = "Everywhere else"
WITH_HOURS = "Cells where hours were worked"
WITHOUT_HOURS = "Cells without hours"


def hours_beside_crime(
    store: Any,
    places: Iterable[HoursPlace],
    period: str | Sequence[str],
    *,
    baseline: str | Sequence[str] = "last-year",
    force: str | None = None,
    cell: float = DEFAULT_CELL,
    top: int = DEFAULT_TOP,
) -> HoursBesideCrime:
    """Place hours worked in ``period`` on a grid and set them beside victim-based crime.

    Parameters
    ----------
    store
        An open :class:`~prevhub.crime.store.CrimeStore`.
    places
        Hours with where and when they were worked; those dated outside ``period`` are left out.
    period, baseline
        The months the hours were worked in, and what to compare crime with (the periods
        grammar: ``last-year`` by default, so seasons match).
    force
        police.uk force id (``None``: every force with data).
    cell, top
        Grid cell size in metres (aligned as every Find grid) and how many top hot spots.

    Returns
    -------
    HoursBesideCrime
        Groups "Top hot spots" / "Everywhere else" and "Cells where hours were worked" /
        "Cells without hours", each with hours and the exact conditional Poisson test of
        current against baseline crime (exposure: the two periods' lengths in months).
    """
    if not (cell > 0 and math.isfinite(cell)):
        raise PrevhubError(f"cell size must be a positive number of metres, not {cell!r}")
    if top < 1:
        raise PrevhubError("the number of top hot spots must be at least 1")
    start, end = parse_period(period)
    base = resolve_baseline((start, end), baseline)
    current = select_points(
        store, (start, end), crime_class=classification.VICTIM_BASED, force=force
    )
    before = select_points(store, base, crime_class=classification.VICTIM_BASED, force=force)
    if len(current) + len(before) == 0:
        raise PrevhubError("no located victim-based crimes in the period or its baseline")
    all_x = np.concatenate([current.x, before.x])
    all_y = np.concatenate([current.y, before.y])
    grid = make_grid(all_x, all_y, cell)
    now = grid_counts(current.x, current.y, grid=grid).values.ravel().astype(np.int64)
    then = grid_counts(before.x, before.y, grid=grid).values.ravel().astype(np.int64)

    # LSOA positions: the mean of the LSOA's crimes (both periods), as Find's area methods use.
    lsoa = np.concatenate([current.lsoa_code, before.lsoa_code]).astype(object)
    lsoa_xy: dict[str, tuple[float, float]] = {}
    if lsoa.size:
        codes = np.array([str(c) if c is not None else "" for c in lsoa])
        for code in np.unique(codes):
            if code:
                mask = codes == code
                lsoa_xy[code] = (float(all_x[mask].mean()), float(all_y[mask].mean()))

    first_day = dt.date(int(start[:4]), int(start[5:]), 1)
    last_day = _month_end(end)
    xs: list[float] = []
    ys: list[float] = []
    ws: list[float] = []
    unplaced = 0.0
    by_source: dict[str, float] = {}
    for place in places:
        if not (first_day <= place.on <= last_day) or place.hours <= 0:
            continue
        if place.longitude is not None and place.latitude is not None:
            x, y = to_bng(np.array([place.longitude]), np.array([place.latitude]))
            point = (float(x[0]), float(y[0]))
        elif place.lsoa_code and place.lsoa_code in lsoa_xy:
            point = lsoa_xy[place.lsoa_code]
        else:
            unplaced += place.hours
            continue
        xs.append(point[0])
        ys.append(point[1])
        ws.append(float(place.hours))
        by_source[place.source] = by_source.get(place.source, 0.0) + float(place.hours)
    hours = np.zeros(grid.size)
    outside = 0.0
    if xs:
        row, col = grid.locate(np.array(xs), np.array(ys))
        inside = (row >= 0) & (row < grid.ny) & (col >= 0) & (col < grid.nx)
        w = np.array(ws)
        outside = float(w[~inside].sum())
        np.add.at(hours, row[inside] * grid.nx + col[inside], w[inside])
    placed = float(hours.sum())

    busy = np.flatnonzero(then > 0)
    ranked = sorted(zip(busy, grid.cell_ids(busy), strict=True), key=lambda p: (-then[p[0]], p[1]))
    top_cells = np.zeros(grid.size, bool)
    top_cells[[int(i) for i, _ in ranked[:top]]] = True
    ratio = month_count(start, end) / month_count(*base)
    has_hours = hours > 0

    def group(name: str, mask: np.ndarray) -> GroupFigures:
        h = float(hours[mask].sum())
        c, b = int(now[mask].sum()), int(then[mask].sum())
        return GroupFigures(
            name=name,
            cells=int(mask.sum()),
            hours=h,
            hours_share=(h / placed) if placed > 0 else None,
            baseline=b,
            current=c,
            test=compare_poisson_counts(c, b, exposure_ratio=ratio),
        )

    groups = [
        group(TOP_HOT_SPOTS, top_cells),
        group(EVERYWHERE_ELSE, ~top_cells),
        group(WITH_HOURS, has_hours),
        group(WITHOUT_HOURS, ~has_hours),
    ]
    shown = np.flatnonzero(top_cells | has_hours)
    cx = grid.x0 + (shown % grid.nx + 0.5) * grid.cell
    cy = grid.y0 + (shown // grid.nx + 0.5) * grid.cell
    lon, lat = from_bng(cx, cy) if shown.size else (np.array([]), np.array([]))
    cells = [
        CellFigures(
            cell_id=cid,
            longitude=round(float(lon[k]), 6),
            latitude=round(float(lat[k]), 6),
            hours=round(float(hours[i]), 2),
            baseline=int(then[i]),
            current=int(now[i]),
            top=bool(top_cells[i]),
        )
        for k, (i, cid) in enumerate(zip(shown, grid.cell_ids(shown), strict=True))
    ]
    cells.sort(key=lambda c: (-c.hours, -c.baseline, c.cell_id))
    warnings = list(dict.fromkeys(current.warnings + before.warnings))
    if outside:
        warnings.append(f"{outside:,.1f} hours were worked outside the force's crime map.")
    if unplaced:
        warnings.append(
            f"{unplaced:,.1f} hours have no point and no LSOA with crimes to place them by."
        )
    return HoursBesideCrime(
        period=(start, end),
        baseline_period=base,
        force=force,
        cell=float(cell),
        top=int(top_cells.sum()),
        groups=groups,
        cells=cells,
        hours_placed=placed,
        hours_outside=outside,
        hours_unplaced=unplaced,
        hours_by_source=by_source,
        grid=grid,
        rules=[
            TOP_RULE.format(top=int(top_cells.sum()), cell=cell, baseline=f"{base[0]}:{base[1]}"),
            "Hours are counted in the cell of the duty's point; a duty located only by LSOA is "
            "placed at the mean position of that LSOA's crimes.",
            f"Test: {groups[0].test.method}, current against baseline, exposure "
            f"{month_count(start, end)} months to {month_count(*base)}.",
        ],
        warnings=warnings,
    )


def _month_end(month: str) -> dt.date:
    year, number = int(month[:4]), int(month[5:])
    following = dt.date(year + (number == 12), number % 12 + 1, 1)
    return following - dt.timedelta(days=1)
