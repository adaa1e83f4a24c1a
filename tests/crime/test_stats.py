"""Rate tests checked against published worked examples and independent implementations.

Every expected number names where it comes from. Sources:

- R ``poisson.test`` help page, example ``poisson.test(c(11, 6+8+7), c(800, 1083+1050+878))``
  (eba1977 data from the ISwR package); its printed output is: count1 = 11,
  expected count1 = 6.7174, p-value = 0.07967, 95 percent confidence interval
  0.8584264 4.2772659, rate ratio 1.971488.
- Krishnamoorthy & Thomson (2004), J. Stat. Plann. Inference 119, 23–35, section 6,
  Examples 1 and 2: E-test p-values 0.0884 (0 vs 3) and 0.1749 (2 vs 6), as transcribed in
  SciPy's test suite for ``scipy.stats.poisson_means_test`` (``test_paper_examples``).
- The authors' own Fortran program (pois2pval.for), values recorded in SciPy's test suite
  (``test_fortran_authors``): k1=3, n1=100, k2=20, n2=300 gives 0.12202725450896404.
- StatsDirect's "Poisson confidence interval" worked example: 14 events in 400 person-years,
  exact 95% interval 0.019135 to 0.058724.
- epitools ``pois.exact`` documentation: for x = 0 the exact upper 95% limit is 3.689.
- Garwood-interval calculator notes (calculatorhub.com): for x = 10 the exact 95% interval is
  about 4.80 to 18.39.
"""

from __future__ import annotations

import json
import math
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats
from statsmodels.stats import rates as sm_rates

from prevhub.crime.stats import (
    C_TEST_METHOD,
    RateComparison,
    compare_poisson_counts,
    e_test_poisson,
    overdispersion_check,
    poisson_rate_ci,
)

counts = st.integers(min_value=0, max_value=5_000)
exposure_ratios = st.sampled_from([1.0, 0.5, 2.0, 1 / 3, 12 / 24, 24 / 12, 7 / 12, 1.7])


# --- the exact conditional test (C-test) -------------------------------------------------------


def test_exact_conditional_test_matches_r_poisson_test_documentation_example() -> None:
    # Source: R poisson.test help page example, printed output (see module docstring).
    result = compare_poisson_counts(11, 21, exposure_ratio=800 / 3011)
    assert result.rate_ratio == pytest.approx(1.971488, abs=5e-7)
    assert result.p_value == pytest.approx(0.07967, abs=5e-6)
    assert result.ci95 is not None
    assert result.ci95[0] == pytest.approx(0.8584264, abs=5e-8)
    assert result.ci95[1] == pytest.approx(4.2772659, abs=5e-8)
    # "expected count1 = 6.7174": total * r / (1 + r) under no change.
    r = result.exposure_ratio
    assert 32 * r / (1 + r) == pytest.approx(6.7174, abs=5e-5)


@pytest.mark.parametrize(
    ("current", "baseline", "ratio"),
    [(11, 21, 800 / 3011), (0, 3, 1.0), (2, 6, 1.0), (120, 95, 1.0), (8467, 9100, 12 / 24)],
)
def test_exact_conditional_test_agrees_with_statsmodels_exact_cond(
    current: int, baseline: int, ratio: float
) -> None:
    # Source: statsmodels.stats.rates.test_poisson_2indep(method="exact-cond"), an independent
    # implementation of the same conditional binomial test.
    reference = sm_rates.test_poisson_2indep(current, ratio, baseline, 1.0, method="exact-cond")
    assert compare_poisson_counts(current, baseline, exposure_ratio=ratio).p_value == (
        pytest.approx(float(reference.pvalue), rel=1e-9)
    )


def test_two_sided_p_value_is_the_minimum_likelihood_one_not_double_the_tail() -> None:
    # Source: scipy.stats.binomtest (documented two-sided rule); conditional on n = 3 the
    # count 0 has probability 1/8 and so does 3, so p = 2/8 = 0.25 (hand calculation).
    assert compare_poisson_counts(0, 3).p_value == pytest.approx(0.25, abs=1e-12)
    # Unequal exposure: the minimum-likelihood p differs from doubling the smaller tail.
    n, p0 = 30, 1 / 3
    doubled = min(1.0, 2 * scipy_stats.binom.cdf(4, n, p0))
    ours = compare_poisson_counts(4, 26, exposure_ratio=0.5).p_value
    assert ours == pytest.approx(scipy_stats.binomtest(4, n, p0).pvalue, rel=1e-12)
    assert ours != pytest.approx(doubled, rel=1e-3)


def test_no_crimes_in_either_period_gives_p_of_one_and_no_ratio() -> None:
    result = compare_poisson_counts(0, 0)
    assert result.p_value == 1.0
    assert result.rate_ratio is None
    assert result.ci95 is None


def test_zero_baseline_has_no_ratio_but_a_lower_bound() -> None:
    result = compare_poisson_counts(10, 0)
    assert result.rate_ratio is None
    assert result.ci95 is not None
    low, high = result.ci95
    assert math.isinf(high)
    # Source: Clopper-Pearson lower limit for 10 of 10 is (0.025)**(1/10) (closed form for
    # x = n), so the rate-ratio limit is p/(1-p).
    p = 0.025 ** (1 / 10)
    assert low == pytest.approx(p / (1 - p), rel=1e-9)
    assert result.p_value == pytest.approx(2 * 0.5**10, rel=1e-12)  # both tails, 1/1024 each


def test_zero_current_count_gives_ratio_zero_and_a_finite_upper_limit() -> None:
    result = compare_poisson_counts(0, 12)
    assert result.rate_ratio == 0.0
    assert result.ci95 is not None
    assert result.ci95[0] == 0.0
    assert 0 < result.ci95[1] < 1


def test_force_sized_counts_are_fast_and_do_not_overflow() -> None:
    # Nottinghamshire-sized annual totals (hundreds of thousands of rows).
    started = time.perf_counter()
    result = compare_poisson_counts(258_417, 219_339)
    e_result = e_test_poisson(258_417, 219_339)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0
    assert result.rate_ratio == pytest.approx(258_417 / 219_339)
    # A p-value that underflows a double is reported as the smallest normal double, not 0.
    assert 0.0 < result.p_value < 1e-300
    assert 0.0 < e_result.p_value < 1e-300
    assert result.ci95 is not None
    assert result.ci95[0] < result.rate_ratio < result.ci95[1]
    close = compare_poisson_counts(250_000, 250_700)
    assert 0.3 < close.p_value < 0.4  # z ~ 0.99 for a 700 difference on 500,700 crimes


def test_to_dict_is_json_ready_and_writes_an_unbounded_limit_as_null() -> None:
    payload = compare_poisson_counts(10, 0).to_dict()
    text = json.dumps(payload, allow_nan=False)
    assert json.loads(text)["ci95"][1] is None
    normal = compare_poisson_counts(90, 100).to_dict()
    assert set(normal) >= {"current", "baseline", "rate_ratio", "ci95", "p_value", "method"}
    assert normal["change"] == -10
    assert normal["method"] == C_TEST_METHOD


@pytest.mark.parametrize(
    ("current", "baseline", "ratio"),
    [(-1, 3, 1.0), (1.5, 3, 1.0), (True, 3, 1.0), (1, 3, 0.0), (1, 3, math.inf)],
)
def test_bad_inputs_are_rejected_with_a_value_error(current, baseline, ratio) -> None:
    with pytest.raises(ValueError):
        compare_poisson_counts(current, baseline, exposure_ratio=ratio)


@settings(max_examples=150, deadline=None)
@given(current=counts, baseline=counts, ratio=exposure_ratios)
def test_p_value_lies_in_zero_to_one_and_interval_contains_the_estimate(
    current: int, baseline: int, ratio: float
) -> None:
    result = compare_poisson_counts(current, baseline, exposure_ratio=ratio)
    assert isinstance(result, RateComparison)
    assert 0.0 < result.p_value <= 1.0
    if result.rate_ratio is not None and result.ci95 is not None:
        low, high = result.ci95
        assert low <= result.rate_ratio * (1 + 1e-12)
        assert result.rate_ratio <= high * (1 + 1e-12)


@settings(max_examples=150, deadline=None)
@given(current=counts, baseline=counts, ratio=exposure_ratios)
def test_swapping_the_periods_inverts_the_ratio_and_keeps_the_p_value(
    current: int, baseline: int, ratio: float
) -> None:
    forward = compare_poisson_counts(current, baseline, exposure_ratio=ratio)
    backward = compare_poisson_counts(baseline, current, exposure_ratio=1 / ratio)
    assert forward.p_value == pytest.approx(backward.p_value, rel=1e-6, abs=1e-300)
    if current > 0 and baseline > 0:
        assert forward.rate_ratio == pytest.approx(1 / backward.rate_ratio, rel=1e-9)
        assert forward.ci95[0] == pytest.approx(1 / backward.ci95[1], rel=1e-6)
        assert forward.ci95[1] == pytest.approx(1 / backward.ci95[0], rel=1e-6)


@settings(max_examples=80, deadline=None)
@given(current=st.integers(0, 400), baseline=st.integers(0, 400), ratio=exposure_ratios)
def test_equal_rates_never_look_significant(current: int, baseline: int, ratio: float) -> None:
    # When the counts are exactly in proportion to the exposures the p-value is at its maximum.
    scaled = round(baseline * ratio)
    if scaled == baseline * ratio:
        assert compare_poisson_counts(scaled, baseline, exposure_ratio=ratio).p_value > 0.5


# --- the E-test ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "baseline", "expected"),
    [(0, 3, 0.0884), (2, 6, 0.1749)],
)
def test_e_test_matches_krishnamoorthy_thomson_section_6_examples(
    current: int, baseline: int, expected: float
) -> None:
    # Source: Krishnamoorthy & Thomson (2004), section 6, Examples 1 and 2 (100 g samples of
    # clover seed, equal sample sizes), E-test p-values printed to four decimals.
    assert e_test_poisson(current, baseline).p_value == pytest.approx(expected, abs=1e-4)


def test_e_test_matches_the_authors_fortran_program() -> None:
    # Source: the authors' pois2pval.for, k1=3, n1=100, k2=20, n2=300, two-sided, d=0, as
    # recorded in SciPy's test suite (tolerance there: 2e-6).
    result = e_test_poisson(3, 20, exposure_ratio=100 / 300)
    assert result.p_value == pytest.approx(0.12202725450896404, abs=2e-6)


@pytest.mark.parametrize(
    ("current", "baseline", "ratio"),
    [(0, 3, 1.0), (2, 6, 1.0), (3, 20, 1 / 3), (20, 10, 1.0), (50, 1, 15.0), (3000, 3200, 1.0)],
)
def test_e_test_agrees_with_scipy_and_statsmodels(current: int, baseline: int, ratio: float):
    # Sources: scipy.stats.poisson_means_test and statsmodels etest_poisson_2indep
    # (method="wald" is the paper's unpooled statistic), two independent implementations.
    ours = e_test_poisson(current, baseline, exposure_ratio=ratio)
    scipy_result = scipy_stats.poisson_means_test(current, ratio, baseline, 1.0)
    _, statsmodels_p = sm_rates.etest_poisson_2indep(current, ratio, baseline, 1.0, method="wald")
    assert ours.statistic == pytest.approx(float(scipy_result.statistic), rel=1e-12)
    assert ours.p_value == pytest.approx(float(scipy_result.pvalue), abs=1e-8)
    assert ours.p_value == pytest.approx(float(statsmodels_p), abs=1e-8)


def test_e_test_counts_floating_point_ties_as_extreme() -> None:
    # (7, 5) and (26, 22) have the same statistic, 2/sqrt(12) = 4/sqrt(48), mathematically;
    # a plain float comparison can drop such ties. Checked against a brute-force double sum
    # with exact rational comparison of T**2 = (i - j)**2 / (i + j).
    from fractions import Fraction

    lam = 24.0
    pmf = scipy_stats.poisson.pmf
    t2 = Fraction(16, 48)
    brute = sum(
        pmf(i, lam) * pmf(j, lam)
        for i in range(0, 120)
        for j in range(0, 120)
        if i + j > 0 and Fraction((i - j) ** 2, i + j) >= t2
    )
    assert e_test_poisson(26, 22).p_value == pytest.approx(brute, rel=1e-10)


def test_e_test_handles_zeros() -> None:
    assert e_test_poisson(0, 0).p_value == 1.0
    assert e_test_poisson(5, 5).p_value == 1.0
    assert e_test_poisson(0, 40).p_value < 1e-6


@settings(max_examples=80, deadline=None)
@given(current=st.integers(0, 300), baseline=st.integers(0, 300), ratio=exposure_ratios)
def test_e_test_p_value_lies_in_zero_to_one_and_is_symmetric(
    current: int, baseline: int, ratio: float
) -> None:
    forward = e_test_poisson(current, baseline, ratio)
    backward = e_test_poisson(baseline, current, 1 / ratio)
    assert 0.0 < forward.p_value <= 1.0
    assert forward.p_value == pytest.approx(backward.p_value, rel=1e-6, abs=1e-12)


# --- the Garwood interval ------------------------------------------------------------------


def test_garwood_interval_matches_statsdirect_worked_example() -> None:
    # Source: StatsDirect help, "Poisson confidence interval": 14 events, 400 person-years.
    low, high = poisson_rate_ci(14, 400)
    assert low == pytest.approx(0.019135, abs=5e-7)
    assert high == pytest.approx(0.058724, abs=5e-7)


@pytest.mark.parametrize(
    ("count", "low", "high", "tolerance", "source"),
    [
        (0, 0.0, 3.689, 5e-4, "epitools pois.exact docs: upper limit 3.689 at x = 0"),
        (10, 4.80, 18.39, 5e-3, "Garwood calculator notes: x = 10 gives 4.80 to 18.39"),
    ],
)
def test_garwood_interval_matches_published_limits(count, low, high, tolerance, source) -> None:
    got_low, got_high = poisson_rate_ci(count)
    assert got_low == pytest.approx(low, abs=tolerance), source
    assert got_high == pytest.approx(high, abs=tolerance), source


def test_garwood_interval_agrees_with_statsmodels_exact_interval() -> None:
    # Source: statsmodels.stats.rates.confint_poisson(method="exact-c"), independent code.
    for count, exposure in [(0, 1.0), (1, 1.0), (7, 3.0), (250_000, 12.0)]:
        reference = sm_rates.confint_poisson(count, exposure, method="exact-c")
        assert poisson_rate_ci(count, exposure) == pytest.approx(
            (float(reference[0]), float(reference[1])), rel=1e-9, abs=1e-12
        )


@settings(max_examples=100, deadline=None)
@given(count=st.integers(0, 500_000), exposure=st.floats(0.1, 1000))
def test_garwood_interval_contains_the_observed_rate(count: int, exposure: float) -> None:
    low, high = poisson_rate_ci(count, exposure)
    assert 0.0 <= low <= count / exposure <= high


# --- overdispersion ------------------------------------------------------------------------


def test_overdispersion_check_computes_pearson_dispersion_and_quasi_poisson_interval() -> None:
    current = [100, 120, 90, 130, 80, 110]  # mean 105
    baseline = [140, 150, 120, 160, 100, 170]  # mean 140
    check = overdispersion_check(current, baseline)
    # Source: hand calculation of Pearson's statistic with group means as fitted values:
    # 1750/105 + 3400/140 = 40.952..., over 12 - 2 = 10 df.
    assert check.dispersion == pytest.approx((1750 / 105 + 3400 / 140) / 10, rel=1e-9)
    assert check.df_resid == 10
    assert check.overdispersed
    assert check.rate_ratio == pytest.approx(105 / 140, rel=1e-9)
    # The quasi-Poisson interval is the Poisson Wald interval widened by sqrt(dispersion)
    # with a t(10) quantile (McCullagh & Nelder 1989, section 4.5).
    se = math.sqrt((1 / (6 * 105) + 1 / (6 * 140)) * check.dispersion)
    t = scipy_stats.t.ppf(0.975, 10)
    assert check.ci95[0] == pytest.approx(105 / 140 * math.exp(-t * se), rel=1e-6)
    assert check.ci95[1] == pytest.approx(105 / 140 * math.exp(t * se), rel=1e-6)
    json.dumps(check.to_dict(), allow_nan=False)


def test_poisson_like_months_are_not_flagged_as_overdispersed() -> None:
    check = overdispersion_check([100, 101, 99, 100], [110, 111, 109, 110])
    assert check.dispersion < 0.1
    assert not check.overdispersed


def test_overdispersion_check_refuses_empty_periods() -> None:
    with pytest.raises(ValueError):
        overdispersion_check([], [1, 2, 3])
    with pytest.raises(ValueError):
        overdispersion_check([0, 0], [1, 2])
