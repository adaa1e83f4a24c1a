"""Demand on policing: incidents by month, category and area, officer hours, repeat callers and
repeat addresses, and the change against a baseline (the National Prevention Strategy's
"less demand on policing").

Sources, per force:

* ``incidents``: the force's own command-and-control extract (``prevhub ingest incidents``),
  when the store holds one for the force;
* otherwise the anti-social behaviour incidents data.police.uk publishes in its street files
  (crime type "Anti-social behaviour"), which stand in for incident demand and say so: they
  are ASB only (no welfare, traffic or crime-related incidents), with no time committed, no
  caller and a snapped location.

Counts are compared with the same exact Poisson rate test and flags as crime
(:func:`prevhub.crime.measures.measure`); officer hours, which are not counts, with the
normal approximation to the difference of two compound Poisson totals
(:func:`compare_hours`). Methods: ``docs/demand.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from prevhub.crime.measures import (
    AREA_BREAKDOWNS,
    MONTH_MISSING_FLAG,
    SMALL_NUMBERS_FLAG,
    MeasureResult,
    MeasureRow,
    MonthsMissing,
    _flags,
    _Pending,
    _rows_with_tests,
    _test_name,
)
from prevhub.crime.periods import (
    Period,
    month_from_index,
    month_index,
    months_in,
    parse_period,
    resolve_baseline,
)
from prevhub.crime.sources.incidents import KEY_TEXT_SQL
from prevhub.crime.store import INCIDENTS, CrimeStore
from prevhub.errors import PrevhubError

#: ``source`` values: the force's extract where there is one, else police.uk ASB; or police.uk
#: ASB whatever the store holds.
POLICE_UK_ASB = "police-uk-asb"
DEMAND_SOURCES = (INCIDENTS, POLICE_UK_ASB)
BY_CHOICES = (
    "category",
    "asb_qualifier",
    "grade",
    "attended",
    "rcrp_decision",
    "district",
    "lsoa",
    "neighbourhood",
    "month",
)
_KEY_COLUMN = {
    "category": "category",
    "asb_qualifier": "asb_qualifier",
    "grade": "grade",
    "attended": "attended",
    "rcrp_decision": "rcrp_decision",
    "district": "district",
    "lsoa": "lsoa",
    "neighbourhood": "neighbourhood",
}

#: Repeat demand: a caller (or address) with at least this many incidents whose last is less
#: than :data:`DEFAULT_REPEAT_DAYS` days after the first. There is no national definition of a
#: repeat caller in England and Wales: forces set their own (the College of Policing practice
#: bank's "Identifying and supporting vulnerable repeat callers via 999 or 101", Kent Police's
#: Operation Engage, describes a local scheme without a national threshold). Three in 28 days
#: is the example of the hub's own specification (issue 13), a four-week window as many forces'
#: daily management meetings review; set yours in the command (``--min-calls``, ``--days``) or
#: the web settings ``PREVHUB_REPEAT_MIN_CALLS`` / ``PREVHUB_REPEAT_DAYS``.
DEFAULT_REPEAT_CALLS = 3
DEFAULT_REPEAT_DAYS = 28
CALLERS = "callers"
ADDRESSES = "addresses"

#: The month the National Standard for Incident Recording replaced the 14 ASB categories with
#: three (personal, nuisance, environmental): April 2011, the start of 2011/12.
ASB_CATEGORIES_CHANGED = "2011-04"
ASB_CATEGORY_FLAG = "asb-categories-changed"

DEMAND_NOTES = (
    "Recording practice: incident counts follow how a control room opens, merges and closes "
    "logs (one log for several calls, closing codes), which differ between forces and change "
    "over time; a fall can be a change of practice, not of need.",
    "Right Care Right Person (the national partnership agreement of July 2023) changes which "
    "concern-for-welfare and mental-health calls the police attend: fewer attended incidents "
    "or officer hours may mean the work moved to health and care partners, not that the need "
    "fell.",
    "Anti-social behaviour categories changed in 2011/12 (the National Standard for Incident "
    "Recording replaced 14 categories with three: personal, nuisance, environmental), so ASB "
    "counts either side of April 2011 do not compare; police-recorded ASB incidents are not "
    "accredited official statistics.",
    "The test assumes Poisson variation; repeat callers make incident counts vary more, so "
    "p-values on large counts overstate certainty.",
)
ASB_STAND_IN_NOTE = (
    "{forces}: no incident extract in the store, so the anti-social behaviour incidents "
    "published on data.police.uk stand in for incident demand. They are ASB only (no welfare, "
    "traffic or crime-related incidents), carry no time committed or caller, and their "
    "locations are snapped to nearby points: a floor on demand, not its size."
)
HOURS_METHOD = (
    "difference of two compound Poisson totals, normal approximation: Var(total) estimated by "
    "the sum of squared officer-hours per incident (Ross, Introduction to Probability Models, "
    "compound Poisson process)"
)


@dataclass(frozen=True)
class HoursChange:
    """Officer hours committed in the period against the baseline, with an interval.

    ``baseline`` is the baseline's hours as recorded; ``expected`` the baseline scaled to the
    period's length; ``change`` is ``current - expected`` and ``ci95`` its 95% interval.
    """

    current: float
    baseline: float
    expected: float
    change: float
    pct_change: float | None
    ci95: tuple[float, float]
    p_value: float
    incidents_with_time: tuple[int, int]
    incidents: tuple[int, int]
    method: str = HOURS_METHOD

    def to_dict(self) -> dict[str, Any]:
        return {
            "current": self.current,
            "baseline": self.baseline,
            "expected": self.expected,
            "change": self.change,
            "pct_change": self.pct_change,
            "ci95": list(self.ci95),
            "p_value": self.p_value,
            "incidents_with_time": list(self.incidents_with_time),
            "incidents": list(self.incidents),
            "method": self.method,
        }


def compare_hours(
    current: Sequence[float] | tuple[float, float],
    baseline: Sequence[float] | tuple[float, float],
    *,
    exposure_ratio: float = 1.0,
) -> tuple[float, tuple[float, float], float]:
    """(change, 95% interval, two-sided p) for the difference of two totals of hours.

    ``current`` and ``baseline`` are ``(sum, sum of squares)`` of hours per incident. Each
    total is a compound Poisson sum (a Poisson number of incidents, each with its own hours),
    whose variance is ``lambda * E[X^2]``, estimated by the sum of squares (Ross, *Introduction
    to Probability Models*, 12th ed., section 5.4.2). The change ``S_c - r * S_b`` (``r`` the
    exposure ratio) has variance ``Q_c + r^2 Q_b``; the interval and p-value are the normal
    approximation, fair when each period holds more than a few dozen timed incidents.

    By hand: change 900 - 1000 = -100, sd = sqrt(9000 + 10000) = 137.8, half-width
    1.96 x 137.8 = 270, z = -0.726, two-sided p = 0.468:

    >>> change, ci, p = compare_hours((900.0, 9000.0), (1000.0, 10000.0))
    >>> round(change), [round(x) for x in ci], round(p, 3)
    (-100, [-370, 170], 0.468)
    """
    from scipy.stats import norm

    s_c, q_c = current
    s_b, q_b = baseline
    change = s_c - exposure_ratio * s_b
    sd = math.sqrt(q_c + exposure_ratio**2 * q_b)
    if sd == 0:
        return change, (change, change), 1.0 if change == 0 else 0.0
    z = change / sd
    half = float(norm.ppf(0.975)) * sd
    return change, (change - half, change + half), float(2 * norm.sf(abs(z)))


@dataclass(frozen=True)
class DemandResult:
    """A demand comparison: the rows (as crime's), hours per row, totals, sources, notes."""

    result: MeasureResult
    sources: dict[str, str]
    total: MeasureRow
    hours: HoursChange | None
    hours_by_key: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)

    @property
    def rows(self) -> list[MeasureRow]:
        return self.result.rows

    @property
    def notes(self) -> list[str]:
        return self.result.notes

    def row_hours(self, row: MeasureRow) -> tuple[float | None, float | None]:
        return self.hours_by_key.get(_key_text(row.key), (None, None))

    def to_dict(self) -> dict[str, Any]:
        data = self.result.to_dict()
        for row, out in zip(self.result.rows, data["rows"], strict=True):
            out["hours_current"], out["hours_baseline"] = self.row_hours(row)
        data["sources"] = dict(self.sources)
        data["total"] = self.total.to_dict()
        data["hours"] = self.hours.to_dict() if self.hours else None
        return data


def _key_text(key: dict[str, str | None]) -> str:
    return "|".join(f"{k}={v}" for k, v in key.items())


def demand_sources(store: CrimeStore, forces: Sequence[str], source: str) -> dict[str, str]:
    """force -> where its demand comes from (its extract, or police.uk ASB)."""
    if source not in DEMAND_SOURCES:
        raise PrevhubError(f"demand source must be one of {', '.join(DEMAND_SOURCES)}")
    with_extract = set(store.forces(INCIDENTS))
    return {
        f: INCIDENTS if source == INCIDENTS and f in with_extract else POLICE_UK_ASB for f in forces
    }


def _kind(source: str) -> str:
    return INCIDENTS if source == INCIDENTS else "street"


def _relation(sources: dict[str, str]) -> tuple[str, list[Any]]:
    """One row per incident of every force in scope, from its own source."""
    extract = [f for f, s in sources.items() if s == INCIDENTS]
    asb = [f for f, s in sources.items() if s == POLICE_UK_ASB]
    parts, params = [], []
    if extract:
        parts.append(
            """SELECT i.force, i.month, i.category, i.asb_qualifier, i.grade,
                   CASE WHEN i.attended THEN 'attended' WHEN NOT i.attended THEN 'not attended'
                   END AS attended, i.rcrp_decision, lk.district, i.lsoa_code AS lsoa,
                   n.neighbourhood, i.lsoa_code IS NULL AS unlocated,
                   (i.lsoa_code IS NULL OR lk.district IS NULL OR fd.district IS NOT NULL
                    OR i.force NOT IN (SELECT force FROM force_districts)) AS inside,
                   i.officer_minutes / 60.0 AS hours
               FROM incidents i
               LEFT JOIN lsoa_lookup lk ON lk.lsoa_code = i.lsoa_code
               LEFT JOIN force_districts fd ON fd.force = i.force AND fd.district = lk.district
               LEFT JOIN neighbourhoods n ON n.lsoa_code = i.lsoa_code
               WHERE i.force IN (SELECT unnest(?::VARCHAR[]))"""
        )
        params.append(extract)
    if asb:
        parts.append(
            """SELECT s.force, s.month, 'asb' AS category, NULL AS asb_qualifier, NULL AS grade,
                   NULL AS attended, NULL AS rcrp_decision, s.district, s.lsoa_code AS lsoa,
                   n.neighbourhood, s.lsoa_code IS NULL AS unlocated,
                   (s.lsoa_code IS NULL OR fd.district IS NOT NULL
                    OR s.force NOT IN (SELECT force FROM force_districts)) AS inside,
                   CAST(NULL AS DOUBLE) AS hours
               FROM street_crimes s
               LEFT JOIN force_districts fd ON fd.force = s.force AND fd.district = s.district
               LEFT JOIN neighbourhoods n ON n.lsoa_code = s.lsoa_code
               WHERE s.crime_type = 'Anti-social behaviour'
                 AND s.force IN (SELECT unnest(?::VARCHAR[]))"""
        )
        params.append(asb)
    return " UNION ALL ".join(parts), params


def _scope(store: CrimeStore, force: str | None, source: str, window: list[str]) -> list[str]:
    held = set(store.forces(INCIDENTS)) | set(store.forces("street"))
    if source == POLICE_UK_ASB:
        held = set(store.forces("street"))
    if force is not None:
        if force not in held:
            raise PrevhubError(f"no incident or police.uk data for force {force!r} in the store")
        return [force]
    rows = store.con.execute(
        "SELECT DISTINCT force FROM loads WHERE current AND kind IN (?, 'street') "
        "AND month BETWEEN ? AND ? ORDER BY force",
        [INCIDENTS if source == INCIDENTS else "street", window[0], window[-1]],
    ).fetchall()
    forces = [r[0] for r in rows if r[0] in held]
    if not forces:
        raise PrevhubError(f"no demand data in the store for {window[0]} to {window[-1]}")
    return forces


def measure_demand(
    store: CrimeStore,
    period: Period | str,
    baseline: str | Sequence[str] = "previous",
    by: str = "category",
    *,
    force: str | None = None,
    include_outside: bool = False,
    allow_incomplete: bool = False,
    source: str = INCIDENTS,
) -> DemandResult:
    """Compare incident demand in ``period`` with ``baseline``, one row per value of ``by``.

    ``by``: ``category`` (NSIR), ``asb_qualifier``, ``grade``, ``attended``,
    ``rcrp_decision``, ``district``, ``lsoa``, ``neighbourhood`` or ``month``. Each row carries
    the exact Poisson rate test (as :func:`prevhub.crime.measures.measure`) and its officer
    hours; the result carries the force total, and the total hours compared with
    :func:`compare_hours` where the extract records time committed.
    """
    if by not in BY_CHOICES:
        raise PrevhubError(f"--by must be one of {', '.join(BY_CHOICES)} for demand, not {by!r}")
    current_period = parse_period(period)
    baseline_period = resolve_baseline(current_period, baseline)
    current_months, baseline_months = months_in(current_period), months_in(baseline_period)
    window = sorted(set(current_months) | set(baseline_months))
    forces = _scope(store, force, source, window)
    sources = demand_sources(store, forces, source)
    gaps: dict[str, list[str]] = {}
    for f, s in sources.items():
        have = set(store.loaded_months(f, _kind(s)))
        missing = [m for m in window if m not in have]
        if missing:
            gaps[f] = missing
    notes = list(DEMAND_NOTES)
    if gaps:
        if not allow_incomplete:
            raise MonthsMissing(gaps)
        listed = "; ".join(f"{f}: {', '.join(m)}" for f, m in gaps.items())
        notes.append(f"Months missing (counted as zero): {listed}.")
    stand_in = [f for f, s in sources.items() if s == POLICE_UK_ASB]
    if stand_in:
        notes.insert(0, ASB_STAND_IN_NOTE.format(forces=", ".join(stand_in)))
    relation, params = _relation(sources)
    conditions = []
    if not include_outside:
        conditions.append("inside")
    if by in AREA_BREAKDOWNS:
        conditions.append("NOT unlocated")
    where = " AND ".join(conditions) or "true"
    key_sql = "month" if by == "month" else _KEY_COLUMN[by]
    if by == "attended":
        key_sql = "attended"
    cur, base = current_period, baseline_period
    con = store.con
    figures = """count(*) FILTER (WHERE month BETWEEN ? AND ?),
        count(*) FILTER (WHERE month BETWEEN ? AND ?),
        sum(hours) FILTER (WHERE month BETWEEN ? AND ?),
        sum(hours) FILTER (WHERE month BETWEEN ? AND ?),
        bool_or(category = 'asb')"""
    fparams = [*cur, *base, *cur, *base]
    rows = con.execute(
        f"""SELECT {key_sql} AS key, {figures} FROM ({relation}) d
            WHERE {where} AND (month BETWEEN ? AND ? OR month BETWEEN ? AND ?) GROUP BY 1""",
        [*fparams, *params, *cur, *base],
    ).fetchall()
    asb_change = window[0] < ASB_CATEGORIES_CHANGED <= window[-1]
    exposure = len(current_months) / len(baseline_months)
    hours_by_key: dict[str, tuple[float | None, float | None]] = {}

    def pending(key: dict[str, str | None], c: int, b: int, asb: bool) -> _Pending:
        flags = _flags(c, b, False, bool(gaps))
        if asb and asb_change:
            flags.append(ASB_CATEGORY_FLAG)
        return _Pending(key, c, b, 0.0, 0.0, flags)

    if by == "month":
        offset = month_index(cur[0]) - month_index(base[0])
        by_month = {str(r[0]): r for r in rows}
        items = []
        for month in current_months:
            base_month = month_from_index(month_index(month) - offset)
            rc, rb = by_month.get(month), by_month.get(base_month)
            key = {"month": month, "baseline_month": base_month}
            items.append(
                pending(
                    key,
                    int(rc[1]) if rc else 0,
                    int(rb[2]) if rb else 0,
                    bool((rc and rc[5]) or (rb and rb[5])),
                )
            )
            hours_by_key[_key_text(key)] = (_round(rc[3]) if rc else None,
                                            _round(rb[4]) if rb else None)  # fmt: skip
        result_rows = _rows_with_tests(items, 1.0)
    else:
        items = []
        for key_value, c, b, hc, hb, asb in rows:
            label = None if key_value is None else str(key_value)
            key = {by: label}
            items.append(pending(key, int(c), int(b), bool(asb)))
            hours_by_key[_key_text(key)] = (_round(hc), _round(hb))
        result_rows = _rows_with_tests(items, exposure)
        result_rows.sort(key=lambda r: (-(r.current + r.baseline), str(r.key[by])))
    totals = con.execute(
        f"""SELECT {figures}, count(hours) FILTER (WHERE month BETWEEN ? AND ?),
                   count(hours) FILTER (WHERE month BETWEEN ? AND ?),
                   sum(hours * hours) FILTER (WHERE month BETWEEN ? AND ?),
                   sum(hours * hours) FILTER (WHERE month BETWEEN ? AND ?)
            FROM ({relation}) d WHERE {"inside" if not include_outside else "true"}""",
        [*fparams, *cur, *base, *cur, *base, *params],
    ).fetchone()
    assert totals is not None
    total = _rows_with_tests([pending({"all": "all incidents"}, int(totals[0]), int(totals[1]),
                                      bool(totals[4]))], exposure)[0]  # fmt: skip
    hours = None
    if totals[5] and totals[6]:
        change, ci, p = compare_hours(
            (float(totals[2]), float(totals[7])),
            (float(totals[3]), float(totals[8])),
            exposure_ratio=exposure,
        )
        expected = float(totals[3]) * exposure
        hours = HoursChange(
            current=round(float(totals[2]), 2),
            baseline=round(float(totals[3]), 2),
            expected=round(expected, 2),
            change=round(change, 2),
            pct_change=None if expected == 0 else round(100 * change / expected, 2),
            ci95=(round(ci[0], 2), round(ci[1], 2)),
            p_value=p,
            incidents_with_time=(int(totals[5]), int(totals[6])),
            incidents=(int(totals[0]), int(totals[1])),
        )
        untimed = (int(totals[0]) - int(totals[5]), int(totals[1]) - int(totals[6]))
        if any(untimed):
            notes.append(
                f"Officer hours come only from incidents with time committed recorded: "
                f"{untimed[0]:,} incidents in the period and {untimed[1]:,} in the baseline have "
                "none and add no hours."
            )
    elif not stand_in:
        notes.append("The extract records no time committed, so there are no officer hours.")
    if any(ASB_CATEGORY_FLAG in r.flags for r in result_rows):
        notes.append("ASB categories changed inside the window (April 2011): ASB rows are flagged.")
    result = MeasureResult(
        period=current_period,
        baseline=baseline_period,
        by=by,
        forces=forces,
        source=source,
        rows=result_rows,
        test=_test_name(),
        notes=notes,
        include_outside=include_outside,
    )
    return DemandResult(result, sources, total, hours, hours_by_key)


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


def monthly_demand(
    store: CrimeStore, force: str, months: Period | str, *, source: str = INCIDENTS
) -> list[dict[str, Any]]:
    """Incidents per month and category for a chart: ``[{"month", "category", "count"}]``;
    months with no load are absent (a gap, not a false zero)."""
    window = parse_period(months)
    sources = demand_sources(store, [force], source)
    relation, params = _relation(sources)
    rows = store.con.execute(
        f"""SELECT month, category, count(*) FROM ({relation}) d
            WHERE month BETWEEN ? AND ? AND inside GROUP BY ALL ORDER BY 1, 2""",
        [*params, *window],
    ).fetchall()
    loaded = set(store.loaded_months(force, _kind(sources[force])))
    counts = {(str(m), str(c)): int(n) for m, c, n in rows}
    categories = sorted({c for _, c in counts})
    return [
        {"month": m, "category": c, "count": counts.get((m, c), 0)}
        for m in months_in(window)
        if m in loaded
        for c in categories
    ]


# -- repeat callers and repeat addresses --------------------------------------------------------


@dataclass(frozen=True)
class RepeatDemand:
    """One repeat caller or address in a period: its key and what it asked of the police."""

    key: str
    incidents: int
    busiest_window: int
    first_opened: str
    last_opened: str
    officer_hours: float | None
    concern_for_welfare: int
    lsoa: str | None
    district: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class RepeatResult:
    """Repeat callers (or addresses) in a period, and their share of the period's demand."""

    of: str
    force: str
    period: Period
    min_calls: int
    days: int
    repeats: list[RepeatDemand]
    incidents: int
    keyed_incidents: int
    repeat_incidents: int
    hours: float | None
    repeat_hours: float | None

    @property
    def share(self) -> float | None:
        """The repeats' incidents as a share of every incident of the period."""
        return None if not self.incidents else self.repeat_incidents / self.incidents

    @property
    def hours_share(self) -> float | None:
        if not self.hours or self.repeat_hours is None:
            return None
        return self.repeat_hours / self.hours

    def to_dict(self) -> dict[str, Any]:
        return {
            "of": self.of,
            "force": self.force,
            "period": {"from": self.period[0], "to": self.period[1]},
            "min_calls": self.min_calls,
            "days": self.days,
            "incidents": self.incidents,
            "keyed_incidents": self.keyed_incidents,
            "repeat_count": len(self.repeats),
            "repeat_incidents": self.repeat_incidents,
            "share": self.share,
            "hours": self.hours,
            "repeat_hours": self.repeat_hours,
            "hours_share": self.hours_share,
            "repeats": [r.to_dict() for r in self.repeats],
        }


def repeat_demand(
    store: CrimeStore,
    period: Period | str,
    *,
    force: str,
    of: str = CALLERS,
    min_calls: int = DEFAULT_REPEAT_CALLS,
    days: int = DEFAULT_REPEAT_DAYS,
) -> RepeatResult:
    """Callers (``of="callers"``) or addresses (``"addresses"``) with ``min_calls`` or more
    incidents in some window of ``days`` days inside the period (the last less than ``days``
    x 24 hours after the first), from the force's incident extract.

    Each repeat's ``incidents`` are all its incidents in the period; ``busiest_window`` the
    most it had in one window. The share is the repeats' incidents over every incident of the
    period (those with no caller or location id included in the whole). Keys are the store's
    pseudonyms: a caller is never named.
    """
    if of not in (CALLERS, ADDRESSES):
        raise PrevhubError(f"repeats of {CALLERS} or {ADDRESSES}, not {of!r}")
    if min_calls < 2 or days < 1:
        raise PrevhubError("a repeat needs at least 2 incidents in a window of at least 1 day")
    if force not in store.forces(INCIDENTS):
        raise PrevhubError(
            f"no incident extract for force {force!r} in the store: repeat callers and "
            "addresses need caller and location ids (data.police.uk ASB has none)"
        )
    window = parse_period(period)
    column = "caller_key" if of == CALLERS else "location_key"
    seconds = days * 86400
    con = store.con
    rows = con.execute(
        f"""WITH c AS (
                SELECT {column} AS key, opened_at, officer_minutes, concern_for_welfare,
                       lsoa_code
                FROM incidents WHERE force = ? AND month BETWEEN ? AND ?
                  AND {column} IS NOT NULL),
            -- only keys with enough incidents in the whole period can be repeats
            candidates AS (SELECT key FROM c GROUP BY key HAVING count(*) >= ?),
            -- a key is a repeat if some incident's (min_calls - 1)th successor is close enough
            ordered AS (
                SELECT c.*, lead(opened_at, {int(min_calls) - 1}) OVER (
                    PARTITION BY key ORDER BY opened_at) AS closing
                FROM c SEMI JOIN candidates USING (key)),
            repeats AS (
                SELECT key FROM ordered GROUP BY key
                HAVING bool_or(closing < opened_at + INTERVAL {seconds} SECOND)),
            -- the busiest window, counted only for the repeats
            w AS (
                SELECT *, count(*) OVER (PARTITION BY key ORDER BY opened_at RANGE BETWEEN
                    CURRENT ROW AND INTERVAL {seconds - 1} SECOND FOLLOWING) AS in_window
                FROM c SEMI JOIN repeats USING (key))
            SELECT {KEY_TEXT_SQL.format("key")}, count(*), max(in_window), min(opened_at),
                   max(opened_at), sum(officer_minutes) / 60.0,
                   count(*) FILTER (WHERE concern_for_welfare), mode(lsoa_code)
            FROM w GROUP BY key HAVING max(in_window) >= ?
            ORDER BY 2 DESC, 3 DESC, 1""",
        [force, *window, min_calls, min_calls],
    ).fetchall()
    lsoas = {r[7] for r in rows if r[7]}
    districts = dict(
        con.execute(
            "SELECT lsoa_code, district FROM lsoa_lookup "
            "WHERE lsoa_code IN (SELECT unnest(?::VARCHAR[]))",
            [sorted(lsoas)],
        ).fetchall()
    )
    repeats = [
        RepeatDemand(
            key=str(k),
            incidents=int(n),
            busiest_window=int(busiest),
            first_opened=first.isoformat(sep=" "),
            last_opened=last.isoformat(sep=" "),
            officer_hours=_round(hours),
            concern_for_welfare=int(welfare),
            lsoa=lsoa,
            district=districts.get(lsoa),
        )
        for k, n, busiest, first, last, hours, welfare, lsoa in rows
    ]
    totals = con.execute(
        f"""SELECT count(*), count({column}), sum(officer_minutes) / 60.0
            FROM incidents WHERE force = ? AND month BETWEEN ? AND ?""",
        [force, *window],
    ).fetchone()
    assert totals is not None
    repeat_hours = [r.officer_hours for r in repeats if r.officer_hours is not None]
    return RepeatResult(
        of=of,
        force=force,
        period=window,
        min_calls=min_calls,
        days=days,
        repeats=repeats,
        incidents=int(totals[0]),
        keyed_incidents=int(totals[1]),
        repeat_incidents=sum(r.incidents for r in repeats),
        hours=_round(totals[2]),
        repeat_hours=round(sum(repeat_hours), 2) if totals[2] is not None else None,
    )


__all__ = [
    "ADDRESSES",
    "ASB_CATEGORY_FLAG",
    "BY_CHOICES",
    "CALLERS",
    "DEFAULT_REPEAT_CALLS",
    "DEFAULT_REPEAT_DAYS",
    "DEMAND_NOTES",
    "DEMAND_SOURCES",
    "MONTH_MISSING_FLAG",
    "POLICE_UK_ASB",
    "SMALL_NUMBERS_FLAG",
    "DemandResult",
    "HoursChange",
    "RepeatDemand",
    "RepeatResult",
    "compare_hours",
    "measure_demand",
    "monthly_demand",
    "repeat_demand",
]
