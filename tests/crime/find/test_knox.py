"""Knox test: hand-worked tables, an independent O(n^2) count on real Chicago data, properties."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from prevhub.crime.find.knox import knox_test, space_bands, time_bands

from .conftest import read_chicago


def brute_force_table(
    x: np.ndarray,
    y: np.ndarray,
    t: np.ndarray,
    width: float,
    n_space: int,
    days: float,
    n_time: int,
    metric: str,
) -> np.ndarray:
    """Count every pair by a plain double loop over all n(n-1)/2 pairs (no KD-tree, no numpy bins).

    Row 0 is distance exactly 0; row k >= 1 holds (k-1)*width <= d < k*width, d > 0.
    Column c holds c*days <= |dt| < (c+1)*days.
    """
    table = np.zeros((n_space + 1, n_time), int)
    for a, b in itertools.combinations(range(len(x)), 2):
        dx, dy = abs(x[a] - x[b]), abs(y[a] - y[b])
        d = dx + dy if metric == "manhattan" else (dx * dx + dy * dy) ** 0.5
        if d >= n_space * width:
            continue
        gap = abs(int(t[a]) - int(t[b]))
        if gap >= n_time * days:
            continue
        row = 0 if d == 0 else next(k for k in range(1, n_space + 1) if d < k * width)
        col = next(c for c in range(n_time) if gap < (c + 1) * days)
        table[row, col] += 1
    return table


def test_hand_worked_pairs_fall_in_their_half_open_bands() -> None:
    # Four events on a line. Pairs (Manhattan = |dx|):
    # A-B 0 m, 3 days -> same location, [0,7); A-C 100 m, 7 days -> [100,200), [7,14);
    # B-C 100 m, 4 days -> [100,200), [0,7); A-D 250 m -> beyond 200 m, left out;
    # B-D, C-D 250 m and 150 m: C-D 150 m, 14 days -> [100,200) but time beyond [0,14), left out.
    x = np.array([0.0, 0.0, 100.0, 250.0])
    y = np.zeros(4)
    t = np.array([0, 3, 7, 21])
    r = knox_test(
        x,
        y,
        t,
        space_band=100,
        n_space_bands=2,
        time_band=7,
        n_time_bands=2,
        permutations=19,
        seed=3,
    )
    assert r.observed.tolist() == [[1, 0], [0, 0], [1, 1]]


def test_band_labels_say_exactly_what_each_band_holds() -> None:
    s = space_bands(100, 2)
    assert [(b.label, b.lo, b.hi) for b in s] == [
        ("same location (0 m)", 0.0, 0.0),
        ("more than 0 m and less than 100 m", 0.0, 100.0),
        ("100 m to less than 200 m", 100.0, 200.0),
    ]
    assert [b.label for b in time_bands(7, 2)] == ["0 to 6 days", "7 to 13 days"]
    assert time_bands(1, 1)[0].label == "0 days"
    assert time_bands(0.5, 1, whole_days=False)[0].label == "0 to less than 0.5 days"


@pytest.mark.parametrize("metric", ["manhattan", "euclidean"])
def test_observed_counts_equal_an_independent_pair_count_on_chicago_arson(metric: str) -> None:
    x, y, t = read_chicago("chicago_arson.csv")
    expected = brute_force_table(x, y, t, 400, 4, 14, 4, metric)
    r = knox_test(
        x,
        y,
        t,
        space_band=400,
        n_space_bands=4,
        time_band=14,
        n_time_bands=4,
        distance=metric,
        permutations=9,
        seed=1,
    )
    assert r.observed.tolist() == expected.tolist()


def test_observed_counts_equal_an_independent_pair_count_on_chicago_burglary() -> None:
    x, y, t = read_chicago("chicago_be_month1.csv")
    expected = brute_force_table(x, y, t, 200, 5, 7, 3, "manhattan")
    r = knox_test(
        x,
        y,
        t,
        space_band=200,
        n_space_bands=5,
        time_band=7,
        n_time_bands=3,
        permutations=9,
        seed=1,
    )
    assert r.observed.tolist() == expected.tolist()
    assert r.observed.sum() > 0


def test_same_seed_same_result_and_threads_do_not_change_it() -> None:
    x, y, t = read_chicago("chicago_be_month1.csv")
    kwargs = dict(
        space_band=200, n_space_bands=3, time_band=7, n_time_bands=3, permutations=199, seed=2016
    )
    one = knox_test(x, y, t, threads=1, **kwargs)
    two = knox_test(x, y, t, threads=2, **kwargs)
    assert np.array_equal(one.expected, two.expected)
    assert np.array_equal(one.p_value, two.p_value)
    other = knox_test(x, y, t, threads=1, **{**kwargs, "seed": 7})
    assert not np.array_equal(one.expected, other.expected)


def test_p_values_lie_in_the_permutation_grid_within_zero_and_one() -> None:
    x, y, t = read_chicago("chicago_arson.csv")
    n = 99
    r = knox_test(
        x,
        y,
        t,
        space_band=500,
        n_space_bands=3,
        time_band=30,
        n_time_bands=3,
        permutations=n,
        seed=5,
    )
    assert np.all(r.p_value > 0) and np.all(r.p_value <= 1)
    # p = (1 + k) / (1 + N) with k an integer from 0 to N
    k = r.p_value * (n + 1) - 1
    assert np.allclose(k, np.round(k))
    assert r.p_value.min() >= 1 / (n + 1)


def test_expected_is_the_mean_of_permutations_that_keep_the_total_in_the_table() -> None:
    # Shuffling times cannot change the spatial pairs: when one time band spans every gap,
    # each permutation recounts exactly the observed pairs, so expected == observed exactly.
    x, y, t = read_chicago("chicago_arson.csv")
    span = int(t.max() - t.min()) + 1
    r = knox_test(
        x,
        y,
        t,
        space_band=300,
        n_space_bands=3,
        time_band=span,
        n_time_bands=1,
        permutations=25,
        seed=9,
    )
    assert np.array_equal(r.expected, r.observed.astype(float))
    assert np.all(r.p_value == 1.0)


def test_fractional_times_are_counted_like_whole_days_when_they_are_whole() -> None:
    x, y, t = read_chicago("chicago_arson.csv")
    kwargs = dict(
        space_band=400, n_space_bands=3, time_band=10, n_time_bands=3, permutations=9, seed=4
    )
    whole = knox_test(x, y, t, **kwargs)
    shifted = knox_test(x, y, t + 0.25, **kwargs)  # fractional path, same differences
    assert whole.observed.tolist() == shifted.observed.tolist()


def test_to_dict_has_the_documented_json_shape() -> None:
    x, y, t = read_chicago("chicago_arson.csv")
    d = knox_test(
        x,
        y,
        t,
        space_band=400,
        n_space_bands=2,
        time_band=7,
        n_time_bands=2,
        permutations=9,
        seed=1,
    ).to_dict()
    assert d["space_bands"][0] == {"label": "same location (0 m)", "lo": 0, "hi": 0}
    assert d["time_bands"][1] == {"label": "7 to 13 days", "lo": 7, "hi": 14}
    for key in ("observed", "expected", "knox_ratio", "p_value"):
        assert len(d[key]) == 3 and all(len(row) == 2 for row in d[key])


# --- the Near Repeat Calculator's margins, and the seed --------------------------------------


def brute_force_full_table(
    x: np.ndarray,
    y: np.ndarray,
    t: np.ndarray,
    width: float,
    n_space: int,
    days: float,
    n_time: int,
    metric: str = "manhattan",
) -> np.ndarray:
    """Every pair in exactly one cell, by a double loop: the last row holds d >= n_space * width,
    the last column |dt| >= n_time * days (the calculator's "more than" row and column)."""
    table = np.zeros((n_space + 2, n_time + 1), int)
    for a, b in itertools.combinations(range(len(x)), 2):
        dx, dy = abs(x[a] - x[b]), abs(y[a] - y[b])
        d = dx + dy if metric == "manhattan" else (dx * dx + dy * dy) ** 0.5
        if d >= n_space * width:
            row = n_space + 1
        else:
            row = 0 if d == 0 else next(k for k in range(1, n_space + 1) if d < k * width)
        gap = abs(float(t[a]) - float(t[b]))
        col = (
            n_time
            if gap >= n_time * days
            else next(c for c in range(n_time) if gap < (c + 1) * days)
        )
        table[row, col] += 1
    return table


@pytest.mark.parametrize("shift", [0.0, 0.25])  # whole days, and the fractional-times path
def test_margins_equal_an_independent_count_of_every_pair_on_chicago_arson(shift: float) -> None:
    x, y, t = read_chicago("chicago_arson.csv")
    expected = brute_force_full_table(x, y, t, 400, 4, 14, 4)
    r = knox_test(
        x,
        y,
        t + shift,
        space_band=400,
        n_space_bands=4,
        time_band=14,
        n_time_bands=4,
        permutations=9,
        seed=1,
    )
    assert r.observed_all.tolist() == expected.tolist()
    assert r.observed_all.sum() == r.total_pairs == len(x) * (len(x) - 1) // 2
    assert r.beyond_space.label == "1,600 m or more"
    assert r.beyond_time.label == "56 days or more"
    # shuffling times keeps every row total (space) and column total (time) of the full table
    assert np.allclose(r.expected_all.sum(axis=1), expected.sum(axis=1))
    assert np.allclose(r.expected_all.sum(axis=0), expected.sum(axis=0))


def test_margin_expected_values_and_p_values_match_every_permutation_of_a_small_case() -> None:
    """Six events: all 720 permutations of the times enumerated by hand give the exact mean and
    the exact share of permutations at or above the observed count in every cell; 19,999 Monte
    Carlo permutations must land within sampling error of both."""
    x = np.array([0.0, 30.0, 60.0, 400.0, 420.0, 900.0])
    y = np.array([0.0, 0.0, 10.0, 0.0, 50.0, 0.0])
    t = np.array([0, 2, 5, 9, 30, 31])
    bands = dict(space_band=100, n_space_bands=1, time_band=7, n_time_bands=1)
    observed = brute_force_full_table(x, y, t, 100, 1, 7, 1)
    tables = np.array(
        [
            brute_force_full_table(x, y, t[list(order)], 100, 1, 7, 1)
            for order in itertools.permutations(range(6))
        ]
    )
    exact_mean = tables.mean(axis=0)
    exact_share = (tables >= observed).mean(axis=0)
    r = knox_test(x, y, t, permutations=19_999, seed=11, **bands)
    assert r.observed_all.tolist() == observed.tolist()
    np.testing.assert_allclose(r.expected_all, exact_mean, atol=0.05)
    np.testing.assert_allclose(r.p_value_all, exact_share, atol=0.015)
    d = r.to_dict()
    assert d["beyond_space"]["band"] == {"label": "100 m or more", "lo": 100, "hi": None}
    assert d["beyond_space"]["observed"] == observed[-1].tolist()  # both time columns
    assert d["beyond_time"]["band"]["label"] == "7 days or more"
    assert d["beyond_time"]["observed"] == observed[:-1, -1].tolist()  # each space row
    assert d["total_pairs"] == 15


def test_without_a_seed_one_is_drawn_reported_and_repeats_the_run() -> None:
    x, y, t = read_chicago("chicago_arson.csv")
    kwargs = dict(space_band=400, n_space_bands=2, time_band=14, n_time_bands=2, permutations=49)
    first = knox_test(x, y, t, **kwargs)
    assert isinstance(first.seed, int)
    again = knox_test(x, y, t, seed=first.seed, **kwargs)
    assert np.array_equal(first.expected_all, again.expected_all)
    assert np.array_equal(first.p_value_all, again.p_value_all)
    assert first.to_dict()["seed"] == first.seed
