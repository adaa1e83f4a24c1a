"""Find commands: ``prevhub hotspots``, ``prevhub emerging``, ``prevhub near-repeat`` and
``prevhub boundaries``.

Thin wrappers over :mod:`prevhub.crime.find`: parse options, call the library, print. Results go
to stdout (table, CSV, JSON or GeoJSON); warnings (police.uk snapping, bandwidth below the cell
size, month-only dates) always go to stderr, so they are seen without corrupting JSON output.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from prevhub.cli import app
from prevhub.errors import PrevhubError

console = Console()
err_console = Console(stderr=True)


class HotspotFormat(StrEnum):
    """How hot spot results are printed."""

    table = "table"
    csv = "csv"
    json = "json"
    geojson = "geojson"


class KnoxFormat(StrEnum):
    """How near-repeat results are printed."""

    table = "table"
    json = "json"


class Method(StrEnum):
    count = "count"
    kde = "kde"
    gistar = "gistar"


class Area(StrEnum):
    grid = "grid"
    lsoa = "lsoa"
    district = "district"


class StudyArea(StrEnum):
    force = "force"
    extent = "extent"


class Kernel(StrEnum):
    quartic = "quartic"
    gaussian = "gaussian"


class Distance(StrEnum):
    manhattan = "manhattan"
    euclidean = "euclidean"


StoreOption = Annotated[
    Path | None,
    typer.Option("--store", help="Crime store file (default: PREVHUB_STORE or PREVHUB_HOME)."),
]


#: Place names added to grid rows when the force's boundaries are known.
PLACE_COLUMNS = ("lsoa_code", "lsoa_name", "ward_name", "district")


def _place_columns(place: Any) -> dict[str, Any]:
    if place is None:
        return dict.fromkeys(PLACE_COLUMNS)
    return {k: getattr(place, k) for k in PLACE_COLUMNS}


def _warn(warnings: list[str]) -> None:
    for text in dict.fromkeys(warnings):  # once each, in order
        err_console.print(f"[yellow]Warning:[/yellow] {escape(text)}")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}" if value != 0 and abs(value) < 1e-3 else f"{value:,.4f}".rstrip("0")
    return str(value)


@app.command("hotspots")
def hotspots_command(
    period: Annotated[str, typer.Option(help="FROM:TO months, e.g. 2024-01:2024-12.")],
    method: Annotated[Method, typer.Option(help="count, kde or gistar.")] = Method.gistar,
    crime_type: Annotated[
        str | None, typer.Option("--crime-type", help="A police.uk crime type, e.g. Burglary.")
    ] = None,
    crime_class: Annotated[
        str | None, typer.Option("--class", help="A crime class, e.g. victim-based.")
    ] = None,
    force: Annotated[str | None, typer.Option(help="police.uk force id.")] = None,
    cell: Annotated[
        float | None, typer.Option(help="Grid cell size in metres (default: automatic).")
    ] = None,
    area: Annotated[Area, typer.Option(help="grid, lsoa or district.")] = Area.grid,
    harm: Annotated[
        bool, typer.Option(help="Weight by Crime Harm Index days instead of counting.")
    ] = False,
    bandwidth: Annotated[
        float | None, typer.Option(help="KDE bandwidth in metres (default: silverman-spatial).")
    ] = None,
    kernel: Annotated[Kernel, typer.Option(help="KDE kernel.")] = Kernel.quartic,
    distance: Annotated[
        float | None,
        typer.Option(help="Gi* neighbour distance in metres (default: the 8 surrounding cells)."),
    ] = None,
    fdr: Annotated[
        bool, typer.Option(help="Classify by false-discovery-rate q-values (default) or p.")
    ] = True,
    all_cells: Annotated[
        bool, typer.Option(help="List every cell, not only those with crimes or a class.")
    ] = False,
    include_outside: Annotated[
        bool, typer.Option(help="Keep rows located outside the force's districts.")
    ] = False,
    source: Annotated[str, typer.Option(help="police-uk or recorded-crime.")] = "police-uk",
    study_area: Annotated[
        StudyArea | None,
        typer.Option(
            "--study-area",
            help="Gi* on a grid: the force's own area or the crimes' bounding box "
            "(default: force when its boundaries are known).",
        ),
    ] = None,
    limit: Annotated[int, typer.Option(help="Rows shown in the table format.")] = 20,
    store: StoreOption = None,
    fmt: Annotated[
        HotspotFormat, typer.Option("--format", help="table, csv, json or geojson.")
    ] = HotspotFormat.table,
) -> None:
    """Hot spots on a BNG grid or areas: counts, kernel density or Getis-Ord Gi*."""
    from prevhub.crime.find.hotspots import COLUMNS, find_hotspots
    from prevhub.crime.store import CrimeStore

    with CrimeStore(store, read_only=True) as crime_store:
        result = find_hotspots(
            crime_store,
            period,
            method=method.value,
            area=area.value,
            crime_type=crime_type,
            crime_class=crime_class,
            force=force,
            cell=cell,
            harm=harm,
            bandwidth=bandwidth,
            kernel=kernel.value,
            distance=distance,
            fdr=fdr,
            all_cells=all_cells,
            include_outside=include_outside,
            source=source,
            study_area=None if study_area is None else study_area.value,
        )
    columns = list(COLUMNS)
    if method is Method.kde:
        columns.append("density")
    if area is not Area.grid:
        columns.insert(1, "area_name")
    rows = [c.to_dict() for c in result.cells]
    if area is Area.grid and fmt is not HotspotFormat.table:
        # name every cell by the LSOA, ward and district at its centre (when boundaries exist)
        places = result.places()
        if any(p is not None for p in places):
            columns.extend(PLACE_COLUMNS)
            for row, place in zip(rows, places, strict=True):
                row.update(_place_columns(place))
    if fmt is HotspotFormat.json:
        payload = result.to_dict()
        payload["cells"] = rows
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    elif fmt is HotspotFormat.geojson:
        collection = result.to_geojson()
        for feature, row in zip(collection["features"], rows, strict=True):
            feature["properties"] = row
        sys.stdout.write(json.dumps(collection) + "\n")
    elif fmt is HotspotFormat.csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in columns})
        sys.stdout.write(buffer.getvalue())
    else:
        title = (
            f"{', '.join(result.forces)} {result.period[0]}–{result.period[1]}: {method.value} "
            f"on {area.value} ({result.events:,} crimes"
            + (f", {result.settings['cell']:g} m cells" if "cell" in result.settings else "")
            + ")"
        )
        table = Table(title=title)
        shown = rows[:limit]
        if area is Area.grid:
            places = result.places()[:limit] if rows else []
            if any(p is not None for p in places):
                columns.append("place")
                for row, place in zip(shown, places, strict=True):
                    row["place"] = "" if place is None else f"{place.label} ({place.district})"
        for c in columns:
            table.add_column(c)
        for row in shown:
            table.add_row(*(_cell(row.get(c)) for c in columns))
        console.print(table)
        if len(rows) > limit:
            err_console.print(f"{len(rows) - limit:,} more rows (use --format csv or json).")
        for key, value in result.settings.items():
            err_console.print(f"{key}: {escape(str(value))}")
    _warn(result.warnings)


@app.command("emerging")
def emerging_command(
    period: Annotated[str, typer.Option(help="FROM:TO months, e.g. 2024-01:2024-12.")],
    crime_type: Annotated[
        str | None, typer.Option("--crime-type", help="A police.uk crime type, e.g. Burglary.")
    ] = None,
    crime_class: Annotated[
        str | None, typer.Option("--class", help="A crime class, e.g. victim-based.")
    ] = None,
    force: Annotated[str | None, typer.Option(help="police.uk force id.")] = None,
    cell: Annotated[
        float | None, typer.Option(help="Grid cell size in metres (default: automatic).")
    ] = None,
    slice_months: Annotated[
        int, typer.Option("--slice-months", help="Months per time slice (1 = monthly).")
    ] = 1,
    distance: Annotated[
        float | None,
        typer.Option(help="Gi* neighbour distance in metres (default: the 8 surrounding cells)."),
    ] = None,
    fdr: Annotated[
        bool, typer.Option(help="Classify by false-discovery-rate q-values (default) or p.")
    ] = True,
    trend_alpha: Annotated[
        float, typer.Option("--trend-alpha", help="Significance level of the trend test.")
    ] = 0.05,
    include_outside: Annotated[
        bool, typer.Option(help="Keep rows located outside the force's districts.")
    ] = False,
    source: Annotated[str, typer.Option(help="police-uk or recorded-crime.")] = "police-uk",
    allow_incomplete: Annotated[
        bool,
        typer.Option(help="Run over months missing from the store (empty slices, flagged)."),
    ] = False,
    limit: Annotated[int, typer.Option(help="Rows shown in the table format.")] = 20,
    store: StoreOption = None,
    fmt: Annotated[
        HotspotFormat, typer.Option("--format", help="table, csv, json or geojson.")
    ] = HotspotFormat.table,
) -> None:
    """Emerging hot spots: Gi* per time slice, a Mann-Kendall trend, and Esri's categories."""
    from prevhub.crime.find.emerging import CATEGORIES, EMERGING_COLUMNS, find_emerging
    from prevhub.crime.store import CrimeStore

    with CrimeStore(store, read_only=True) as crime_store:
        result = find_emerging(
            crime_store,
            period,
            crime_type=crime_type,
            crime_class=crime_class,
            force=force,
            cell=cell,
            slice_months=slice_months,
            distance=distance,
            fdr=fdr,
            trend_alpha=trend_alpha,
            include_outside=include_outside,
            source=source,
            allow_incomplete=allow_incomplete,
        )
    rows = result.rows
    if fmt is HotspotFormat.json:
        sys.stdout.write(json.dumps(result.to_dict(), indent=2) + "\n")
    elif fmt is HotspotFormat.geojson:
        sys.stdout.write(json.dumps(result.to_geojson()) + "\n")
    elif fmt is HotspotFormat.csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(EMERGING_COLUMNS))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if row[k] is None else row[k] for k in EMERGING_COLUMNS})
        sys.stdout.write(buffer.getvalue())
    else:
        order = {c: k for k, c in enumerate(CATEGORIES)}
        ranked = sorted(rows, key=lambda r: (order[r["category"]], -r["count"], r["cell_id"]))
        title = (
            f"{', '.join(result.forces)} {result.period[0]}–{result.period[1]}: emerging hot "
            f"spots ({result.events:,} crimes, {len(result.slices)} slices of "
            f"{slice_months} month{'s' if slice_months > 1 else ''}, {result.cell:g} m cells)"
        )
        table = Table(title=title)
        for c in EMERGING_COLUMNS:
            table.add_column(c)
        for row in ranked[:limit]:
            table.add_row(*(_cell(row[c]) for c in EMERGING_COLUMNS))
        console.print(table)
        if len(rows) > limit:
            err_console.print(f"{len(rows) - limit:,} more rows (use --format csv or json).")
        tally = ", ".join(f"{k}: {v:,}" for k, v in result.category_counts().items() if v)
        err_console.print(f"cells per category: {escape(tally)}")
        err_console.print(f"cell: {escape(result.cell_rule)}")
        for key, value in result.settings.items():
            err_console.print(f"{key}: {escape(str(value))}")
    _warn(result.warnings)


@app.command("near-repeat")
def near_repeat_command(
    file: Annotated[
        Path | None, typer.Argument(help="CSV of points (or use --period on the store).")
    ] = None,
    columns: Annotated[
        str | None,
        typer.Option(help="The file's columns in order, e.g. x,y,date (files with no header)."),
    ] = None,
    x: Annotated[str | None, typer.Option("--x", help="Header name of the x column.")] = None,
    y: Annotated[str | None, typer.Option("--y", help="Header name of the y column.")] = None,
    date: Annotated[str | None, typer.Option(help="Header name of the date column.")] = None,
    crs: Annotated[
        str | None,
        typer.Option(help="CRS of the file's coordinates, e.g. 4326 or EPSG:27700."),
    ] = None,
    period: Annotated[
        str | None, typer.Option(help="FROM:TO months, to analyse the store instead of a file.")
    ] = None,
    crime_type: Annotated[str | None, typer.Option("--crime-type", help="Crime type.")] = None,
    crime_class: Annotated[str | None, typer.Option("--class", help="Crime class.")] = None,
    force: Annotated[str | None, typer.Option(help="police.uk force id.")] = None,
    source: Annotated[str, typer.Option(help="police-uk or recorded-crime.")] = "police-uk",
    space_band: Annotated[float, typer.Option(help="Space band width in metres.")] = 100.0,
    space_bands: Annotated[int, typer.Option(help="Number of space bands.")] = 5,
    time_band: Annotated[float, typer.Option(help="Time band width in days.")] = 7.0,
    time_bands: Annotated[int, typer.Option(help="Number of time bands.")] = 5,
    distance: Annotated[Distance, typer.Option(help="manhattan or euclidean.")] = (
        Distance.manhattan
    ),
    permutations: Annotated[int, typer.Option(help="Monte Carlo permutations.")] = 999,
    seed: Annotated[
        int | None, typer.Option(help="Random seed (default: drawn and reported).")
    ] = None,
    tasks: Annotated[
        bool, typer.Option(help="Add prevention tasks for crimes inside the near-repeat window.")
    ] = False,
    as_of: Annotated[
        str | None, typer.Option(help="Date the tasks start from (default: the last crime).")
    ] = None,
    store: StoreOption = None,
    fmt: Annotated[KnoxFormat, typer.Option("--format", help="table or json.")] = (
        KnoxFormat.table
    ),
) -> None:
    """Near repeat (Knox) test on a point file or a store selection, with permutation p-values."""
    from prevhub.crime.find.knox import knox_test
    from prevhub.crime.find.nearrepeat import (
        near_repeat_from_store,
        prevention_tasks,
        read_point_file,
    )
    from prevhub.crime.find.points import days_since_epoch

    if (file is None) == (period is None):
        raise PrevhubError("give a point FILE or --period (to analyse the store), not both")
    knox = {
        "space_band": space_band,
        "n_space_bands": space_bands,
        "time_band": time_band,
        "n_time_bands": time_bands,
        "distance": distance.value,
        "permutations": permutations,
        "seed": seed,
    }
    if file is not None:
        points = read_point_file(
            file,
            columns=columns.split(",") if columns else None,
            x=x,
            y=y,
            date=date,
            crs=crs,
        )
        result = knox_test(points.x, points.y, days_since_epoch(points.dates), **knox)
        px, py, dates = points.x, points.y, points.dates
        warnings = [*points.warnings, *result.warnings]
    else:
        from prevhub.crime.store import CrimeStore

        with CrimeStore(store, read_only=True) as crime_store:
            result, selected = near_repeat_from_store(
                crime_store,
                period or "",
                crime_type=crime_type,
                crime_class=crime_class,
                force=force,
                source=source,
                **knox,
            )
        px, py, dates = selected.x, selected.y, selected.date
        warnings = list(result.warnings)
    payload = result.to_dict()
    task_list = []
    if tasks:
        when = dt.date.fromisoformat(as_of) if as_of else None
        task_list = [t.to_dict() for t in prevention_tasks(result, px, py, dates, as_of=when)]
        payload["tasks"] = task_list
    if fmt is KnoxFormat.json:
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    else:
        _print_knox_table(result)
        if tasks:
            cols = ("crime_date", "x", "y", "radius_m", "until")
            table = Table(title=f"Prevention tasks: {len(task_list)} (first 20; JSON has all)")
            for c in cols:
                table.add_column(c)
            for t in task_list[:20]:
                table.add_row(*(_cell(t[c]) for c in cols))
            console.print(table)
    _warn(warnings)


def _print_knox_table(result: Any) -> None:
    caption = (
        f"{result.events:,} events, {result.total_pairs:,} pairs ({result.pairs:,} within "
        f"{result.space_bands[-1].hi:g} m, {result.distance}); {result.permutations} "
        f"permutations, seed {result.seed}. Each cell: observed pairs, Knox ratio (observed / "
        "expected), p-value. Bands are [lo, hi): lo included, hi excluded. The last row and "
        "column are the pairs beyond the largest bands, as the Near Repeat Calculator shows."
    )
    table = Table(title="Near repeat (Knox) test", caption=caption)
    table.add_column("distance \\ time")
    for band in [*result.time_bands, result.beyond_time]:
        table.add_column(band.label)
    for r, band in enumerate([*result.space_bands, result.beyond_space]):
        cells = []
        for c in range(len(result.time_bands) + 1):
            ratio = result.knox_ratio_all[r, c]
            text = f"{int(result.observed_all[r, c]):,} | " + (
                "–" if not np.isfinite(ratio) else f"{ratio:.2f}"
            )
            text += f" | p={result.p_value_all[r, c]:.3f}"
            if result.p_value_all[r, c] <= 0.05 and np.isfinite(ratio) and ratio > 1:
                text = f"[bold]{text}[/bold]"
            cells.append(text)
        table.add_row(band.label, *cells)
    console.print(table)


boundaries_app = typer.Typer(
    help="Boundaries for Find maps and place names: which LSOA, ward and district a cell is in.",
    no_args_is_help=True,
)
app.add_typer(boundaries_app, name="boundaries")


@boundaries_app.command("load")
def boundaries_load_command(
    file: Annotated[Path, typer.Argument(help="GeoJSON FeatureCollection of the force's LSOAs.")],
    force: Annotated[str, typer.Option(help="police.uk force id, e.g. leicestershire.")],
    wards: Annotated[
        Path | None, typer.Option(help="GeoJSON FeatureCollection of wards (optional).")
    ] = None,
) -> None:
    """Validate a force's boundary files and install them in PREVHUB_HOME (atomic, idempotent)."""
    from prevhub.crime.geography import install_boundaries

    report = install_boundaries(file, force=force, wards=wards)
    words = {
        "loaded": "Loaded",
        "replaced": "Replaced the previous boundaries with",
        "unchanged": "Unchanged (the same boundaries are already installed):",
    }[report.status]
    console.print(
        f"{words} {report.lsoas:,} LSOAs"
        + (f" and {report.wards:,} wards" if report.wards else "")
        + f" for {escape(report.force)} ({report.area_km2:,.1f} km², districts: "
        + escape(", ".join(report.districts))
        + f") in {escape(str(report.path))}"
    )


@boundaries_app.command("show")
def boundaries_show_command(
    force: Annotated[str, typer.Option(help="police.uk force id.")],
) -> None:
    """Say which boundaries a force's maps use (installed or packaged) and what they hold."""
    from prevhub.crime.geography import force_boundaries

    found = force_boundaries(force)
    if found is None:
        raise PrevhubError(
            f"no boundaries for {force!r}: load them with `prevhub boundaries load FILE "
            f"--force {force}`"
        )
    console.print(
        f"{escape(force)}: {len(found.lsoa_code):,} LSOAs, {len(found.ward_code):,} wards, "
        f"{len(set(found.district)):,} districts, {found.area_km2:,.1f} km² "
        f"(source: {escape(found.source)}). {escape(found.attribution)}"
    )
