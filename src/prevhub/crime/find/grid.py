"""Regular grids in British National Grid metres, and crime counts on them or on areas.

A grid is the common ground of every Find method: counts, kernel density and Gi* all read the
same cells, so a hot cell on the Gi* map is the same square as on the count map. Cells are
aligned to whole multiples of the cell size in BNG (a 250 m grid has corners at easting 455000,
455250, ...), so two maps of the same cell size always share cells and a cell id
(``E455000N340250``, its south-west corner) means the same square in every output.

Cell size, when not given, follows :func:`auto_cell_size` (a named rule, never zero).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from prevhub.errors import PrevhubError

#: Automatic cells are never smaller than this: police.uk map points are snapped to streets,
#: so finer cells show the snapping, not the crimes.
MIN_AUTO_CELL = 50.0
#: Aim for this many events per cell, on average over the extent, when choosing a cell size.
EVENTS_PER_CELL = 5.0
#: ...and at least this many cells along the longer side of the extent.
MIN_CELLS_ALONG = 10
#: Refuse grids larger than this (a 10 m grid over England would not fit in memory).
MAX_CELLS = 25_000_000

AUTO_CELL_RULE = (
    f"auto: about {EVENTS_PER_CELL:g} events per cell over the extent, at least "
    f"{MIN_CELLS_ALONG} cells along its longer side, at least {MIN_AUTO_CELL:g} m, "
    "rounded to 1, 2, 2.5 or 5 x 10^k m"
)


def _nice(value: float) -> float:
    """Round down to 1, 2, 2.5 or 5 times a power of ten (cells that read well on a map)."""
    exponent = math.floor(math.log10(value))
    base = 10.0**exponent
    for step in (5.0, 2.5, 2.0, 1.0):
        if step * base <= value:
            return step * base
    return base


def auto_cell_size(x: np.ndarray, y: np.ndarray, *, minimum: float = MIN_AUTO_CELL) -> float:
    """Choose a cell size from the data's extent and count (the rule in :data:`AUTO_CELL_RULE`).

    ``sqrt(area * EVENTS_PER_CELL / n)`` gives about five events per cell on average; capping
    it at a tenth of the longer side keeps a sparse selection from collapsing into a handful of
    cells; the floor keeps it from going below what the data's precision supports. The result
    is never zero: a single point or identical points (zero extent) get the minimum.
    """
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    n = int(x.size)
    if n == 0:
        return float(minimum)
    width = float(np.ptp(x)) if n else 0.0
    height = float(np.ptp(y)) if n else 0.0
    longer = max(width, height)
    if longer <= 0:
        return float(minimum)
    area = max(width, minimum) * max(height, minimum)
    size = min(math.sqrt(area * EVENTS_PER_CELL / n), longer / MIN_CELLS_ALONG)
    return max(_nice(max(size, minimum)), float(minimum))


@dataclass(frozen=True)
class Grid:
    """A regular grid: south-west corner ``(x0, y0)``, square cells of ``cell`` metres.

    Arrays on the grid have shape ``(ny, nx)`` and are indexed ``[row, col]`` with row 0 the
    southernmost row (so ``array[iy, ix]`` is the cell whose south-west corner is
    ``(x0 + ix * cell, y0 + iy * cell)``). Flat indices are row-major: ``iy * nx + ix``.
    """

    x0: float
    y0: float
    cell: float
    nx: int
    ny: int

    @property
    def shape(self) -> tuple[int, int]:
        return (self.ny, self.nx)

    @property
    def size(self) -> int:
        return self.nx * self.ny

    @property
    def cell_area_km2(self) -> float:
        return self.cell * self.cell / 1e6

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        """Cell-centre eastings and northings as ``(ny, nx)`` arrays."""
        xs = self.x0 + (np.arange(self.nx) + 0.5) * self.cell
        ys = self.y0 + (np.arange(self.ny) + 0.5) * self.cell
        xx, yy = np.meshgrid(xs, ys)
        return xx, yy

    def locate(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row, col) of each point; points on a shared edge go to the cell east/north of it."""
        col = np.floor((np.asarray(x, float) - self.x0) / self.cell).astype(np.int64)
        row = np.floor((np.asarray(y, float) - self.y0) / self.cell).astype(np.int64)
        return row, col

    def cell_id(self, row: int, col: int) -> str:
        """``E<easting>N<northing>`` of the cell's south-west corner, in whole metres."""
        return f"E{round(self.x0 + col * self.cell)}N{round(self.y0 + row * self.cell)}"

    def cell_ids(self, flat: np.ndarray | Sequence[int]) -> list[str]:
        """Cell ids of flat (row-major) indices."""
        return [self.cell_id(int(i) // self.nx, int(i) % self.nx) for i in flat]

    def corners(self, flat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """South-west corners of flat indices (for drawing cells as squares)."""
        flat = np.asarray(flat, np.int64)
        return self.x0 + (flat % self.nx) * self.cell, self.y0 + (flat // self.nx) * self.cell


def make_grid(
    x: np.ndarray,
    y: np.ndarray,
    cell: float | None = None,
    *,
    pad: float = 0.0,
) -> Grid:
    """A grid aligned to multiples of ``cell`` covering the points plus ``pad`` metres each side.

    ``pad`` is how kernel density keeps the mass that spills past the outermost points.
    """
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    if x.size == 0:
        raise PrevhubError("no located crimes to put on a grid")
    if cell is None:
        cell = auto_cell_size(x, y)
    if not cell > 0 or not math.isfinite(cell):
        raise PrevhubError(f"cell size must be a positive number of metres, not {cell!r}")
    cell = float(cell)
    x0 = math.floor((float(x.min()) - pad) / cell) * cell
    y0 = math.floor((float(y.min()) - pad) / cell) * cell
    nx = int(math.floor((float(x.max()) + pad - x0) / cell)) + 1
    ny = int(math.floor((float(y.max()) + pad - y0) / cell)) + 1
    if nx * ny > MAX_CELLS:
        raise PrevhubError(
            f"a {cell:g} m grid over this extent has {nx * ny:,} cells (limit {MAX_CELLS:,}); "
            "choose a larger cell size"
        )
    return Grid(x0=x0, y0=y0, cell=cell, nx=nx, ny=ny)


@dataclass(frozen=True)
class GridCounts:
    """Crimes (or harm days) per grid cell: ``values[row, col]`` on ``grid``."""

    grid: Grid
    values: np.ndarray
    events: int
    measure: str  # "count" or "harm_days"
    cell_rule: str
    warnings: list[str] = field(default_factory=list)


def grid_counts(
    x: np.ndarray,
    y: np.ndarray,
    cell: float | None = None,
    *,
    weights: np.ndarray | None = None,
    grid: Grid | None = None,
    pad: float = 0.0,
) -> GridCounts:
    """Count points (or sum ``weights``, e.g. harm days) per cell of a BNG grid.

    Binning is one ``np.bincount`` over flat cell indices: linear in the number of points,
    so a million points take a fraction of a second. Points outside a given ``grid`` are
    dropped with a warning.
    """
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    rule = f"{cell:g} m (given)" if cell is not None else AUTO_CELL_RULE
    if grid is None:
        grid = make_grid(x, y, cell, pad=pad)
    elif cell is None:
        rule = f"{grid.cell:g} m (given grid)"
    row, col = grid.locate(x, y)
    inside = (row >= 0) & (row < grid.ny) & (col >= 0) & (col < grid.nx)
    warnings = []
    if not inside.all():
        warnings.append(f"{int((~inside).sum()):,} points lie outside the grid and are dropped")
    flat = row[inside] * grid.nx + col[inside]
    w = None if weights is None else np.asarray(weights, float)[inside]
    values = np.bincount(flat, weights=w, minlength=grid.size).astype(float)
    return GridCounts(
        grid=grid,
        values=values.reshape(grid.shape),
        events=int(inside.sum()),
        measure="count" if weights is None else "harm_days",
        cell_rule=rule,
        warnings=warnings,
    )


@dataclass(frozen=True)
class AreaCount:
    """Crimes in one area (LSOA or district), with the mean position of its map points.

    ``x``/``y`` (BNG) is the mean of the area's crime locations: not the area's centroid,
    but what distance-band Gi* on areas can use without boundary files.
    """

    area_code: str
    area_name: str
    count: int
    harm_days: float
    x: float
    y: float


def area_counts(
    area_codes: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    *,
    area_names: np.ndarray | None = None,
    harm_days: np.ndarray | None = None,
) -> list[AreaCount]:
    """Crimes per area from parallel arrays (``None`` codes, i.e. unlocated rows, are skipped).

    Sorted by count, largest first, then by code.
    """
    codes = np.asarray(area_codes, object)
    keep = np.array([c is not None and c == c and str(c) != "" for c in codes], bool)
    codes = codes[keep].astype(str)
    xs = np.asarray(x, float)[keep]
    ys = np.asarray(y, float)[keep]
    harm = np.zeros(codes.size) if harm_days is None else np.asarray(harm_days, float)[keep]
    names = codes if area_names is None else np.asarray(area_names, object)[keep].astype(str)
    unique, inverse = np.unique(codes, return_inverse=True)
    n = np.bincount(inverse, minlength=unique.size)
    sx = np.bincount(inverse, weights=xs, minlength=unique.size)
    sy = np.bincount(inverse, weights=ys, minlength=unique.size)
    sh = np.bincount(inverse, weights=harm, minlength=unique.size)
    first_name: dict[str, str] = {}
    for code, name in zip(codes, names, strict=True):
        first_name.setdefault(code, name)
    rows = [
        AreaCount(
            area_code=str(code),
            area_name=first_name[str(code)],
            count=int(n[i]),
            harm_days=float(sh[i]),
            x=float(sx[i] / n[i]),
            y=float(sy[i] / n[i]),
        )
        for i, code in enumerate(unique)
    ]
    rows.sort(key=lambda r: (-r.count, r.area_code))
    return rows
