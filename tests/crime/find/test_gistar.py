"""Gi*: a hand-worked grid, equality with esda's G_Local on the same grid, FDR, Esri classes."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from prevhub.crime.find.gistar import (
    benjamini_hochberg,
    distance_band_weights,
    esri_classes,
    gi_star,
    gi_star_grid,
    neighbourhood_footprint,
)
from prevhub.crime.find.grid import grid_counts


def test_single_busy_cell_in_a_five_by_five_grid_worked_by_hand() -> None:
    # n = 25, one cell holds 9: mean 0.36, population variance 81/25 - 0.36^2 = 3.1104.
    # The centre has 9 neighbours (itself included), all-but-one empty:
    # z = (9 - 0.36 * 9) / (sqrt(3.1104) * sqrt((25 * 9 - 81) / 24)) = 5.76 / (1.76363 * 2.44949)
    counts = np.zeros((5, 5))
    counts[2, 2] = 9
    r = gi_star_grid(counts, 100.0)
    expected = 5.76 / (math.sqrt(3.1104) * math.sqrt(6.0))
    assert r.z[2, 2] == pytest.approx(expected, rel=1e-12)
    # a corner cell sees 4 cells (itself and 3 neighbours), none of them the busy one
    corner = (0 - 0.36 * 4) / (math.sqrt(3.1104) * math.sqrt((25 * 4 - 16) / 24))
    assert r.z[0, 0] == pytest.approx(corner, rel=1e-12)
    assert r.neighbours[0, 0] == 4 and r.neighbours[2, 2] == 9


def _esda_z(values: np.ndarray, w: object) -> np.ndarray:
    from esda.getisord import G_Local

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return G_Local(values, w, transform="B", star=True, permutations=0).Zs


def test_grid_z_scores_equal_esda_g_local_with_queen_weights_on_real_counts(
    notts_2024_store: object,
) -> None:
    from libpysal.weights import lat2W

    from prevhub.crime.find.points import select_points
    from prevhub.crime.store import CrimeStore

    with CrimeStore(notts_2024_store, read_only=True) as store:
        points = select_points(store, "2024-01:2024-12", crime_type="Burglary")
    counts = grid_counts(points.x, points.y, 1000.0)
    ny, nx = counts.values.shape
    ours = gi_star_grid(counts.values, 1000.0)
    w = lat2W(ny, nx, rook=False)  # queen contiguity, ids row-major like our flat index
    theirs = _esda_z(counts.values.ravel(), w)
    np.testing.assert_allclose(ours.z.ravel(), theirs, rtol=1e-9, atol=1e-12)


def test_distance_band_z_scores_equal_esda_on_a_wider_neighbourhood() -> None:
    from libpysal.weights import DistanceBand

    rng = np.random.default_rng(11)
    values = rng.poisson(2.0, size=(12, 15)).astype(float)
    values[4:7, 5:8] += 6
    cell = 250.0
    ours = gi_star_grid(values, cell, distance=2.0 * cell)
    yy, xx = np.mgrid[0:12, 0:15]
    centres = np.column_stack([xx.ravel() * cell, yy.ravel() * cell])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = DistanceBand(centres, threshold=2.0 * cell + 1e-6, binary=True, silence_warnings=True)
    theirs = _esda_z(values.ravel(), w)
    np.testing.assert_allclose(ours.z.ravel(), theirs, rtol=1e-9)


def test_sparse_weights_path_equals_the_grid_path() -> None:
    rng = np.random.default_rng(3)
    values = rng.poisson(1.5, size=(8, 9)).astype(float)
    grid = gi_star_grid(values, 100.0, distance=150.0)
    yy, xx = np.mgrid[0:8, 0:9]
    weights = distance_band_weights(xx.ravel() * 100.0, yy.ravel() * 100.0, 150.0)
    areas = gi_star(values.ravel(), weights)
    np.testing.assert_allclose(areas.z, grid.z.ravel(), rtol=1e-12)


def test_footprint_is_queen_by_default_and_a_disc_for_a_distance() -> None:
    assert neighbourhood_footprint(100.0).sum() == 9
    # within 200 m on a 100 m grid: offsets with dx^2 + dy^2 <= 4 -> 13 cells
    assert neighbourhood_footprint(100.0, 200.0).sum() == 13


def test_q_values_equal_statsmodels_benjamini_hochberg() -> None:
    p = np.random.default_rng(0).uniform(0, 1, 500) ** 3
    expected = multipletests(p, method="fdr_bh")[1]
    np.testing.assert_allclose(benjamini_hochberg(p), expected, rtol=1e-12)


def test_esri_classes_follow_the_90_95_99_percent_thresholds() -> None:
    z = np.array([3.0, 2.2, 1.7, 0.5, -1.7, -2.2, -3.0])
    p = np.array([0.005, 0.03, 0.08, 0.5, 0.08, 0.03, 0.005])
    assert esri_classes(z, p).tolist() == [3, 2, 1, 0, -1, -2, -3]


def test_uniform_counts_have_no_hot_spots_and_say_why() -> None:
    r = gi_star_grid(np.full((4, 4), 3.0), 100.0)
    assert np.all(r.hotspot_class == 0)
    assert any("same value" in w for w in r.warnings)


# --- weights other than binary, and the plain Gi ---------------------------------------------


def _exact_permutation_z(values: np.ndarray, weights: np.ndarray, star: bool) -> np.ndarray:
    """Each feature's local sum standardised by its mean and variance over every permutation.

    Brute force, no formula: Gi* permutes all n values over the n places (Getis & Ord 1992's
    randomisation); the plain Gi keeps x_i in place and permutes the other n - 1 (x_i is not
    in its own sum).
    """
    import itertools

    n = values.size
    z = np.empty(n)
    for i in range(n):
        if star:
            pool, places = values, np.arange(n)
        else:
            places = np.array([j for j in range(n) if j != i])
            pool = values[places]
        sums = np.array(
            [
                weights[i, places] @ pool[list(order)]
                for order in itertools.permutations(range(pool.size))
            ]
        )
        observed = weights[i, places] @ values[places]
        z[i] = (observed - sums.mean()) / sums.std()
    return z


def test_general_weights_give_the_exact_randomisation_z_for_gi_star() -> None:
    from scipy import sparse

    rng = np.random.default_rng(5)
    values = rng.poisson(3.0, 7).astype(float)
    xy = rng.uniform(0, 1000, (7, 2))
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    inverse = np.where(d > 0, 100.0 / np.maximum(d, 1e-9), 2.0)  # self-weight 2 on the diagonal
    rows = inverse / inverse.sum(axis=1, keepdims=True)  # row-standardised
    for weights in (inverse, rows):
        ours = gi_star(values, sparse.csr_matrix(weights)).z
        np.testing.assert_allclose(ours, _exact_permutation_z(values, weights, True), rtol=1e-9)


def test_row_standardised_weights_give_the_binary_z_and_how_esda_r_differs() -> None:
    """Row-standardising scales each row by one number, which a z-score cannot see.

    esda's analytical ``G_Local(transform="R", star=True).Zs`` puts the row sum (1) where the
    variance needs ``sum_j w_ij^2``: its z is ours times sqrt((n sum w^2 - 1) / (n - 1)),
    shown here so the difference is exact and documented, not a tolerance.
    """
    from esda.getisord import G_Local
    from libpysal.weights import lat2W
    from scipy import sparse

    rng = np.random.default_rng(8)
    values = rng.poisson(2.0, (6, 7)).astype(float).ravel()
    w = lat2W(6, 7, rook=False)
    binary = w.sparse.toarray() + np.eye(values.size)
    rows = binary / binary.sum(axis=1, keepdims=True)
    ours = gi_star(values, sparse.csr_matrix(rows)).z
    np.testing.assert_allclose(ours, gi_star(values, sparse.csr_matrix(binary)).z, rtol=1e-12)
    np.testing.assert_allclose(ours, _esda_z(values, w), rtol=1e-9)  # esda, binary weights
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        esda_r = G_Local(values, w, transform="R", star=True, permutations=0).Zs
    n = values.size
    factor = np.sqrt((n * (rows**2).sum(axis=1) - 1) / (n - 1))
    np.testing.assert_allclose(esda_r, ours * factor, rtol=1e-9)


def test_plain_gi_equals_esda_g_local_without_the_star() -> None:
    from esda.getisord import G_Local
    from libpysal.weights import lat2W

    rng = np.random.default_rng(2)
    values = rng.poisson(2.0, (7, 8)).astype(float)
    values[2:4, 3:5] += 5
    w = lat2W(7, 8, rook=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = G_Local(values.ravel(), w, transform="B", star=False, permutations=0).Zs
    grid = gi_star_grid(values, 100.0, star=False)
    np.testing.assert_allclose(grid.z.ravel(), theirs, rtol=1e-9)
    assert grid.star is False and "Gi (" in grid.method
    yy, xx = np.mgrid[0:7, 0:8]
    weights = distance_band_weights(
        xx.ravel() * 100.0, yy.ravel() * 100.0, 150.0, include_self=False
    )
    areas = gi_star(values.ravel(), weights, star=False)
    np.testing.assert_allclose(areas.z, theirs, rtol=1e-9)


def test_plain_gi_with_general_weights_is_the_exact_randomisation_z() -> None:
    from scipy import sparse

    rng = np.random.default_rng(9)
    values = rng.poisson(4.0, 7).astype(float)
    weights = rng.uniform(0.1, 1.0, (7, 7))
    np.fill_diagonal(weights, 0.0)
    ours = gi_star(values, sparse.csr_matrix(weights), star=False).z
    np.testing.assert_allclose(ours, _exact_permutation_z(values, weights, False), rtol=1e-9)


def test_weights_that_do_not_fit_the_statistic_are_refused() -> None:
    from scipy import sparse

    from prevhub.errors import PrevhubError

    values = np.array([1.0, 2.0, 3.0])
    no_self = sparse.csr_matrix(np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], float))
    with pytest.raises(PrevhubError, match=r"3 row\(s\) of the weights have no self-weight"):
        gi_star(values, no_self)
    with pytest.raises(PrevhubError, match=r"the plain Gi leaves each feature out"):
        gi_star(values, no_self + sparse.eye(3), star=False)
    with pytest.raises(PrevhubError, match="non-negative weights; 1 weight"):
        gi_star(values, sparse.csr_matrix(np.array([[1, -1, 0], [0, 1, 0], [0, 0, 1]], float)))
    with pytest.raises(PrevhubError, match="weights are 3 x 3 but there are 2 values"):
        gi_star(values[:2], no_self + sparse.eye(3))
