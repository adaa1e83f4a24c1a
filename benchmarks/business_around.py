"""Benchmark: business crime around premises for many businesses (prevhub.crime.around).

Run: .venv/bin/python benchmarks/business_around.py [--businesses 1000] [--radius 250]
     [--repeat 5] [--store PATH]

Places N invented businesses at random (seeded) inside Nottinghamshire's packaged LSOAs'
bounding box, weighted to real shoplifting map points of the packaged demo sample (half of
them within 100 m of one, half anywhere in the county), and times ``crimes_around`` (every
street crime type the page offers, six months: 2023-01..03 before, 2024-01..03 after) plus
``compare_groups`` for half visited against half not, and the LSOA variant. The store is the
packaged real demo sample, built in a temporary folder unless ``--store`` names one. Prints the
median and fastest wall time and the process's CPU seconds.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from prevhub.crime import CrimeStore, load_demo  # noqa: E402
from prevhub.crime.around import (  # noqa: E402
    OTHER_BUSINESS_TYPES,
    SHOPLIFTING,
    Site,
    compare_groups,
    crimes_around,
)


def sites(store: CrimeStore, n: int, seed: int) -> list[Site]:
    rng = np.random.default_rng(seed)
    pts = store.con.execute(
        "SELECT longitude, latitude FROM street_crimes WHERE crime_type = 'Shoplifting' "
        "AND longitude IS NOT NULL"
    ).fetchnumpy()
    lon, lat = np.asarray(pts["longitude"]), np.asarray(pts["latitude"])
    pick = rng.integers(0, lon.size, n // 2)
    near_lon = lon[pick] + rng.normal(0, 0.0008, pick.size)
    near_lat = lat[pick] + rng.normal(0, 0.0005, pick.size)
    far_lon = rng.uniform(lon.min(), lon.max(), n - pick.size)
    far_lat = rng.uniform(lat.min(), lat.max(), n - pick.size)
    all_lon, all_lat = np.concatenate([near_lon, far_lon]), np.concatenate([near_lat, far_lat])
    return [
        Site(str(i), float(a), float(b))
        for i, (a, b) in enumerate(zip(all_lon, all_lat, strict=True))
    ]


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def timed(label: str, repeat: int, fn) -> None:  # type: ignore[no-untyped-def]
    fn()  # warm-up: DuckDB's caches, the boundaries' STRtree
    walls, cpus = [], []
    for _ in range(repeat):
        c0, t0 = cpu(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(cpu() - c0)
    print(
        f"| {label} | {statistics.median(walls):.3f} | {min(walls):.3f} | "
        f"{statistics.median(cpus):.3f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--businesses", type=int, default=1000)
    parser.add_argument("--radius", type=float, default=250)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--store", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.store or Path(tmp) / "crime.duckdb"
        if args.store is None:
            load_demo(path)
        with CrimeStore(path, read_only=True) as store:
            chosen = sites(store, args.businesses, args.seed)
            keys = [s.key for s in chosen]
            half = len(keys) // 2
            types = SHOPLIFTING + OTHER_BUSINESS_TYPES
            kwargs = dict(force="nottinghamshire", before=("2023-01", "2023-03"),
                          after=("2024-01", "2024-03"), crime_types=types)  # fmt: skip
            print(f"{len(chosen):,} businesses, radius {args.radius:g} m, {args.repeat} runs")
            print("| step | median s | fastest s | median CPU s |\n| --- | ---: | ---: | ---: |")
            timed(
                "crimes_around, radius",
                args.repeat,
                lambda: crimes_around(store, chosen, radius_m=args.radius, **kwargs),
            )
            result = crimes_around(store, chosen, radius_m=args.radius, **kwargs)
            timed(
                "compare_groups (half visited)",
                args.repeat,
                lambda: compare_groups(result, keys[:half], keys[half:]),
            )
            timed(
                "crimes_around, LSOA",
                args.repeat,
                lambda: crimes_around(store, chosen, lsoa=True, **kwargs),
            )
            total = sum(s.before + s.after for s in result.sites)
            print(f"crimes counted (site-crime pairs, radius): {total:,}")


if __name__ == "__main__":
    main()
