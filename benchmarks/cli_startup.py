"""Benchmark: how long `prevhub` takes to start, and to answer `measure` on the demo store.

Run: .venv/bin/python benchmarks/cli_startup.py [--runs 20] [--store PATH]

Each command runs in a fresh Python process (as a user's shell would start it), ``--runs`` times
after one warm-up run that fills the operating system's file cache; the table gives the fastest,
median and slowest wall-clock times, as hyperfine does. The demo store is the packaged real
sample (Nottinghamshire, six months; ``prevhub crime demo``), built in a temporary folder
unless ``--store`` names one. The commands run this checkout's ``src`` (PYTHONPATH), so the
script measures the code it sits beside; ``--src`` times another checkout (before and after a
change, under the same load).
"""

from __future__ import annotations

import argparse
import os
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


def time_runs(argv: list[str], runs: int, env: dict[str, str]) -> list[float]:
    """Wall-clock seconds of ``runs`` runs (after one warm-up); a failing command stops it."""
    subprocess.run(argv, env=env, check=True, capture_output=True)
    took = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        took.append(time.perf_counter() - start)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--store", type=Path, default=None, help="An existing demo store.")
    parser.add_argument(
        "--src", type=Path, default=SRC, help="The src folder to time (e.g. another checkout's)."
    )
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(args.src), "COLUMNS": "100"}
    with tempfile.TemporaryDirectory(prefix="prevhub-bench-") as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "demo.duckdb"
            subprocess.run(
                [sys.executable, "-c", CLI, "crime", "demo", "--store", str(store)],
                env=env,
                check=True,
                capture_output=True,
            )
        print(f"{args.src}: {args.runs} runs each after one warm-up; wall-clock seconds.\n")
        print("| command | min | median | max |")
        print("| --- | ---: | ---: | ---: |")
        for label, argv in commands(store):
            took = time_runs(argv, args.runs, env)
            print(
                f"| {label} | {min(took):.3f} | {statistics.median(took):.3f} | "
                f"{max(took):.3f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
