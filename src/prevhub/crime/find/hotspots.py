"""Hot spots from the store in one call: counts, kernel density or Gi* on a grid or on areas.

This is what ``prevhub hotspots`` and the Find pages call. It selects the crimes
(:func:`~prevhub.crime.find.points.select_points`), puts them on a BNG grid or in LSOAs or
districts, runs the chosen method, and returns plain rows (:class:`HotspotCell`) with the columns
of the issue (``cell_id, x, y, count, z, p_value, q_value, hotspot_class``; ``density`` too for
kernel density), plus the settings and warnings a reader needs to judge them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from prevhub.crime.find import gistar as gistar_module
from prevhub.crime.find.geojson import cells_geojson, points_geojson
from prevhub.crime.find.grid import Grid, area_counts, grid_counts
from prevhub.crime.find.kde import kernel_density
from prevhub.crime.find.points import CrimePoints, select_points, selection_summary
from prevhub.crime.geography import Boundaries, Place, force_boundaries
from prevhub.crime.store import CrimeStore
from prevhub.errors import PrevhubError

METHODS = ("count", "kde", "gistar")
AREAS = ("grid", "lsoa", "district")
#: Gi* study areas on a grid: the force's own area (from its boundaries) or the crimes' extent.
STUDY_AREAS = ("force", "extent")

STUDY_AREA_EXTENT_RULE = "every cell of the grid's extent (the bounding box of the crimes)"
STUDY_AREA_FORCE_RULE = (
    "the force's own area: {inside:,} cells whose centres lie in its {lsoas:,} LSOAs "
    "({source} boundaries), plus {edge:,} edge cells holding selected crimes"
)

COLUMNS = ("cell_id", "x", "y", "count", "z", "p_value", "q_value", "hotspot_class")


@dataclass(frozen=True)
class HotspotCell:
    """One grid cell or area: centre in BNG metres and the method's figures (None if not run)."""

    cell_id: str
    x: float
    y: float
    count: float
    z: float | None = None
    p_value: float | None = None
    q_value: float | None = None
    hotspot_class: int | None = None
    density: float | None = None
    area_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        row = asdict(self)
        if self.density is None:
            row.pop("density")
        if self.area_name is None:
            row.pop("area_name")
        return row


@dataclass(frozen=True)
class HotspotResult:
    """Rows plus everything needed to read them honestly."""

    method: str
    area: str
    period: tuple[str, str]
    forces: list[str]
    selection: dict[str, Any]
    measure: str
    events: int
    cells: list[HotspotCell]
    grid: Grid | None
    settings: dict[str, Any]
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON: settings and warnings, then ``cells`` (each with the CSV columns)."""
        return {
            "method": self.method,
            "area": self.area,
            "period": {"from": self.period[0], "to": self.period[1]},
            "forces": list(self.forces),
            "selection": dict(self.selection),
            "measure": self.measure,
            "events": self.events,
            "crs": "EPSG:27700",
            "settings": dict(self.settings),
            "warnings": list(self.warnings),
            "cells": [c.to_dict() for c in self.cells],
        }

    def places(self, boundaries: Boundaries | None = None) -> list[Place | None]:
        """The LSOA, ward and district of each row: a grid cell by its centre, an area by its
        crimes' mean position, from the force's boundaries (or those given).

        Computed on demand (a table of 25 rows need not name 50,000 cells). ``None`` for a
        row outside every LSOA, and for every row when the selection is not one force with
        boundaries.
        """
        if boundaries is None:
            if len(self.forces) != 1:
                return [None] * len(self.cells)
            boundaries = force_boundaries(self.forces[0])
            if boundaries is None:
                return [None] * len(self.cells)
        return boundaries.places([c.x for c in self.cells], [c.y for c in self.cells])

    def to_geojson(self) -> dict[str, Any]:
        """WGS84 GeoJSON: grid cells as squares, areas as points at their crimes' mean position."""
        props = [c.to_dict() for c in self.cells]
        meta = {k: v for k, v in self.to_dict().items() if k != "cells"}
        if self.grid is not None:
            flat = [_flat_index(self.grid, c) for c in self.cells]
            return cells_geojson(self.grid, flat, props, metadata=meta)
        return points_geojson(
            [c.x for c in self.cells], [c.y for c in self.cells], props, metadata=meta
        )


def _flat_index(grid: Grid, cell: HotspotCell) -> int:
    col = int(np.floor((cell.x - grid.x0) / grid.cell))
    row = int(np.floor((cell.y - grid.y0) / grid.cell))
    return row * grid.nx + col


def _opt(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def hotspots_from_points(
    points: CrimePoints,
    *,
    method: str = "gistar",
    area: str = "grid",
    cell: float | None = None,
    harm: bool = False,
    bandwidth: float | None = None,
    kernel: str = "quartic",
    distance: float | None = None,
    fdr: bool = True,
    all_cells: bool = False,
    study_area: str | None = None,
    boundaries: Boundaries | None = None,
) -> HotspotResult:
    """Run a hot spot method on already selected points (see :func:`find_hotspots`).

    ``boundaries`` overrides the force's own (:func:`~prevhub.crime.geography.force_boundaries`)
    for the ``force`` study area.
    """
    if study_area is not None and study_area not in STUDY_AREAS:
        raise PrevhubError(
            f"study area must be one of {', '.join(STUDY_AREAS)}, not {study_area!r}"
        )
    if method not in METHODS:
        raise PrevhubError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    if area not in AREAS:
        raise PrevhubError(f"area must be one of {', '.join(AREAS)}, not {area!r}")
    if len(points) == 0:
        raise PrevhubError("no located crimes match this selection")
    weights = points.harm_days if harm else None
    warnings = list(points.warnings)
    settings: dict[str, Any] = {}
    cells: list[HotspotCell] = []
    grid: Grid | None = None
    if area != "grid":
        if method == "kde":
            raise PrevhubError("kernel density needs a grid (area grid), not areas")
        codes = points.lsoa_code if area == "lsoa" else points.district
        names = points.lsoa_name if area == "lsoa" else points.district
        rows = area_counts(codes, points.x, points.y, area_names=names, harm_days=points.harm_days)
        values = np.array([r.harm_days if harm else r.count for r in rows], float)
        xs = np.array([r.x for r in rows])
        ys = np.array([r.y for r in rows])
        result = None
        if method == "gistar":
            given = distance is not None
            if distance is None:
                distance = gistar_module.default_area_distance(xs, ys)
            weights_matrix = gistar_module.distance_band_weights(xs, ys, distance)
            result = gistar_module.gi_star(values, weights_matrix, fdr=fdr)
            warnings.extend(result.warnings)
            settings.update(
                distance=distance,
                distance_rule="given"
                if given
                else "smallest distance giving every area a neighbour",
                neighbours="areas whose crimes' mean positions lie within the distance",
                fdr=fdr,
                test=gistar_module.METHOD,
            )
        for k, r in enumerate(rows):
            cells.append(
                HotspotCell(
                    cell_id=r.area_code,
                    x=round(r.x, 1),
                    y=round(r.y, 1),
                    count=float(values[k]) if harm else r.count,
                    z=None if result is None else _opt(result.z[k]),
                    p_value=None if result is None else _opt(result.p_value[k]),
                    q_value=None if result is None else _opt(result.q_value[k]),
                    hotspot_class=None if result is None else int(result.hotspot_class[k]),
                    area_name=str(r.area_name),
                )
            )
        events = len(points)
    elif method == "kde":
        surface = kernel_density(
            points.x, points.y, bandwidth=bandwidth, kernel=kernel, cell=cell, weights=weights
        )
        grid = surface.grid
        warnings.extend(surface.warnings)
        settings.update(
            cell=grid.cell,
            cell_rule=surface.cell_rule,
            kernel=kernel,
            bandwidth=round(surface.bandwidth, 1),
            bandwidth_rule=surface.bandwidth_rule,
            density_unit="per km2",
        )
        keep = np.ones(grid.size, bool) if all_cells else (surface.density.ravel() > 0)
        cells = _grid_rows(grid, surface.counts, keep, density=surface.density)
        events = surface.events
    else:
        counts = grid_counts(points.x, points.y, cell, weights=weights)
        cell_rule = counts.cell_rule
        result = None
        mask = None
        if method == "gistar":
            chosen, boundaries, why = _study_area(points, study_area, boundaries)
            if chosen == "force" and boundaries is not None:
                grid = _cover(counts.grid, boundaries)
                counts = grid_counts(points.x, points.y, weights=weights, grid=grid)
                inside = boundaries.cells_inside(grid)
                mask = inside | (counts.values > 0)
                rule = STUDY_AREA_FORCE_RULE.format(
                    inside=int(inside.sum()),
                    lsoas=len(boundaries.lsoa_code),
                    source=boundaries.source,
                    edge=int((mask & ~inside).sum()),
                )
            else:
                rule = STUDY_AREA_EXTENT_RULE + (f" ({why})" if why else "")
                if why and study_area is None:
                    warnings.append(f"Gi* study area is the crimes' bounding box: {why}.")
        grid = counts.grid
        warnings.extend(counts.warnings)
        settings.update(cell=grid.cell, cell_rule=cell_rule)
        keep = counts.values.ravel() > 0
        if method == "gistar":
            result = gistar_module.gi_star_grid(
                counts.values, grid.cell, distance=distance, mask=mask, fdr=fdr
            )
            warnings.extend(result.warnings)
            settings.update(
                distance=distance,
                neighbours=(
                    "the cell and its 8 neighbours"
                    if distance is None
                    else f"cells with centres within {distance:g} m"
                ),
                study_area=chosen,
                study_area_rule=rule,
                study_area_cells=result.n,
                fdr=fdr,
                test=gistar_module.METHOD,
            )
            keep |= result.hotspot_class.ravel() != 0
        if all_cells:
            keep[:] = True
        cells = _grid_rows(grid, counts.values, keep, gi=result)
        events = counts.events
    if method == "gistar":
        cells.sort(key=lambda c: (-(c.z if c.z is not None else -np.inf), c.cell_id))
    elif method == "kde":
        cells.sort(key=lambda c: (-(c.density or 0.0), c.cell_id))
    else:
        cells.sort(key=lambda c: (-c.count, c.cell_id))
    return HotspotResult(
        method=method,
        area=area,
        period=points.period,
        forces=points.forces,
        selection={},
        measure="harm_days" if harm else "count",
        events=events,
        cells=cells,
        grid=grid,
        settings=settings,
        warnings=warnings,
    )


def _study_area(
    points: CrimePoints, asked: str | None, boundaries: Boundaries | None
) -> tuple[str, Boundaries | None, str]:
    """Which Gi* study area to use: (``force`` or ``extent``, boundaries, why not the force).

    The force's own area is the default whenever the selection is one force with boundaries
    (packaged or installed); asking for it without them is an error, not a silent fallback.
    """
    if asked == "extent":
        return "extent", None, ""
    why = ""
    if boundaries is None:
        if len(points.forces) != 1:
            why = "the selection spans more than one force"
        else:
            boundaries = force_boundaries(points.forces[0])
            if boundaries is None:
                why = (
                    f"no boundaries for {points.forces[0]} (an administrator loads them with "
                    f"`prevhub boundaries load FILE --force {points.forces[0]}`)"
                )
    if boundaries is None:
        if asked == "force":
            raise PrevhubError(f"study area 'force' needs the force's boundaries: {why}")
        return "extent", None, why
    return "force", boundaries, ""


def _cover(grid: Grid, boundaries: Boundaries) -> Grid:
    """The grid widened (same cells, same alignment) to cover the force's area too."""
    west, south, east, north = boundaries.area.bounds
    size = grid.cell
    x0 = min(grid.x0, np.floor(west / size) * size)
    y0 = min(grid.y0, np.floor(south / size) * size)
    x1 = max(grid.x0 + grid.nx * size, np.ceil(east / size) * size)
    y1 = max(grid.y0 + grid.ny * size, np.ceil(north / size) * size)
    return Grid(
        x0=float(x0),
        y0=float(y0),
        cell=size,
        nx=int(round((x1 - x0) / size)),
        ny=int(round((y1 - y0) / size)),
    )


def _grid_rows(
    grid: Grid,
    values: np.ndarray,
    keep: np.ndarray,
    *,
    gi: gistar_module.GiStarResult | None = None,
    density: np.ndarray | None = None,
) -> list[HotspotCell]:
    flat = np.flatnonzero(keep)
    xc, yc = grid.corners(flat)
    half = grid.cell / 2
    ids = grid.cell_ids(flat)
    v = values.ravel()
    rows = []
    for k, f in enumerate(flat):
        rows.append(
            HotspotCell(
                cell_id=ids[k],
                x=float(xc[k] + half),
                y=float(yc[k] + half),
                count=float(v[f]) if not float(v[f]).is_integer() else int(v[f]),
                z=None if gi is None else _opt(gi.z.ravel()[f]),
                p_value=None if gi is None else _opt(gi.p_value.ravel()[f]),
                q_value=None if gi is None else _opt(gi.q_value.ravel()[f]),
                hotspot_class=None if gi is None else int(gi.hotspot_class.ravel()[f]),
                density=None if density is None else float(density.ravel()[f]),
            )
        )
    return rows


def find_hotspots(
    store: CrimeStore,
    period: str | tuple[str, str],
    *,
    method: str = "gistar",
    area: str = "grid",
    crime_type: str | None = None,
    crime_class: str | None = None,
    force: str | None = None,
    cell: float | None = None,
    harm: bool = False,
    bandwidth: float | None = None,
    kernel: str = "quartic",
    distance: float | None = None,
    fdr: bool = True,
    all_cells: bool = False,
    include_outside: bool = False,
    source: str = "police-uk",
    study_area: str | None = None,
) -> HotspotResult:
    """Hot spots of a selection: ``count``, ``kde`` or ``gistar`` on a grid, LSOAs or districts.

    Parameters are those of :func:`select_points` (selection) and of the methods: ``cell``
    (metres; automatic when None), ``harm`` (sum Crime Harm Index days instead of counting),
    ``bandwidth``/``kernel`` (KDE), ``distance`` (Gi* neighbours; default the cell and its 8
    neighbours on a grid, or the smallest distance giving every area a neighbour), ``fdr``
    (classes from Benjamini-Hochberg q-values), ``all_cells`` (also list empty, non-significant
    cells; by default only cells with crimes or a significant class are listed),
    ``study_area`` (Gi* on a grid: ``force``, the cells of the force's own area from its
    boundaries, or ``extent``, every cell of the crimes' bounding box; default ``force`` when
    the selection is one force with boundaries, else ``extent``; ``settings["study_area"]``
    says which was used).
    """
    points = select_points(
        store,
        period,
        crime_type=crime_type,
        crime_class=crime_class,
        force=force,
        source=source,
        include_outside=include_outside,
    )
    result = hotspots_from_points(
        points,
        method=method,
        area=area,
        cell=cell,
        harm=harm,
        bandwidth=bandwidth,
        kernel=kernel,
        distance=distance,
        fdr=fdr,
        all_cells=all_cells,
        study_area=study_area,
    )
    selection = selection_summary(
        points,
        crime_type=crime_type,
        crime_class=crime_class,
        source=source,
        include_outside=include_outside,
    )
    return HotspotResult(**{**result.__dict__, "selection": selection})
