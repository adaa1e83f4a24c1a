"""Counts for evaluations from the crime store: areas' monthly series, the displacement buffer
around a response area, and comparison areas like it.

The methods in this package take plain counts; this module is where they come from for areas
of the store (police.uk street crimes, counted as :mod:`prevhub.crime.area_figures` counts
them: one crime per published row, ASB only when asked for by name).

* :func:`monthly_by_lsoa` / :func:`monthly_by_district`: one series per LSOA or district in
  one query.
* :func:`neighbouring_lsoas`: the LSOAs whose polygons touch the response area's (the
  displacement buffer a WDD needs), from the force's boundaries.
* :func:`similar_areas`: comparison areas ranked by how like the response area they were
  before it started, in crime level (log ratio of counts) and mix (the total variation
  distance between the crime-type shares).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from prevhub.crime.area_figures import AreaSelection, _check, _where, monthly
from prevhub.crime.periods import Period, months_in, parse_period
from prevhub.crime.store import CrimeStore
from prevhub.errors import PrevhubError


def series(store: CrimeStore, sel: AreaSelection, months: Sequence[str]) -> list[int]:
    """The selection's count in each of ``months`` (which need not be consecutive)."""
    wanted = list(months)
    got: dict[str, int] = {}
    for period in _runs(wanted):
        got.update(dict(monthly(store, sel, period)))
    return [got[m] for m in wanted]


def _runs(months: Sequence[str]) -> list[Period]:
    """Consecutive runs of months as periods: 2023-01..03 and 2024-01..03 -> two periods."""
    from prevhub.crime.periods import add_months

    runs: list[Period] = []
    for m in sorted(set(months)):
        if runs and add_months(runs[-1][1], 1) == m:
            runs[-1] = (runs[-1][0], m)
        else:
            runs.append((m, m))
    return runs


def own_districts(store: CrimeStore, force: str) -> tuple[str, ...]:
    """The force's own districts (the packaged table): LSOAs outside them are not its areas."""
    rows = store.con.execute(
        "SELECT district FROM force_districts WHERE force = ? ORDER BY 1", [force]
    ).fetchall()
    return tuple(r[0] for r in rows)


def _grouped(
    store: CrimeStore, sel: AreaSelection, months: Sequence[str], column: str
) -> dict[str, list[int]]:
    wanted = sorted(set(months))
    _check(store, sel, wanted)
    where, params = _where(sel)
    rows = store.con.execute(
        f"""SELECT s.{column}, s.month, count(*) FROM street_crimes s
            JOIN crime_type_classes c ON c.crime_type = s.crime_type
            WHERE {where} AND s.{column} IS NOT NULL
              AND s.month IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1, 2""",
        [*params, wanted],
    ).fetchall()
    out: dict[str, dict[str, int]] = {}
    for area, month, n in rows:
        out.setdefault(str(area), {})[str(month)] = int(n)
    return {area: [counts.get(m, 0) for m in months] for area, counts in sorted(out.items())}


def monthly_by_lsoa(
    store: CrimeStore,
    force: str,
    months: Sequence[str],
    *,
    crime_types: Sequence[str] = (),
    districts: Sequence[str] = (),
) -> dict[str, list[int]]:
    """``{lsoa_code: [count per month]}`` for the force's LSOAs with any crime in ``months``
    (within ``districts`` when given). An LSOA with no crime in any month is absent."""
    within = tuple(districts) or own_districts(store, force)
    sel = AreaSelection(force, districts=within, crime_types=tuple(crime_types))
    return _grouped(store, sel, months, "lsoa_code")


def monthly_by_district(
    store: CrimeStore, force: str, months: Sequence[str], *, crime_types: Sequence[str] = ()
) -> dict[str, list[int]]:
    """``{district: [count per month]}`` for the force's districts."""
    sel = AreaSelection(
        force, districts=own_districts(store, force), crime_types=tuple(crime_types)
    )
    return _grouped(store, sel, months, "district")


def neighbouring_lsoas(force: str, lsoas: Sequence[str], *, rings: int = 1) -> list[str]:
    """LSOAs whose polygons touch the given ones (``rings`` steps out), not the given ones.

    Needs the force's boundaries (packaged or installed); LSOA codes the boundaries do not
    hold (police.uk's 2021 codes against packaged 2011 polygons) are skipped.
    """
    import shapely

    from prevhub.crime.geography import force_boundaries

    bounds = force_boundaries(force)
    if bounds is None:
        raise PrevhubError(
            f"no boundaries for {force!r}: load them (prevhub boundaries load) to draw a "
            "displacement buffer"
        )
    index = {code: i for i, code in enumerate(bounds.lsoa_code)}
    inside = {c for c in lsoas if c in index}
    if not inside:
        raise PrevhubError("none of the area's LSOAs is in the force's boundaries")
    tree = shapely.STRtree(bounds.lsoa_bng)
    ring = set(inside)
    seen = set(inside)
    for _ in range(rings):
        shape = shapely.union_all(bounds.lsoa_bng[[index[c] for c in ring]]).buffer(1.0)
        hits = tree.query(shape, predicate="intersects")
        ring = {bounds.lsoa_code[i] for i in hits} - seen
        seen |= ring
    return sorted(seen - inside)


@dataclass(frozen=True)
class SimilarArea:
    """A candidate comparison area and how like the response area it was before."""

    area: str
    count: int
    level_ratio: float
    mix_distance: float
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "count": self.count,
            "level_ratio": self.level_ratio,
            "mix_distance": self.mix_distance,
            "score": self.score,
        }


def _mix(store: CrimeStore, sel: AreaSelection, period: Period, column: str | None) -> Any:
    where, params = _where(sel)
    group = f"s.{column}, " if column else ""
    rows = store.con.execute(
        f"""SELECT {group} s.crime_type, count(*) FROM street_crimes s
            JOIN crime_type_classes c ON c.crime_type = s.crime_type
            WHERE {where} AND s.month BETWEEN ? AND ?
            {"AND s." + column + " IS NOT NULL" if column else ""}
            GROUP BY ALL""",
        [*params, *period],
    ).fetchall()
    return rows


def similar_areas(
    store: CrimeStore,
    target: AreaSelection,
    before: Period | str,
    *,
    level: str = "lsoa",
    exclude: Sequence[str] = (),
    limit: int = 10,
) -> list[SimilarArea]:
    """Areas of ``level`` ('lsoa' or 'district') most like ``target`` before the response.

    Score = |ln(count / target count)| + total variation distance of the crime-type mix
    (½ Σ |share − target share|, 0 to 1), over the target's crime types (all crime when it
    names none). Lower is more alike. The target's own areas and ``exclude`` are left out.
    """
    if level not in ("lsoa", "district"):
        raise PrevhubError("level is lsoa or district")
    period = parse_period(before)
    _check(store, target, months_in(period))
    column = "lsoa_code" if level == "lsoa" else "district"
    mine: dict[str, int] = {}
    for crime_type, n in _mix(store, target, period, None):
        mine[crime_type] = int(n)
    total = sum(mine.values())
    if total == 0:
        raise PrevhubError("the area had no such crimes before: nothing to match on")
    whole = AreaSelection(
        target.force, districts=own_districts(store, target.force), crime_types=target.crime_types
    )
    theirs: dict[str, dict[str, int]] = {}
    for area, crime_type, n in _mix(store, whole, period, column):
        theirs.setdefault(str(area), {})[crime_type] = int(n)
    skip = set(exclude) | set(target.lsoas if level == "lsoa" else target.districts)
    out = []
    types = set(mine) | {t for v in theirs.values() for t in v}
    for area, counts in theirs.items():
        if area in skip:
            continue
        n = sum(counts.values())
        if n == 0:
            continue
        ratio = n / total
        tvd = 0.5 * sum(abs(counts.get(t, 0) / n - mine.get(t, 0) / total) for t in types)
        out.append(SimilarArea(area, n, ratio, tvd, abs(math.log(ratio)) + tvd))
    out.sort(key=lambda s: (s.score, s.area))
    return out[:limit]


def grid_hotspot_accuracy(
    store: CrimeStore,
    force: str,
    chosen_from: Period | str,
    evaluated_on: Period | str,
    *,
    cell: float = 250.0,
    area_share: float = 0.05,
    crime_type: str | None = None,
) -> Any:
    """PAI, PEI and RRI of the busiest cells of ``chosen_from`` against ``evaluated_on``.

    Cells are squares of ``cell`` metres on one grid over both periods' located crimes; the
    study area is the cells whose centres lie in the force's boundaries (or, without
    boundaries, every cell of the grid, with a caveat). The chosen cells are the busiest of
    the first period, as many as make up ``area_share`` of the study area.
    """
    import numpy as np

    from prevhub.crime.evaluation.hotspots import hotspot_accuracy
    from prevhub.crime.find.grid import grid_counts, make_grid
    from prevhub.crime.find.points import select_points
    from prevhub.crime.geography import force_boundaries

    if not 0 < area_share < 1:
        raise PrevhubError("the area share is between 0 and 1 (e.g. 0.05 for 5 %)")
    first = select_points(store, chosen_from, crime_type=crime_type, force=force)
    second = select_points(store, evaluated_on, crime_type=crime_type, force=force)
    if not len(first) or not len(second):
        raise PrevhubError("no located crimes in one of the periods")
    grid = make_grid(np.concatenate([first.x, second.x]), np.concatenate([first.y, second.y]), cell)
    a = grid_counts(first.x, first.y, grid=grid).values.ravel()
    b = grid_counts(second.x, second.y, grid=grid).values.ravel()
    bounds = force_boundaries(force)
    caveat = None
    if bounds is not None:
        inside = bounds.cells_inside(grid).ravel()
    else:
        inside = np.ones(grid.size, bool)
        caveat = "No boundaries for the force: the study area is the grid's rectangle."
    study = np.flatnonzero(inside | (a > 0) | (b > 0))
    n_chosen = max(1, round(area_share * int(inside.sum())))
    order = study[np.argsort(-a[study], kind="stable")][:n_chosen]
    ids = grid.cell_ids(study)
    current = {i: float(a[k]) for i, k in zip(ids, study, strict=True)}
    following = {i: float(b[k]) for i, k in zip(ids, study, strict=True)}
    result = hotspot_accuracy(set(grid.cell_ids(order)), current, following, total_cells=len(study))
    result.parts.update(
        cell_metres=cell,
        chosen_from=list(parse_period(chosen_from)),
        evaluated_on=list(parse_period(evaluated_on)),
        area_share_asked=area_share,
    )
    if caveat:
        result.caveats.append(caveat)
    return result
