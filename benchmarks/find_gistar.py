"""Benchmark: Gi* on a 500 x 500 grid (250,000 cells) against esda's G_Local, same run.

Run: .venv/bin/python benchmarks/find_gistar.py
Both compute analytical z-scores with binary queen weights including the cell itself
(esda: ``G_Local(y, w, transform="B", star=True, permutations=0)``); esda's permutation
inference (its default, 999 permutations) is timed separately on a smaller grid, since it is
what an analyst running esda with defaults waits for.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
from esda.getisord import G_Local
from libpysal.weights import lat2W

from prevhub.crime.find.gistar import gi_star_grid


def main() -> None:
    rng = np.random.default_rng(0)
    ny = nx = 500
    counts = rng.poisson(0.8, (ny, nx)).astype(float)
    counts[200:230, 300:340] += rng.poisson(3.0, (30, 40))

    start = time.perf_counter()
    w = lat2W(ny, nx, rook=False)
    build_w = time.perf_counter() - start

    ours_best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        ours = gi_star_grid(counts, 100.0)
        ours_best = min(ours_best, time.perf_counter() - start)

    y = counts.ravel()
    esda_best = float("inf")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            start = time.perf_counter()
            theirs = G_Local(y, w, transform="B", star=True, permutations=0)
            esda_best = min(esda_best, time.perf_counter() - start)
    diff = float(np.max(np.abs(ours.z.ravel() - theirs.Zs)))
    print(f"grid {ny}x{nx} = {ny * nx:,} cells, queen weights incl. self")
    print(f"prevhub gi_star_grid (z, p, BH q, classes): best of 5 {ours_best * 1000:.1f} ms")
    print(f"esda G_Local analytical z (permutations=0): best of 3 {esda_best * 1000:.1f} ms")
    print(f"  (+ building libpysal lat2W weights once: {build_w:.2f} s)")
    print(
        f"speed-up, compute only: {esda_best / ours_best:.1f}x; "
        f"including esda's weights: {(esda_best + build_w) / ours_best:.1f}x"
    )
    print(f"max |z_prevhub - z_esda| = {diff:.2e}")

    small = 100
    counts_s = counts[:small, :small].copy()
    w_s = lat2W(small, small, rook=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        G_Local(counts_s.ravel(), w_s, transform="B", star=True, permutations=999, seed=1)
        perm = time.perf_counter() - start
    start = time.perf_counter()
    gi_star_grid(counts_s, 100.0)
    ours_s = time.perf_counter() - start
    print(
        f"esda G_Local with its default 999 permutations on {small * small:,} cells: "
        f"{perm:.2f} s (prevhub analytical: {ours_s * 1000:.1f} ms)"
    )


if __name__ == "__main__":
    main()
