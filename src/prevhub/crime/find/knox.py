"""Near repeat victimisation: the Knox test, with Monte Carlo permutations.

Method (Knox 1964; Johnson & Bowers 2004; Ratcliffe's Near Repeat Calculator): every pair of
crimes is placed in a space band (how far apart) and a time band (how many days apart). If crimes
near each other in space are also near each other in time more often than chance, burglars (or
shooters, or arsonists) are coming back to the same area soon after: a near repeat.

* **Bands are half-open intervals** ``[lo, hi)``: a space band ``[100, 200)`` holds pairs at least
  100 m and less than 200 m apart; a time band ``[7, 14)`` holds pairs 7 to 13 whole days apart.
  A separate **same location** band holds pairs at distance exactly 0, so the first distance band
  is ``(0, w)``. Labels say exactly this (Ratcliffe's calculator labels the same bands "101 to
  200" and "8 to 14", one unit off; see ``docs/methods/find.md``).
* **Expected counts** come from permutations: event times are shuffled among the events
  (keeping the places and the set of dates), and the pairs recounted; the expected count is the
  mean over permutations. **Knox ratio** = observed / expected. **p-value** =
  ``(1 + #permutations with count >= observed) / (1 + permutations)`` (one-sided, for "more near
  repeats than chance"; never zero).
* **Speed.** Pairs closer than the largest space band are found once with a KD-tree
  (:class:`scipy.spatial.cKDTree`); pairs farther apart can never enter a band, whatever the
  times, so each permutation only recomputes time differences over those pairs. With whole-day
  times, one ``bincount`` per permutation counts every (space band, day difference) at once.
  Permutations run in fixed blocks, each with its own random stream spawned from ``seed``,
  across threads: the result depends on the seed only, not on the number of threads. With no
  seed, one is drawn and reported in the result, so every run can be repeated.
* **Margins** (as Ratcliffe's Near Repeat Calculator reports them): a last row for pairs at or
  beyond the largest distance band and a last column for pairs at or beyond the longest time
  band, each cell with its count, expected value, Knox ratio and p-value. They cost nothing per
  permutation: shuffling times changes neither how many pairs fall in each distance band (over
  all times) nor how many fall in each time band (over all distances), so every margin cell is
  a fixed total minus sums of the inner cells.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.spatial import cKDTree

from prevhub.errors import PrevhubError

DISTANCES = ("manhattan", "euclidean")
#: Permutations per block; each block has its own random stream (spawned from the seed).
BLOCK = 32

METHOD = (
    "Knox test (Knox 1964) with Monte Carlo permutation of event times (Johnson & Bowers "
    "2004); p = (1 + #permutations >= observed) / (1 + permutations)"
)


@dataclass(frozen=True)
class Band:
    """One band: ``[lo, hi)``, or the same-location band ``lo == hi == 0``."""

    label: str
    lo: float
    hi: float

    def to_dict(self) -> dict[str, Any]:
        """``hi`` is None for an open-ended margin band ("500 m or more")."""
        hi = None if math.isinf(self.hi) else _num(self.hi)
        return {"label": self.label, "lo": _num(self.lo), "hi": hi}


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else float(value)


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def space_bands(width: float, count: int) -> list[Band]:
    """The same-location band, then ``count`` bands of ``width`` metres: (0, w), [w, 2w), ..."""
    if not width > 0 or count < 1:
        raise PrevhubError("space bands need a positive width in metres and a count of at least 1")
    bands = [Band("same location (0 m)", 0.0, 0.0)]
    for k in range(count):
        lo, hi = k * width, (k + 1) * width
        if k == 0:
            label = f"more than 0 m and less than {_fmt(hi)} m"
        else:
            label = f"{_fmt(lo)} m to less than {_fmt(hi)} m"
        bands.append(Band(label, lo, hi))
    return bands


def beyond_space_band(width: float, count: int) -> Band:
    """The margin row: pairs at least ``width * count`` metres apart (any distance beyond)."""
    reach = width * count
    return Band(f"{_fmt(reach)} m or more", float(reach), math.inf)


def beyond_time_band(width: float, count: int, *, whole_days: bool = True) -> Band:
    """The margin column: pairs at least ``width * count`` days apart."""
    reach = width * count
    if whole_days and float(reach).is_integer():
        label = f"{int(reach)} days or more"
    else:
        label = f"{_fmt(reach)} days or more"
    return Band(label, float(reach), math.inf)


def time_bands(width: float, count: int, *, whole_days: bool = True) -> list[Band]:
    """``count`` bands of ``width`` days: [0, w), [w, 2w), ... labelled by what they hold.

    With whole-day dates, ``[7, 14)`` holds 7 to 13 days apart and is labelled so; with
    fractional times the label says "7 to less than 14 days".
    """
    if not width > 0 or count < 1:
        raise PrevhubError("time bands need a positive width in days and a count of at least 1")
    bands = []
    for k in range(count):
        lo, hi = k * width, (k + 1) * width
        if whole_days and float(lo).is_integer() and float(hi).is_integer():
            last = int(hi) - 1
            label = f"{int(lo)} days" if last == int(lo) else f"{int(lo)} to {last} days"
            if label == "1 days":
                label = "1 day"
        else:
            label = f"{_fmt(lo)} to less than {_fmt(hi)} days"
        bands.append(Band(label, lo, hi))
    return bands


@dataclass(frozen=True)
class KnoxResult:
    """A Knox table: rows are space bands (same location first), columns are time bands.

    ``observed``, ``expected``, ``knox_ratio`` and ``p_value`` are the bands' table
    (``len(space_bands) x len(time_bands)``). The ``*_all`` arrays are the full table the Near
    Repeat Calculator reports, one row and one column larger: the last row is
    ``beyond_space`` (pairs at or beyond the largest distance band), the last column
    ``beyond_time`` (pairs at or beyond the longest time band); their corner holds the pairs
    beyond both. Every pair of events is in exactly one cell of the full table, so
    ``observed_all`` sums to ``total_pairs`` = n(n - 1)/2. ``seed`` is always the seed used
    (drawn when none was given).
    """

    space_bands: list[Band]
    time_bands: list[Band]
    observed: np.ndarray
    expected: np.ndarray
    knox_ratio: np.ndarray
    p_value: np.ndarray
    events: int
    pairs: int
    permutations: int
    seed: int
    distance: str
    beyond_space: Band
    beyond_time: Band
    observed_all: np.ndarray
    expected_all: np.ndarray
    knox_ratio_all: np.ndarray
    p_value_all: np.ndarray
    total_pairs: int
    method: str = METHOD
    warnings: list[str] = field(default_factory=list)

    def significant(self, alpha: float = 0.05) -> np.ndarray:
        """Cells with more pairs than chance (p <= alpha and Knox ratio above one)."""
        return (self.p_value <= alpha) & (self.knox_ratio > 1)

    def to_dict(self) -> dict[str, Any]:
        """The issue's JSON shape: bands with labels, then matrices (rows = space bands)."""

        def matrix(values: np.ndarray, digits: int | None = None) -> list[list[Any]]:
            out = []
            for row in values:
                cells = []
                for v in row:
                    if isinstance(v, np.integer):
                        cells.append(int(v))
                    elif not np.isfinite(v):
                        cells.append(None)
                    else:
                        cells.append(round(float(v), digits) if digits else float(v))
                out.append(cells)
            return out

        def margin(band: Band, index: Any) -> dict[str, Any]:
            return {
                "band": band.to_dict(),
                "observed": matrix(self.observed_all[index][None, :])[0],
                "expected": matrix(self.expected_all[index][None, :], 4)[0],
                "knox_ratio": matrix(self.knox_ratio_all[index][None, :], 4)[0],
                "p_value": matrix(self.p_value_all[index][None, :], 6)[0],
            }

        n_s = len(self.space_bands)
        return {
            "space_bands": [b.to_dict() for b in self.space_bands],
            "time_bands": [b.to_dict() for b in self.time_bands],
            "observed": matrix(self.observed),
            "expected": matrix(self.expected, 4),
            "knox_ratio": matrix(self.knox_ratio, 4),
            "p_value": matrix(self.p_value, 6),
            # the calculator's margins: the row across every time band and then the corner,
            # the column down every space band
            "beyond_space": margin(self.beyond_space, n_s),
            "beyond_time": margin(self.beyond_time, (slice(0, n_s), -1)),
            "events": self.events,
            "total_pairs": self.total_pairs,
            "pairs_within_largest_band": self.pairs,
            "permutations": self.permutations,
            "seed": self.seed,
            "distance": self.distance,
            "method": self.method,
            "warnings": list(self.warnings),
        }


def close_pairs(
    x: np.ndarray, y: np.ndarray, max_distance: float, distance: str = "manhattan"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair ``i < j`` closer than ``max_distance``: (i, j, distance), found once by KD-tree.

    ``query_pairs`` returns pairs with distance <= r; pairs at exactly ``max_distance`` are
    then dropped, because the last band is open at its top.
    """
    if distance not in DISTANCES:
        raise PrevhubError(f"distance must be one of {', '.join(DISTANCES)}, not {distance!r}")
    pts = np.column_stack([np.asarray(x, float), np.asarray(y, float)])
    tree = cKDTree(pts)
    p = 1 if distance == "manhattan" else 2
    pairs = tree.query_pairs(max_distance, p=p, output_type="ndarray")
    i = pairs[:, 0].astype(np.int64)
    j = pairs[:, 1].astype(np.int64)
    dx = pts[i, 0] - pts[j, 0]
    dy = pts[i, 1] - pts[j, 1]
    d = np.abs(dx) + np.abs(dy) if p == 1 else np.sqrt(dx * dx + dy * dy)
    keep = d < max_distance
    return i[keep], j[keep], d[keep]


def _space_index(d: np.ndarray, bands: Sequence[Band]) -> np.ndarray:
    """Row of each pair: 0 for same location, k for the k-th distance band (exact comparisons)."""
    edges = np.array([b.hi for b in bands[1:]])
    index = np.searchsorted(edges, d, side="right") + 1  # d < hi of its band
    index[d == 0] = 0
    return index


def knox_test(
    x: np.ndarray,
    y: np.ndarray,
    t: np.ndarray,
    *,
    space_band: float,
    n_space_bands: int,
    time_band: float,
    n_time_bands: int,
    distance: str = "manhattan",
    permutations: int = 999,
    seed: int | None = None,
    threads: int | None = None,
) -> KnoxResult:
    """The Knox test of space-time clustering over a table of space and time bands.

    Parameters
    ----------
    x, y
        Coordinates in metres (projected).
    t
        Times in days: integers (e.g. days since 1970; use
        :func:`prevhub.crime.find.points.days_since_epoch`) or fractional days.
    space_band, n_space_bands
        Width in metres and number of distance bands (after the same-location band).
    time_band, n_time_bands
        Width in days and number of time bands.
    distance
        ``manhattan`` (street distance proxy, the calculator's default) or ``euclidean``.
    permutations
        Monte Carlo permutations of the times (999 by convention).
    seed
        Seed for :class:`numpy.random.Generator`; the same seed gives the same result. When
        None, one is drawn from the operating system's entropy and reported in the result.
    threads
        Worker threads (default: all CPUs); the result does not depend on it.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([0.0, 50.0, 5000.0]); y = np.zeros(3); t = np.array([0, 3, 100])
    >>> r = knox_test(x, y, t, space_band=100, n_space_bands=1, time_band=7, n_time_bands=1,
    ...               permutations=99, seed=1)
    >>> int(r.observed[1, 0])
    1
    """
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    t = np.asarray(t)
    n = x.size
    if not (y.size == n and t.size == n):
        raise PrevhubError("x, y and t must have one value per event")
    if n < 2:
        raise PrevhubError("the Knox test needs at least two events")
    if permutations < 1:
        raise PrevhubError("permutations must be at least 1")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise PrevhubError("every event needs finite coordinates")
    whole_days = np.issubdtype(t.dtype, np.integer) or bool(np.all(np.mod(t, 1) == 0))
    sbands = space_bands(space_band, n_space_bands)
    tbands = time_bands(time_band, n_time_bands, whole_days=whole_days)
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1)[0])
    i, j, d = close_pairs(x, y, sbands[-1].hi, distance)
    srow = _space_index(d, sbands)
    n_s, n_t = len(sbands), len(tbands)
    t_edges = np.array([b.hi for b in tbands], float)
    # margins: totals that no permutation of the times changes
    total_pairs = n * (n - 1) // 2
    row_totals = np.bincount(srow, minlength=n_s).astype(float)
    col_totals = _pairs_per_time_band(t, t_edges)

    def full_table(counts: np.ndarray) -> np.ndarray:
        table = np.empty((n_s + 1, n_t + 1))
        table[:n_s, :n_t] = counts
        table[:n_s, n_t] = row_totals - counts.sum(axis=1)
        table[n_s, :n_t] = col_totals - counts.sum(axis=0)
        table[n_s, n_t] = total_pairs - row_totals.sum() - col_totals.sum() + counts.sum()
        return table

    if whole_days:
        days = np.asarray(np.rint(t), np.int64)
        days = days - days.min()
        span = int(days.max()) + 1
        max_dt = min(span, int(math.ceil(t_edges[-1])))  # differences >= this are in no band
        counter: _DayCounter | _FloatCounter = _DayCounter(
            i, j, srow, n_s, max_dt, span, t_edges, n_t
        )
        times: np.ndarray = days.astype(np.intp)
    else:
        counter = _FloatCounter(i, j, srow, n_s, t_edges, n_t)
        times = t.astype(float)

    observed = full_table(counter.count(times, counter.buffers()))
    blocks = [(b, min(BLOCK, permutations - b * BLOCK)) for b in range(-(-permutations // BLOCK))]
    streams = np.random.SeedSequence(seed).spawn(len(blocks))
    shape = (n_s + 1, n_t + 1)

    def run(block: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
        index, size = block
        rng = np.random.Generator(np.random.PCG64(streams[index]))
        total = np.zeros(shape)
        at_least = np.zeros(shape, np.int64)
        buffers = counter.buffers()
        for _ in range(size):
            counts = full_table(counter.count(times[rng.permutation(n)], buffers))
            total += counts
            at_least += counts >= observed
        return total, at_least

    workers = threads or os.cpu_count() or 1
    if workers > 1 and len(blocks) > 1:
        with ThreadPoolExecutor(max_workers=min(workers, len(blocks))) as pool:
            parts = list(pool.map(run, blocks))
    else:
        parts = [run(b) for b in blocks]
    total = sum((p[0] for p in parts), np.zeros(shape))
    at_least = sum((p[1] for p in parts), np.zeros(shape, np.int64))
    expected = total / permutations
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, observed / expected, np.nan)
    p_value = (1.0 + at_least) / (1.0 + permutations)
    observed_all = np.rint(observed).astype(np.int64)
    warnings = []
    if observed_all[:n_s, :n_t].sum() == 0:
        warnings.append("no pair of events falls in any band: widen the bands")
    inner = (slice(0, n_s), slice(0, n_t))
    return KnoxResult(
        space_bands=sbands,
        time_bands=tbands,
        observed=observed_all[inner].copy(),
        expected=expected[inner].copy(),
        knox_ratio=ratio[inner].copy(),
        p_value=p_value[inner].copy(),
        events=int(n),
        pairs=int(i.size),
        permutations=int(permutations),
        seed=int(seed),
        distance=distance,
        beyond_space=beyond_space_band(space_band, n_space_bands),
        beyond_time=beyond_time_band(time_band, n_time_bands, whole_days=whole_days),
        observed_all=observed_all,
        expected_all=expected,
        knox_ratio_all=ratio,
        p_value_all=p_value,
        total_pairs=int(total_pairs),
        warnings=warnings,
    )


def _pairs_per_time_band(t: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Pairs of events whose time difference lies in each band ``[lo, hi)``, over all pairs.

    ``#pairs with |dt| < e = sum_i #(j > i : s_j < s_i + e)`` for the times sorted ascending
    ``s``: one ``searchsorted`` per edge, O(n log n), no pairs enumerated.
    """
    s = np.sort(np.asarray(t, float))
    index = np.arange(s.size)
    below = np.array(
        [float((np.searchsorted(s, s + e, side="left") - index - 1).sum()) for e in edges]
    )
    return np.diff(np.concatenate([[0.0], below]))


class _DayCounter:
    """Counts pairs per (space band, time band) for whole-day times with one bincount.

    The key of a pair is ``space_row * (max_dt + 1) + min(|day_i - day_j|, max_dt)``:
    differences of ``max_dt`` days or more are in no band and land in a last column that is
    dropped. Day differences are then summed into time bands by exact comparison with edges.
    Keys and times use the smallest integer type that holds them, and every array is written
    into buffers owned by the calling thread: memory traffic, not arithmetic, is the cost.
    """

    def __init__(
        self,
        i: np.ndarray,
        j: np.ndarray,
        srow: np.ndarray,
        n_s: int,
        max_dt: int,
        span: int,
        t_edges: np.ndarray,
        n_t: int,
    ) -> None:
        self.stride = max_dt + 1
        self.size = n_s * self.stride
        largest = max(self.size, span)
        self.dtype = np.int16 if largest < 2**15 else np.int32 if largest < 2**31 else np.int64
        self.i = i.astype(np.intp)
        self.j = j.astype(np.intp)
        self.base = (srow * self.stride).astype(np.intp)
        self.max_dt = max_dt
        self.n_s, self.n_t = n_s, n_t
        band_of_day = np.searchsorted(t_edges, np.arange(self.stride), side="right")
        # (max_dt + 1) x n_t matrix summing day differences into bands
        self.to_bands = np.zeros((self.stride, n_t))
        in_band = band_of_day < n_t
        self.to_bands[np.arange(self.stride)[in_band], band_of_day[in_band]] = 1.0
        self.to_bands[max_dt, :] = 0.0

    def buffers(self) -> tuple[np.ndarray, ...]:
        n = self.i.size
        return np.empty(n, self.dtype), np.empty(n, self.dtype), np.empty(n, np.intp)

    def count(self, times: np.ndarray, buffers: tuple[np.ndarray, ...]) -> np.ndarray:
        a, b, key = buffers
        times = times.astype(self.dtype, copy=False)
        np.take(times, self.i, out=a, mode="clip")
        np.take(times, self.j, out=b, mode="clip")
        np.subtract(a, b, out=a)
        np.abs(a, out=a)
        np.minimum(a, self.max_dt, out=a)
        np.add(a, self.base, out=key)  # bincount wants intp: widen once, while adding
        by_day = np.bincount(key, minlength=self.size).reshape(self.n_s, self.stride)
        return by_day @ self.to_bands


class _FloatCounter:
    """Counts pairs per band for fractional-day times (searchsorted per permutation)."""

    def __init__(
        self,
        i: np.ndarray,
        j: np.ndarray,
        srow: np.ndarray,
        n_s: int,
        t_edges: np.ndarray,
        n_t: int,
    ) -> None:
        self.i, self.j, self.srow = i, j, srow
        self.t_edges = t_edges
        self.n_s, self.n_t = n_s, n_t

    def buffers(self) -> tuple[np.ndarray, ...]:
        return np.empty(self.i.size), np.empty(self.i.size)

    def count(self, times: np.ndarray, buffers: tuple[np.ndarray, ...]) -> np.ndarray:
        dt, other = buffers
        np.take(times, self.i, out=dt, mode="clip")
        np.take(times, self.j, out=other, mode="clip")
        np.subtract(dt, other, out=dt)
        np.abs(dt, out=dt)
        col = np.searchsorted(self.t_edges, dt, side="right")
        keep = col < self.n_t
        key = self.srow[keep] * self.n_t + col[keep]
        counts = np.bincount(key, minlength=self.n_s * self.n_t)
        return counts.reshape(self.n_s, self.n_t).astype(float)
