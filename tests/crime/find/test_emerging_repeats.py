"""Mann-Kendall, Esri's emerging hot spot categories, and repeat victimisation counts."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from prevhub.crime.find.emerging import _classify_one, emerging_hot_spots, mann_kendall
from prevhub.crime.find.repeats import repeat_summary


def test_mann_kendall_worked_by_hand() -> None:
    # series 1, 3, 2, 4: pairs (1,3)+ (1,2)+ (1,4)+ (3,2)- (3,4)+ (2,4)+ -> S = 4
    # Var = 4*3*13/18 = 8.6667; z = (4 - 1)/sqrt(8.6667) = 1.0190
    r = mann_kendall(np.array([[1.0, 3.0, 2.0, 4.0]]))
    assert r.s[0] == 4
    assert r.variance[0] == pytest.approx(4 * 3 * 13 / 18)
    assert r.z[0] == pytest.approx(3 / np.sqrt(4 * 3 * 13 / 18))
    assert r.p_value[0] == pytest.approx(2 * stats.norm.sf(3 / np.sqrt(4 * 3 * 13 / 18)))


def test_mann_kendall_tie_correction_matches_scipy_kendall_tau_variance() -> None:
    # With time untied, Var(S) with ties in x is what scipy's kendalltau uses for tau-b's
    # asymptotic test; S = tau_b * sqrt(n0 * (n0 - n1)).
    rng = np.random.default_rng(4)
    series = rng.integers(0, 4, size=(50, 12)).astype(float)
    r = mann_kendall(series)
    for k in range(50):
        row = series[k]
        if np.ptp(row) == 0:
            continue
        tau, _ = stats.kendalltau(np.arange(12), row)
        n0 = 12 * 11 / 2
        _, counts = np.unique(row, return_counts=True)
        n1 = (counts * (counts - 1) / 2).sum()
        assert r.s[k] == pytest.approx(tau * np.sqrt(n0 * (n0 - n1)))
        ties = (counts * (counts - 1) * (2 * counts + 5)).sum()
        assert r.variance[k] == pytest.approx((12 * 11 * 29 - ties) / 18)


@pytest.mark.parametrize(
    ("hot", "cold", "trend_z", "trend_sig", "expected"),
    [
        ("0000000001", "0000000000", 0.0, False, "new hot spot"),
        ("0000000111", "0000000000", 0.0, False, "consecutive hot spot"),
        ("1111111111", "0000000000", 2.5, True, "intensifying hot spot"),
        ("1111111111", "0000000000", 0.3, False, "persistent hot spot"),
        ("1111111111", "0000000000", -2.5, True, "diminishing hot spot"),
        ("1001001001", "0000000000", 0.0, False, "sporadic hot spot"),
        ("1001001001", "0100000000", 0.0, False, "oscillating hot spot"),
        ("1111111110", "0000000000", -1.0, False, "historical hot spot"),
        ("0000000000", "0000000011", 0.0, False, "consecutive cold spot"),
        ("0000000000", "1111111111", -2.5, True, "intensifying cold spot"),
        ("0000000000", "0000000000", 0.0, False, "no pattern detected"),
    ],
)
def test_esri_categories_from_their_published_definitions(
    hot: str, cold: str, trend_z: float, trend_sig: bool, expected: str
) -> None:
    h = np.array([c == "1" for c in hot])
    c = np.array([c == "1" for c in cold])
    assert _classify_one(h, c, trend_z, trend_sig) == expected


def test_a_cell_that_becomes_busy_at_the_end_is_a_new_hot_spot() -> None:
    rng = np.random.default_rng(8)
    cube = rng.poisson(1.0, size=(10, 15, 15)).astype(float)
    cube[-1, 7, 7] += 40  # only in the last slice
    result = emerging_hot_spots(cube, 100.0)
    assert result.category[7, 7] == "new hot spot"
    assert result.slice_classes[-1, 7, 7] > 0


def test_repeat_counts_and_time_to_repeat_worked_by_hand() -> None:
    keys = np.array(["a", "b", "a", "c", "a", "b", None], dtype=object)
    dates = np.array(
        [
            "2024-01-01",
            "2024-01-05",
            "2024-01-03",
            "2024-02-01",
            "2024-03-01",
            "2024-01-30",
            "2024-01-01",
        ],
        dtype="datetime64[D]",
    )
    r = repeat_summary(keys, dates, key_kind="victim")
    # a: 3 crimes, b: 2, c: 1 -> 6 crimes with a key, 3 keys, 2 repeat keys,
    # 5 crimes at repeat keys, 3 repeat crimes (2nd and later)
    assert (r.crimes, r.keys, r.repeat_keys, r.crimes_at_repeat_keys, r.repeat_crimes) == (
        6,
        3,
        2,
        5,
        3,
    )
    assert r.share_repeat == pytest.approx(0.5)
    assert r.frequency == {"1": 1, "2": 1, "3": 1, "4": 0, "5+": 0}
    # gaps: a 2 days (01->03), 58 days (03->03-01); b 25 days -> median 25
    assert r.median_time_to_repeat == 25
    assert r.repeats_within == {"under 7 days": 1, "under 28 days": 2, "under 365 days": 3}
    assert r.warnings and "1 crimes have no victim" in r.warnings[0]
