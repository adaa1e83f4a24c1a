"""Period comparisons: "N fewer victim-based crimes than the previous 12 months", honestly.

:func:`measure` counts crimes in a period and a baseline period, by class, group, subgroup,
crime type, area or month, and gives each row its change, rate ratio with an exact 95%
interval and p-value (the rate test from :mod:`prevhub.crime.stats`), Crime Harm Index days,
and flags for what would make the comparison misleading (small numbers, a counting-rule change
inside the window, a month missing). :func:`headline` turns the force totals into the hub's
sentences. Methods are explained in ``docs/methods/measures.md``.

Counting rules, the same everywhere:

* one crime per published row (rows sharing a Crime ID are counted, as police.uk counts them);
* anti-social behaviour is never counted as crime;
* rows whose LSOA lies outside the force's own districts are left out of the force's figures
  unless ``include_outside``; rows with no location stay in force totals and are left out only
  of area breakdowns (district, LSOA, neighbourhood).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from prevhub.crime import classification
from prevhub.crime.periods import (
    Period,
    month_from_index,
    month_index,
    months_in,
    parse_period,
    resolve_baseline,
)
from prevhub.crime.stats import compare_poisson_counts
from prevhub.crime.store import RECORDED_CRIME, CrimeStore
from prevhub.errors import PrevhubError

POLICE_UK = "police-uk"
SOURCES = (POLICE_UK, RECORDED_CRIME)
BY_CHOICES = (
    "class",
    "group",
    "subgroup",
    "crime_type",
    "district",
    "lsoa",
    "neighbourhood",
    "month",
)
AREA_BREAKDOWNS = ("district", "lsoa", "neighbourhood")

#: Either count below this is "small numbers": the interval is wide and one busy week moves it.
SMALL_NUMBERS = 20

SMALL_NUMBERS_FLAG = "small-numbers"
COUNTING_RULE_FLAG = "counting-rule-change"
MONTH_MISSING_FLAG = "month-missing"

NOTES = (
    "Seasonality: compare like months (the same months a year earlier) when the period is "
    "shorter than a year; a change between different seasons is not a trend.",
    "Recording changes: counts follow what police record, so changes in recording practice, "
    "counting rules or reporting can move figures with no change in crime.",
    "Regression to the mean: an area or period picked because it was unusually high tends to "
    "fall back on its own; a fall there is weak evidence that anything worked.",
    "The test assumes Poisson variation; real crime counts vary more (over-dispersion), so "
    "p-values on large counts overstate certainty. Nothing here says why a count changed.",
)


class MonthsMissing(PrevhubError):
    """A force has months of the window missing from the store (and incomplete was not allowed).

    ``gaps`` maps each force to its missing months, so a page can say it in its own words.
    """

    def __init__(self, gaps: dict[str, list[str]]) -> None:
        self.gaps = gaps
        listed = "; ".join(f"{f}: {', '.join(m)}" for f, m in gaps.items())
        super().__init__(
            f"months missing from the store for {listed}. Ingest them, or pass "
            "--allow-incomplete to compare anyway (the rows will be flagged)."
        )


@dataclass(frozen=True)
class MeasureRow:
    """One line of a comparison: a key (e.g. ``{"class": "victim-based"}``) and its figures."""

    key: dict[str, str | None]
    current: int
    baseline: int
    change: int
    pct_change: float | None
    rate_ratio: float | None
    ci95: tuple[float, float] | None
    p_value: float
    harm_current: float
    harm_baseline: float
    flags: list[str]

    def to_dict(self) -> dict[str, Any]:
        """The row in the issue's JSON shape (infinite interval ends become null)."""
        ci = None
        if self.ci95 is not None:
            ci = [_finite(self.ci95[0]), _finite(self.ci95[1])]
        return {
            "key": dict(self.key),
            "current": self.current,
            "baseline": self.baseline,
            "change": self.change,
            "pct_change": self.pct_change,
            "rate_ratio": self.rate_ratio,
            "ci95": ci,
            "p_value": self.p_value,
            "harm_current": self.harm_current,
            "harm_baseline": self.harm_baseline,
            "flags": list(self.flags),
        }


@dataclass(frozen=True)
class MeasureResult:
    """A whole comparison: periods, rows, the test used and what it cannot tell."""

    period: Period
    baseline: Period
    by: str
    forces: list[str]
    source: str
    rows: list[MeasureRow]
    test: str
    notes: list[str]
    include_outside: bool
    excluded: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``period``, ``baseline``, ``rows`` as in the issue, plus context keys."""
        return {
            "period": {"from": self.period[0], "to": self.period[1]},
            "baseline": {"from": self.baseline[0], "to": self.baseline[1]},
            "by": self.by,
            "forces": list(self.forces),
            "source": self.source,
            "include_outside": self.include_outside,
            "excluded": dict(self.excluded),
            "rows": [row.to_dict() for row in self.rows],
            "test": self.test,
            "notes": list(self.notes),
        }

    def row(self, **key: str) -> MeasureRow:
        """The row with this key, e.g. ``result.row(**{"class": "victim-based"})``."""
        for r in self.rows:
            if all(r.key.get(k) == v for k, v in key.items()):
                return r
        raise KeyError(key)


def _finite(value: float) -> float | None:
    return value if value not in (float("inf"), float("-inf")) else None


#: The figures of a flat row (:func:`flat_rows`), after its key columns: what a spreadsheet gets.
FLAT_COLUMNS = (
    "current",
    "baseline",
    "change",
    "pct_change",
    "rate_ratio",
    "ci95_low",
    "ci95_high",
    "p_value",
    "harm_current",
    "harm_baseline",
    "flags",
)


def flat_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of :meth:`MeasureResult.to_dict` with one value per column, for CSV and
    spreadsheets: the key's fields as columns named after them (``district``; ``month`` and
    ``baseline_month`` by month), the interval as ``ci95_low`` and ``ci95_high`` (None where
    there is none), then :data:`FLAT_COLUMNS`."""
    rows = []
    for row in result["rows"]:
        low, high = row["ci95"] or (None, None)
        flat = dict(row["key"])
        flat.update({k: v for k, v in row.items() if k not in ("key", "ci95")})
        flat["ci95_low"], flat["ci95_high"] = low, high
        rows.append(flat)
    return rows


# -- the crimes relation -----------------------------------------------------------------------


def _police_uk_crimes_sql() -> str:
    """One row per counted street crime, with every key a measure can group by."""
    return """
        SELECT s.force, s.month, c.crime_class, c.offence_group AS offence_group,
               s.crime_type AS subgroup, s.crime_type AS crime_type, s.district,
               s.lsoa_code AS lsoa, n.neighbourhood, s.lsoa_code IS NULL AS unlocated,
               (s.lsoa_code IS NULL OR fd.district IS NOT NULL OR kf.force IS NULL) AS inside,
               coalesce(fw.harm_days, c.harm_days) AS harm_days,
               s.crime_type = 'Violence and sexual offences' AS may_include_stalking
        FROM street_crimes s
        JOIN crime_type_classes c ON c.crime_type = s.crime_type
        LEFT JOIN force_harm_weights fw ON fw.force = s.force AND fw.crime_type = s.crime_type
        LEFT JOIN force_districts fd ON fd.force = s.force AND fd.district = s.district
        LEFT JOIN (SELECT DISTINCT force FROM force_districts) kf ON kf.force = s.force
        LEFT JOIN neighbourhoods n ON n.lsoa_code = s.lsoa_code
        WHERE c.crime_class <> 'not-a-crime'
    """


def _recorded_crimes_sql() -> str:
    """One row per recorded crime from force extracts, classified by offence code and month."""
    since = classification.COERCIVE_CONTROL_JOINS_STALKING_FROM
    ccb = classification.CONTROLLING_OR_COERCIVE_BEHAVIOUR_CODE
    return f"""
        SELECT r.force, r.month, o.crime_class, o.offence_group,
               CASE WHEN o.code = '{ccb}' AND r.month >= '{since}'
                    THEN '{classification.STALKING_AND_HARASSMENT}'
                    ELSE o.offence_subgroup END AS subgroup,
               o.code || ' ' || o.label AS crime_type, lk.district,
               r.lsoa_code AS lsoa, n.neighbourhood, r.lsoa_code IS NULL AS unlocated,
               (r.lsoa_code IS NULL OR lk.district IS NULL OR fd.district IS NOT NULL
                OR kf.force IS NULL) AS inside,
               coalesce(CASE WHEN r.month >= '{since}' THEN o.harm_days_from_2020_04
                             ELSE o.harm_days END, 0) AS harm_days,
               (o.offence_subgroup = '{classification.STALKING_AND_HARASSMENT}'
                OR o.code = '{ccb}') AS may_include_stalking
        FROM recorded_crimes r
        JOIN offence_classes o ON o.code = r.offence_code
        LEFT JOIN lsoa_lookup lk ON lk.lsoa_code = r.lsoa_code
        LEFT JOIN force_districts fd ON fd.force = r.force AND fd.district = lk.district
        LEFT JOIN (SELECT DISTINCT force FROM force_districts) kf ON kf.force = r.force
        LEFT JOIN neighbourhoods n ON n.lsoa_code = r.lsoa_code
    """


def _in_forces(forces: list[str]) -> str:
    """``force IN (?, ?, ...)``: one parameter per force (portable, unlike DuckDB's lists)."""
    return "force IN (" + ", ".join("?" * len(forces)) + ")"


def _source_kind(source: str) -> str:
    if source not in SOURCES:
        raise PrevhubError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
    return "street" if source == POLICE_UK else RECORDED_CRIME


_KEY_COLUMN = {
    "class": "crime_class",
    "group": "offence_group",
    "subgroup": "subgroup",
    "crime_type": "crime_type",
    "district": "district",
    "lsoa": "lsoa",
    "neighbourhood": "neighbourhood",
}


def _scope_forces(store: CrimeStore, force: str | None, kind: str, months: list[str]) -> list[str]:
    if force is not None:
        if force not in store.forces(kind):
            source = "police.uk street files" if kind == "street" else "recorded-crime extracts"
            raise PrevhubError(f"no {source} for force {force!r} in the store ({store.path})")
        return [force]
    rows = store.query(
        "SELECT DISTINCT force FROM loads WHERE current AND kind = ? AND month BETWEEN ? AND ? "
        "ORDER BY force",
        [kind, months[0], months[-1]],
    )
    if not rows:
        raise PrevhubError(f"no {kind} data in the store for {months[0]} to {months[-1]}")
    return [r[0] for r in rows]


def missing_months(store: CrimeStore, forces: list[str], kind: str, months: list[str]) -> dict:
    """force -> months of the window with no current load of this kind."""
    result: dict[str, list[str]] = {}
    for force in forces:
        have = set(store.loaded_months(force, kind))
        gaps = [m for m in months if m not in have]
        if gaps:
            result[force] = gaps
    return result


#: The ``affects`` values of ``reference/counting_rule_changes.csv`` this module can place: each
#: change is flagged only on rows that may hold the offences it changed (``may_include_stalking``:
#: police.uk's "Violence and sexual offences", which holds stalking, harassment, malicious
#: communications and controlling or coercive behaviour, and the groups and classes that contain
#: it; in force extracts the stalking and harassment subgroup and code 8U). Theft, burglary,
#: public order and the rest are never flagged for these changes.
RULE_CHANGE_GROUPS = frozenset({"stalking-and-harassment"})


def rule_changes_inside(start: str, end: str) -> list[classification.CountingRuleChange]:
    """Changes in force inside the window that this module knows which rows they affect."""
    return [
        c
        for c in classification.counting_rule_changes()
        if start < c.effective_month <= end and c.affects in RULE_CHANGE_GROUPS
    ]


def measure(
    store: CrimeStore,
    period: Period | str,
    baseline: str | Sequence[str] = "previous",
    by: str = "class",
    *,
    force: str | None = None,
    include_outside: bool = False,
    allow_incomplete: bool = False,
    crime_class: str | None = None,
    source: str = POLICE_UK,
) -> MeasureResult:
    """Compare crime counts in ``period`` with ``baseline``, one row per value of ``by``.

    Parameters
    ----------
    store
        An open :class:`~prevhub.crime.store.CrimeStore`.
    period
        ``(from_month, to_month)`` or ``"YYYY-MM:YYYY-MM"``, inclusive.
    baseline
        ``"previous"`` (same number of months just before), ``"last-year"`` (the same months a
        year earlier) or an explicit period. Periods of different lengths are compared as rates
        per month (the exposure ratio).
    by
        ``class``, ``group``, ``subgroup``, ``crime_type``, ``district``, ``lsoa``,
        ``neighbourhood`` or ``month``. With ``month`` each month of the period is compared
        with the month in the same position of the baseline.
    force
        A police.uk force id; ``None`` means every force with data in the window.
    include_outside
        Count rows located outside the force's own districts too.
    allow_incomplete
        Flag, rather than refuse, a window in which a force has a month missing.
    crime_class
        Count only this class (e.g. ``victim-based``); default every class except ASB.
    source
        ``police-uk`` (street files) or ``recorded-crime`` (force extracts with offence codes).

    Each row's test is the exact conditional test for two Poisson counts with a Clopper-Pearson
    interval for the rate ratio (Przyborowski & Wilenski 1940), via
    :func:`prevhub.crime.stats.compare_poisson_counts`.
    """
    if by not in BY_CHOICES:
        raise PrevhubError(f"--by must be one of {', '.join(BY_CHOICES)}, not {by!r}")
    if crime_class is not None and crime_class not in classification.CRIME_CLASSES:
        raise PrevhubError(f"crime class must be one of {', '.join(classification.CRIME_CLASSES)}")
    kind = _source_kind(source)
    current_period = parse_period(period)
    baseline_period = resolve_baseline(current_period, baseline)
    current_months = months_in(current_period)
    baseline_months = months_in(baseline_period)
    window = sorted(set(current_months) | set(baseline_months))
    forces = _scope_forces(store, force, kind, window)
    gaps = missing_months(store, forces, kind, window)
    notes = list(NOTES)
    if gaps:
        if not allow_incomplete:
            raise MonthsMissing(gaps)
        listed = "; ".join(f"{f}: {', '.join(m)}" for f, m in gaps.items())
        notes.append(f"Months missing (counted as zero): {listed}.")

    relation = _police_uk_crimes_sql() if kind == "street" else _recorded_crimes_sql()
    in_forces = _in_forces(forces)
    conditions = [in_forces]
    params: list[Any] = list(forces)
    if not include_outside:
        conditions.append("inside")
    if by in AREA_BREAKDOWNS:
        conditions.append("NOT unlocated")
    if crime_class is not None:
        conditions.append("crime_class = ?")
        params.append(crime_class)
    where = " AND ".join(conditions)

    # The SQL below is the one definition of the counts: DuckDB runs it on the store (or on a
    # Parquet export) and Spark SQL runs the same text (prevhub.crime.spark), so it keeps to
    # what both accept (positional ``?`` parameters, FILTER clauses, bool_or, joins only).
    (excluded_row,) = store.query(
        f"""SELECT count(*) FILTER (WHERE NOT inside), count(*) FILTER (WHERE unlocated)
            FROM ({relation}) crimes WHERE {in_forces}
            AND (month BETWEEN ? AND ? OR month BETWEEN ? AND ?)""",
        [*forces, *current_period, *baseline_period],
    )
    excluded = {
        "outside_force_area_rows": 0 if include_outside else int(excluded_row[0]),
        "no_location_rows_in_totals": 0 if by in AREA_BREAKDOWNS else int(excluded_row[1]),
        "no_location_rows_left_out": int(excluded_row[1]) if by in AREA_BREAKDOWNS else 0,
    }
    if not include_outside and excluded["outside_force_area_rows"]:
        notes.append(
            f"{excluded['outside_force_area_rows']} rows located outside the force's own "
            "districts are left out (use include_outside to count every published row)."
        )

    if by == "month":
        key_sql = "month"
        offset = month_index(current_period[0]) - month_index(baseline_period[0])
    else:
        key_sql = _KEY_COLUMN[by]
        offset = 0
    rows = store.query(
        f"""SELECT {key_sql} AS key,
                   count(*) FILTER (WHERE month BETWEEN ? AND ?) AS cur,
                   count(*) FILTER (WHERE month BETWEEN ? AND ?) AS base,
                   coalesce(sum(harm_days) FILTER (WHERE month BETWEEN ? AND ?), 0),
                   coalesce(sum(harm_days) FILTER (WHERE month BETWEEN ? AND ?), 0),
                   bool_or(may_include_stalking)
            FROM ({relation}) crimes
            WHERE {where} AND (month BETWEEN ? AND ? OR month BETWEEN ? AND ?)
            GROUP BY 1""",
        [
            *current_period,
            *baseline_period,
            *current_period,
            *baseline_period,
            *params,
            *current_period,
            *baseline_period,
        ],
    )

    changes = rule_changes_inside(window[0], window[-1])
    exposure = len(current_months) / len(baseline_months)
    if by == "month":
        result_rows = _month_rows(rows, current_months, offset, changes, gaps)
    else:
        result_rows = _rows_with_tests(
            [
                _Pending(
                    {by: _key_label(by, key)},
                    int(cur),
                    int(base),
                    float(harm_cur),
                    float(harm_base),
                    _flags(int(cur), int(base), bool(stalking) and bool(changes), bool(gaps)),
                )
                for key, cur, base, harm_cur, harm_base, stalking in rows
            ],
            exposure,
        )
        result_rows.sort(key=lambda r: (-(r.current + r.baseline), str(r.key[by])))
    if any(COUNTING_RULE_FLAG in r.flags for r in result_rows):
        for change in changes:
            notes.append(
                f"Counting-rule change inside the window ({change.effective_month}), flagged "
                f"only on rows that may hold {change.affects.replace('-', ' ')} offences: "
                f"{change.summary}. Source: {change.reference}."
            )
    return MeasureResult(
        period=current_period,
        baseline=baseline_period,
        by=by,
        forces=forces,
        source=source,
        rows=result_rows,
        test=_test_name(),
        notes=notes,
        include_outside=include_outside,
        excluded=excluded,
    )


def _test_name() -> str:
    from prevhub.crime.stats import C_TEST_METHOD

    return C_TEST_METHOD


def _key_label(by: str, key: Any) -> str | None:
    return None if key is None else str(key)


def _flags(current: int, baseline: int, rule_change: bool, month_missing: bool) -> list[str]:
    flags = []
    if min(current, baseline) < SMALL_NUMBERS:
        flags.append(SMALL_NUMBERS_FLAG)
    if rule_change:
        flags.append(COUNTING_RULE_FLAG)
    if month_missing:
        flags.append(MONTH_MISSING_FLAG)
    return flags


@dataclass(frozen=True)
class _Pending:
    key: dict[str, str | None]
    current: int
    baseline: int
    harm_current: float
    harm_baseline: float
    flags: list[str]


def _rows_with_tests(pending: list[_Pending], exposure: float) -> list[MeasureRow]:
    """Attach the rate test to every row at once (vectorised; same test as the scalar one)."""
    if not pending:
        return []
    # Imported here, not at the top: scipy.special takes a fifth of a second to import, and
    # ``import prevhub.crime.measures`` (the Measure page's helpers, the CLI) need not pay it.
    from prevhub.crime.rate_batch import compare_many

    current = np.array([p.current for p in pending], dtype=np.int64)
    baseline = np.array([p.baseline for p in pending], dtype=np.int64)
    rate_ratio, ci_low, ci_high, p_value = compare_many(current, baseline, exposure)
    rows = []
    for i, item in enumerate(pending):
        expected = item.baseline * exposure
        pct = None if expected == 0 else round(100.0 * (item.current - expected) / expected, 2)
        ci = None if np.isnan(ci_low[i]) else (float(ci_low[i]), float(ci_high[i]))
        rows.append(
            MeasureRow(
                key=item.key,
                current=item.current,
                baseline=item.baseline,
                change=item.current - item.baseline,
                pct_change=pct,
                rate_ratio=None if np.isnan(rate_ratio[i]) else float(rate_ratio[i]),
                ci95=ci,
                p_value=float(p_value[i]),
                harm_current=round(item.harm_current, 2),
                harm_baseline=round(item.harm_baseline, 2),
                flags=item.flags,
            )
        )
    return rows


def _row(
    key: dict[str, str | None],
    current: int,
    baseline: int,
    harm_current: float,
    harm_baseline: float,
    exposure: float,
    flags: list[str],
) -> MeasureRow:
    """One row, tested with the scalar :func:`compare_poisson_counts` (used for single rows)."""
    test = compare_poisson_counts(current, baseline, exposure_ratio=exposure)
    expected = baseline * exposure
    pct = None if expected == 0 else round(100.0 * (current - expected) / expected, 2)
    return MeasureRow(
        key=key,
        current=current,
        baseline=baseline,
        change=current - baseline,
        pct_change=pct,
        rate_ratio=test.rate_ratio,
        ci95=test.ci95,
        p_value=test.p_value,
        harm_current=round(harm_current, 2),
        harm_baseline=round(harm_baseline, 2),
        flags=flags,
    )


def _month_rows(
    rows: list[tuple[Any, ...]],
    current_months: list[str],
    offset: int,
    changes: list[classification.CountingRuleChange],
    gaps: dict[str, list[str]],
) -> list[MeasureRow]:
    by_month = {str(r[0]): r for r in rows}
    result = []
    for month in current_months:
        base_month = month_from_index(month_index(month) - offset)
        cur = by_month.get(month)
        base = by_month.get(base_month)
        cur_n = int(cur[1]) if cur else 0
        base_n = int(base[2]) if base else 0
        stalking = bool((cur and cur[5]) or (base and base[5]))
        rule_change = stalking and any(base_month < c.effective_month <= month for c in changes)
        missing = any(month in m or base_month in m for m in gaps.values())
        result.append(
            _Pending(
                {"month": month, "baseline_month": base_month},
                cur_n,
                base_n,
                float(cur[3]) if cur else 0.0,
                float(base[4]) if base else 0.0,
                _flags(cur_n, base_n, rule_change, missing),
            )
        )
    return _rows_with_tests(result, 1.0)


# -- helpers for the Measure page --------------------------------------------------------------


def monthly_counts(
    store: CrimeStore,
    force: str | None,
    months: Period | str,
    by_class: bool = True,
    *,
    include_outside: bool = False,
    source: str = POLICE_UK,
    subgroup: str | None = None,
) -> list[dict[str, Any]]:
    """Counts per month (and class) for a trend chart: ``[{"month", "class", "count"}]``.

    Months with no data appear with count 0 only if the store has a load for them; months
    never loaded are absent, so a chart shows a gap rather than a false zero. ``subgroup``
    counts one subgroup only (e.g. stalking and harassment from a force extract), reported
    under its name in place of the class.
    """
    kind = _source_kind(source)
    window = parse_period(months)
    wanted = months_in(window)
    forces = _scope_forces(store, force, kind, wanted)
    relation = _police_uk_crimes_sql() if kind == "street" else _recorded_crimes_sql()
    class_sql = "crime_class" if by_class else "'all-crime'"
    inside = "" if include_outside else "AND inside"
    params: list[Any] = [forces, *window]
    only = ""
    if subgroup is not None:
        class_sql, only = "subgroup", "AND subgroup = ?"
        params.append(subgroup)
    rows = store.con.execute(
        f"""SELECT month, {class_sql} AS cls, count(*) FROM ({relation})
            WHERE force IN (SELECT unnest(?::VARCHAR[])) AND month BETWEEN ? AND ? {inside}
            {only} GROUP BY ALL ORDER BY 1, 2""",
        params,
    ).fetchall()
    loaded = {m for f in forces for m in store.loaded_months(f, kind)}
    counts = {(str(m), str(c)): int(n) for m, c, n in rows}
    if subgroup is not None:
        classes = [subgroup]
    else:
        classes = sorted({c for _, c in counts}) or (
            ["victim-based", "other-crimes-against-society"] if by_class else ["all-crime"]
        )
    return [
        {"month": m, "class": c, "count": counts.get((m, c), 0)}
        for m in wanted
        if m in loaded
        for c in classes
    ]


def freshness(store: CrimeStore) -> list[dict[str, Any]]:
    """Latest month per force and kind, with when it was loaded: the page's data freshness."""
    rows = store.con.execute(
        """SELECT force, kind, max(month), min(month), count(*), max(loaded_at)
           FROM loads WHERE current GROUP BY force, kind ORDER BY force, kind"""
    ).fetchall()
    return [
        {
            "force": f,
            "kind": k,
            "latest_month": latest,
            "earliest_month": earliest,
            "months": int(n),
            "loaded_at": loaded.isoformat() if loaded else None,
        }
        for f, k, latest, earliest, n, loaded in rows
    ]
