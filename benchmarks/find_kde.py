"""Benchmark: kernel density of one million points (binning + FFT convolution).

Run: .venv/bin/python benchmarks/find_kde.py
Synthetic points in BNG metres (a 40 km x 30 km county, 70 % in 300 Gaussian clusters), so the
run needs no data files; the method's cost depends only on the number of points and grid cells.
"""

from __future__ import annotations

import time

import numpy as np

from prevhub.crime.find.kde import kernel_density


def points(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    k = int(n * 0.7)
    centres = rng.uniform([440_000, 320_000], [480_000, 350_000], (300, 2))
    clustered = centres[rng.integers(0, 300, k)] + rng.normal(0, 400, (k, 2))
    spread = rng.uniform([440_000, 320_000], [480_000, 350_000], (n - k, 2))
    xy = np.vstack([clustered, spread])
    return xy[:, 0], xy[:, 1]


def main() -> None:
    x, y = points(1_000_000)
    for kernel, bandwidth, cell in (
        ("quartic", 500.0, 50.0),
        ("quartic", None, 100.0),
        ("gaussian", 250.0, 50.0),
    ):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            surface = kernel_density(x, y, bandwidth=bandwidth, kernel=kernel, cell=cell)
            best = min(best, time.perf_counter() - start)
        print(
            f"KDE {kernel:8s} n=1,000,000 cell={cell:g} m bandwidth={surface.bandwidth:,.0f} m "
            f"({surface.bandwidth_rule}) grid={surface.grid.ny}x{surface.grid.nx} "
            f"({surface.grid.size:,} cells): best of 3 {best:.2f} s; "
            f"integral {surface.total:,.1f}"
        )


if __name__ == "__main__":
    main()
