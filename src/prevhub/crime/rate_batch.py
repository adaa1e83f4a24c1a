"""The rate test of :func:`prevhub.crime.stats.compare_poisson_counts`, for many rows at once.

A national ``measure --by lsoa`` compares tens of thousands of LSOAs; running the scalar test
once per row costs milliseconds each, minutes in all. This module computes the *same* test with
NumPy arrays: the exact conditional binomial test with the two-sided p-value by the
minimum-likelihood rule (the algorithm of :func:`scipy.stats.binomtest`, with its relative
tolerance 1e-7 and its binary search done for all rows together), and the Clopper-Pearson
interval from beta quantiles (the closed form of the root scipy finds). Tests check it against
the scalar function on random counts.

The distribution functions are the ufuncs :data:`scipy.stats.binom` and :data:`scipy.stats.beta`
themselves call (``scipy.special``), with the distributions' handling of counts outside
0..n, so that ``prevhub measure`` does not import ``scipy.stats`` (half a second at start-up).
"""

from __future__ import annotations

from typing import Any

import numpy as np

try:  # SciPy >= 1.15 keeps the Boost ufuncs of scipy.stats in scipy.special
    from scipy.special._ufuncs import _beta_ppf, _binom_cdf, _binom_pmf, _binom_sf
except ImportError:  # pragma: no cover - older SciPy: the public (slower to import) way
    from scipy.stats import beta as _beta
    from scipy.stats import binom as _binom

    _binom_pmf, _binom_cdf, _binom_sf = _binom.pmf, _binom.cdf, _binom.sf
    _beta_ppf = _beta.ppf


def _support(k: Any, n: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    k, n = np.broadcast_arrays(np.asarray(k, dtype=np.int64), np.asarray(n, dtype=np.int64))
    return k, n, (k >= 0) & (k <= n)


def binom_pmf(k: Any, n: Any, p: float) -> np.ndarray:
    """``scipy.stats.binom.pmf`` for integer arrays: 0 outside 0..n."""
    k, n, inside = _support(k, n)
    out = np.zeros(k.shape)
    out[inside] = _binom_pmf(k[inside], n[inside], p)
    return out


def binom_cdf(k: Any, n: Any, p: float) -> np.ndarray:
    """``scipy.stats.binom.cdf`` for integer arrays: 0 below 0, 1 from n on."""
    k, n, inside = _support(k, n)
    out = np.where(k >= n, 1.0, 0.0)
    between = inside & (k < n)
    out[between] = _binom_cdf(k[between], n[between], p)
    return out


def binom_sf(k: Any, n: Any, p: float) -> np.ndarray:
    """``scipy.stats.binom.sf`` for integer arrays: 1 below 0, 0 from n on."""
    k, n, inside = _support(k, n)
    out = np.where(k < 0, 1.0, 0.0)
    between = inside & (k < n)
    out[between] = _binom_sf(k[between], n[between], p)
    return out


def beta_ppf(q: float, a: Any, b: Any) -> np.ndarray:
    """``scipy.stats.beta.ppf`` (NaN where a or b is not positive)."""
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    out = np.full(a.shape, np.nan)
    valid = (a > 0) & (b > 0)
    out[valid] = _beta_ppf(q, a[valid], b[valid])
    return out


_SMALLEST_P = float(np.finfo(np.float64).tiny)
_RELATIVE_ERROR = 1 + 1e-7


def _search(values_of: object, target: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Vectorised ``scipy.stats._binomtest._binary_search_for_binom_tst``.

    For each row, the index i in [lo, hi] with f(i) <= target < f(i+1), where f is increasing
    on that range (``values_of(i, rows)`` gives f at i for the selected rows).
    """
    lo = lo.astype(np.int64).copy()
    hi = hi.astype(np.int64).copy()
    found = np.full(lo.shape, -1, dtype=np.int64)
    active = lo < hi
    while active.any():
        idx = np.nonzero(active)[0]
        mid = lo[idx] + (hi[idx] - lo[idx]) // 2
        midval = values_of(mid, idx)  # type: ignore[operator]
        less = midval < target[idx]
        more = midval > target[idx]
        equal = ~less & ~more
        lo[idx[less]] = mid[less] + 1
        hi[idx[more]] = mid[more] - 1
        found[idx[equal]] = mid[equal]
        active[idx[equal]] = False
        active[idx] &= lo[idx] < hi[idx]
    rest = found < 0
    if rest.any():
        idx = np.nonzero(rest)[0]
        at_lo = values_of(lo[idx], idx)  # type: ignore[operator]
        found[idx] = np.where(at_lo <= target[idx], lo[idx], lo[idx] - 1)
    return found


def binomial_two_sided_p(k: np.ndarray, n: np.ndarray, p: float) -> np.ndarray:
    """Two-sided exact binomial p-values (minimum-likelihood rule), for arrays k, n (n >= 1)."""
    k = np.asarray(k, dtype=np.int64)
    n = np.asarray(n, dtype=np.int64)
    d = binom_pmf(k, n, p)
    mean = p * n
    pval = np.ones(k.shape, dtype=float)

    low = k < mean
    if low.any():
        idx = np.nonzero(low)[0]
        nn, kk = n[idx], k[idx]

        def neg_pmf(x: np.ndarray, rows: np.ndarray) -> np.ndarray:
            return -binom_pmf(x, nn[rows], p)

        ix = _search(neg_pmf, -d[idx] * _RELATIVE_ERROR, np.ceil(p * nn), nn)
        y = nn - ix + (d[idx] * _RELATIVE_ERROR == binom_pmf(ix, nn, p)).astype(np.int64)
        pval[idx] = binom_cdf(kk, nn, p) + binom_sf(nn - y, nn, p)

    high = k > mean
    if high.any():
        idx = np.nonzero(high)[0]
        nn, kk = n[idx], k[idx]

        def pmf(x: np.ndarray, rows: np.ndarray) -> np.ndarray:
            return binom_pmf(x, nn[rows], p)

        ix = _search(pmf, d[idx] * _RELATIVE_ERROR, np.zeros_like(nn), np.floor(p * nn))
        y = ix + 1
        pval[idx] = binom_cdf(y - 1, nn, p) + binom_sf(kk - 1, nn, p)
    return np.clip(pval, _SMALLEST_P, 1.0)


def compare_many(
    current: np.ndarray, baseline: np.ndarray, exposure_ratio: float = 1.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(rate_ratio, ci_low, ci_high, p_value) arrays; NaN where the scalar gives None.

    Rate ratio is NaN when baseline is 0; the interval is NaN when both counts are 0 and its
    upper end is +inf when baseline is 0 (as in the scalar function).
    """
    cur = np.asarray(current, dtype=np.int64)
    base = np.asarray(baseline, dtype=np.int64)
    n = cur + base
    p_null = exposure_ratio / (1.0 + exposure_ratio)
    pval = np.ones(cur.shape, dtype=float)
    some = n > 0
    if some.any():
        pval[some] = binomial_two_sided_p(cur[some], n[some], p_null)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_ratio = np.where(base > 0, (cur / exposure_ratio) / base, np.nan)
        p_low = np.where(cur > 0, beta_ppf(0.025, cur, base + 1), 0.0)
        p_high = np.where(base > 0, beta_ppf(0.975, cur + 1, base), 1.0)
        ci_low = np.where(p_low >= 1.0, np.inf, p_low / ((1.0 - p_low) * exposure_ratio))
        ci_high = np.where(p_high >= 1.0, np.inf, p_high / ((1.0 - p_high) * exposure_ratio))
    ci_low = np.where(some, ci_low, np.nan)
    ci_high = np.where(some, ci_high, np.nan)
    return rate_ratio, ci_low, ci_high, pval
