"""Poisson and negative binomial DiD against values worked out independently.

* A 2×2 (one treated, one comparison, before and after totals) is a saturated log-linear
  model, so the DiD incidence rate ratio is exactly (T_after/T_before)/(C_after/C_before)
  and se(log IRR) = √(1/T_b + 1/T_a + 1/C_b + 1/C_a) — the same arithmetic as the relative
  effect size (Farrington & Welsh's RES, the hub's before/after method, a second
  implementation: IRR = 1/RES).
* Counts built as exact products (area level × month level × effect) are fitted exactly by
  the model, so the fitted IRR and each event-study month equal the effect put in.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from prevhub.crime.area_figures import relative_effect_size
from prevhub.crime.evaluation import difference_in_differences, event_study

MONTHS = [f"2023-{m:02d}" for m in range(1, 13)]


def test_two_by_two_is_exact_and_equals_one_over_res() -> None:
    tb, ta, cb, ca = 120, 80, 300, 270
    r = difference_in_differences(
        {"T": [tb, ta]}, {"C": [cb, ca]}, ["2023-01", "2024-01"], "2024-01"
    )
    irr = (ta / tb) / (ca / cb)  # = (80/120)/(270/300) = 0.740740...
    assert r.estimate == pytest.approx(irr, rel=1e-9)
    se = math.sqrt(1 / tb + 1 / ta + 1 / cb + 1 / ca)
    assert r.se == pytest.approx(se, rel=1e-6)
    assert r.ci == pytest.approx((irr * math.exp(-1.96 * se), irr * math.exp(1.96 * se)), rel=1e-3)
    res, lo, hi, p = relative_effect_size(tb, ta, cb, ca)
    assert r.estimate == pytest.approx(1 / res)
    assert r.ci == pytest.approx((1 / hi, 1 / lo), rel=1e-3)
    assert r.p_value == pytest.approx(p, rel=1e-3)


def test_exact_multiplicative_panel_recovers_the_effect() -> None:
    season = np.array([10, 12, 9, 11, 14, 13, 12, 10, 9, 11, 12, 15], float)
    treated = 2.0 * season
    treated[6:] *= 0.6  # the response cut crime by 40 % from July
    r = difference_in_differences(
        {"T": treated}, {"A": 3.0 * season, "B": 5.0 * season}, MONTHS, "2023-07"
    )
    assert r.estimate == pytest.approx(0.6, rel=1e-6)


def test_one_treated_area_against_pooled_comparisons_is_the_ratio_of_totals() -> None:
    # Poisson's score equations make the fitted totals equal the observed ones, so with one
    # treated area the IRR is (T_after/T_before)/(C_after/C_before) over the pooled areas.
    rng = np.random.default_rng(5)
    t, a, b = rng.poisson(20, 12), rng.poisson(30, 12), rng.poisson(50, 12)
    r = difference_in_differences({"T": t}, {"A": a, "B": b}, MONTHS, "2023-07")
    c = a + b
    assert r.estimate == pytest.approx((t[6:].sum() / t[:6].sum()) / (c[6:].sum() / c[:6].sum()))
    assert r.parts["treated_before"] == t[:6].sum()


def test_negative_binomial_widens_the_interval_for_over_dispersed_counts() -> None:
    rng = np.random.default_rng(11)
    level = rng.gamma(2.0, 10.0, 12)  # month-to-month swings beyond Poisson
    series = {
        k: rng.poisson(level * s * rng.gamma(4, 0.25, 12))
        for k, s in (("T", 1.0), ("A", 1.5), ("B", 2.0))
    }
    comparison = {"A": series["A"], "B": series["B"]}
    poisson = difference_in_differences({"T": series["T"]}, comparison, MONTHS, "2023-07")
    negbin = difference_in_differences(
        {"T": series["T"]}, comparison, MONTHS, "2023-07", family="negbin"
    )
    assert negbin.parts["dispersion_alpha"] > 0.01
    assert (negbin.ci[1] / negbin.ci[0]) > (poisson.ci[1] / poisson.ci[0])
    assert any("over-dispersed" in c for c in poisson.caveats)
    assert negbin.method == "did-negbin"


def test_event_study_months_equal_the_effects_put_in() -> None:
    season = np.array([10, 12, 9, 11, 14, 13, 12, 10, 9, 11, 12, 15], float)
    effect = np.array([1, 1, 1, 1, 1, 1, 0.9, 0.8, 0.7, 0.7, 0.6, 0.6])
    r = event_study({"T": 4 * season * effect}, {"A": 3 * season}, MONTHS, "2023-07")
    rows = {row["relative_month"]: row for row in r.parts["event_study"]}
    assert sorted(rows) == list(range(-6, 6))
    assert rows[-1]["irr"] == 1.0 and rows[-1]["ci"] is None  # the reference month
    for k in range(-6, 6):
        assert rows[k]["irr"] == pytest.approx(effect[k + 6], rel=1e-6), k
    assert rows[0]["month"] == "2023-07"


def test_event_study_with_a_gap_between_periods_names_the_right_months() -> None:
    months = ["2023-01", "2023-02", "2023-03", "2024-01", "2024-02", "2024-03"]
    base = np.array([10, 11, 12, 13, 12, 11], float)
    r = event_study({"T": base * [1, 1, 1, 0.5, 0.5, 0.5]}, {"C": 2 * base}, months, "2024-01")
    by_month = {row["month"]: row for row in r.parts["event_study"]}
    assert by_month["2024-02"]["irr"] == pytest.approx(0.5, rel=1e-6)
    assert by_month["2023-03"]["relative_month"] == -10


def test_bad_panels_are_refused() -> None:
    with pytest.raises(ValueError, match="12 months"):
        difference_in_differences({"T": [1, 2]}, {"C": [1] * 12}, MONTHS, "2023-07")
    with pytest.raises(ValueError, match="start month"):
        difference_in_differences({"T": [1] * 12}, {"C": [1] * 12}, MONTHS, "2023-01")
    with pytest.raises(ValueError, match="treated and comparison"):
        difference_in_differences({"T": [1] * 12}, {"T": [1] * 12}, MONTHS, "2023-07")
