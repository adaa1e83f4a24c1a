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
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from prevhub.crime.find.gistar import gi_star_grid

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
    trend_p: np.ndarray
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
        trend_p=trend_p,
        slice_classes=classes,
        slice_z=z,
        study_area=study,
        slices=t_slices,
        warnings=warnings,
    )
