"""Synthetic control: pysyncon and the hub's own NNLS solver agree, exact mixtures are
recovered, and the placebo rank is the rank counted by hand.

Expected values are constructed, not taken from the code: a treated series that *is* a
convex mixture of two donors (weights 0.3 and 0.7) before the start must get those weights
from both implementations; a post-period cut of 30 % must show as a gap of 30 % of the
mixture. (pysyncon's own Basque example needs Abadie's data set, which its wheel does not
ship; the cross-check against pysyncon on random panels stands in for it.)
"""

from __future__ import annotations

import numpy as np
import pytest

from prevhub.crime.evaluation import synthetic_control
from prevhub.crime.evaluation.synth import weights_nnls, weights_pysyncon

MONTHS = [f"{2022 + i // 12}-{i % 12 + 1:02d}" for i in range(24)]
START = "2023-07"  # 18 months before, 6 after


def _donors(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    season = 1 + 0.25 * np.sin(np.arange(24) * 2 * np.pi / 12)
    return {f"L{j:03d}": rng.poisson(rng.uniform(10, 60) * season).astype(float) for j in range(n)}


def test_an_exact_mixture_is_recovered_by_both_implementations() -> None:
    rng = np.random.default_rng(3)
    donors = _donors(rng, 12)
    mix = 0.3 * donors["L002"] + 0.7 * donors["L007"]
    treated = mix.copy()
    treated[18:] *= 0.7
    for engine in ("pysyncon", "nnls"):
        r = synthetic_control({"T": treated}, donors, MONTHS, START, engine=engine)
        row = r.parts["treated"][0]
        weights = {w["area"]: w["weight"] for w in row["weights"]}
        assert weights == pytest.approx({"L002": 0.3, "L007": 0.7}, abs=2e-3), engine
        assert row["pre_rmspe"] == pytest.approx(0, abs=0.05)
        # gap after = −30 % of the mixture, month by month
        assert row["gap"][18:] == pytest.approx(list(-0.3 * mix[18:]), abs=0.2)
        assert row["change_percent"] == pytest.approx(-30, abs=0.5)


def test_pysyncon_and_nnls_agree_on_random_panels() -> None:
    rng = np.random.default_rng(8)
    for n in (5, 40):
        y = np.column_stack(list(_donors(rng, n + 1).values()))
        w1 = weights_pysyncon(y[:18, 0], y[:18, 1:])
        w2 = weights_nnls(y[:18, 0], y[:18, 1:])
        assert w2.min() >= 0 and w2.sum() == pytest.approx(1)
        assert np.abs(w1 - w2).max() < 5e-3, n


def test_pysyncon_on_a_working_set_gives_the_full_problems_weights() -> None:
    # 120 donors: pysyncon over all of them (slow) against pysyncon over the NNLS working set
    # checked by the KKT conditions (fast): the same weights within SLSQP's precision.
    rng = np.random.default_rng(12)
    y = np.column_stack(list(_donors(rng, 121).values()))
    full = weights_pysyncon(y[:18, 0], y[:18, 1:], screen=False)
    screened = weights_pysyncon(y[:18, 0], y[:18, 1:])
    assert np.abs(full - screened).max() < 5e-3
    assert np.abs(screened - weights_nnls(y[:18, 0], y[:18, 1:])).max() < 5e-3


def test_placebo_rank_is_counted_among_the_donors() -> None:
    rng = np.random.default_rng(4)
    donors = _donors(rng, 19)
    treated = 0.5 * donors["L001"] + 0.5 * donors["L010"]
    treated[18:] *= 0.4  # a large effect: no placebo should have a larger RMSPE ratio
    r = synthetic_control({"T": treated}, donors, MONTHS, START, engine="nnls")
    row = r.parts["treated"][0]
    ratios = r.parts["placebo_ratios"]
    assert len(ratios) == 19
    by_hand = 1 + sum(x >= row["ratio_nnls"] for x in ratios)
    assert row["placebo_rank"] == by_hand == 1
    assert r.p_value == pytest.approx(1 / 20)
    assert r.estimate < 0


def test_several_treated_areas_each_get_a_fit_and_a_rank() -> None:
    rng = np.random.default_rng(6)
    donors = _donors(rng, 15)
    t1 = donors.pop("L000")
    t2 = donors.pop("L001")
    r = synthetic_control({"A": t1, "B": t2}, donors, MONTHS, START, engine="nnls")
    assert [row["area"] for row in r.parts["treated"]] == ["A", "B"]
    assert all(1 <= row["placebo_rank"] <= 14 for row in r.parts["treated"])
    assert r.estimate == pytest.approx(
        np.mean([row["mean_gap_after"] for row in r.parts["treated"]])
    )
    assert any("Several treated areas" in c for c in r.caveats)


def test_bad_input_is_refused() -> None:
    donors = {"A": [1.0] * 24, "B": [2.0] * 24}
    with pytest.raises(ValueError, match="two months before"):
        synthetic_control({"T": [1.0] * 24}, donors, MONTHS, "2022-02")
    with pytest.raises(ValueError, match="donor"):
        synthetic_control({"A": [1.0] * 24}, donors, MONTHS, START)
