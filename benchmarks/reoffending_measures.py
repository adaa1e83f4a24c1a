"""Reoffending measures for an IOM-sized cohort over a large force extract.

Generates a seeded extract (``prevhub.crime.offender_extract``: 2,000,000 background rows
among 200,000 offenders over four years, plus each cohort member's peak before selection),
ingests it into a fresh crime store once (not timed as the measure), then times
``prevhub.crime.reoffending.reoffending_report`` for a cohort of 5,000 members (a tenth with a
custody spell) with the comparison group, several times, on a read-only connection as the web
page opens it. Target: under 2 s.

    PYTHONPATH=src .venv/bin/python benchmarks/reoffending_measures.py [--rows N] [--cohort N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from prevhub.crime import reoffending
from prevhub.crime.offender_extract import generate_offender_extract, offender_id
from prevhub.crime.store import CrimeStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--offenders", type=int, default=200_000)
    parser.add_argument("--cohort", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-comparison", action="store_true", help="Cohort only.")
    parser.add_argument("--keep", type=Path, help="Keep (and reuse) the store in this folder.")
    args = parser.parse_args()
    rng = random.Random(5)
    first, last = dt.date(2022, 1, 1), dt.date(2025, 12, 31)
    cohort = [
        (offender_id(n), first + dt.timedelta(days=rng.randrange(400, 1000)))
        for n in rng.sample(range(1, args.offenders + 1), args.cohort)
    ]
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        extract, path = folder / "extract.csv", folder / "crime.duckdb"
        if not path.exists():
            _build(extract, path, args, first, last, cohort)
        _measure(path, args, cohort)


def _build(extract: Path, path: Path, args: argparse.Namespace, first: dt.date,
           last: dt.date, cohort: list[tuple[str, dt.date]]) -> None:  # fmt: skip
    started = time.perf_counter()
    rows = generate_offender_extract(extract, rows=args.rows, offenders=args.offenders,
                                     first=first, last=last, seed=1, cohort=cohort)  # fmt: skip
    generated = time.perf_counter() - started
    started = time.perf_counter()
    with CrimeStore(path) as store:
        store.ingest_recorded_crime(extract, force="nottinghamshire")
    ingested = time.perf_counter() - started
    print(f"extract: {rows:,} rows, generated in {generated:.1f} s, ingested in {ingested:.1f} s")


def _measure(path: Path, args: argparse.Namespace, cohort: list[tuple[str, dt.date]]) -> None:
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        with CrimeStore(path, read_only=True) as store:
            members = [
                reoffending.Member(
                    store.pseudonym(key),
                    selected,
                    (reoffending.CustodySpell(selected + dt.timedelta(days=30),
                                              selected + dt.timedelta(days=120)),)
                    if i % 10 == 0 else (),
                )
                for i, (key, selected) in enumerate(cohort)
            ]  # fmt: skip
            report = reoffending.reoffending_report(
                store.con,
                members,
                follow_up_years=2,
                comparison_min_offences=None if args.no_comparison else 3,
            )
        times.append(time.perf_counter() - started)
    cohort_result = report.groups[reoffending.COHORT]
    comparison = report.groups.get(reoffending.COMPARISON)
    print(f"cohort {cohort_result.people:,} members, comparison group "
          f"{comparison.people if comparison else 0:,} people")  # fmt: skip
    for window in cohort_result.windows:
        print(f"  {window.window}: {window.people:,} complete, binary "
              f"{window.binary.value:.3f}, frequency {window.frequency:.2f}")  # fmt: skip
    print("measure wall s: " + ", ".join(f"{t:.2f}" for t in times)
          + f" (median {statistics.median(times):.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
