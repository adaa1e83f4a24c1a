"""Crime data commands: ingest, measure, headline, crime export-parquet/freshness/demo.

Thin wrappers over :mod:`prevhub.crime`: parse options, call the library, print. Every command
that prints results takes ``--format table|csv|json``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from prevhub.cli import app
from prevhub.cli.output import Column, FormatOption, OutputFormat, emit, notes, stderr

ingest_app = typer.Typer(help="Load crime data into the crime store.", no_args_is_help=True)
crime_app = typer.Typer(help="Crime store housekeeping.", no_args_is_help=True)
app.add_typer(ingest_app, name="ingest")
app.add_typer(crime_app, name="crime")


StoreOption = Annotated[
    Path | None,
    typer.Option("--store", help="Crime store file (default: PREVHUB_STORE or PREVHUB_HOME)."),
]


def _open_store(path: Path | None, *, read_only: bool = False) -> Any:
    from prevhub.crime.store import CrimeStore

    return CrimeStore(path, read_only=read_only)


@contextmanager
def _progress(enabled: bool, label: str) -> Iterator[Any]:
    """A Rich progress bar on stderr (silent when output is not a terminal or for JSON/CSV)."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn(label),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=stderr(),
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update


def _report_rows(report: Any) -> list[dict[str, Any]]:
    return [
        {
            "file": load.file,
            "force": load.force,
            "month": load.month,
            "kind": load.kind,
            "rows": load.rows,
            "quarantined": load.quarantined,
            "status": load.status,
            "previous_rows": load.previous_rows,
        }
        for load in report.loads
    ]


def _print_report_summary(report: Any, fmt: OutputFormat) -> None:
    if fmt is not OutputFormat.table:
        return
    err = stderr()
    changed = sum(1 for load in report.loads if load.status != "unchanged")
    err.print(
        f"{report.rows:,} rows in {len(report.loads)} file-months "
        f"({changed} loaded or replaced, {len(report.loads) - changed} unchanged)."
    )
    if report.duplicate_crime_id_rows:
        per_force = ", ".join(
            f"{force} {n:,}" for force, n in report.duplicate_crime_id_rows_by_force.items()
        )
        err.print(
            f"{report.duplicate_crime_id_rows:,} rows repeat a Crime ID already seen in the same "
            f"force and month ({per_force}); each published row is counted, as police.uk "
            "counts them. Rows with no Crime ID (anti-social behaviour) are not duplicates."
        )
    if report.outside_force_rows:
        err.print(
            f"{report.outside_force_rows:,} rows are located outside the force's own districts "
            "(left out of force figures unless --include-outside)."
        )
    if report.no_location_rows:
        err.print(
            f"{report.no_location_rows:,} rows have no location (in force totals, not in area "
            "breakdowns)."
        )
    if report.quarantined:
        err.print(f"[yellow]{report.quarantined:,} rows quarantined:[/yellow]")
        for reason, n in report.quarantine_reasons.most_common():
            err.print(f"  {n:,}  {reason}")


@ingest_app.command("police-uk")
def ingest_police_uk(
    paths: Annotated[
        list[Path], typer.Argument(help="data.police.uk zips, archive folders or CSV files.")
    ],
    store: StoreOption = None,
    lenient: Annotated[
        bool, typer.Option(help="Quarantine bad rows (with reasons) instead of stopping.")
    ] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Load data.police.uk street, outcomes and stop-and-search files (all or nothing)."""
    with (
        _open_store(store) as crime_store,
        _progress(fmt is OutputFormat.table and sys.stderr.isatty(), "Ingesting") as progress,
    ):
        report = crime_store.ingest_police_uk(paths, lenient=lenient, progress=progress)
    emit(_report_rows(report), fmt, title="Loads", payload=report.to_dict())
    _print_report_summary(report, fmt)


@ingest_app.command("recorded-crime")
def ingest_recorded_crime(
    file: Annotated[Path, typer.Argument(help="Force recorded-crime extract (CSV).")],
    mapping: Annotated[
        Path | None, typer.Option(help="TOML file naming the extract's columns.")
    ] = None,
    force: Annotated[str | None, typer.Option(help="police.uk force id of the extract.")] = None,
    store: StoreOption = None,
    lenient: Annotated[bool, typer.Option(help="Quarantine bad rows instead of stopping.")] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Load a force extract with Home Office offence codes (the stalking and harassment source)."""
    with _open_store(store) as crime_store:
        report = crime_store.ingest_recorded_crime(
            file, mapping=mapping, force=force, lenient=lenient
        )
    emit(_report_rows(report), fmt, title="Loads", payload=report.to_dict())
    _print_report_summary(report, fmt)


@ingest_app.command("incidents")
def ingest_incidents(
    file: Annotated[Path, typer.Argument(help="Force incident / calls-for-service extract (CSV).")],
    mapping: Annotated[
        Path | None, typer.Option(help="TOML file naming the extract's columns.")
    ] = None,
    force: Annotated[str | None, typer.Option(help="police.uk force id of the extract.")] = None,
    store: StoreOption = None,
    lenient: Annotated[bool, typer.Option(help="Quarantine bad rows instead of stopping.")] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Load a command-and-control incident extract (demand); caller ids stored only keyed."""
    with _open_store(store) as crime_store:
        report = crime_store.ingest_incidents(file, mapping=mapping, force=force, lenient=lenient)
    emit(_report_rows(report), fmt, title="Loads", payload=report.to_dict())
    _print_report_summary(report, fmt)


@ingest_app.command("neighbourhoods")
def ingest_neighbourhoods(
    file: Annotated[Path, typer.Argument(help="CSV with columns lsoa_code, neighbourhood.")],
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Import (replace) the LSOA -> neighbourhood mapping used by --by neighbourhood."""
    with _open_store(store) as crime_store:
        n = crime_store.import_neighbourhoods(file)
    emit([{"file": str(file), "lsoas": n}], fmt, title="Neighbourhoods")


def _measure_table_columns(keys: list[str], wide: bool) -> list[Column]:
    """Short headers so a measure fits 80 columns; harm days only with --wide."""
    harm = [
        Column("harm_current", "harm now"),
        Column("harm_baseline", "harm base"),
    ]
    return [
        *(Column(k, kind="text", min_width=11) for k in keys),
        Column("current", "now"),
        Column("baseline", "base"),
        *([Column("change", "chg")] if wide else []),
        Column("pct_change", "%", kind="percent"),
        Column("rate_ratio", "RR", kind="ratio"),
        Column(
            "ci95",
            "95% CI",
            kind="interval",
            value=lambda r: None if r["ci95_low"] is None else (r["ci95_low"], r["ci95_high"]),
        ),
        Column("p_value", "p", kind="p_value"),
        *(harm if wide else []),
        Column("flags", kind="text", value=lambda r: ", ".join(r["flags"]), max_width=9),
    ]


ENGINES = ("duckdb", "spark")


def _open_measure_store(store: Path | None, engine: str, parquet: Path | None) -> Any:
    """The store a measure reads: the DuckDB file, a Parquet export in DuckDB, or in Spark."""
    from prevhub.errors import PrevhubError

    if engine not in ENGINES:
        raise PrevhubError(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if parquet is not None and store is not None:
        raise PrevhubError("give --store or --parquet, not both")
    if engine == "spark":
        if parquet is None:
            raise PrevhubError("--engine spark reads a Parquet export: give --parquet DIR")
        from prevhub.crime.spark import SparkStore  # pyspark only when asked for

        return SparkStore(parquet)
    return _open_store(parquet or store, read_only=True)


@app.command("measure")
def measure_command(
    period: Annotated[str, typer.Option(help="FROM:TO months, e.g. 2024-01:2024-12.")],
    baseline: Annotated[str, typer.Option(help="previous, last-year or FROM:TO.")] = "previous",
    by: Annotated[
        str,
        typer.Option(
            help="class, group, subgroup, crime_type, district, lsoa, neighbourhood or month."
        ),
    ] = "class",
    force: Annotated[str | None, typer.Option(help="police.uk force id.")] = None,
    include_outside: Annotated[
        bool, typer.Option(help="Count rows located outside the force's districts too.")
    ] = False,
    allow_incomplete: Annotated[
        bool, typer.Option(help="Compare even with months missing (rows are flagged).")
    ] = False,
    crime_class: Annotated[
        str | None, typer.Option("--class", help="Only this class, e.g. victim-based.")
    ] = None,
    source: Annotated[
        str,
        typer.Option(
            help="police-uk (street files), recorded-crime (force extracts), incidents "
            "(demand: the force's incident extract, else police.uk ASB) or police-uk-asb."
        ),
    ] = "police-uk",
    wide: Annotated[
        bool, typer.Option(help="Table format: add the harm columns (CSV and JSON have them).")
    ] = False,
    store: StoreOption = None,
    engine: Annotated[
        str, typer.Option(help="duckdb (the store, or --parquet) or spark (needs --parquet).")
    ] = "duckdb",
    parquet: Annotated[
        Path | None,
        typer.Option(help="Read a `crime export-parquet` folder instead of the store."),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Compare a period with its baseline: counts, rate ratios, 95% CIs, p-values, harm, flags."""
    from prevhub.crime.demand import DEMAND_SOURCES
    from prevhub.crime.measures import FLAT_COLUMNS, flat_rows, measure

    if source in DEMAND_SOURCES:
        _measure_demand(period, baseline, by, force, include_outside, allow_incomplete, source,
                        store, fmt)  # fmt: skip
        return
    with _open_measure_store(store, engine, parquet) as crime_store:
        result = measure(
            crime_store,
            period,
            baseline,
            by,
            force=force,
            include_outside=include_outside,
            allow_incomplete=allow_incomplete,
            crime_class=crime_class,
            source=source,
        )
    data = result.to_dict()
    rows = flat_rows(data)
    keys = list(data["rows"][0]["key"]) if data["rows"] else [by]
    title = (
        f"{', '.join(result.forces)}: {result.period[0]}–{result.period[1]} against "
        f"{result.baseline[0]}–{result.baseline[1]}, by {by}"
    )
    emit(
        rows,
        fmt,
        title=title,
        payload=data,
        columns=[*keys, *FLAT_COLUMNS],
        table_columns=_measure_table_columns(keys, wide),
    )
    if fmt is OutputFormat.table:
        notes([f"Test: {result.test}.", *(f"- {note}" for note in result.notes)])


def _measure_demand(
    period: str,
    baseline: str,
    by: str,
    force: str | None,
    include_outside: bool,
    allow_incomplete: bool,
    source: str,
    store: Path | None,
    fmt: OutputFormat,
) -> None:
    """``measure --source incidents``: demand rows with officer hours, the total and notes."""
    from prevhub.crime.demand import measure_demand
    from prevhub.crime.measures import FLAT_COLUMNS, flat_rows

    with _open_store(store, read_only=True) as crime_store:
        result = measure_demand(
            crime_store,
            period,
            baseline,
            "category" if by == "class" else by,
            force=force,
            include_outside=include_outside,
            allow_incomplete=allow_incomplete,
            source=source,
        )
    data = result.to_dict()
    rows = flat_rows(data)
    keys = list(data["rows"][0]["key"]) if data["rows"] else [result.result.by]
    columns = [*keys, *(c for c in FLAT_COLUMNS if not c.startswith("harm")),
               "hours_current", "hours_baseline"]  # fmt: skip
    sources = ", ".join(f"{f}: {s}" for f, s in result.sources.items())
    title = (
        f"Incident demand ({sources}): {result.result.period[0]}–{result.result.period[1]} "
        f"against {result.result.baseline[0]}–{result.result.baseline[1]}, by {result.result.by}"
    )
    table_columns = [c for c in _measure_table_columns(keys, False) if c.name != "flags"]
    table_columns += [
        Column("hours_current", "hrs now"),
        Column("hours_baseline", "hrs base"),
        Column("flags", kind="text", value=lambda r: ", ".join(r["flags"]), max_width=9),
    ]
    emit(rows, fmt, title=title, payload=data, columns=columns, table_columns=table_columns)
    if fmt is OutputFormat.table:
        total = result.total
        lines = [
            f"All incidents: {total.current:,} against {total.baseline:,} "
            f"(p = {total.p_value:.3g})."
        ]
        if result.hours is not None:
            h = result.hours
            lines.append(
                f"Officer hours: {h.current:,.1f} against {h.expected:,.1f} "
                f"(change {h.change:+,.1f}, "
                f"95% CI {h.ci95[0]:+,.1f} to {h.ci95[1]:+,.1f}, p = {h.p_value:.3g}; {h.method})."
            )
        notes([*lines, f"Test: {result.result.test}.", *(f"- {n}" for n in result.notes)])


@crime_app.command("repeats")
def repeats_command(
    period: Annotated[str, typer.Option(help="FROM:TO months, e.g. 2024-01:2024-03.")],
    force: Annotated[str, typer.Option(help="police.uk force id (with an incident extract).")],
    of: Annotated[str, typer.Option("--of", help="callers or addresses.")] = "callers",
    min_calls: Annotated[
        int, typer.Option(help="Incidents in the window that make a repeat (default 3).")
    ] = 3,
    days: Annotated[int, typer.Option(help="Length of the window in days (default 28).")] = 28,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Repeat callers or addresses in a period (keyed ids only) and their share of demand."""
    from prevhub.crime.demand import repeat_demand

    with _open_store(store, read_only=True) as crime_store:
        result = repeat_demand(
            crime_store, period, force=force, of=of, min_calls=min_calls, days=days
        )
    data = result.to_dict()
    emit(
        data["repeats"],
        fmt,
        title=f"Repeat {of}: {min_calls}+ incidents within {days} days, {period}",
        payload=data,
        columns=("key", "incidents", "busiest_window", "first_opened", "last_opened",
                 "officer_hours", "concern_for_welfare", "lsoa", "district"),
    )  # fmt: skip
    if fmt is OutputFormat.table:
        share = f"{100 * result.share:.1f}%" if result.share is not None else "none"
        notes(
            [
                f"{len(result.repeats):,} repeat {of} made {result.repeat_incidents:,} of the "
                f"period's {result.incidents:,} incidents ({share}); "
                f"{result.keyed_incidents:,} incidents carry a "
                f"{'caller' if of == 'callers' else 'location'} id."
            ]
        )


@app.command("headline")
def headline_command(
    period: Annotated[str, typer.Option(help="FROM:TO months, e.g. 2024-01:2024-12.")],
    baseline: Annotated[str, typer.Option(help="previous, last-year or FROM:TO.")] = "previous",
    force: Annotated[str | None, typer.Option(help="police.uk force id.")] = None,
    include_outside: Annotated[
        bool, typer.Option(help="Count rows located outside the force's districts too.")
    ] = False,
    allow_incomplete: Annotated[
        bool, typer.Option(help="Compare even with months missing (figures are flagged).")
    ] = False,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Print the hub's headline sentences with their statistics and the neighbours' movement."""
    from prevhub.crime.headline import headline

    with _open_store(store, read_only=True) as crime_store:
        result = headline(
            crime_store,
            period,
            force,
            baseline=baseline,
            include_outside=include_outside,
            allow_incomplete=allow_incomplete,
        )
    if fmt is OutputFormat.table:
        from rich.markup import escape

        from prevhub.cli.output import console

        console().print(
            f"[bold]{escape(result.force)}[/bold], {result.period[0]} to {result.period[1]} "
            f"(baseline {result.baseline[0]} to {result.baseline[1]})"
        )
        for text in result.sentences:
            console().print(f"• {escape(text)}")
        if result.test:
            console().print(f"Test: {escape(result.test)}.")
        return
    rows = [f.to_dict() for f in [*result.figures, *result.neighbours]]
    emit(
        rows,
        fmt,
        payload=result.to_dict(),
        columns=("topic", "force", "sentence", "current", "baseline", "rate_ratio", "p_value"),
    )


@crime_app.command("export-parquet")
def export_parquet(
    directory: Annotated[Path, typer.Argument(help="Folder to write the Parquet files into.")],
    store: StoreOption = None,
    force: Annotated[
        str | None, typer.Option(help="Rewrite only this force's partitions (with --month).")
    ] = None,
    month: Annotated[
        list[str] | None, typer.Option(help="Rewrite only this month (repeatable; with --force).")
    ] = None,
    verify: Annotated[
        bool, typer.Option(help="Only check an existing export: every file and checksum.")
    ] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Export every table of the store as Parquet (hive layout by force and month) + manifest.

    With --force and --month only those partitions are rewritten (each atomically) and the
    manifest updated; a reader can tell a complete export from a partial one by the manifest.
    """
    from prevhub.errors import PrevhubError

    if verify:
        from prevhub.crime.parquet import verify as verify_export

        manifest = verify_export(directory)
        rows = [{"table": t, "rows": e["rows"]} for t, e in manifest["tables"].items()]
        emit(rows, fmt, title=f"{directory}: complete, every checksum matches")
        return
    if (force is None) != (not month):
        raise PrevhubError("--force and --month go together (or give neither: export it all)")
    partitions = [(force, m) for m in month] if force and month else None
    with _open_store(store, read_only=True) as crime_store:
        counts = crime_store.export_parquet(directory, partitions=partitions)
    emit([{"table": t, "rows": n} for t, n in counts.items()], fmt, title=str(directory))


@crime_app.command("freshness")
def freshness_command(store: StoreOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Latest month held per force and kind."""
    from prevhub.crime.measures import freshness

    with _open_store(store, read_only=True) as crime_store:
        rows = freshness(crime_store)
    emit(rows, fmt, title="Data freshness")


@crime_app.command("quarantine")
def quarantine_command(store: StoreOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Rows set aside by lenient ingests of the current loads, by file and reason."""
    with _open_store(store, read_only=True) as crime_store:
        rows = [{"file": f, "reason": r, "rows": n} for f, r, n in crime_store.quarantine_summary()]
    emit(rows, fmt, title="Quarantined rows", columns=("file", "reason", "rows"))


@crime_app.command("demo")
def crime_demo(
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
    sample: Annotated[
        bool, typer.Option("--sample", help="Only the six-month Nottinghamshire sample.")
    ] = False,
) -> None:
    """Load the packaged demo year (Nottinghamshire and Derbyshire street crime 2023-2024,
    and a GENERATED recorded-crime extract) into the crime store; --sample for six months."""
    from prevhub.crime.demo import load_demo, load_demo_year

    summary = load_demo(store) if sample else load_demo_year(store)
    emit(
        [
            {
                "store": str(summary.store),
                "force": summary.force,
                "months": summary.months,
                "rows": summary.rows,
                "loaded_files": summary.loaded_files,
                "unchanged_files": summary.unchanged_files,
                "licence": summary.licence,
            }
        ],
        fmt,
        title="Demo sample",
    )
