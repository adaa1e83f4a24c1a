"""Crime figures for one small area and a few crime types: what a problem-solving record needs.

A problem is a place (a few LSOAs, or a district) and the crimes that recur there. Scanning
needs the counts, the monthly trend and how the area compares with the rest of its district;
assessment needs before/after counts for the area and for a comparison area, and a test.

Counting follows :mod:`prevhub.crime.measures` (one crime per published row; ASB only when
asked for by name), on police.uk street files. Rows with no location can never be in an area,
so they are simply not counted here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from scipy import stats as sps

from prevhub.crime.periods import Period, months_in, parse_period, resolve_baseline
from prevhub.crime.stats import compare_poisson_counts
from prevhub.crime.store import CrimeStore
from prevhub.errors import PrevhubError

ANTI_SOCIAL_BEHAVIOUR = "Anti-social behaviour"


@dataclass(frozen=True)
class AreaSelection:
    """A place and the crimes of interest: districts and/or LSOA codes within one force.

    With neither districts nor LSOAs the whole force is meant. ``crime_types`` are police.uk
    crime types; empty means every crime (ASB is never a crime, but may be named to count it).
    """

    force: str
    districts: tuple[str, ...] = ()
    lsoas: tuple[str, ...] = ()
    crime_types: tuple[str, ...] = ()

    def describe(self) -> str:
        where = ", ".join([*self.districts, *self.lsoas]) or self.force
        what = ", ".join(self.crime_types) or "all crime"
        return f"{what} in {where}"

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


def _where(sel: AreaSelection) -> tuple[str, list[Any]]:
    """SQL conditions and parameters for a selection over ``street_crimes s`` joined to classes."""
    conditions = ["s.force = ?"]
    params: list[Any] = [sel.force]
    places = []
    if sel.districts:
        places.append("s.district IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(sel.districts))
    if sel.lsoas:
        places.append("s.lsoa_code IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(sel.lsoas))
    if places:
        conditions.append("(" + " OR ".join(places) + ")")
    if sel.crime_types:
        conditions.append("s.crime_type IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(sel.crime_types))
    else:
        conditions.append("c.crime_class <> 'not-a-crime'")
    return " AND ".join(conditions), params


def _check(store: CrimeStore, sel: AreaSelection, months: Sequence[str]) -> None:
    if sel.force not in store.forces("street"):
        raise PrevhubError(f"no police.uk street data for force {sel.force!r} in the store")
    missing = sorted(set(months) - set(store.loaded_months(sel.force, "street")))
    if missing:
        raise PrevhubError(
            f"months missing from the store for {sel.force}: {', '.join(missing)}. "
            "Ingest them first: figures with a missing month would be wrong, not small."
        )


def monthly(store: CrimeStore, sel: AreaSelection, period: Period | str) -> list[tuple[str, int]]:
    """``[(month, count)]`` for every month of the period, zeros included."""
    window = parse_period(period)
    months = months_in(window)
    _check(store, sel, months)
    where, params = _where(sel)
    rows = store.con.execute(
        f"""SELECT s.month, count(*) FROM street_crimes s
            JOIN crime_type_classes c ON c.crime_type = s.crime_type
            WHERE {where} AND s.month BETWEEN ? AND ? GROUP BY 1""",
        [*params, *window],
    ).fetchall()
    counts = {str(m): int(n) for m, n in rows}
    return [(m, counts.get(m, 0)) for m in months]


def count(store: CrimeStore, sel: AreaSelection, period: Period | str) -> int:
    return sum(n for _, n in monthly(store, sel, period))


@dataclass(frozen=True)
class ScanningFigures:
    """The evidence that a problem exists, as stored with the problem when it is scanned."""

    selection: dict[str, Any]
    period: Period
    baseline: Period
    current: int
    baseline_count: int
    change: int
    rate_ratio: float | None
    ci95: tuple[float | None, float | None] | None
    p_value: float
    monthly: list[tuple[str, int]]
    district_current: int | None = None
    share_of_district: float | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["period"] = list(self.period)
        data["baseline"] = list(self.baseline)
        data["monthly"] = [list(m) for m in self.monthly]
        data["ci95"] = list(self.ci95) if self.ci95 else None
        return data


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _interval(ci: tuple[float, float] | None) -> tuple[float | None, float | None] | None:
    return (_finite(ci[0]), _finite(ci[1])) if ci is not None else None


def scanning_figures(
    store: CrimeStore,
    sel: AreaSelection,
    period: Period | str,
    baseline: str | Sequence[str] = "previous",
    *,
    district: str | None = None,
) -> ScanningFigures:
    """Counts now and before, the exact Poisson test, the monthly series of both periods and,
    when ``district`` is given, the area's share of that district's same crimes."""
    window = parse_period(period)
    base = resolve_baseline(window, baseline)
    in_base = monthly(store, sel, base)
    in_window = monthly(store, sel, window)
    series = in_base + in_window  # the two windows need not touch ('last-year' baselines)
    cur, before = sum(n for _, n in in_window), sum(n for _, n in in_base)
    exposure = len(in_window) / len(in_base)
    test = compare_poisson_counts(cur, before, exposure_ratio=exposure)
    ci = _interval(test.ci95)
    district_cur = share = None
    notes = []
    if district:
        whole = AreaSelection(sel.force, districts=(district,), crime_types=sel.crime_types)
        district_cur = count(store, whole, window)
        share = cur / district_cur if district_cur else None
    if cur + before < 20:
        notes.append("Small numbers: fewer than 20 crimes in both periods together.")
    notes.append(
        "police.uk locations are snapped to anonymous map points; LSOA counts are reliable, "
        "street-level ones are approximate."
    )
    return ScanningFigures(
        selection=sel.to_dict(),
        period=window,
        baseline=base,
        current=cur,
        baseline_count=before,
        change=cur - before,
        rate_ratio=_finite(test.rate_ratio) if test.rate_ratio is not None else None,
        ci95=ci,
        p_value=test.p_value,
        monthly=series,
        district_current=district_cur,
        share_of_district=share,
        notes=notes,
    )


@dataclass(frozen=True)
class BeforeAfter:
    """Target and comparison areas before and after a response, and the relative effect size.

    RES = (a·d)/(b·c) with a, b the target area before/after and c, d the comparison area
    before/after (Farrington & Welsh's odds-ratio effect size for area-based crime prevention
    evaluations, e.g. Welsh & Farrington 2009 on CCTV): above 1 means crime fell more (or rose
    less) in the target area than in the comparison area — a desirable effect.
    ln RES has variance 1/a + 1/b + 1/c + 1/d under Poisson counts.
    """

    target: dict[str, Any]
    comparison: dict[str, Any] | None
    before: Period
    after: Period
    target_before: int
    target_after: int
    comparison_before: int | None
    comparison_after: int | None
    target_rate_ratio: float | None
    target_ci95: tuple[float | None, float | None] | None
    target_p_value: float
    res: float | None = None
    res_ci95: tuple[float, float] | None = None
    res_p_value: float | None = None
    test: str = ""
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("before", "after", "target_ci95", "res_ci95"):
            data[key] = list(data[key]) if data[key] is not None else None
        return data


def relative_effect_size(a: int, b: int, c: int, d: int) -> tuple[float, float, float, float]:
    """RES = (a·d)/(b·c) for target before a, after b, comparison before c, after d; its 95 %
    interval and two-sided p (log-normal approximation). Needs every count above zero."""
    if min(a, b, c, d) <= 0:
        raise PrevhubError("the relative effect size needs every before/after count above zero")
    log_res = math.log(a * d / (b * c))
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    z = log_res / se
    p = float(2 * sps.norm.sf(abs(z)))
    return math.exp(log_res), math.exp(log_res - 1.96 * se), math.exp(log_res + 1.96 * se), p


def before_after(
    store: CrimeStore,
    target: AreaSelection,
    before: Period | str,
    after: Period | str,
    comparison: AreaSelection | None = None,
) -> BeforeAfter:
    """Counts in equal-or-unequal before and after periods, the exact test for the target area,
    and with a comparison area the relative effect size."""
    b, a = parse_period(before), parse_period(after)
    if not b[1] < a[0]:
        raise PrevhubError("the 'before' period must end before the 'after' period starts")
    tb, ta = count(store, target, b), count(store, target, a)
    exposure = len(months_in(a)) / len(months_in(b))
    test = compare_poisson_counts(ta, tb, exposure_ratio=exposure)
    notes: list[str] = []
    result: dict[str, Any] = {}
    if comparison is not None:
        cb, ca = count(store, comparison, b), count(store, comparison, a)
        result.update(comparison_before=cb, comparison_after=ca)
        if min(cb, ca, tb, ta) > 0:
            res, lo, hi, p = relative_effect_size(tb, ta, cb, ca)
            result.update(res=res, res_ci95=(lo, hi), res_p_value=p)
        else:
            notes.append("A count of zero: the relative effect size cannot be computed.")
        notes.append(
            "RES assumes Poisson counts; crime counts are usually over-dispersed, so the "
            "interval is too narrow (Farrington et al. 2007 suggest inflating the variance)."
        )
    else:
        notes.append(
            "No comparison area: a before/after change alone cannot separate the response's "
            "effect from the general trend or regression to the mean."
        )
    return BeforeAfter(
        target=target.to_dict(),
        comparison=comparison.to_dict() if comparison else None,
        before=b,
        after=a,
        target_before=tb,
        target_after=ta,
        comparison_before=result.get("comparison_before"),
        comparison_after=result.get("comparison_after"),
        target_rate_ratio=_finite(test.rate_ratio) if test.rate_ratio is not None else None,
        target_ci95=_interval(test.ci95),
        target_p_value=test.p_value,
        res=result.get("res"),
        res_ci95=result.get("res_ci95"),
        res_p_value=result.get("res_p_value"),
        test="Exact conditional Poisson test (target); relative effect size with log-normal "
        "interval (target vs comparison)"
        if comparison
        else "Exact conditional Poisson test",
        notes=notes,
    )


def districts(store: CrimeStore, force: str) -> list[str]:
    """The force's own districts (from the packaged table), for choosing areas."""
    rows = store.con.execute(
        "SELECT district FROM force_districts WHERE force = ? ORDER BY 1", [force]
    ).fetchall()
    return [r[0] for r in rows]


def crime_types(store: CrimeStore) -> list[str]:
    rows = store.con.execute("SELECT crime_type FROM crime_type_classes ORDER BY 1").fetchall()
    return [r[0] for r in rows]
