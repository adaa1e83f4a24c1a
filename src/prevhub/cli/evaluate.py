"""`prevhub evaluate`: did a response work? WDD, DiD, synthetic control, control charts, PAI.

``evaluate wdd`` takes counts typed in (an analyst's quick check, and the way to reproduce a
published example); the others read areas and periods of the crime store. Every command
prints through :mod:`prevhub.cli.output` (``--format table|csv|json``) and writes the
method's caveats to standard error. Periods use :mod:`prevhub.crime.periods`' grammar: the
``--period`` is the months after the response started, the ``--baseline`` the months before
(``previous``, ``last-year`` or ``FROM:TO``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import typer

from prevhub.cli import app
from prevhub.cli.output import Column, FormatOption, OutputFormat, emit, notes
from prevhub.errors import PrevhubError

evaluate_app = typer.Typer(
    help="Evaluate a response: WDD, difference-in-differences, synthetic control, control "
    "charts, hot-spot accuracy.",
    no_args_is_help=True,
)
app.add_typer(evaluate_app, name="evaluate")

StoreOption = Annotated[
    Path | None,
    typer.Option("--store", help="Crime store file (default: PREVHUB_STORE or PREVHUB_HOME)."),
]
ForceOption = Annotated[str, typer.Option("--force", help="Force id, e.g. nottinghamshire.")]
PeriodOption = Annotated[
    str, typer.Option("--period", help="Months since the response started, FROM:TO.")
]
BaselineOption = Annotated[
    str,
    typer.Option("--baseline", help="Months before: previous, last-year or FROM:TO."),
]
CrimeTypeOption = Annotated[
    list[str] | None,
    typer.Option("--crime-type", help="police.uk crime type (repeat for several; default all)."),
]
AlphaOption = Annotated[float, typer.Option("--alpha", help="Significance level (0.05: 95% CI).")]
LSOA_CODE = re.compile(r"^[EW]0[0-9]{7}$")


def _pair(text: str, option: str, size: int = 2) -> list[float]:
    parts = [p.strip() for p in text.split(",")]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != size:
        raise PrevhubError(f"{option} takes {size} numbers separated by commas, not {text!r}")
    return values


def _estimate_rows(result: Any, names: list[str]) -> list[dict[str, Any]]:
    rows = []
    for name in names:
        p = result.parts[name]
        rows.append(
            {
                "estimate_of": name,
                "estimate": p["estimate"],
                "se": p["se"],
                "z": p["z"],
                "p_value": p["p_value"],
                "ci_low": p["ci"][0] if p["ci"] else None,
                "ci_high": p["ci"][1] if p["ci"] else None,
            }
        )
    return rows


def _ci(row: Any) -> Any:
    return (row.get("ci_low"), row.get("ci_high"))


@evaluate_app.command("wdd")
def wdd_command(
    control: Annotated[str, typer.Option("--control", help="Control area's counts PRE,POST.")],
    treated: Annotated[str, typer.Option("--treated", help="Treated area's counts PRE,POST.")],
    displacement: Annotated[
        str | None, typer.Option("--displacement", help="Displacement buffer's PRE,POST.")
    ] = None,
    displacement_control: Annotated[
        str | None,
        typer.Option("--displacement-control", help="The buffer's control area PRE,POST."),
    ] = None,
    time_weights: Annotated[
        str | None, typer.Option("--time-weights", help="Lengths of the periods PRE,POST.")
    ] = None,
    area_weights: Annotated[
        str | None,
        typer.Option(
            "--area-weights",
            help="Sizes of the areas C,T,DC,DT (control, treated, "
            "displacement control, displacement).",
        ),
    ] = None,
    alpha: AlphaOption = 0.05,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Weighted displacement difference test (Wheeler & Ratcliffe 2018) from typed-in counts."""
    from prevhub.crime.evaluation import wdd

    try:
        result = wdd(
            _pair(control, "--control"),
            _pair(treated, "--treated"),
            displacement_control=_pair(displacement_control, "--displacement-control")
            if displacement_control
            else (0, 0),
            displacement=_pair(displacement, "--displacement") if displacement else (0, 0),
            time_weights=_pair(time_weights, "--time-weights") if time_weights else (1, 1),
            area_weights=_pair(area_weights, "--area-weights", 4) if area_weights else (1,) * 4,
            alpha=alpha,
        )
    except ValueError as exc:
        raise PrevhubError(str(exc)) from exc
    names = ["local", "displacement", "total"]
    payload = {
        name: {k: result.parts[name][k] for k in ("estimate", "se", "z", "ci")} for name in names
    }
    payload["alpha"] = alpha
    rows = _estimate_rows(result, names)
    emit(
        rows,
        fmt,
        payload=payload,
        table_columns=[
            Column("estimate_of", "Estimate of", "text"),
            Column("estimate", "Crimes"),
            Column("se", "SE"),
            Column("z", "z", "ratio"),
            Column("p_value", "p", "p_value"),
            Column("ci", f"{100 * (1 - alpha):g}% CI", "interval", value=_ci),
        ],
        title="Weighted displacement difference (negative: fewer crimes than the control's "
        "trend predicts)",
    )
    if fmt is OutputFormat.table:
        notes(result.caveats)


# --- areas of the store ------------------------------------------------------------------------


def _selection(force: str, area: str, crime_types: list[str] | None) -> Any:
    from prevhub.crime.area_figures import AreaSelection

    area = area.strip()
    if LSOA_CODE.match(area):
        return AreaSelection(force, lsoas=(area,), crime_types=tuple(crime_types or ()))
    return AreaSelection(force, districts=(area,), crime_types=tuple(crime_types or ()))


def _windows(period: str, baseline: str) -> tuple[tuple[str, str], tuple[str, str], list[str]]:
    from prevhub.crime.periods import months_in, parse_period, resolve_baseline

    after = parse_period(period)
    before = resolve_baseline(after, baseline)
    if before[1] >= after[0]:
        raise PrevhubError("the baseline must end before the period starts")
    return before, after, months_in(before) + months_in(after)


def _series(
    store: Any, force: str, names: list[str], crime_types: list[str] | None, months: list[str]
) -> dict[str, list[int]]:
    from prevhub.crime.evaluation.areas import series

    return {n: series(store, _selection(force, n, crime_types), months) for n in names}


def _open(store: Path | None) -> Any:
    from prevhub.crime.store import CrimeStore

    return CrimeStore(store, read_only=True)


def _summary_rows(result: Any) -> list[dict[str, Any]]:
    return [
        {
            "method": result.label,
            "estimate": result.estimate,
            "scale": result.scale,
            "ci_low": result.ci[0] if result.ci else None,
            "ci_high": result.ci[1] if result.ci else None,
            "p_value": result.p_value,
            "version": result.version,
        }
    ]


SUMMARY_COLUMNS = [
    Column("method", "Method", "text"),
    Column("estimate", "Estimate"),
    Column("ci", "CI", "interval", value=_ci),
    Column("p_value", "p", "p_value"),
    Column("scale", "Scale", "text", max_width=40),
]


@evaluate_app.command("did")
def did_command(
    force: ForceOption,
    treated_area: Annotated[
        list[str], typer.Option("--treated-area", help="LSOA code or district (repeatable).")
    ],
    comparison_area: Annotated[
        list[str], typer.Option("--comparison-area", help="LSOA code or district (repeatable).")
    ],
    period: PeriodOption,
    baseline: BaselineOption = "previous",
    crime_type: CrimeTypeOption = None,
    family: Annotated[
        str, typer.Option("--family", help="poisson or negbin (over-dispersed counts).")
    ] = "poisson",
    by_month: Annotated[
        bool, typer.Option("--event-study", help="Also the effect month by month.")
    ] = False,
    alpha: AlphaOption = 0.05,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Poisson or negative binomial difference-in-differences over the store's months."""
    from prevhub.crime.evaluation import difference_in_differences, event_study

    before, after, months = _windows(period, baseline)
    with _open(store) as s:
        treated = _series(s, force, treated_area, crime_type, months)
        comparison = _series(s, force, comparison_area, crime_type, months)
    fn = event_study if by_month else difference_in_differences
    try:
        result = fn(treated, comparison, months, after[0], family=family, alpha=alpha)
    except ValueError as exc:
        raise PrevhubError(str(exc)) from exc
    if by_month:
        rows = [
            {
                "relative_month": r["relative_month"],
                "month": r["month"],
                "irr": r["irr"],
                "ci_low": r["ci"][0] if r["ci"] else None,
                "ci_high": r["ci"][1] if r["ci"] else None,
                "p_value": r["p_value"],
            }
            for r in result.parts["event_study"]
        ]
        emit(
            rows,
            fmt,
            payload=result.to_dict(),
            table_columns=[
                Column("relative_month", "Month from start"),
                Column("month", "Month", "text"),
                Column("irr", "IRR", "ratio"),
                Column("ci", "CI", "interval", value=_ci),
                Column("p_value", "p", "p_value"),
            ],
            title=result.label,
        )
    else:
        emit(
            _summary_rows(result),
            fmt,
            payload=result.to_dict(),
            table_columns=SUMMARY_COLUMNS,
            title=result.label,
        )
    if fmt is OutputFormat.table:
        notes(result.caveats)


@evaluate_app.command("synth")
def synth_command(
    force: ForceOption,
    treated_area: Annotated[
        list[str], typer.Option("--treated-area", help="LSOA code or district (repeatable).")
    ],
    period: PeriodOption,
    baseline: BaselineOption = "previous",
    comparison_area: Annotated[
        list[str] | None,
        typer.Option(
            "--comparison-area",
            help="Donor areas (default: every other area of the same kind in the force).",
        ),
    ] = None,
    crime_type: CrimeTypeOption = None,
    engine: Annotated[str, typer.Option("--engine", help="pysyncon or nnls.")] = "pysyncon",
    workers: Annotated[int, typer.Option("--workers", help="Processes for the placebos.")] = 1,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Synthetic control with in-space placebos (rank of the post/pre RMSPE ratio)."""
    from prevhub.crime.evaluation import synthetic_control
    from prevhub.crime.evaluation.areas import monthly_by_district, monthly_by_lsoa

    before, after, months = _windows(period, baseline)
    with _open(store) as s:
        treated = _series(s, force, treated_area, crime_type, months)
        if comparison_area:
            donors = _series(s, force, comparison_area, crime_type, months)
        elif all(LSOA_CODE.match(t) for t in treated_area):
            donors = monthly_by_lsoa(s, force, months, crime_types=crime_type or ())
        else:
            donors = monthly_by_district(s, force, months, crime_types=crime_type or ())
    donors = {k: v for k, v in donors.items() if k not in treated}
    try:
        result = synthetic_control(
            treated, donors, months, after[0], engine=engine, workers=workers
        )
    except ValueError as exc:
        raise PrevhubError(str(exc)) from exc
    rows = [
        {
            "area": r["area"],
            "mean_gap_after": r["mean_gap_after"],
            "change_percent": r["change_percent"],
            "pre_rmspe": r["pre_rmspe"],
            "ratio": r["ratio"],
            "placebo_rank": r["placebo_rank"],
            "placebos": len(result.parts["placebo_ratios"]),
            "p_value": r["p_value"],
            "weights": "; ".join(f"{w['area']} {w['weight']:.3f}" for w in r["weights"][:5]),
        }
        for r in result.parts["treated"]
    ]
    emit(
        rows,
        fmt,
        payload=result.to_dict(),
        table_columns=[
            Column("area", "Treated area", "text"),
            Column("mean_gap_after", "Gap/month"),
            Column("change_percent", "Change %", "percent"),
            Column("pre_rmspe", "Pre RMSPE"),
            Column("ratio", "Post/pre RMSPE", "ratio"),
            Column("placebo_rank", "Rank"),
            Column("placebos", "Placebos"),
            Column("p_value", "p", "p_value"),
            Column("weights", "Largest weights", "text", max_width=40),
        ],
        title=result.label,
    )
    if fmt is OutputFormat.table:
        notes(result.caveats)


@evaluate_app.command("chart")
def chart_command(
    force: ForceOption,
    period: PeriodOption,
    baseline: BaselineOption = "previous",
    area: Annotated[
        str | None, typer.Option("--area", help="LSOA code or district (default: the force).")
    ] = None,
    crime_type: CrimeTypeOption = None,
    kind: Annotated[
        str, typer.Option("--kind", help="c, u (per day of the month) or laney.")
    ] = "laney",
    seasonal: Annotated[
        bool,
        typer.Option(
            "--seasonal",
            help="Compare each month with the same months of the "
            "earlier years in the store instead.",
        ),
    ] = False,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """A control chart of monthly counts: limits from the baseline months, run rules flagged."""
    import calendar

    from prevhub.crime.area_figures import AreaSelection
    from prevhub.crime.evaluation import control_chart, seasonal_baseline
    from prevhub.crime.evaluation.areas import series
    from prevhub.crime.periods import months_in, parse_period

    with _open(store) as s:
        sel = (
            _selection(force, area, crime_type)
            if area
            else AreaSelection(force, crime_types=tuple(crime_type or ()))
        )
        if seasonal:
            loaded = [m for m in s.loaded_months(force, "street")]
            history = dict(zip(loaded, series(s, sel, loaded), strict=True))
            wanted = months_in(parse_period(period))
            try:
                result = seasonal_baseline(history, wanted)
            except ValueError as exc:
                raise PrevhubError(str(exc)) from exc
            emit(
                result.parts["months"],
                fmt,
                payload=result.to_dict(),
                columns=["month", "count", "expected", "lcl", "ucl", "z", "outside", "years"],
                title=result.label,
            )
            if fmt is OutputFormat.table:
                notes(result.caveats)
            return
        before, after, months = _windows(period, baseline)
        counts = series(s, sel, months)
    exposure = [calendar.monthrange(int(m[:4]), int(m[5:]))[1] for m in months]
    try:
        result = control_chart(
            months, counts, kind=kind, exposure=exposure, baseline=len(months_in(before))
        )
    except ValueError as exc:
        raise PrevhubError(str(exc)) from exc
    rows = [dict(p, rules="; ".join(str(r) for r in p["rules"])) for p in result.parts["points"]]
    emit(
        rows,
        fmt,
        payload=result.to_dict(),
        columns=["month", "count", "value", "centre", "lcl", "ucl", "rules"],
        title=result.label,
    )
    if fmt is OutputFormat.table:
        notes([f"Rule {k}: {v}" for k, v in result.parts["rules"].items()] + result.caveats)


@evaluate_app.command("pai")
def pai_command(
    force: ForceOption,
    period: Annotated[
        str, typer.Option("--period", help="The period the hot spots are tested on, FROM:TO.")
    ],
    baseline: BaselineOption = "previous",
    cell: Annotated[float, typer.Option("--cell", help="Cell size in metres.")] = 250.0,
    area_share: Annotated[
        float, typer.Option("--area-share", help="Share of the force area chosen (0.05: 5%).")
    ] = 0.05,
    crime_type: Annotated[
        str | None, typer.Option("--crime-type", help="One police.uk crime type.")
    ] = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """PAI, PEI and RRI: how well the baseline's busiest cells captured the period's crime."""
    from prevhub.crime.evaluation.areas import grid_hotspot_accuracy

    before, after, _ = _windows(period, baseline)
    with _open(store) as s:
        result = grid_hotspot_accuracy(
            s, force, before, after, cell=cell, area_share=area_share, crime_type=crime_type
        )
    p = result.parts
    rows = [
        {"measure": k, "value": p[k]}
        for k in (
            "pai",
            "pei",
            "rri",
            "hit_rate",
            "area_share",
            "chosen_cells",
            "crimes_captured",
            "crimes_next_period",
        )
    ]
    emit(
        rows,
        fmt,
        payload=result.to_dict(),
        title=result.label,
        table_columns=[Column("measure", "Measure", "text"), Column("value", "Value")],
    )
    if fmt is OutputFormat.table:
        notes(result.caveats)
