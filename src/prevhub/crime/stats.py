"""Rate tests for "fewer crimes than the baseline" figures.

The hub's headline numbers compare a count of crimes in one period with a count in a baseline
period ("8,467 fewer victim-based crimes than the previous 12 months"). Whether such a change is
more than the ordinary year-to-year wobble of counts is a question about two Poisson counts, and
this module answers it with exact methods that stay correct for small areas (a handful of
crimes) and fast for whole forces (hundreds of thousands of crimes).

Public API
----------
compare_poisson_counts
    The default: exact conditional binomial test (the "C-test") with the exact Clopper–Pearson
    interval for the rate ratio. Returns :class:`RateComparison`.
e_test_poisson
    Krishnamoorthy & Thomson's (2004) E-test, a more powerful alternative for small counts.
poisson_rate_ci
    Exact (Garwood 1936) interval for one Poisson count or rate.
overdispersion_check
    Month-level quasi-Poisson companion check: are the monthly counts more variable than a
    Poisson model allows (they usually are), and does the change survive that?

Plain-English explanations for analysts are in ``docs/methods/rate-tests.md``.

References
----------
.. [1] Przyborowski, J. and Wilenski, H. (1940). Homogeneity of results in testing samples from
   Poisson series. *Biometrika* 31, 313–323.
.. [2] Krishnamoorthy, K. and Thomson, J. (2004). A more powerful test for comparing two Poisson
   means. *Journal of Statistical Planning and Inference* 119, 23–35.
.. [3] Clopper, C. J. and Pearson, E. S. (1934). The use of confidence or fiducial limits
   illustrated in the case of the binomial. *Biometrika* 26, 404–413.
.. [4] Garwood, F. (1936). Fiducial limits for the Poisson distribution. *Biometrika* 28,
   437–442.
.. [5] Ulm, K. (1990). A simple method to calculate the confidence interval of a standardized
   mortality ratio. *American Journal of Epidemiology* 131, 373–375.
.. [6] McCullagh, P. and Nelder, J. A. (1989). *Generalized Linear Models*, 2nd ed., §4.5
   (over-dispersion and the quasi-likelihood scale estimate).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


class _DeferredSciPyStats:
    """``scipy.stats``, imported when a test first needs it: the import takes half a second,
    and ``prevhub measure`` (the rate test of :mod:`prevhub.crime.rate_batch`) never does."""

    def __getattr__(self, name: str) -> object:
        from scipy import stats as module

        return getattr(module, name)


stats = _DeferredSciPyStats()

__all__ = [
    "C_TEST_METHOD",
    "E_TEST_METHOD",
    "ETestResult",
    "OverdispersionCheck",
    "RateComparison",
    "compare_poisson_counts",
    "e_test_poisson",
    "overdispersion_check",
    "poisson_rate_ci",
]

C_TEST_METHOD = (
    "exact conditional binomial test for two Poisson counts (C-test; two-sided p-value by the "
    "minimum-likelihood method of scipy.stats.binomtest / R binom.test), with the exact "
    "Clopper-Pearson 95% interval for the rate ratio"
)
E_TEST_METHOD = "Krishnamoorthy-Thomson E-test for two Poisson means (two-sided)"
QUASI_POISSON_METHOD = (
    "month-level quasi-Poisson regression (Poisson GLM, scale from Pearson chi-square / df, "
    "t-based 95% interval) with a Pearson chi-square test of dispersion"
)

_CONFIDENCE = 0.95
# A p-value is never truly zero; with force-sized counts it can underflow a double. It is then
# reported as the smallest normal double (about 2.2e-308), which every display rounds to "< 0.001".
_SMALLEST_P = float(np.finfo(np.float64).tiny)


def _check_count(value: object, name: str) -> int:
    """A non-negative whole number of crimes; anything else is a caller's mistake."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number of crimes, got {value!r}")
    count = int(value)
    if count < 0:
        raise ValueError(f"{name} must not be negative, got {count}")
    return count


def _check_exposure(value: float, name: str) -> float:
    """A positive, finite exposure (a period length or a ratio of period lengths)."""
    exposure = float(value)
    if not math.isfinite(exposure) or exposure <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return exposure


def _json_number(value: float | None) -> float | None:
    """JSON has no infinity or NaN: an unbounded or undefined figure is written as null."""
    if value is None or not math.isfinite(value):
        return None
    return float(value)


@dataclass(frozen=True)
class RateComparison:
    """A count in a period compared with a count in its baseline period.

    Attributes
    ----------
    current, baseline
        The two crime counts.
    exposure_ratio
        Length of the current period divided by the length of the baseline period (1.0 when
        they are equally long; 12/24 when the baseline is the previous two years).
    rate_ratio
        ``(current / exposure_current) / (baseline / exposure_baseline)``; below 1 means fewer
        crimes per unit of time. ``None`` when ``baseline == 0`` (no finite ratio exists).
    ci95
        Exact 95% interval for the rate ratio. The upper end is ``math.inf`` when
        ``baseline == 0`` and ``current > 0``; ``None`` when both counts are zero (the data say
        nothing about the ratio).
    p_value
        Two-sided p-value for "the underlying rate did not change"; always in (0, 1] (an
        underflowing p-value is reported as about 2.2e-308).
    method
        Human-readable name of the test and interval, to print beside the figures.
    """

    current: int
    baseline: int
    exposure_ratio: float
    rate_ratio: float | None
    ci95: tuple[float, float] | None
    p_value: float
    method: str

    @property
    def change(self) -> int:
        """Current minus baseline count (negative means fewer crimes)."""
        return self.current - self.baseline

    def to_dict(self) -> dict:
        """A JSON-ready dict; infinite interval ends become ``None`` (JSON has no infinity)."""
        return {
            "current": self.current,
            "baseline": self.baseline,
            "change": self.change,
            "exposure_ratio": self.exposure_ratio,
            "rate_ratio": _json_number(self.rate_ratio),
            "ci95": (
                None
                if self.ci95 is None
                else [_json_number(self.ci95[0]), _json_number(self.ci95[1])]
            ),
            "p_value": self.p_value,
            "method": self.method,
        }


def compare_poisson_counts(
    current: int, baseline: int, *, exposure_ratio: float = 1.0
) -> RateComparison:
    """Exact test and interval for the ratio of two Poisson rates (the conditional C-test).

    Conditional on the total ``n = current + baseline``, the current count is
    ``Binomial(n, p)`` with ``p = r * RR / (1 + r * RR)``, where ``r`` is the exposure ratio and
    ``RR`` the rate ratio [1]_. Under "no change" (``RR = 1``), ``p = r / (1 + r)``. The test is
    therefore an exact binomial test, and the Clopper–Pearson interval [3]_ for ``p`` maps
    one-to-one onto an exact interval for ``RR = p / ((1 - p) r)``. This is the test R's
    ``poisson.test`` runs for two counts, and statsmodels' ``test_poisson_2indep`` with
    ``method="exact-cond"``.

    Exact rather than a normal approximation because the hub compares small areas and rare
    crime types as readily as force totals: the approximation is poor for a few crimes, while
    the exact test is valid at any count and costs milliseconds even at hundreds of thousands.

    Parameters
    ----------
    current, baseline
        Crime counts in the current and baseline periods (non-negative integers).
    exposure_ratio
        Length of the current period divided by that of the baseline period.

    Returns
    -------
    RateComparison
        The two-sided p-value uses the *minimum-likelihood* rule of
        :func:`scipy.stats.binomtest` (and R's ``binom.test``): the sum of the probabilities of
        all outcomes no more likely than the observed one (relative tolerance ``1e-7``). It is
        not "double the smaller tail", which can exceed 1 and is more conservative.

    Notes
    -----
    Both counts zero gives ``p_value = 1`` and no ratio or interval. A zero baseline with a
    positive current count has no finite ratio: ``rate_ratio`` is ``None`` and the interval is
    ``(lower, inf)``. The test assumes Poisson variation; crime counts are usually more variable
    than that (see :func:`overdispersion_check`), so treat a small p-value on a large count as
    necessary, not sufficient, evidence of a real change.

    References
    ----------
    .. [1] Przyborowski & Wilenski (1940), Biometrika 31, 313–323.
    .. [3] Clopper & Pearson (1934), Biometrika 26, 404–413.

    Examples
    --------
    R's ``poisson.test(c(11, 6+8+7), c(800, 1083+1050+878))`` documentation example:

    >>> res = compare_poisson_counts(11, 21, exposure_ratio=800 / 3011)
    >>> round(res.rate_ratio, 6), round(res.p_value, 5)
    (1.971488, 0.07967)
    >>> tuple(round(x, 7) for x in res.ci95)
    (0.8584264, 4.2772659)
    """
    current = _check_count(current, "current")
    baseline = _check_count(baseline, "baseline")
    ratio = _check_exposure(exposure_ratio, "exposure_ratio")
    total = current + baseline
    if total == 0:
        return RateComparison(current, baseline, ratio, None, None, 1.0, C_TEST_METHOD)

    p_null = ratio / (1.0 + ratio)
    result = stats.binomtest(current, total, p_null, alternative="two-sided")
    p_value = float(min(1.0, max(_SMALLEST_P, result.pvalue)))

    interval = result.proportion_ci(confidence_level=_CONFIDENCE, method="exact")
    lower = _proportion_to_rate_ratio(float(interval.low), ratio)
    upper = _proportion_to_rate_ratio(float(interval.high), ratio)
    rate_ratio = None if baseline == 0 else (current / ratio) / baseline
    return RateComparison(
        current, baseline, ratio, rate_ratio, (lower, upper), p_value, C_TEST_METHOD
    )


def _proportion_to_rate_ratio(proportion: float, exposure_ratio: float) -> float:
    """Map the binomial share of the current period onto the rate ratio (monotone increasing)."""
    if proportion >= 1.0:
        return math.inf
    return proportion / ((1.0 - proportion) * exposure_ratio)


@dataclass(frozen=True)
class ETestResult:
    """Result of :func:`e_test_poisson`.

    Attributes
    ----------
    statistic
        The observed Wald-type statistic ``(x1/n1 - x2/n2) / sqrt(x1/n1**2 + x2/n2**2)``
        (equation 3.3 of Krishnamoorthy & Thomson 2004); 0 when both counts are zero.
    p_value
        Two-sided E-test p-value.
    method
        Human-readable name of the test.
    """

    statistic: float
    p_value: float
    method: str = E_TEST_METHOD

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return {"statistic": self.statistic, "p_value": self.p_value, "method": self.method}


def e_test_poisson(current: int, baseline: int, exposure_ratio: float = 1.0) -> ETestResult:
    """Krishnamoorthy–Thomson E-test for two Poisson rates (two-sided, no difference under H0).

    The E-test [2]_ estimates the p-value of the standardised difference
    ``T = (X1/n1 - X2/n2) / sqrt(X1/n1**2 + X2/n2**2)`` by its exact probability under the two
    Poisson distributions with the common rate estimated from the data,
    ``lambda_hat = (x1 + x2) / (n1 + n2)``: ``p = sum P(X1 = i) P(X2 = j) I(|T(i, j)| >= |t|)``
    (their equation 3.5). Here ``n1 = exposure_ratio`` and ``n2 = 1``. It is more powerful
    than the conditional C-test for small counts and almost never exceeds its nominal size.
    It gives no interval; use :func:`compare_poisson_counts` for that.

    For large counts, the double sum is evaluated without forming the full grid: for each
    ``i``, ``T(i, j)`` strictly decreases in ``j``, so the rejection region is ``j <= lo(i)``
    or ``j >= hi(i)`` with ``lo``/``hi`` from a quadratic, and the inner sum is a Poisson
    CDF/SF. Work grows with the square root of the counts, so force totals of hundreds of
    thousands take milliseconds. Outcomes tying with the observed statistic (within a relative
    ``1e-9``) count as "at least as extreme"; the point ``(0, 0)`` has no statistic and is
    left out, as in the authors' code and ``scipy.stats.poisson_means_test``.

    Parameters
    ----------
    current, baseline
        Crime counts in the current and baseline periods.
    exposure_ratio
        Length of the current period divided by that of the baseline period.

    Returns
    -------
    ETestResult

    References
    ----------
    .. [2] Krishnamoorthy & Thomson (2004), J. Stat. Plann. Inference 119, 23–35.

    Examples
    --------
    Example 1 of the paper (no dodder seeds in one 100 g sample of clover seed, three in the
    other):

    >>> round(e_test_poisson(0, 3).p_value, 4)
    0.0884
    """
    x1 = _check_count(current, "current")
    x2 = _check_count(baseline, "baseline")
    n1 = _check_exposure(exposure_ratio, "exposure_ratio")
    n2 = 1.0
    if x1 + x2 == 0:
        return ETestResult(0.0, 1.0)
    t_obs = (x1 / n1 - x2 / n2) / math.sqrt(x1 / n1**2 + x2 / n2**2)
    if t_obs == 0.0:
        return ETestResult(0.0, 1.0)
    t_abs = abs(t_obs) * (1.0 - 1e-9)  # ties with the observed point are "as extreme"

    lam = (x1 + x2) / (n1 + n2)
    mu1, mu2 = n1 * lam, n2 * lam
    # Outer sum over X1 spans mu1 +/- 12 standard deviations (+30 for small means), which
    # leaves out far less than 1e-20 of its probability.
    spread = 12.0 * math.sqrt(mu1)
    lo_i = max(0, math.floor(mu1 - spread - 30.0))
    hi_i = math.ceil(mu1 + spread + 30.0)
    i = np.arange(lo_i, hi_i + 1, dtype=np.float64)
    pmf_i = stats.poisson.pmf(i, mu1)

    a = i / n1  # rate estimate from X1 = i
    c = a / n1  # its variance contribution
    t2 = t_abs * t_abs
    # T(i, j) = t  <=>  u**2 - (2a + t**2/n2) u + a**2 - t**2 c = 0 with u = j / n2.
    b = 2.0 * a + t2 / n2
    disc = np.sqrt(np.maximum(b * b - 4.0 * (a * a - t2 * c), 0.0))
    u_low = (b - disc) / 2.0  # T >= +t  <=>  u <= u_low
    u_high = (b + disc) / 2.0  # T <= -t  <=>  u >= u_high

    j_low = np.floor(u_low * n2 + 1e-9)
    j_high = np.ceil(u_high * n2 - 1e-9)
    # Float rounding can put the boundary one step off; check it against T itself.
    for _ in range(2):
        j_low = np.where(_t_stat(a, j_low, n1, n2) >= t_abs, j_low, j_low - 1)
        j_low = np.where(_t_stat(a, j_low + 1, n1, n2) >= t_abs, j_low + 1, j_low)
        j_high = np.where(_t_stat(a, j_high, n1, n2) <= -t_abs, j_high, j_high + 1)
        j_high = np.where(
            (j_high >= 1) & (_t_stat(a, j_high - 1, n1, n2) <= -t_abs), j_high - 1, j_high
        )

    inner = stats.poisson.cdf(j_low, mu2) + stats.poisson.sf(j_high - 1, mu2)
    p_value = float(np.clip(np.sum(pmf_i * inner), _SMALLEST_P, 1.0))
    return ETestResult(float(t_obs), p_value)


def _t_stat(a: np.ndarray, j: np.ndarray, n1: float, n2: float) -> np.ndarray:
    """The E-test statistic at (i, j) from a = i / n1; NaN at (0, 0) so it never counts."""
    j = np.maximum(j, 0.0)
    b = j / n2
    var = a / n1 + b / n2
    with np.errstate(invalid="ignore", divide="ignore"):
        return (a - b) / np.sqrt(var)


def poisson_rate_ci(
    count: int, exposure: float = 1.0, *, confidence: float = _CONFIDENCE
) -> tuple[float, float]:
    """Exact (Garwood) confidence interval for a Poisson rate ``count / exposure``.

    The limits are the Poisson means at which the observed count sits in the upper and lower
    ``(1 - confidence) / 2`` tails, computed through the chi-square (gamma) link [4]_ [5]_:
    ``lower = chi2.ppf(alpha/2, 2x) / 2`` (0 when ``x = 0``) and
    ``upper = chi2.ppf(1 - alpha/2, 2x + 2) / 2``, each divided by ``exposure``. It never goes
    below zero and covers at least the stated confidence at every count.

    Parameters
    ----------
    count
        Observed number of crimes.
    exposure
        Denominator of the rate (months, years, 1,000 residents, ...); 1 gives an interval for
        the expected count itself.
    confidence
        Two-sided confidence level, default 0.95.

    Returns
    -------
    tuple of float
        ``(lower, upper)``.

    References
    ----------
    .. [4] Garwood (1936), Biometrika 28, 437–442.
    .. [5] Ulm (1990), Am. J. Epidemiol. 131, 373–375.

    Examples
    --------
    StatsDirect's worked example, 14 events in 400 person-years:

    >>> tuple(round(x, 6) for x in poisson_rate_ci(14, 400))
    (0.019135, 0.058724)
    """
    x = _check_count(count, "count")
    t = _check_exposure(exposure, "exposure")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    alpha = 1.0 - confidence
    lower = 0.0 if x == 0 else float(stats.chi2.ppf(alpha / 2.0, 2 * x)) / 2.0
    upper = float(stats.chi2.ppf(1.0 - alpha / 2.0, 2 * x + 2)) / 2.0
    return lower / t, upper / t


@dataclass(frozen=True)
class OverdispersionCheck:
    """Result of :func:`overdispersion_check`.

    Attributes
    ----------
    dispersion
        Pearson chi-square divided by residual degrees of freedom. About 1 for Poisson counts;
        2 means the monthly counts vary twice as much as Poisson assumes, so Poisson-based
        p-values are too small and intervals too narrow (by about ``sqrt(2)``).
    df_resid
        Residual degrees of freedom (number of months minus 2).
    dispersion_p_value
        One-sided p-value of the Pearson chi-square test of "no more variation than Poisson".
    rate_ratio
        Mean monthly count in the current period over that in the baseline period.
    ci95
        Quasi-Poisson 95% interval for the rate ratio (t-based, scale estimated).
    p_value
        Quasi-Poisson two-sided p-value for "no change".
    method
        Human-readable name of the method.
    """

    dispersion: float
    df_resid: int
    dispersion_p_value: float
    rate_ratio: float
    ci95: tuple[float, float]
    p_value: float
    method: str = QUASI_POISSON_METHOD

    @property
    def overdispersed(self) -> bool:
        """True when the dispersion test rejects Poisson variation at the 5% level."""
        return self.dispersion_p_value < 0.05

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return {
            "dispersion": self.dispersion,
            "df_resid": self.df_resid,
            "dispersion_p_value": self.dispersion_p_value,
            "overdispersed": self.overdispersed,
            "rate_ratio": self.rate_ratio,
            "ci95": [self.ci95[0], self.ci95[1]],
            "p_value": self.p_value,
            "method": self.method,
        }


def overdispersion_check(
    monthly_current: Sequence[int], monthly_baseline: Sequence[int]
) -> OverdispersionCheck:
    """Month-level check of the Poisson assumption behind :func:`compare_poisson_counts`.

    Fits a Poisson GLM ``log E[count_m] = b0 + b1 * current_m`` to the monthly counts of both
    periods (each month one unit of exposure), estimates the dispersion as Pearson chi-square
    over residual df, and refits with that scale (quasi-Poisson [6]_). The rate ratio is
    ``exp(b1)``, the same point estimate as the exact test on the period totals with
    ``exposure_ratio = len(monthly_current) / len(monthly_baseline)``; only its uncertainty
    changes. Crime counts are usually overdispersed (seasonality, sprees, recording batches),
    so when this check's interval is much wider than the exact test's, report both.

    Parameters
    ----------
    monthly_current, monthly_baseline
        Monthly crime counts in each period; at least three months in all, at least one in
        each, and at least one crime in each period.

    Returns
    -------
    OverdispersionCheck

    References
    ----------
    .. [6] McCullagh & Nelder (1989), Generalized Linear Models, 2nd ed., §4.5.
    """
    import statsmodels.api as sm  # deferred: statsmodels is slow to import

    current = [_check_count(v, "monthly_current") for v in monthly_current]
    baseline = [_check_count(v, "monthly_baseline") for v in monthly_baseline]
    if not current or not baseline or len(current) + len(baseline) < 3:
        raise ValueError("need at least one month in each period and three months in all")
    if sum(baseline) == 0 or sum(current) == 0:
        raise ValueError("a period with no crimes at all has no quasi-Poisson rate ratio")
    counts = np.asarray(current + baseline, dtype=float)
    indicator = np.r_[np.ones(len(current)), np.zeros(len(baseline))]
    design = sm.add_constant(indicator, has_constant="add")

    poisson = sm.GLM(counts, design, family=sm.families.Poisson()).fit()
    df_resid = int(round(poisson.df_resid))
    pearson = float(poisson.pearson_chi2)
    dispersion = pearson / df_resid
    dispersion_p = float(stats.chi2.sf(pearson, df_resid))

    quasi = sm.GLM(counts, design, family=sm.families.Poisson()).fit(scale="X2", use_t=True)
    beta = float(quasi.params[1])
    lower, upper = (float(v) for v in quasi.conf_int(alpha=1.0 - _CONFIDENCE)[1])
    return OverdispersionCheck(
        dispersion=dispersion,
        df_resid=df_resid,
        dispersion_p_value=dispersion_p,
        rate_ratio=math.exp(beta),
        ci95=(math.exp(lower), math.exp(upper)),
        p_value=float(quasi.pvalues[1]),
    )
