"""Near repeat analysis end to end: read points (a file or the store), run Knox, suggest tasks.

:func:`read_point_file` reads any CSV of points (projected metres or longitude/latitude, which it
projects to BNG), :func:`near_repeat_from_store` runs the Knox test on a store selection, and
:func:`prevention_tasks` turns a significant near-repeat pattern into a task list: for each recent
crime, the area within the significant distance to visit, until the significant time window has
passed (the "cocooning" response, Johnson & Bowers 2004).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from prevhub.crime.find.knox import KnoxResult, knox_test
from prevhub.crime.find.points import (
    POLICE_UK,
    POLICE_UK_SNAPPING_WARNING,
    days_since_epoch,
    from_bng,
    parse_dates,
    project,
    select_points,
)
from prevhub.crime.store import CrimeStore
from prevhub.errors import PrevhubError

MONTH_DATES_WARNING = (
    "police.uk gives only the month of each crime (every date here is the 1st): time bands "
    "shorter than a month cannot be resolved, and same-month pairs all fall in the first band. "
    "Use force extracts with recorded dates (--source recorded-crime) for near-repeat analysis."
)


@dataclass(frozen=True)
class PointFile:
    """Points read from a CSV: metres (BNG, or the file's own metric CRS) and dates."""

    x: np.ndarray
    y: np.ndarray
    dates: np.ndarray
    crs: str
    rows: int
    warnings: list[str]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def read_point_file(
    path: Path | str,
    *,
    columns: list[str] | None = None,
    x: str | None = None,
    y: str | None = None,
    date: str | None = None,
    crs: str | int | None = None,
) -> PointFile:
    """Read ``x, y, date`` points from a CSV.

    Either ``columns`` names the file's columns in order (for files without a header, e.g.
    ``["x", "y", "date"]``; a header row, if present, is skipped), or ``x``/``y``/``date`` name
    header columns. Without ``crs``, coordinates that all look like longitude/latitude are taken
    as WGS84 and projected to BNG; anything else is taken as metres in a projected CRS.
    """
    source = Path(path)
    if not source.exists():
        raise PrevhubError(f"{source}: no such file")
    with source.open(newline="", encoding="utf-8-sig") as handle:
        rows = [r for r in csv.reader(handle) if any(cell.strip() for cell in r)]
    if not rows:
        raise PrevhubError(f"{source}: no rows")
    if columns:
        names = [c.strip() for c in columns]
        for needed in ("x", "y", "date"):
            if needed not in names:
                raise PrevhubError(f"--columns must name x, y and date (got {','.join(names)})")
        ix, iy, idate = names.index("x"), names.index("y"), names.index("date")
        first = rows[0]
        start = 0 if len(first) > max(ix, iy) and _is_number(first[ix]) else 1
        line0 = start + 1
    else:
        if not (x and y and date):
            raise PrevhubError("give --columns x,y,date or all of --x, --y and --date")
        header = [h.strip() for h in rows[0]]
        try:
            ix, iy, idate = header.index(x), header.index(y), header.index(date)
        except ValueError as exc:
            raise PrevhubError(f"{source}, line 1: no column {exc.args[0].split()[0]}") from exc
        start, line0 = 1, 2
    xs, ys, ds = [], [], []
    for offset, row in enumerate(rows[start:]):
        line = line0 + offset
        try:
            xs.append(float(row[ix]))
            ys.append(float(row[iy]))
            ds.append(row[idate])
        except (ValueError, IndexError) as exc:
            raise PrevhubError(f"{source}, line {line}: bad coordinate or missing column") from exc
    try:
        dates = parse_dates(ds)
    except PrevhubError as exc:
        raise PrevhubError(f"{source}: {exc}") from exc
    ax, ay = np.array(xs), np.array(ys)
    warnings = []
    if crs is None:
        lonlat = bool(np.all(np.abs(ax) <= 180) and np.all(np.abs(ay) <= 90))
        crs = "EPSG:4326" if lonlat else "metres"
        if lonlat:
            warnings.append("coordinates look like longitude/latitude: projected to BNG metres")
    if crs == "metres":
        px, py = ax, ay
    else:
        px, py = project(ax, ay, crs)
    return PointFile(x=px, y=py, dates=dates, crs=str(crs), rows=len(xs), warnings=warnings)


def near_repeat_from_store(
    store: CrimeStore,
    period: str | tuple[str, str],
    *,
    crime_type: str | None = None,
    crime_class: str | None = None,
    force: str | None = None,
    source: str = POLICE_UK,
    include_outside: bool = False,
    **knox: Any,
) -> tuple[KnoxResult, Any]:
    """Knox test on a store selection; returns the result and the selected points.

    ``knox`` are the keyword arguments of :func:`knox_test` (bands, distance, permutations,
    seed). police.uk data add the snapping and month-date warnings to the result.
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
    if len(points) < 2:
        raise PrevhubError("fewer than two located crimes match this selection")
    result = knox_test(points.x, points.y, days_since_epoch(points.date), **knox)
    extra = list(points.warnings)
    if points.date_resolution == "month":
        extra.append(MONTH_DATES_WARNING)
    result = KnoxResult(**{**result.__dict__, "warnings": [*extra, *result.warnings]})
    return result, points


@dataclass(frozen=True)
class PreventionTask:
    """Visit the area within ``radius_m`` of a recent crime until ``until`` (inclusive)."""

    crime: int
    x: float
    y: float
    longitude: float
    latitude: float
    crime_date: str
    radius_m: float
    until: str
    task: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def significant_window(result: KnoxResult, alpha: float = 0.05) -> tuple[float, float] | None:
    """(distance, days): the outer edges of the bands where near repeats exceed chance.

    The largest ``hi`` over significant cells (p <= alpha, Knox ratio > 1) in each direction;
    None when no cell is significant. Same-location-only patterns give distance 0.
    """
    sig = result.significant(alpha)
    if not sig.any():
        return None
    rows, cols = np.nonzero(sig)
    distance = max(result.space_bands[r].hi for r in rows)
    days = max(result.time_bands[c].hi for c in cols)
    return float(distance), float(days)


def prevention_tasks(
    result: KnoxResult,
    x: np.ndarray,
    y: np.ndarray,
    dates: np.ndarray,
    *,
    as_of: dt.date | None = None,
    alpha: float = 0.05,
) -> list[PreventionTask]:
    """Tasks for the crimes still inside the near-repeat window on ``as_of`` (default: last date).

    A crime on day ``d`` is covered while ``as_of < d + days`` (the window is the significant
    time bands, half-open like them); each task covers everything within the significant
    distance (less than its upper edge) until ``d + days - 1``.
    """
    window = significant_window(result, alpha)
    if window is None:
        return []
    radius, days = window
    d = np.asarray(dates, "datetime64[D]")
    if d.size == 0:
        return []
    today = np.datetime64(as_of, "D") if as_of is not None else d.max()
    span = np.timedelta64(int(np.ceil(days)), "D")
    live = np.flatnonzero((d <= today) & (today < d + span))
    lon, lat = from_bng(np.asarray(x, float)[live], np.asarray(y, float)[live])
    tasks = []
    for k, idx in enumerate(live):
        until = d[idx] + span - np.timedelta64(1, "D")
        where = "the same location" if radius == 0 else f"less than {radius:,.0f} m"
        tasks.append(
            PreventionTask(
                crime=int(idx),
                x=round(float(x[idx]), 1),
                y=round(float(y[idx]), 1),
                longitude=round(float(lon[k]), 6),
                latitude=round(float(lat[k]), 6),
                crime_date=str(d[idx]),
                radius_m=radius,
                until=str(until),
                task=(
                    f"Prevention visits to homes and places {where} from the crime of "
                    f"{d[idx]} (target hardening, advice), until {until}"
                ),
            )
        )
    return tasks


__all__ = [
    "MONTH_DATES_WARNING",
    "POLICE_UK_SNAPPING_WARNING",
    "PointFile",
    "PreventionTask",
    "near_repeat_from_store",
    "prevention_tasks",
    "read_point_file",
    "significant_window",
]
