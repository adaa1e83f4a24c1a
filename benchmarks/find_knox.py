"""Benchmark: the Knox near-repeat test at 10k, 50k and 200k events, 999 permutations.

Run: .venv/bin/python benchmarks/find_knox.py [--threads N] [--sizes 10000,50000,200000]
Synthetic burglary-like events: a 25 km x 25 km city, 60 % of events in 500 Gaussian clusters
(sd 300 m), times uniform over 365 days. Bands: 5 x 200 m (Manhattan) plus same location,
5 x 14 days, as an analyst might run with Ratcliffe's calculator. The cost of each permutation is
proportional to the pairs within the largest band (reported), not to n^2.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from prevhub.crime.find.knox import knox_test


def events(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    k = int(n * 0.6)
    centres = rng.uniform(0, 25_000, (500, 2))
    clustered = centres[rng.integers(0, 500, k)] + rng.normal(0, 300, (k, 2))
    spread = rng.uniform(0, 25_000, (n - k, 2))
    xy = np.vstack([clustered, spread])
    return xy[:, 0], xy[:, 1], rng.integers(0, 365, n)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--sizes", default="10000,50000,200000")
    parser.add_argument("--permutations", type=int, default=999)
    args = parser.parse_args()
    for n in (int(s) for s in args.sizes.split(",")):
        x, y, t = events(n)
        start = time.perf_counter()
        r = knox_test(
            x,
            y,
            t,
            space_band=200,
            n_space_bands=5,
            time_band=14,
            n_time_bands=5,
            permutations=args.permutations,
            seed=1,
            threads=args.threads,
        )
        took = time.perf_counter() - start
        print(
            f"Knox n={n:,}: {r.pairs:,} pairs within 1,000 m, {args.permutations} "
            f"permutations, threads={args.threads or 'all'}: {took:.1f} s"
        )


if __name__ == "__main__":
    main()
