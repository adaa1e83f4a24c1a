"""Benchmark: the suicide prevention cluster test and the report's suppression.

Run: .venv/bin/python benchmarks/suicide_prevention.py [--sizes 100,500,2000]
The Knox cluster test (prevhub.crime.find.spacetime) with the register's defaults (1 km,
90 days, 999 permutations) over n deaths in a year spread over a 60 km x 60 km force area
(a force records some 100-200 suspected suicides a year; 2,000 is a ten-force region), and
small-number suppression (prevhub.crime.disclosure) of a 60-month x 9-category table.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from prevhub.crime.disclosure import suppress
from prevhub.crime.find.spacetime import knox_cluster_test


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,500,2000")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    for n in (int(s) for s in args.sizes.split(",")):
        x, y = rng.uniform(0, 60_000, n), rng.uniform(0, 60_000, n)
        t = rng.uniform(0, 365, n)
        start = time.perf_counter()
        r = knox_cluster_test(x, y, t, within_metres=1000, within_days=90, seed=1)
        took = time.perf_counter() - start
        print(f"knox n={n}: {took * 1000:.0f} ms (pairs close in space {r.close_in_space})")
    table = rng.poisson(3, size=(60, 9))
    start = time.perf_counter()
    for _ in range(100):
        suppress(table)
    print(f"suppress 60x9: {(time.perf_counter() - start) * 10:.2f} ms per table")


if __name__ == "__main__":
    main()
