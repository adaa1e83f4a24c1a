"""Ingest rate of `CrimeStore.ingest_police_uk` against bare DuckDB `read_csv` on the same files.

Two parts:

1. every street data set in ../shared/data/police-uk (extracted to an archive-layout folder);
2. a large set (default 20 million rows) made by repeating the real Nottinghamshire,
   Derbyshire and Leicestershire months of 2023-2024 under earlier years (the Month column is
   rewritten to match each copy's file name, so the files pass validation).

The baseline is ``CREATE TABLE t AS SELECT * FROM read_csv([...])`` into a fresh DuckDB file
with the same fixed CSV options (a bare load that parses every column, nothing more). Both runs
happen in child processes so peak memory (max RSS) is measured per run, and both timings end
after the database file is closed (DuckDB checkpoints on close), so each is the time to a
durable file. Shared sets are timed ``--repeat`` times and the median is kept (the machine is a
shared VM; single runs vary by up to a factor of two).

After the large ingest, ``measure(..., by="lsoa")`` is timed on the large store: in process
(opening the store excluded, then again warm) and as the ``prevhub measure --by lsoa`` command
end to end (Python start-up included).

Then the cost of letting readers and the writer coexist (the writer works on a copy of the
store and swaps it in; see ``prevhub.crime.store_file``): one more ingest into the large store
(``--update-set``, by default the 40-force January 2024 file, which replaces three forces'
month and adds 37) is timed in a child process as open (the copy), ingest (with the publish)
and close, while a thread samples the disk used by the store and everything beside it
(``<store>*``) for the peak. ``--compare-src DIR`` runs the same update with the code in
``DIR`` (e.g. a checkout from before the change, which wrote the store in place) on a copy of
the same store, for comparison.

Usage::

    .venv/bin/python benchmarks/ingest_rate.py [--rows 20000000] [--skip-shared] [--skip-large]
        [--keep DIR] [--compare-src OTHER/src]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "police-uk"
SOURCE_SETS = [
    "street-2023-01_2024-12-nottinghamshire-derbyshire.zip",
    "street-2023-01_2024-12-leicestershire.zip",
]
ALL_STREET_SETS = [
    "street-2023-01_2024-12-nottinghamshire-derbyshire.zip",
    "street-2023-01_2024-12-leicestershire.zip",
    "street-2024-01-40-forces.zip",
    "street-2024-02_2024-04-multi-force.zip",
]

BARE = r"""
import duckdb, glob, sys, time
files = sorted(glob.glob(sys.argv[1] + '/**/*-street.csv', recursive=True))
cols = ", ".join(f"'{c}': 'VARCHAR'" for c in ['Crime ID', 'Month', 'Reported by',
    'Falls within', 'Longitude', 'Latitude', 'Location', 'LSOA code', 'LSOA name',
    'Crime type', 'Last outcome category', 'Context'])
con = duckdb.connect(sys.argv[2])
con.execute("SET enable_progress_bar = false")
start = time.perf_counter()
con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv({files!r}, header = true, "
            f"auto_detect = false, delim = ',', quote = '\"', escape = '\"', columns = {{{cols}}})")
rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
con.close()
elapsed = time.perf_counter() - start
import resource
usage = resource.getrusage(resource.RUSAGE_SELF)
print(rows, elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""

OURS = r"""
import sys, time
from prevhub.crime.store import CrimeStore
start = time.perf_counter()
with CrimeStore(sys.argv[2]) as store:
    report = store.ingest_police_uk([sys.argv[1]])
elapsed = time.perf_counter() - start
import resource
usage = resource.getrusage(resource.RUSAGE_SELF)
print(report.rows, elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


MEASURE = r"""
import sys, time
from prevhub.crime.measures import measure
from prevhub.crime.store import CrimeStore
with CrimeStore(sys.argv[1], read_only=True) as store:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        result = measure(store, sys.argv[2], "previous", "lsoa")
        times.append(time.perf_counter() - start)
    scanned = store.count("street_crimes")
print(len(result.rows), scanned, " ".join(f"{t:.3f}" for t in times))
"""


UPDATE = r"""
import sys, threading, time
from pathlib import Path
from prevhub.crime.store import CrimeStore
store, folder = Path(sys.argv[1]), sys.argv[2]
def disk():
    total = 0
    for p in store.parent.glob(store.name + "*"):
        if p.is_file():
            total += p.stat().st_size
        elif p.is_dir():
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
    return total
peak, done = [disk()], threading.Event()
def sample():
    while not done.is_set():
        try:
            peak[0] = max(peak[0], disk())
        except OSError:
            pass
        time.sleep(0.05)
sampler = threading.Thread(target=sample)
sampler.start()
start = time.perf_counter()
s = CrimeStore(store)
opened = time.perf_counter()
report = s.ingest_police_uk([folder])
ingested = time.perf_counter()
s.close()
end = time.perf_counter()
done.set()
sampler.join()
print(report.rows, opened - start, ingested - opened, end - ingested, peak[0], disk())
"""


def time_update(store: Path, archive: Path, work: Path, src: Path) -> dict[str, object]:
    """One more ingest into an existing store, in a child process with ``src`` on the path."""
    folder = work / "update"
    extract([archive], folder)
    size_before = store.stat().st_size
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run(
        [sys.executable, "-c", UPDATE, str(store), str(folder)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.split()
    shutil.rmtree(folder)
    rows, opened, ingested, closed, peak, after = (
        int(out[0]),
        *(float(x) for x in out[1:4]),
        *(int(x) for x in out[4:6]),
    )
    result = {
        "update": {
            "code": str(src),
            "set": archive.name,
            "rows": rows,
            "store_mb_before": round(size_before / 2**20),
            "open_s": round(opened, 2),
            "ingest_s": round(ingested, 2),
            "close_s": round(closed, 2),
            "total_s": round(opened + ingested + closed, 2),
            "peak_disk_mb": round(peak / 2**20),
            "disk_after_mb": round(after / 2**20),
        }
    }
    print(json.dumps(result), flush=True)
    return result


def run_child(code: str, folder: Path, store: Path) -> dict[str, float]:
    """Run one load in a child process: rows, seconds, the child's CPU seconds (user + system,
    whole process, Python start-up included: less sensitive than wall time to other load on a
    shared machine) and its own peak RSS in MB."""
    for leftover in (store, store.with_name(store.name + ".wal")):
        if leftover.exists():
            leftover.unlink()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run(
        [sys.executable, "-c", code, str(folder), str(store)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.split()
    rows, seconds, cpu, peak_kb = int(out[-4]), float(out[-3]), float(out[-2]), int(out[-1])
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "rows_per_s": round(rows / seconds),
        "peak_rss_mb": round(peak_kb / 1024),
    }


def extract(archives: list[Path], target: Path) -> int:
    """Unzip archives into one archive-layout folder; returns bytes of CSV."""
    total = 0
    for archive in archives:
        with zipfile.ZipFile(archive) as zf:
            for member in zf.namelist():
                if member.endswith("-street.csv"):
                    zf.extract(member, target)
                    total += zf.getinfo(member).file_size
    return total


def make_large_set(rows_wanted: int, target: Path) -> tuple[int, list[str]]:
    """Repeat the real 2023-2024 months under earlier years until ``rows_wanted`` rows."""
    source = target.parent / "source"
    extract([SHARED / name for name in SOURCE_SETS], source)
    files = sorted(source.rglob("*-street.csv"))
    texts = {f: f.read_text(encoding="utf-8") for f in files}
    rows_per_copy = sum(t.count("\n") - 1 for t in texts.values())
    copies = -(-rows_wanted // rows_per_copy)
    months = set()
    written = 0
    for copy in range(copies):
        shift = 2 * copy  # years back: each copy covers two whole years
        for f, text in texts.items():
            old = f.name[:7]
            new = f"{int(old[:4]) - shift:04d}{old[4:]}"
            months.add(new)
            folder = target / new
            folder.mkdir(parents=True, exist_ok=True)
            body = text if shift == 0 else text.replace(f",{old},", f",{new},")
            (folder / (new + f.name[7:])).write_text(body, encoding="utf-8")
            written += text.count("\n") - 1
    shutil.rmtree(source)
    return written, sorted(months)


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    import duckdb

    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "nproc": str(os.cpu_count()),
        "ram_gb": f"{mem_kb / 1024 / 1024:.1f}",
        "cpu": cpu,
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "load_average_at_start": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def median_run(code: str, folder: Path, store: Path, repeat: int) -> dict[str, float]:
    """The run with the median time of ``repeat`` runs (peak RSS: the largest seen)."""
    runs = [run_child(code, folder, store) for _ in range(repeat)]
    runs.sort(key=lambda r: r["seconds"])
    chosen = dict(runs[len(runs) // 2])
    chosen["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    chosen["all_seconds"] = [r["seconds"] for r in runs]  # type: ignore[assignment]
    chosen["all_cpu_seconds"] = sorted(r["cpu_seconds"] for r in runs)  # type: ignore[assignment]
    return chosen


def compare(label: str, folder: Path, work: Path, repeat: int = 1) -> dict[str, object]:
    bare = median_run(BARE, folder, work / "bare.duckdb", repeat)
    ours = median_run(OURS, folder, work / "ours.duckdb", repeat)
    result = {
        "set": label,
        "bare_read_csv": bare,
        "prevhub_ingest": ours,
        "ratio_of_bare_rate": round(ours["rows_per_s"] / bare["rows_per_s"], 2),
    }
    print(json.dumps(result), flush=True)
    return result


def time_measure(store: Path, period: str) -> dict[str, object]:
    """``measure --by lsoa`` on a store: in process (three runs) and as the CLI command."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(store), period],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.split()
    lsoas, scanned, runs = int(out[0]), int(out[1]), [float(x) for x in out[2:]]
    command = [
        str(Path(sys.executable).with_name("prevhub")),
        "measure",
        "--period",
        period,
        "--by",
        "lsoa",
        "--store",
        str(store),
        "--format",
        "csv",
    ]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    cli_seconds = time.perf_counter() - start
    result = {
        "measure_by_lsoa": {
            "store_rows": scanned,
            "period": period,
            "lsoa_rows_out": lsoas,
            "library_seconds": runs,
            "cli_seconds": round(cli_seconds, 2),
            "cli": " ".join(command),
        }
    }
    print(json.dumps(result), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--skip-shared", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the large store here (large.duckdb)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per shared set (median)")
    parser.add_argument("--period", default="2024-01:2024-12", help="period for measure")
    parser.add_argument("--skip-large", action="store_true", help="shared sets only")
    parser.add_argument(
        "--sets", help="comma-separated shared sets to time (default: all, then all together)"
    )
    parser.add_argument(
        "--update-set", default="street-2024-01-40-forces.zip", help="set ingested last"
    )
    parser.add_argument("--compare-src", type=Path, help="other code's src for the update")
    args = parser.parse_args()
    print(json.dumps({"machine": machine()}), flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="prevhub-bench-") as tmp:
        work = Path(tmp)
        chosen = args.sets.split(",") if args.sets else ALL_STREET_SETS
        if not args.skip_shared:
            for name in chosen:
                folder = work / name.removesuffix(".zip")
                extract([SHARED / name], folder)
                results.append(compare(name, folder, work, args.repeat))
                shutil.rmtree(folder)
        if not args.skip_shared and not args.sets:
            everything = work / "all-shared"
            extract([SHARED / n for n in ALL_STREET_SETS], everything)
            # Several sets hold the same force-months (e.g. Nottinghamshire 2024-01..03, in
            # different releases); they share a path in the archive layout, so the later
            # extraction overwrites the earlier and the ingest sees each force-month once.
            results.append(compare("all shared street sets", everything, work, args.repeat))
            shutil.rmtree(everything)
        if args.skip_large:
            print(json.dumps({"results": results}, indent=1))
            return
        base = args.keep or work
        big = base / "large"
        written, months = make_large_set(args.rows, big)
        print(json.dumps({"large_set_rows": written, "months": [months[0], months[-1]]}))
        result = compare(f"{written:,} rows (repeated real months)", big, base)
        results.append(result)
        shutil.rmtree(big)  # the CSV copies; the store stays for the measure timing
        results.append(time_measure(base / "ours.duckdb", args.period))
        update = SHARED / args.update_set
        if args.compare_src:
            other = base / "other.duckdb"
            shutil.copyfile(base / "ours.duckdb", other)
            results.append(time_update(other, update, work, args.compare_src.resolve()))
            other.unlink()
        results.append(time_update(base / "ours.duckdb", update, work, ROOT / "src"))
        if args.keep:
            (base / "ours.duckdb").rename(base / "large.duckdb")
    print(json.dumps({"results": results}, indent=1))


if __name__ == "__main__":
    main()
