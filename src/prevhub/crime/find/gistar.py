"""Getis-Ord Gi*: where do high counts cluster more than chance would put them together?

Method (Getis & Ord 1992; Ord & Getis 1995), the statistic ArcGIS's Hot Spot Analysis reports:

.. math::

    G_i^* = \\frac{\\sum_j w_{ij} x_j - \\bar{x} W_i}
                 {S \\sqrt{(n \\sum_j w_{ij}^2 - W_i^2) / (n - 1)}}

with binary weights :math:`w_{ij} = 1` for every cell or area ``j`` within the distance band of
``i`` *including i itself* (that is the star), :math:`W_i = \\sum_j w_{ij}`, :math:`\\bar{x}` the
mean and :math:`S = \\sqrt{\\sum x^2 / n - \\bar{x}^2}` the (population) standard deviation over
all ``n`` cells of the study area. The statistic is already a z-score; p-values are two-sided
from the standard normal. Because thousands of cells are tested at once, q-values
(Benjamini & Hochberg 1995) control the false discovery rate, and the classes follow Esri's
``Gi_Bin``: ±3, ±2, ±1 for hot (+) or cold (−) at 99, 95 and 90 % confidence.

On a grid the neighbour sums are a 2-D correlation with a disc of ones, so 250,000 cells take
milliseconds; on areas they are a sparse matrix product. This is the same z as esda's
``G_Local(y, w, transform="B", star=True).Zs`` (checked in the tests and the benchmark).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import ndimage, signal, sparse, stats

#: Esri Gi_Bin confidence levels: class 3 at 99 %, 2 at 95 %, 1 at 90 %.
CONFIDENCE_LEVELS: tuple[tuple[int, float], ...] = ((3, 0.01), (2, 0.05), (1, 0.10))

CLASS_LABELS = {
    3: "hot spot, 99% confidence",
    2: "hot spot, 95% confidence",
    1: "hot spot, 90% confidence",
    0: "not significant",
    -1: "cold spot, 90% confidence",
    -2: "cold spot, 95% confidence",
    -3: "cold spot, 99% confidence",
}

METHOD = (
    "Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995), binary distance-band weights "
    "including the cell itself, two-sided normal p-values, Benjamini-Hochberg false discovery "
    "rate q-values, Esri Gi_Bin classes at 90/95/99 % confidence"
)
METHOD_GI = (
    "Getis-Ord Gi (Getis & Ord 1992), binary distance-band weights excluding the cell itself "
    "(left out of its own sum, mean and variance), two-sided normal p-values, "
    "Benjamini-Hochberg false discovery rate q-values, Esri Gi_Bin classes"
)

#: Refusals of weights that would give a statistic other than the one asked for.
SELF_WEIGHT_MISSING = (
    "Gi* counts each feature in its own neighbourhood, but {count:,} row(s) of the weights "
    "have no self-weight (w_ii = 0; the first is row {first}): add it "
    "(distance_band_weights(..., include_self=True)) or ask for the plain Gi (star=False)"
)
SELF_WEIGHT_PRESENT = (
    "the plain Gi leaves each feature out of its own sum, but {count:,} row(s) of the weights "
    "have a self-weight (w_ii != 0; the first is row {first}): drop it "
    "(distance_band_weights(..., include_self=False)) or ask for Gi* (star=True)"
)
NEGATIVE_WEIGHTS = "Getis-Ord G needs non-negative weights; {count:,} weight(s) are negative"


@dataclass(frozen=True)
class GiStarResult:
    """Gi* z-scores, p-values, q-values and classes, shaped like the input values.

    ``hotspot_class`` is from q-values when ``fdr`` (the default) and from p-values otherwise.
    Cells outside the study area (``mask`` false) have NaN z, p and q and class 0. ``star``
    is false for the plain Gi (each cell left out of its own sum, mean and variance).
    ``neighbours`` is ``W_i``, the sum of each cell's weights (its neighbour count when binary).
    """

    z: np.ndarray
    p_value: np.ndarray
    q_value: np.ndarray
    hotspot_class: np.ndarray
    neighbours: np.ndarray
    n: int
    fdr: bool
    distance: float | None
    star: bool = True
    method: str = METHOD
    warnings: list[str] = field(default_factory=list)


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg (1995) adjusted p-values ("q-values"); NaNs stay NaN.

    ``q_(k) = min over j >= k of (m p_(j) / j)``, capped at 1, for the ``m`` non-NaN p-values
    sorted ascending. A test is rejected at false discovery rate ``alpha`` when ``q <= alpha``.
    """
    p = np.asarray(p_values, float)
    q = np.full(p.shape, np.nan)
    finite = ~np.isnan(p)
    values = p[finite]
    m = values.size
    if m == 0:
        return q
    order = np.argsort(values, kind="mergesort")
    ranked = values[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(ranked, 1.0)
    q[finite] = adjusted
    return q


def esri_classes(z: np.ndarray, significance: np.ndarray) -> np.ndarray:
    """Esri Gi_Bin classes: sign of z times 3/2/1 where the p- or q-value is <= 0.01/0.05/0.10."""
    z = np.asarray(z, float)
    sig = np.asarray(significance, float)
    classes = np.zeros(z.shape, np.int8)
    for level, alpha in reversed(CONFIDENCE_LEVELS):
        hit = np.nan_to_num(sig, nan=2.0) <= alpha
        classes[hit] = level
    classes *= np.sign(np.nan_to_num(z)).astype(np.int8)
    return classes


def _z_scores(
    sums: np.ndarray,
    w: np.ndarray,
    w2: np.ndarray,
    x: np.ndarray,
    star: bool,
) -> tuple[np.ndarray, list[str]]:
    """Gi* (``star``) or Gi z-scores from local sums, weight sums and sums of squared weights.

    The moments are those of the local sum under random permutation of the values (Getis &
    Ord 1992; Ord & Getis 1995), which hold for any fixed non-negative weights: with
    ``N`` values of mean ``m`` and population standard deviation ``S``,
    ``E = m W_i`` and ``Var = S^2 (N sum_j w_ij^2 - W_i^2) / (N - 1)``. For Gi*, the ``N = n``
    values are all the cells; for Gi, each cell is left out of its own mean and variance
    (``N = n - 1``). With binary weights ``sum w^2 = W`` and this is the textbook formula.
    """
    n = int(x.size)
    warnings: list[str] = []
    if n < 2 + (not star):
        warnings.append("too few cells in the study area: Gi* is undefined")
        return np.zeros(sums.shape), warnings
    total, squares = float(x.sum()), float((x * x).sum())
    if star:
        count = float(n)
        mean: np.ndarray | float = total / n
        variance: np.ndarray | float = max(squares / n - (total / n) ** 2, 0.0)
    else:
        count = float(n - 1)
        mean = (total - x) / count
        variance = np.maximum((squares - x * x) / count - mean * mean, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = (count * w2 - w * w) / (count - 1)
        z = (sums - mean * w) / (np.sqrt(variance) * np.sqrt(spread))
    if np.all(np.asarray(variance) == 0):
        warnings.append("every cell has the same value: no hot or cold spots are possible")
    z = np.where(np.isfinite(z), z, 0.0)
    return z, warnings


def _finish(
    sums: np.ndarray,
    neighbours: np.ndarray,
    squares: np.ndarray,
    values: np.ndarray,
    inside: np.ndarray,
    fdr: bool,
    distance: float | None,
    star: bool = True,
) -> GiStarResult:
    """z, p, q and classes from neighbour sums (shared by the grid and the sparse paths)."""
    z = np.full(values.shape, np.nan)
    zi, warnings = _z_scores(
        sums[inside], neighbours[inside], squares[inside], values[inside], star
    )
    z[inside] = zi
    p = np.full(values.shape, np.nan)
    p[inside] = 2.0 * stats.norm.sf(np.abs(z[inside]))
    q = benjamini_hochberg(p)
    classes = esri_classes(z, q if fdr else p)
    return GiStarResult(
        z=z,
        p_value=p,
        q_value=q,
        hotspot_class=classes,
        neighbours=neighbours,
        n=int(inside.sum()),
        fdr=fdr,
        distance=distance,
        star=star,
        method=METHOD if star else METHOD_GI,
        warnings=warnings,
    )


def neighbourhood_footprint(cell: float, distance: float | None = None) -> np.ndarray:
    """Binary disc of cells whose centres lie within ``distance`` of the middle cell's centre.

    ``None`` is the default neighbourhood: the cell and its 8 neighbours (queen contiguity,
    i.e. a distance of ``cell * sqrt(2)``). The middle cell is always included (Gi*).
    """
    if distance is None:
        return np.ones((3, 3), bool)
    if not distance >= 0:
        raise ValueError(f"distance must be >= 0 metres, not {distance!r}")
    reach = int(math.floor(distance / cell + 1e-9))
    offsets = np.arange(-reach, reach + 1)
    dx, dy = np.meshgrid(offsets, offsets)
    # a relative tolerance so that a distance of exactly k cells includes the k-th cell
    return (dx * dx + dy * dy) * cell * cell <= distance * distance * (1 + 1e-12)


def _neighbour_sum(values: np.ndarray, footprint: np.ndarray) -> np.ndarray:
    """Sum of ``values`` over the footprint around every cell (zero beyond the edge)."""
    if footprint.shape[0] <= 11:
        return ndimage.correlate(values, footprint.astype(float), mode="constant", cval=0.0)
    out = signal.fftconvolve(values, footprint.astype(float), mode="same")
    if np.all(np.mod(values, 1) == 0):
        out = np.round(out)  # integer counts: remove FFT round-off
    return out


def gi_star_grid(
    values: np.ndarray,
    cell: float,
    *,
    distance: float | None = None,
    mask: np.ndarray | None = None,
    fdr: bool = True,
    star: bool = True,
) -> GiStarResult:
    """Gi* (or, with ``star=False``, the plain Gi) for every cell of a ``(ny, nx)`` grid.

    Parameters
    ----------
    values
        Counts per cell, ``values[row, col]``.
    cell
        Cell size in metres (to turn ``distance`` into cells).
    distance
        Neighbours are cells whose centres lie within this many metres; default ``None`` is
        the cell and its 8 neighbours.
    mask
        Cells in the study area (default: every cell of the grid). Cells outside are neither
        tested nor counted as neighbours, and do not enter the mean and standard deviation.
    fdr
        Classify by Benjamini-Hochberg q-values (default) rather than raw p-values.
    star
        Gi* (default): the cell is one of its own neighbours. ``False``: the plain Gi, the
        cell left out of its own sum, mean and variance (esda's ``G_Local(star=False)``).

    Examples
    --------
    >>> import numpy as np
    >>> counts = np.zeros((5, 5)); counts[2, 2] = 9
    >>> result = gi_star_grid(counts, 100.0)
    >>> round(float(result.z[2, 2]), 3)
    1.333
    """
    x = np.asarray(values, float)
    inside = np.ones(x.shape, bool) if mask is None else np.asarray(mask, bool)
    footprint = neighbourhood_footprint(cell, distance)
    if not star:
        footprint = footprint.copy()
        footprint[footprint.shape[0] // 2, footprint.shape[1] // 2] = False
    xm = np.where(inside, x, 0.0)
    sums = _neighbour_sum(xm, footprint)
    neighbours = _neighbour_sum(inside.astype(float), footprint)
    return _finish(sums, neighbours, neighbours, x, inside, fdr, distance, star)


def distance_band_weights(
    x: np.ndarray, y: np.ndarray, distance: float, *, include_self: bool = True
) -> sparse.csr_matrix:
    """Binary weights: 1 for every pair within ``distance`` metres, and each point itself.

    ``include_self=False`` leaves the diagonal empty, for the plain Gi. Built with a KD-tree,
    so areas in their thousands take milliseconds.
    """
    from scipy.spatial import cKDTree

    pts = np.column_stack([np.asarray(x, float), np.asarray(y, float)])
    tree = cKDTree(pts)
    pairs = tree.query_pairs(distance, output_type="ndarray")
    n = pts.shape[0]
    own = np.arange(n) if include_self else np.empty(0, np.int64)
    rows = np.concatenate([pairs[:, 0], pairs[:, 1], own])
    cols = np.concatenate([pairs[:, 1], pairs[:, 0], own])
    return sparse.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))


def default_area_distance(x: np.ndarray, y: np.ndarray) -> float:
    """The smallest distance that gives every area at least one neighbour (Esri's default).

    It is the largest nearest-neighbour distance, in metres, rounded up to the next metre.
    """
    from scipy.spatial import cKDTree

    pts = np.column_stack([np.asarray(x, float), np.asarray(y, float)])
    if pts.shape[0] < 2:
        return 0.0
    d, _ = cKDTree(pts).query(pts, k=2)
    return float(math.ceil(d[:, 1].max()))


def gi_star(
    values: np.ndarray, weights: sparse.spmatrix, *, fdr: bool = True, star: bool = True
) -> GiStarResult:
    """Gi* (or the plain Gi) for areas or any features, given an ``n x n`` weights matrix.

    ``weights`` may be binary (e.g. :func:`distance_band_weights`) or any non-negative
    weights, such as row-standardised or inverse-distance ones: the variance uses
    ``sum_j w_ij^2``, so the z-score is the local sum standardised by its exact mean and
    variance under random permutation of the values (Ord & Getis 1995). Row-standardising
    divides every weight of a row by the same number, so it leaves these z-scores unchanged
    (note that esda's analytical ``G_Local(transform="R").Zs`` uses the binary-weights
    variance with ``W_i = 1`` instead and differs; see ``docs/methods/find.md``).

    The diagonal says which statistic the weights are for, and must agree with ``star``:
    Gi* needs every feature's self-weight ``w_ii > 0``; the plain Gi (``star=False``) needs
    ``w_ii = 0``. Weights that do not agree, or negative weights, are refused with
    :class:`~prevhub.errors.PrevhubError`, never computed as something else.

    Examples
    --------
    Three features in a row, values 5, 1, 0 (mean 2, S = sqrt(14/3)); the first has itself and
    the second as neighbours: z = (6 - 2 * 2) / (S * sqrt((3 * 2 - 4) / 2)) = 0.9258. The
    middle one neighbours every feature, so its z is 0 by definition.

    >>> import numpy as np
    >>> from scipy import sparse
    >>> w = sparse.csr_matrix(np.array([[1, 1, 0], [1, 1, 1], [0, 1, 1]], float))
    >>> [round(float(z), 4) for z in gi_star(np.array([5.0, 1.0, 0.0]), w).z]
    [0.9258, 0.0, -1.3887]
    """
    from prevhub.errors import PrevhubError

    x = np.asarray(values, float).ravel()
    w = sparse.csr_matrix(weights, dtype=float)
    if w.shape != (x.size, x.size):
        raise PrevhubError(f"weights are {w.shape[0]} x {w.shape[1]} but there are {x.size} values")
    negative = int((w.data < 0).sum())
    if negative:
        raise PrevhubError(NEGATIVE_WEIGHTS.format(count=negative))
    diagonal = w.diagonal()
    wrong = np.flatnonzero(diagonal <= 0) if star else np.flatnonzero(diagonal != 0)
    if wrong.size:
        template = SELF_WEIGHT_MISSING if star else SELF_WEIGHT_PRESENT
        raise PrevhubError(template.format(count=wrong.size, first=int(wrong[0])))
    sums = w @ x
    neighbours = np.asarray(w.sum(axis=1)).ravel()
    squares = np.asarray(w.multiply(w).sum(axis=1)).ravel()
    return _finish(sums, neighbours, squares, x, np.ones(x.shape, bool), fdr, None, star)
