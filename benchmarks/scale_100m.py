"""The crime store at scale: ingest, export to Parquet, and `measure --by lsoa` on three engines.

One run, in order, each step a child process (so its wall time, CPU time and peak RSS are its
own):

1. make the data: the real Nottinghamshire, Derbyshire and Leicestershire street months of
   2023-2024 repeated under earlier years until ``--rows`` rows (default 100 million), as
   ``benchmarks/ingest_rate.py`` does (the Month column rewritten to match each copy's file
   name, so every file passes validation);
2. ``CrimeStore.ingest_police_uk`` of it all into a new store (the issue's goal: at most 10
   minutes and 4 GB peak RSS on 2 cores); the CSV copies are deleted straight after;
3. ``prevhub crime export-parquet`` of the store;
4. ``prevhub measure --by lsoa --format csv`` for the same period on DuckDB over the store file,
   DuckDB over the Parquet export (``--parquet``) and Spark local (``--engine spark
   --parquet``, ``local[2]``), each ``--repeat`` times (Python and, for Spark, JVM start-up
   included: that is what a user waits for); the three outputs must be byte-identical.

Peak RSS: ``peak_rss_mb`` is the child's own (``wait4``); ``peak_tree_rss_mb`` the largest sum
over the child and its descendants (for Spark: Python and the JVM), sampled every 0.5 s.
Everything generated is deleted at the end unless ``--keep``. Check the disk first: 100 million
rows need about 20 GB of CSV while they are ingested, then about 5 GB of store (twice that while
it is written) and 3 GB of Parquet.

Usage::

    .venv/bin/python benchmarks/scale_100m.py [--rows 100000000] [--work DIR] [--repeat 1]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "ingest_rate", ROOT / "benchmarks" / "ingest_rate.py"
)
assert _spec is not None and _spec.loader is not None
ingest_rate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ingest_rate)


def tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants now (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sum(rss.get(pid, 0) for pid in tree)


def run(command: list[str], *, env: dict[str, str] | None = None) -> dict[str, object]:
    """Run a child to the end: wall seconds, CPU seconds and peak RSS (MB) from ``wait4`` (the
    child's, or of its largest waited-for descendant, e.g. Spark's JVM), and its stdout."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env, text=True)
        peak, done = [0], threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], tree_rss(child.pid))
                done.wait(0.5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        done.set()
        sampler.join()
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if child.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{stderr[-3000:]}")
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "peak_tree_rss_mb": round(peak[0] / 2**20),
        "stdout": stdout,
    }


def prevhub(*args: str) -> list[str]:
    code = "from prevhub.cli import main; main()"
    return [sys.executable, "-c", code, *args]


def disk_used(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000_000)
    parser.add_argument("--work", type=Path, help="folder for the generated files (default: tmp)")
    parser.add_argument("--period", default="2024-01:2024-12")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measure")
    parser.add_argument("--keep", action="store_true", help="keep the store and the export")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    results: dict[str, object] = {"machine": ingest_rate.machine(), "rows_wanted": args.rows}
    print(json.dumps(results), flush=True)
    base = args.work or Path(tempfile.mkdtemp(prefix="prevhub-scale-"))
    base.mkdir(parents=True, exist_ok=True)
    csv_folder, store, export = base / "csv", base / "crime.duckdb", base / "parquet"
    try:
        start = time.perf_counter()
        written, months = ingest_rate.make_large_set(args.rows, csv_folder)
        results["data"] = {
            "rows": written,
            "months": [months[0], months[-1]],
            "csv_gb": round(disk_used(csv_folder) / 2**30, 2),
            "make_seconds": round(time.perf_counter() - start, 1),
        }
        print(json.dumps({"data": results["data"]}), flush=True)

        ingest = run([sys.executable, "-c", ingest_rate.OURS, str(csv_folder), str(store)], env=env)
        rows = int(str(ingest.pop("stdout")).split()[0])
        results["ingest"] = {
            **ingest,
            "rows": rows,
            "store_gb": round(store.stat().st_size / 2**30, 2),
        }
        results["ingest"]["rows_per_s"] = round(rows / ingest["seconds"])  # type: ignore[index,operator]
        print(json.dumps({"ingest": results["ingest"]}), flush=True)
        shutil.rmtree(csv_folder)

        exported = run(
            prevhub("crime", "export-parquet", str(export), "--store", str(store)), env=env
        )
        exported.pop("stdout")
        results["export_parquet"] = {**exported, "parquet_gb": round(disk_used(export) / 2**30, 2)}
        print(json.dumps({"export_parquet": results["export_parquet"]}), flush=True)

        common = ["measure", "--period", args.period, "--by", "lsoa", "--format", "csv"]
        engines = {
            "duckdb_file": ["--store", str(store)],
            "duckdb_parquet": ["--parquet", str(export)],
            "spark_local_2": ["--engine", "spark", "--parquet", str(export)],
        }
        outputs = {}
        measured: dict[str, object] = {}
        for name, extra in engines.items():
            runs = [run(prevhub(*common, *extra), env=env) for _ in range(args.repeat)]
            out = str(runs[-1]["stdout"])
            outputs[name] = hashlib.sha256(out.encode()).hexdigest()
            measured[name] = {
                "seconds": [r["seconds"] for r in runs],
                "cpu_seconds": [r["cpu_seconds"] for r in runs],
                "peak_rss_mb": max(int(r["peak_rss_mb"]) for r in runs),  # type: ignore[call-overload]
                "peak_tree_rss_mb": max(int(r["peak_tree_rss_mb"]) for r in runs),  # type: ignore[call-overload]
                "lsoa_rows_out": out.count("\n") - 1,
            }
            print(json.dumps({name: measured[name]}), flush=True)
        measured["identical_output"] = len(set(outputs.values())) == 1
        results["measure_by_lsoa"] = measured
        print(json.dumps({"results": results}, indent=1), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
