"""Grids and kernel density: cell sizes, conservation of counts, hand-worked kernels, projection."""

from __future__ import annotations

import math

import numpy as np
import pytest

from prevhub.crime.find.grid import area_counts, auto_cell_size, grid_counts, make_grid
from prevhub.crime.find.kde import bandwidth_silverman_spatial, kernel_density, kernel_weights
from prevhub.crime.find.points import to_bng


def test_auto_cell_size_is_never_zero() -> None:
    assert auto_cell_size(np.array([5.0]), np.array([7.0])) == 50.0
    assert auto_cell_size(np.full(10, 3.0), np.full(10, 3.0)) == 50.0
    assert auto_cell_size(np.array([]), np.array([])) == 50.0


def test_auto_cell_size_follows_the_named_rule() -> None:
    # 10 km x 10 km, 1,000 points: sqrt(1e8 * 5 / 1000) = 707 m, under 10 km / 10 = 1 km,
    # rounded down to 1, 2, 2.5 or 5 x 10^k -> 500 m
    rng = np.random.default_rng(1)
    x = np.concatenate([[0.0, 10_000.0], rng.uniform(0, 10_000, 998)])
    y = np.concatenate([[0.0, 10_000.0], rng.uniform(0, 10_000, 998)])
    assert auto_cell_size(x, y) == 500.0


def test_grid_cells_align_to_multiples_of_the_cell_size() -> None:
    grid = make_grid(np.array([455_010.0, 455_990.0]), np.array([340_260.0, 340_740.0]), 250.0)
    assert (grid.x0, grid.y0, grid.nx, grid.ny) == (455_000.0, 340_250.0, 4, 2)
    assert grid.cell_id(1, 2) == "E455500N340500"


def test_grid_counts_conserve_points_and_harm() -> None:
    rng = np.random.default_rng(2)
    x, y = rng.uniform(0, 5000, 10_000), rng.uniform(0, 3000, 10_000)
    harm = rng.uniform(0, 100, 10_000)
    counts = grid_counts(x, y, 100.0)
    assert counts.values.sum() == 10_000
    assert grid_counts(x, y, 100.0, weights=harm).values.sum() == pytest.approx(harm.sum())
    # the cell of one point, counted by hand
    row, col = int((y[0] - counts.grid.y0) // 100), int((x[0] - counts.grid.x0) // 100)
    by_hand = np.sum(((y - counts.grid.y0) // 100 == row) & ((x - counts.grid.x0) // 100 == col))
    assert counts.values[row, col] == by_hand


@pytest.mark.parametrize("kernel", ["quartic", "gaussian"])
def test_kernel_density_integrates_to_the_number_of_events(kernel: str) -> None:
    rng = np.random.default_rng(3)
    x, y = rng.normal(0, 800, 5_000), rng.normal(0, 500, 5_000)
    surface = kernel_density(x, y, bandwidth=300.0, kernel=kernel, cell=50.0)
    assert surface.total == pytest.approx(5_000, rel=1e-9)
    assert surface.counts.sum() == 5_000


def test_quartic_kernel_at_cell_offsets_worked_by_hand() -> None:
    # bandwidth 2 cells: offsets with d < h get (1 - d^2/h^2)^2, normalised to sum to one.
    k = kernel_weights("quartic", 200.0, 100.0)
    raw = {}
    for dx in range(-2, 3):
        for dy in range(-2, 3):
            u = (dx * dx + dy * dy) / 4.0
            raw[(dy, dx)] = (1 - u) ** 2 if u < 1 else 0.0
    total = sum(raw.values())
    assert k.shape == (5, 5)
    for (dy, dx), value in raw.items():
        assert k[dy + 2, dx + 2] == pytest.approx(value / total, rel=1e-12)


def test_one_point_density_is_the_normalised_kernel_per_km2() -> None:
    surface = kernel_density(np.array([1050.0]), np.array([2050.0]), bandwidth=200.0, cell=100.0)
    row, col = surface.grid.locate(np.array([1050.0]), np.array([2050.0]))
    # centre weight: 1 / sum of (1 - d^2/h^2)^2 over the 13 offsets within 2 cells (see above)
    raw = sum(
        (1 - (dx * dx + dy * dy) / 4.0) ** 2
        for dx in range(-2, 3)
        for dy in range(-2, 3)
        if dx * dx + dy * dy < 4
    )
    assert surface.density[row[0], col[0]] == pytest.approx(1 / raw / 0.01, rel=1e-9)


def test_bandwidth_below_cell_size_is_warned_about() -> None:
    surface = kernel_density(
        np.array([0.0, 500.0]), np.array([0.0, 500.0]), bandwidth=50.0, cell=100.0
    )
    assert any("smaller than the cell size" in w for w in surface.warnings)


def test_silverman_spatial_bandwidth_worked_by_hand() -> None:
    # four points on a square of side 2 around the origin: SD = sqrt(1 + 1) = sqrt(2),
    # Dm = sqrt(2); h = 0.9 * min(sqrt2, sqrt(1/ln2) * sqrt2) * 4^-0.2
    x = np.array([-1.0, 1.0, -1.0, 1.0])
    y = np.array([-1.0, -1.0, 1.0, 1.0])
    expected = 0.9 * min(math.sqrt(2), math.sqrt(1 / math.log(2)) * math.sqrt(2)) * 4**-0.2
    assert bandwidth_silverman_spatial(x, y) == pytest.approx(expected, rel=1e-12)


def test_projection_to_bng_matches_the_ordnance_survey_worked_example() -> None:
    # OS "A guide to coordinate systems in Great Britain": Caister water tower,
    # ETRS89 52 39 28.8282 N, 1 42 57.8663 E -> OSGB36 NG E 651409.903, N 313177.270 (OSTN15)
    lat = 52 + 39 / 60 + 28.8282 / 3600
    lon = 1 + 42 / 60 + 57.8663 / 3600
    x, y = to_bng(np.array([lon]), np.array([lat]))
    # pyproj without the OSTN15 grid uses the 7-parameter Helmert: within a few metres
    assert abs(x[0] - 651409.903) < 5 and abs(y[0] - 313177.270) < 5


def test_area_counts_add_up_and_skip_unlocated_rows() -> None:
    codes = np.array(["E01", "E02", "E01", None, "E01"], dtype=object)
    x = np.array([0.0, 10.0, 2.0, 99.0, 4.0])
    rows = area_counts(codes, x, np.zeros(5), harm_days=np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    assert [(r.area_code, r.count, r.harm_days, r.x) for r in rows] == [
        ("E01", 3, 9.0, 2.0),
        ("E02", 1, 2.0, 10.0),
    ]
