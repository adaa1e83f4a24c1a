"""Business crime around premises: crimes near each of a list of places, before and after a date.

The Safer Business register asks of each business (and of each action day's area) "did the
crime around it change after our visit, and more than around the businesses we did not visit?".
This module answers for any list of :class:`Site` (a point with a key), with no Django: the
register hands it points, it hands back counts and tests.

How a crime is counted
----------------------
* **Sources.** police.uk street crimes of the chosen types (``crime_types``; default
  :data:`SHOPLIFTING`), and, when the store holds force extracts, recorded crimes with the chosen
  Home Office offence codes (``offence_codes``; default :data:`BUSINESS_OFFENCE_CODES`).
* **Near.** ``radius_m``: a crime whose map point lies within that many metres of the site, by
  straight-line distance in British National Grid metres (EPSG:27700, projected with pyproj as
  every Find method is). ``lsoa=True`` instead: a crime whose map point lies in the same LSOA
  polygon as the site (the packaged 2011 polygons of :mod:`prevhub.crime.geography`, so 2011-
  and 2021-coded rows are placed alike).
* **When.** police.uk gives months only, so periods are months: ``before`` and ``after`` are
  month periods (``("2024-01", "2024-01")``); the month of a visit belongs to neither (part of
  it is before the visit, part after) — callers choose the periods that way.
* **Groups.** A group's total counts each crime once even when it lies near several of the
  group's sites (so it is *not* the sum of the sites' counts when sites are close together).

What the figures cannot tell
----------------------------
police.uk points are snapped to anonymous map points (:data:`POLICE_UK_SNAPPING_WARNING`), so a
crime "within 100 m" may have happened up to a few hundred metres away, and a map point may
stand for a whole stretch of street: use radii of 200 m or more, and read a single business's
count as the crime *around* it, not *against* it. Shoplifting in police.uk is always against a
business; burglary, robbery, criminal damage and other theft mix business and personal
victims. A before/after change near a few businesses is small numbers, and RES assumes Poisson
counts (crime is usually over-dispersed, so the interval is too narrow).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from prevhub.crime.area_figures import relative_effect_size
from prevhub.crime.find.points import POLICE_UK_SNAPPING_WARNING, to_bng
from prevhub.crime.periods import Period, months_in, parse_period
from prevhub.crime.stats import compare_poisson_counts
from prevhub.crime.store import CrimeStore
from prevhub.errors import PrevhubError

__all__ = [
    "BUSINESS_OFFENCE_CODES",
    "OTHER_BUSINESS_TYPES",
    "POLICE_UK_SNAPPING_WARNING",
    "SHOPLIFTING",
    "AroundResult",
    "GroupComparison",
    "Site",
    "SiteCount",
    "area_and_rest_of_district",
    "compare_groups",
    "crimes_around",
    "repeat_victim_locations",
]

#: police.uk's one crime type that is always against a business.
SHOPLIFTING: tuple[str, ...] = ("Shoplifting",)
#: police.uk types that include crime against businesses, among crimes against people and homes
#: (police.uk does not split them: "Burglary" is homes and businesses together).
OTHER_BUSINESS_TYPES: tuple[str, ...] = (
    "Burglary",
    "Robbery",
    "Criminal damage and arson",
    "Other theft",
)
#: Home Office offence codes of crime against a business (the ONS offence hierarchy packaged in
#: ``reference/ons_crime_offence_hierarchy_2017-18.csv``): shoplifting (46), burglary business
#: and community (30C, 30D attempted, 31A aggravated; 30A/30B before April 2017), robbery of
#: business property (34A), theft by an employee (41), making off without payment (49A).
BUSINESS_OFFENCE_CODES: tuple[str, ...] = (
    "46", "30A", "30B", "30C", "30D", "31A", "34A", "41", "49A",
)  # fmt: skip

#: Degrees of latitude/longitude per metre, generously (longitude at 61° N): the box a query
#: reads before the exact distance test, never smaller than the circle it must hold.
_DEGREES_PER_METRE = 1 / 50_000


@dataclass(frozen=True)
class Site:
    """A place to count around: a business or an action day's centre (WGS84 degrees)."""

    key: str
    longitude: float
    latitude: float


@dataclass(frozen=True)
class SiteCount:
    """Crimes near one site in the before and after periods."""

    key: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class AroundResult:
    """Counts per site, and the crimes behind them (row indices per site) for group totals."""

    before: Period
    after: Period
    radius_m: float | None
    lsoa: bool
    crime_types: tuple[str, ...]
    offence_codes: tuple[str, ...]
    sites: list[SiteCount]
    sources: list[str]
    warnings: list[str]
    _near: dict[str, np.ndarray] = field(repr=False, default_factory=dict)
    _is_after: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, bool))

    def by_key(self) -> dict[str, SiteCount]:
        return {s.key: s for s in self.sites}

    def group_counts(self, keys: Sequence[str]) -> tuple[int, int]:
        """(before, after) of the crimes near any of `keys`, each crime counted once."""
        chosen = [self._near[k] for k in keys if k in self._near]
        if not chosen:
            return 0, 0
        rows = np.unique(np.concatenate(chosen))
        after = int(self._is_after[rows].sum())
        return int(rows.size) - after, after


@dataclass(frozen=True)
class GroupComparison:
    """Visited against unvisited: each group's before/after test, and the relative effect."""

    treated_sites: int
    comparison_sites: int
    treated_before: int
    treated_after: int
    comparison_before: int | None
    comparison_after: int | None
    treated_test: dict[str, Any]
    comparison_test: dict[str, Any] | None
    res: float | None
    res_ci95: tuple[float, float] | None
    res_p_value: float | None
    test: str
    notes: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _check_periods(before: Period | str, after: Period | str) -> tuple[Period, Period]:
    b, a = parse_period(before), parse_period(after)
    if not b[1] < a[0]:
        raise PrevhubError("the 'before' period must end before the 'after' period starts")
    return b, a


def _crime_points(
    store: CrimeStore,
    force: str,
    months: list[str],
    crime_types: Sequence[str],
    offence_codes: Sequence[str],
    box: tuple[float, float, float, float],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """(longitude, latitude, month) of every located crime of the types in the box."""
    west, south, east, north = box
    parts, params, sources = [], [], []
    marks = ", ".join("?" * len(months))
    if crime_types:
        parts.append(
            "SELECT longitude, latitude, month FROM street_crimes WHERE force = ? "
            f"AND month IN ({marks}) AND crime_type IN ({', '.join('?' * len(crime_types))}) "
            "AND longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?"
        )
        params += [force, *months, *crime_types, west, east, south, north]
        sources.append("police.uk street crimes")
    has_recorded = store.count("recorded_crimes", "force = ?", [force]) > 0
    if offence_codes and has_recorded:
        parts.append(
            "SELECT longitude, latitude, month FROM recorded_crimes WHERE force = ? "
            f"AND month IN ({marks}) AND offence_code IN ({', '.join('?' * len(offence_codes))}) "
            "AND longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?"
        )
        params += [force, *months, *offence_codes, west, east, south, north]
        sources.append("force recorded crime")
    if not parts:
        return np.zeros(0), np.zeros(0), np.zeros(0, object), sources
    rows = store.con.execute(" UNION ALL ".join(parts), params).fetchnumpy()
    return (
        np.asarray(rows["longitude"], float),
        np.asarray(rows["latitude"], float),
        np.asarray(rows["month"], object),
        sources,
    )


def crimes_around(
    store: CrimeStore,
    sites: Sequence[Site],
    *,
    force: str,
    before: Period | str,
    after: Period | str,
    radius_m: float | None = 250.0,
    lsoa: bool = False,
    crime_types: Sequence[str] = SHOPLIFTING,
    offence_codes: Sequence[str] = (),
) -> AroundResult:
    """Count crimes near each site in the before and after periods.

    Parameters
    ----------
    store
        An open crime store.
    sites
        The places (WGS84); keys must be unique.
    force
        The force id whose rows are counted.
    before, after
        Month periods (``"2024-01"`` or ``("2023-10", "2023-12")``); ``before`` ends first.
    radius_m
        Straight-line distance in BNG metres (a crime exactly on the circle counts).
    lsoa
        Count crimes in the site's LSOA polygon instead of a radius (needs the force's
        boundaries).
    crime_types, offence_codes
        police.uk crime types and, for force extracts, Home Office offence codes.

    Examples
    --------
    >>> # with CrimeStore(path, read_only=True) as store:
    >>> #     crimes_around(store, [Site("b1", -1.1466, 52.9536)], force="nottinghamshire",
    >>> #                   before="2024-01", after="2024-03", radius_m=250)
    """
    b, a = _check_periods(before, after)
    keys = [s.key for s in sites]
    if len(set(keys)) != len(keys):
        raise PrevhubError("each site needs its own key")
    if not lsoa and (radius_m is None or not radius_m > 0):
        raise PrevhubError("the radius must be a positive number of metres")
    if lsoa:
        radius_m = None
    months = months_in(b) + months_in(a)
    warnings = [POLICE_UK_SNAPPING_WARNING] if crime_types else []
    empty = AroundResult(b, a, radius_m, lsoa, tuple(crime_types), tuple(offence_codes),
                         [SiteCount(k, 0, 0) for k in keys], [], warnings)  # fmt: skip
    if not sites:
        return empty
    lon = np.array([s.longitude for s in sites], float)
    lat = np.array([s.latitude for s in sites], float)
    if lsoa:
        boundaries, site_lsoa = _site_lsoas(force, lon, lat)
        box = _box_of(boundaries)
    else:
        margin = radius_m * _DEGREES_PER_METRE  # type: ignore[operator]
        box = (lon.min() - margin, lat.min() - margin, lon.max() + margin, lat.max() + margin)
    clon, clat, cmonth, sources = _crime_points(
        store, force, months, crime_types, offence_codes, box
    )
    is_after = np.isin(cmonth, months_in(a)) if cmonth.size else np.zeros(0, bool)
    near: dict[str, np.ndarray] = {}
    if cmonth.size:
        cx, cy = to_bng(clon, clat)
        if lsoa:
            crime_lsoa = _point_lsoas(boundaries, cx, cy)
            for key, code in zip(keys, site_lsoa, strict=True):
                near[key] = (
                    np.flatnonzero(crime_lsoa == code) if code >= 0 else np.zeros(0, np.int64)
                )
        else:
            from scipy.spatial import cKDTree

            sx, sy = to_bng(lon, lat)
            tree = cKDTree(np.column_stack([cx, cy]))
            # a hair over the radius, then the exact test: a crime on the circle counts
            hits = tree.query_ball_point(np.column_stack([sx, sy]), r=radius_m * (1 + 1e-9))
            for key, x, y, found in zip(keys, sx, sy, hits, strict=True):
                idx = np.asarray(found, np.int64)
                d2 = (cx[idx] - x) ** 2 + (cy[idx] - y) ** 2
                near[key] = np.sort(idx[d2 <= radius_m**2])  # type: ignore[operator]
    counts = []
    for key in keys:
        idx = near.get(key, np.zeros(0, np.int64))
        after_n = int(is_after[idx].sum()) if idx.size else 0
        counts.append(SiteCount(key, int(idx.size) - after_n, after_n))
    return AroundResult(
        b, a, radius_m, lsoa, tuple(crime_types), tuple(offence_codes), counts, sources,
        warnings, near, is_after,
    )  # fmt: skip


def _site_lsoas(force: str, lon: np.ndarray, lat: np.ndarray) -> tuple[Any, np.ndarray]:
    from prevhub.crime.geography import force_boundaries

    boundaries = force_boundaries(force)
    if boundaries is None:
        raise PrevhubError(
            f"no LSOA boundaries for {force}: count within a radius instead, or load them "
            "with `prevhub boundaries load`"
        )
    x, y = to_bng(lon, lat)
    return boundaries, _point_lsoas(boundaries, x, y)


def _point_lsoas(boundaries: Any, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Index of the LSOA polygon holding each BNG point (-1 outside all)."""
    from prevhub.crime.geography import _first_hit

    return _first_hit(boundaries._lsoa_tree, x, y)


def _box_of(boundaries: Any) -> tuple[float, float, float, float]:
    import shapely

    west, south, east, north = shapely.total_bounds(boundaries.lsoa_shapes)
    return float(west), float(south), float(east), float(north)


def compare_groups(
    result: AroundResult, treated: Sequence[str], comparison: Sequence[str]
) -> GroupComparison:
    """Visited (`treated`) against unvisited (`comparison`) sites: the exact conditional Poisson
    test of each group's before/after change (:func:`prevhub.crime.stats.compare_poisson_counts`)
    and the relative effect size RES = (a·d)/(b·c) with its log-normal interval
    (:func:`prevhub.crime.area_figures.relative_effect_size`; Welsh & Farrington 2009).
    RES above 1: crime fell more (or rose less) around the visited sites."""
    overlap = set(treated) & set(comparison)
    if overlap:
        raise PrevhubError(f"a site cannot be both visited and a comparison: {sorted(overlap)}")
    exposure = len(months_in(result.after)) / len(months_in(result.before))
    tb, ta = result.group_counts(treated)
    t_test = compare_poisson_counts(ta, tb, exposure_ratio=exposure).to_dict()
    notes: list[str] = []
    cb = ca = None
    c_test = None
    res = lo = hi = p = None
    if comparison:
        cb, ca = result.group_counts(comparison)
        c_test = compare_poisson_counts(ca, cb, exposure_ratio=exposure).to_dict()
        if min(tb, ta, cb, ca) > 0:
            res, lo, hi, p = relative_effect_size(tb, ta, cb, ca)
        else:
            notes.append("A count of zero: the relative effect size cannot be computed.")
        notes.append(
            "RES assumes Poisson counts; crime counts are usually over-dispersed, so the "
            "interval is too narrow (Farrington et al. 2007)."
        )
    else:
        notes.append(
            "No unvisited comparison: a before/after change alone cannot separate the visits' "
            "effect from the general trend, the season or regression to the mean."
        )
    notes.append(
        "Visited businesses were chosen, not drawn at random: they may have been chosen for "
        "their crime, and crime that was high tends to fall back (regression to the mean)."
    )
    return GroupComparison(
        treated_sites=len(treated),
        comparison_sites=len(comparison),
        treated_before=tb,
        treated_after=ta,
        comparison_before=cb,
        comparison_after=ca,
        treated_test=t_test,
        comparison_test=c_test,
        res=res,
        res_ci95=(lo, hi) if lo is not None else None,  # type: ignore[arg-type]
        res_p_value=p,
        test="Exact conditional Poisson test (each group); relative effect size with "
        "log-normal interval (visited vs unvisited)",
        notes=notes,
    )


def area_and_rest_of_district(
    store: CrimeStore,
    centre: Site,
    *,
    force: str,
    before: Period | str,
    after: Period | str,
    radius_m: float,
    crime_types: Sequence[str] = SHOPLIFTING,
) -> dict[str, Any]:
    """An action day's area (a circle) against the rest of the district its centre lies in.

    The district of each police.uk row is the store's (from its LSOA name); crimes in the
    circle are taken out of the district's count, so the comparison is the district *without*
    the area. Returns the counts, both tests and RES as :func:`compare_groups` does."""
    b, a = _check_periods(before, after)
    area = crimes_around(
        store, [centre], force=force, before=b, after=a, radius_m=radius_m,
        crime_types=crime_types,
    )  # fmt: skip
    from prevhub.crime.geography import force_boundaries

    boundaries = force_boundaries(force)
    district = None
    if boundaries is not None:
        x, y = to_bng(np.array([centre.longitude]), np.array([centre.latitude]))
        place = boundaries.place(float(x[0]), float(y[0]))
        district = place.district if place else None
    tb, ta = area.group_counts([centre.key])
    out: dict[str, Any] = {"district": district, "area_before": tb, "area_after": ta}
    if district is None or not crime_types:
        out["comparison"] = None
        return out
    marks = ", ".join("?" * len(crime_types))

    def district_count(period: Period) -> int:
        m = months_in(period)
        return store.count(
            "street_crimes",
            f"force = ? AND district = ? AND crime_type IN ({marks}) "
            f"AND month IN ({', '.join('?' * len(m))}) AND longitude IS NOT NULL",
            [force, district, *crime_types, *m],
        )

    rb, ra = district_count(b) - tb, district_count(a) - ta
    exposure = len(months_in(a)) / len(months_in(b))
    out.update(
        rest_before=rb,
        rest_after=ra,
        area_test=compare_poisson_counts(ta, tb, exposure_ratio=exposure).to_dict(),
        rest_test=compare_poisson_counts(ra, rb, exposure_ratio=exposure).to_dict(),
        comparison=f"the rest of {district}",
    )
    if min(tb, ta, rb, ra) > 0:
        res, lo, hi, p = relative_effect_size(tb, ta, rb, ra)
        out.update(res=res, res_ci95=(lo, hi), res_p_value=p)
    return out


def repeat_victim_locations(
    store: CrimeStore,
    location_ids: Sequence[str],
    *,
    force: str,
    period: Period | str,
    offence_codes: Sequence[str] = BUSINESS_OFFENCE_CODES,
    threshold: int = 2,
) -> dict[str, int] | None:
    """Crimes in `period` at each force location id with `threshold` or more (a repeat victim
    business: Farrell & Pease 1993's repeat victimisation, at the premises).

    Only force extracts (``recorded_crimes.location_id``) carry a location; police.uk map
    points are shared by every premises snapped to them, so they cannot name a repeat victim.
    Returns None when the store holds no recorded crime with a location id for the force."""
    if store.count("recorded_crimes", "force = ? AND location_id IS NOT NULL", [force]) == 0:
        return None
    ids = [i for i in dict.fromkeys(location_ids) if i]
    if not ids or not offence_codes:
        return {}
    m = months_in(parse_period(period))
    rows = store.con.execute(
        "SELECT location_id, count(*) FROM recorded_crimes WHERE force = ? "
        f"AND location_id IN ({', '.join('?' * len(ids))}) "
        f"AND offence_code IN ({', '.join('?' * len(offence_codes))}) "
        f"AND month IN ({', '.join('?' * len(m))}) GROUP BY 1 HAVING count(*) >= ?",
        [force, *ids, *offence_codes, *m, threshold],
    ).fetchall()
    return {r[0]: int(r[1]) for r in rows}
