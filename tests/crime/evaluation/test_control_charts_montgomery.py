"""Control charts reproduce Montgomery's worked examples; Laney u′ and the run rules by hand.

Sources:
* c-chart: Montgomery, *Introduction to Statistical Quality Control* (6th ed., 2009),
  Example 7.3, Table 7.7: nonconformities in 26 samples of 100 printed circuit boards
  (total 516), c̄ = 19.85, UCL = 33.22, LCL = 6.48; samples 6 and 20 plot outside.
* u-chart: the same book, Example 7.4, Table 7.8: nonconformities in 20 samples of five
  personal computers (total 193), ū = 1.93, UCL = 3.79, LCL = 0.07; in control.
* Laney u′ (Laney 2002, Quality Engineering 14(4)) and the Western Electric rules: hand-worked
  in the comments below.
"""

from __future__ import annotations

import math

import pytest

from prevhub.crime.evaluation import control_chart, seasonal_baseline, western_electric

MONTGOMERY_7_7 = [
    21,
    24,
    16,
    12,
    15,
    5,
    28,
    20,
    31,
    25,
    20,
    24,
    16,
    19,
    10,
    17,
    13,
    22,
    18,
    39,
    30,
    24,
    16,
    19,
    17,
    15,
]
MONTGOMERY_7_8 = [10, 12, 8, 14, 10, 16, 11, 7, 10, 15, 9, 5, 7, 11, 12, 6, 8, 10, 7, 5]


def months(n: int) -> list[str]:
    return [f"{2020 + i // 12}-{i % 12 + 1:02d}" for i in range(n)]


def test_c_chart_montgomery_example_7_3() -> None:
    r = control_chart(months(26), MONTGOMERY_7_7, kind="c")
    p = r.parts["points"][0]
    assert sum(MONTGOMERY_7_7) == 516
    assert round(r.parts["centre"], 2) == 19.85
    # The book rounds c̄ to 19.85 first (19.85 + 3√19.85 = 33.22); unrounded it is 33.21.
    assert p["ucl"] == pytest.approx(33.22, abs=0.01)
    assert p["lcl"] == pytest.approx(6.48, abs=0.01)
    beyond = [i + 1 for i, q in enumerate(r.parts["points"]) if 1 in q["rules"]]
    assert beyond == [6, 20]


def test_u_chart_montgomery_example_7_4() -> None:
    r = control_chart(months(20), MONTGOMERY_7_8, kind="u", exposure=[5] * 20)
    p = r.parts["points"][0]
    assert round(r.parts["centre"], 2) == 1.93
    assert (round(p["ucl"], 2), round(p["lcl"], 2)) == (3.79, 0.07)
    assert not any(1 in q["rules"] for q in r.parts["points"])


def test_u_chart_with_varying_exposure_by_hand() -> None:
    # counts 10, 30, 20 over exposures 1, 2, 1: ū = 60/4 = 15; month 2's limits
    # 15 ± 3√(15/2) = 15 ± 8.2158
    r = control_chart(months(3), [10, 30, 20], kind="u", exposure=[1, 2, 1])
    p2 = r.parts["points"][1]
    assert r.parts["centre"] == 15
    assert p2["value"] == 15 and p2["ucl"] == pytest.approx(15 + 3 * math.sqrt(7.5))


def test_laney_u_prime_by_hand() -> None:
    # counts 10, 20, 10, 20 with exposure 1: ū = 15, σ_i = √15 = 3.873;
    # z = ∓1.291 alternately, moving ranges all 2.582, σ_z = 2.582/1.128 = 2.289;
    # limits 15 ± 3·2.289·3.873 = 15 ± 26.60 (LCL floored at 0).
    r = control_chart(months(4), [10, 20, 10, 20], kind="laney", exposure=[1] * 4)
    sz = (2 * 5 / math.sqrt(15)) / 1.128
    assert r.parts["sigma_z"] == pytest.approx(sz)
    assert r.parts["points"][0]["ucl"] == pytest.approx(15 + 3 * sz * math.sqrt(15))
    assert r.parts["points"][0]["lcl"] == 0


def test_laney_widens_limits_for_over_dispersed_counts_and_stops_false_alarms() -> None:
    counts = [30, 75, 28, 80, 33, 72, 29, 78, 31, 74, 35, 70]
    c = control_chart(months(12), counts, kind="c")
    laney = control_chart(months(12), counts, kind="laney")
    assert any(1 in p["rules"] for p in c.parts["points"])  # c-chart flags ordinary months
    assert not any(1 in p["rules"] for p in laney.parts["points"])
    assert laney.parts["sigma_z"] > 1


def test_western_electric_rules_by_hand() -> None:
    assert western_electric([0, 3.5, 0]) == [[], [1], []]
    assert western_electric([2.5, 0, 2.1])[2] == [2]  # two of three beyond 2σ
    assert western_electric([1.5, 1.2, 0.1, 1.1, 1.3])[4] == [3]  # four of five beyond 1σ
    assert 4 in western_electric([0.5] * 8)[7] and 4 not in western_electric([0.5] * 7)[6]
    assert western_electric([-2.5, 0, -2.2])[2] == [2]  # below, same side


def test_baseline_months_set_the_limits() -> None:
    r = control_chart(months(6), [10, 10, 10, 10, 30, 30], kind="c", baseline=4)
    assert r.parts["centre"] == 10 and r.parts["baseline_months"] == 4


def test_seasonal_baseline_by_hand() -> None:
    # Decembers 30, 34, 32 (mean 32), Junes 10, 14, 12 (mean 12); this year 31 and 6.
    history = {
        "2021-06": 10,
        "2022-06": 14,
        "2023-06": 12,
        "2024-06": 6,
        "2020-12": 30,
        "2021-12": 34,
        "2022-12": 32,
        "2023-12": 31,
    }
    r = seasonal_baseline(history, ["2023-12", "2024-06"])
    rows = {row["month"]: row for row in r.parts["months"]}
    assert rows["2023-12"]["expected"] == 32 and rows["2024-06"]["expected"] == 12
    # dispersion: Σ(f−μ)²/μ = (4+4+0)/32 + (4+4+0)/12 = 0.25 + 0.6667 over 6 − 2 = 4 df
    # = 0.229 < 1, so φ = 1: June's limits 12 ± 3√12 = (1.61, 22.39): 6 is inside
    assert r.parts["dispersion"] == 1
    assert rows["2024-06"]["lcl"] == pytest.approx(12 - 3 * math.sqrt(12))
    assert rows["2024-06"]["outside"] is False
    assert r.estimate == pytest.approx(100 * (37 - 44) / 44)
