"""Benchmark: how long `prevhub` takes to start, and to answer `measure` on the demo store.

Run: .venv/bin/python benchmarks/cli_startup.py [--runs 20] [--store PATH] [--src DIR ...]

Each command runs in a fresh Python process (as a user's shell would start it), ``--runs`` times
after one warm-up run that fills the operating system's file cache; the table gives the median
and fastest wall-clock times, as hyperfine does, and the median CPU time (user + system) of the
process, which other work on the machine disturbs less than the wall clock. The demo store is
the packaged real sample (Nottinghamshire, six months; ``prevhub crime demo``), built in a
temporary folder unless ``--store`` names one. The commands run this checkout's ``src``
(PYTHONPATH), so the script measures the code it sits beside; ``--src A --src B`` times two
checkouts (before and after a change) with their runs alternating, so both see the same load.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
CLI = "from prevhub.cli import main; main()"


def commands(store: Path) -> list[tuple[str, list[str]]]:
    """(label, argv) of every timed command."""
    measure = [
        "measure",
        "--period",
        "2024-01:2024-03",
        "--baseline",
        "last-year",
        "--store",
        str(store),
    ]
    return [
        ("python -c pass (the floor)", [sys.executable, "-c", "pass"]),
        ("import prevhub.cli", [sys.executable, "-c", "import prevhub.cli"]),
        ("prevhub --help", [sys.executable, "-c", CLI, "--help"]),
        ("prevhub measure (demo store, table)", [sys.executable, "-c", CLI, *measure]),
        (
            "prevhub measure --by district --format csv",
            [sys.executable, "-c", CLI, *measure, "--by", "district", "--format", "csv"],
        ),
        (
            "prevhub headline (demo store)",
            [
                sys.executable,
                "-c",
                CLI,
                "headline",
                "--period",
                "2024-01:2024-03",
                "--baseline",
                "last-year",
                "--store",
                str(store),
            ],
        ),
    ]


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of the child) of one run; a failing command stops it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--store", type=Path, default=None, help="An existing demo store.")
    parser.add_argument(
        "--src",
        type=Path,
        action="append",
        help="A src folder to time (give two, e.g. main's and this one's, to compare them "
        "under the same load: their runs alternate). Default: this checkout's.",
    )
    args = parser.parse_args()
    sources = args.src or [SRC]
    envs = [{**os.environ, "PYTHONPATH": str(src), "COLUMNS": "100"} for src in sources]
    with tempfile.TemporaryDirectory(prefix="prevhub-bench-") as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "demo.duckdb"
            subprocess.run(
                [sys.executable, "-c", CLI, "crime", "demo", "--store", str(store)],
                env=envs[0],
                check=True,
                capture_output=True,
            )
        print(f"{args.runs} runs each after one warm-up; seconds (median wall-clock, fastest")
        print("wall-clock, median CPU time of the process).\n")
        for i, src in enumerate(sources, 1):
            print(f"[{i}] {src}")
        print()
        heads = " | ".join(
            f"[{i}] median | [{i}] min | [{i}] CPU" for i in range(1, len(sources) + 1)
        )
        print(f"| command | {heads} |")
        print("| --- |" + " ---: |" * (3 * len(sources)))
        for label, argv in commands(store):
            for env in envs:
                run_once(argv, env)  # warm-up: the file cache, compiled .pyc files
            walls: list[list[float]] = [[] for _ in sources]
            cpus: list[list[float]] = [[] for _ in sources]
            for _ in range(args.runs):
                for i, env in enumerate(envs):  # alternate, so load falls on each alike
                    wall, cpu = run_once(argv, env)
                    walls[i].append(wall)
                    cpus[i].append(cpu)
            cells = " | ".join(
                f"{statistics.median(w):.3f} | {min(w):.3f} | {statistics.median(c):.3f}"
                for w, c in zip(walls, cpus, strict=True)
            )
            print(f"| {label} | {cells} |", flush=True)


if __name__ == "__main__":
    main()
