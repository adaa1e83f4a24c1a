"""Reoffending measured from the force's recorded crime, as the Ministry of Justice measures it.

The hub's registers (Integrated Offender Management cohorts, drug diversion) hold a person's
force offender id; the crime store holds, for each recorded crime, the *keyed* pseudonym of the
offender linked to it (:func:`prevhub.crime.sources.recorded_crime.pseudonym`, the store's
salt). A register hands this module the pseudonyms of its people with the day each was
selected (or diverted) and their custody spells; nothing here knows who anyone is, and no row
of the store leaves this module except as counts.

Measures, after the Ministry of Justice's proven reoffending statistics [1]_:

* **binary rate**: the share of people with at least one recorded offence in the window;
* **frequency**: recorded offences per person (and per reoffender);
* **severity**: Crime Harm Index days per person (the Cambridge Crime Harm Index weights the
  engine already carries in ``offence_classes``; 8U by the weight in force when recorded);
* **neighbourhood crime** (the Home Office's measure: domestic burglary, personal robbery,
  theft from the person and vehicle offences) counted separately.

Windows are counted in **time at risk**: the 12 months before selection and each 12 months
after are 365 days each *outside custody*, so a window that meets a custody spell is extended by
the spell's length (the Ministry of Justice starts the follow-up at release for the same
reason: a person in prison cannot offend in the community). A person's window counts only when
the extract covers all of it (a full follow-up), as the Ministry of Justice requires.

What these figures cannot tell (every page says it): recorded crimes linked to a suspect are
not proven reoffences (no conviction, and no 6-month waiting period); the date is the date
recorded, not committed; people are selected for IOM *because* their offending peaked, so their
offending would fall afterwards even if nothing were done (regression to the mean [2]_) — the
comparison group of eligible people who were not selected, also measured from a peak, is the
fairer yardstick, and it is still not a randomised control.

References
----------
.. [1] Ministry of Justice, "Proven reoffending statistics: guide to proven reoffending
   statistics" (2023): 12-month follow-up from release or the start of the order; binary
   rate, frequency (reoffences per offender and per reoffender).
.. [2] Barnett, van der Pols and Dobson, "Regression to the mean: what it is and how to deal
   with it", International Journal of Epidemiology 34 (2005) 215-220.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import duckdb
import numpy as np
from scipy import stats as _scipy_stats

from prevhub.crime import classification
from prevhub.crime.stats import compare_poisson_counts, poisson_rate_ci

YEAR_AT_RISK = 365
#: Offence subgroups of the Home Office's neighbourhood crime measure (Beating Crime Plan,
#: 2021): domestic burglary, personal robbery, theft from the person and vehicle offences.
NEIGHBOURHOOD_SUBGROUPS = (
    "Domestic burglary",
    "Robbery of personal property",
    "Theft from the person",
    "Theft of a motor vehicle",
    "Theft from a vehicle",
    "Vehicle interference",
)
BEFORE = "before"
COHORT, COMPARISON = "cohort", "comparison"

CAVEATS = (
    "Recorded crimes linked to the person as suspect or offender, not proven reoffences: no "
    "conviction is needed and there is no waiting period for cases to reach court.",
    "Dated by when the crime was recorded, not when it was committed.",
    "Regression to the mean: people are selected when their offending peaks, so it would fall "
    "afterwards even with no intervention. Compare with the comparison group, also measured "
    "from a peak; it is not a randomised control.",
    "Time at risk only: days in custody are left out (custody spells as recorded in the "
    "register; the comparison group's custody is not known).",
)


@dataclass(frozen=True)
class CustodySpell:
    """Days in custody: from ``start`` (received) up to the day before ``end`` (released; the
    release day is at risk). ``end=None``: still in custody."""

    start: dt.date
    end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError("a custody spell cannot end before it starts")


@dataclass(frozen=True)
class Member:
    """One person measured: their keyed offender pseudonym, the day they were selected (or
    diverted), their custody spells and the group they are reported in."""

    key: str
    selected_on: dt.date
    custody: tuple[CustodySpell, ...] = ()
    group: str = COHORT


@dataclass(frozen=True)
class Offence:
    recorded_on: dt.date
    harm_days: float
    neighbourhood: bool


@dataclass(frozen=True)
class Proportion:
    """A share with its Wilson score interval."""

    count: int
    total: int
    low: float | None
    high: float | None

    @property
    def value(self) -> float | None:
        return self.count / self.total if self.total else None


@dataclass
class WindowResult:
    """One window (before selection, year 1 after, ...) for one group."""

    window: str
    people: int = 0
    incomplete: int = 0  # the extract does not cover all of the person's window
    reoffenders: int = 0
    offences: int = 0
    harm_days: float = 0.0
    neighbourhood_reoffenders: int = 0
    neighbourhood_offences: int = 0
    neighbourhood_harm_days: float = 0.0
    days_at_risk: int = 0

    @property
    def binary(self) -> Proportion:
        low, high = wilson_interval(self.reoffenders, self.people)
        return Proportion(self.reoffenders, self.people, low, high)

    @property
    def neighbourhood_binary(self) -> Proportion:
        low, high = wilson_interval(self.neighbourhood_reoffenders, self.people)
        return Proportion(self.neighbourhood_reoffenders, self.people, low, high)

    @property
    def frequency(self) -> float | None:
        """Recorded offences per person."""
        return self.offences / self.people if self.people else None

    @property
    def frequency_interval(self) -> tuple[float, float] | tuple[None, None]:
        """Exact Poisson (Garwood) interval for offences per person (assumes no overdispersion:
        a few prolific people widen the true interval)."""
        if not self.people:
            return (None, None)
        return poisson_rate_ci(self.offences, float(self.people))

    @property
    def per_reoffender(self) -> float | None:
        return self.offences / self.reoffenders if self.reoffenders else None

    @property
    def severity(self) -> float | None:
        """Crime Harm Index days per person."""
        return self.harm_days / self.people if self.people else None

    @property
    def neighbourhood_frequency(self) -> float | None:
        return self.neighbourhood_offences / self.people if self.people else None

    def to_dict(self) -> dict[str, object]:
        binary, nbinary = self.binary, self.neighbourhood_binary
        low, high = self.frequency_interval
        return {
            "window": self.window,
            "people": self.people,
            "incomplete": self.incomplete,
            "reoffenders": self.reoffenders,
            "binary_rate": binary.value,
            "binary_low": binary.low,
            "binary_high": binary.high,
            "offences": self.offences,
            "frequency": self.frequency,
            "frequency_low": low,
            "frequency_high": high,
            "per_reoffender": self.per_reoffender,
            "harm_days": self.harm_days,
            "severity": self.severity,
            "neighbourhood_reoffenders": self.neighbourhood_reoffenders,
            "neighbourhood_binary_rate": nbinary.value,
            "neighbourhood_offences": self.neighbourhood_offences,
            "neighbourhood_frequency": self.neighbourhood_frequency,
            "neighbourhood_harm_days": self.neighbourhood_harm_days,
            "days_at_risk": self.days_at_risk,
        }


@dataclass
class Change:
    """Year 1 against the year before, for the people with both windows complete."""

    people: int
    before_offences: int
    after_offences: int
    rate_ratio: float | None
    low: float | None
    high: float | None
    p_value: float | None

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class GroupResult:
    group: str
    people: int
    windows: list[WindowResult]
    change: Change | None

    def window(self, name: str) -> WindowResult:
        return next(w for w in self.windows if w.window == name)

    def to_dict(self) -> dict[str, object]:
        return {
            "group": self.group,
            "people": self.people,
            "windows": [w.to_dict() for w in self.windows],
            "change": self.change.to_dict() if self.change else None,
        }


@dataclass
class ReoffendingReport:
    """Every group's windows, the extract's span and what the figures cannot tell."""

    groups: dict[str, GroupResult]
    extract_first: dt.date | None
    extract_last: dt.date | None
    caveats: tuple[str, ...] = CAVEATS
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "extract_first": self.extract_first.isoformat() if self.extract_first else None,
            "extract_last": self.extract_last.isoformat() if self.extract_last else None,
            "groups": {k: g.to_dict() for k, g in self.groups.items()},
            "caveats": list(self.caveats),
            "notes": list(self.notes),
        }


def wilson_interval(
    successes: int, total: int, *, confidence: float = 0.95
) -> tuple[float, float] | tuple[None, None]:
    """Wilson score interval for a binomial proportion [1]_.

    Preferred to the normal ("Wald") interval because the hub reports small groups: Wilson's
    interval stays inside 0 to 1 and keeps close to its nominal coverage for small counts.

    References
    ----------
    .. [1] Newcombe, "Two-sided confidence intervals for the single proportion: comparison of
       seven methods", Statistics in Medicine 17 (1998) 857-872 (method 3).

    Examples
    --------
    Newcombe's (1998) Table I example, 81 of 263:

    >>> low, high = wilson_interval(81, 263)
    >>> round(low, 4), round(high, 4)
    (0.2553, 0.3662)
    """
    if total < 0 or successes < 0 or successes > total:
        raise ValueError("need 0 <= successes <= total")
    if total == 0:
        return (None, None)
    z = float(_scipy_stats.norm.ppf(1 - (1 - confidence) / 2))
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


# --- time at risk ---------------------------------------------------------------------------


def _custody_days(spells: Sequence[CustodySpell], open_end: dt.date) -> list[tuple[int, int]]:
    """Spells as ordinal day ranges [start, end), merged; an open spell runs to ``open_end``."""
    ranges = sorted(
        (s.start.toordinal(), (s.end or open_end).toordinal()) for s in spells if s is not None
    )
    merged: list[list[int]] = []
    for start, end in ranges:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _in_custody(day: int, spells: list[tuple[int, int]]) -> bool:
    return any(a <= day < b for a, b in spells)


def _custody_between(first: int, last: int, spells: list[tuple[int, int]]) -> int:
    """Custody days among days first..last (inclusive)."""
    total = 0
    for a, b in spells:
        lo, hi = max(a, first), min(b - 1, last)
        if hi >= lo:
            total += hi - lo + 1
    return total


def _after_offset(day: int, selected: int, spells: list[tuple[int, int]]) -> int | None:
    """Days at risk from selection to `day` (0 for the first day at risk), None in custody."""
    if day < selected or _in_custody(day, spells):
        return None
    return (day - selected) - _custody_between(selected, day - 1, spells)


def _before_offset(day: int, selected: int, spells: list[tuple[int, int]]) -> int | None:
    """Days at risk back from the day before selection (0) to `day`, None in custody."""
    if day >= selected or _in_custody(day, spells):
        return None
    return (selected - 1 - day) - _custody_between(day + 1, selected - 1, spells)


def _day_reaching(selected: int, at_risk: int, spells: list[tuple[int, int]], step: int) -> int:
    """The calendar day on which the `at_risk`-th day at risk (counting from 1) falls, walking
    forward (step=1) from selection or back (step=-1) from the day before it."""
    day = selected if step == 1 else selected - 1
    counted = 0
    for a, b in sorted(spells, key=lambda s: s[0] * step):
        # Jump over at-risk days before this spell in the walking direction.
        if step == 1:
            if b <= day:
                continue
            free = max(0, a - day)
            if counted + free >= at_risk:
                return day + (at_risk - counted) - 1
            counted += free
            day = max(day, b)
        else:
            if a > day:
                continue
            free = max(0, day - (b - 1))
            if counted + free >= at_risk:
                return day - (at_risk - counted) + 1
            counted += free
            day = min(day, a - 1)
    return day + step * (at_risk - counted - 1)


# --- reading the store ----------------------------------------------------------------------


def extract_span(
    con: duckdb.DuckDBPyConnection, *, force: str | None = None
) -> tuple[dt.date | None, dt.date | None]:
    """First and last recorded date of rows that carry an offender pseudonym (the extract's
    cover for these measures)."""
    where, params = _force_clause(force)
    row = con.execute(
        "SELECT min(recorded_date), max(recorded_date) FROM recorded_crimes "
        f"WHERE offender_pseudonym IS NOT NULL{where}",
        params,
    ).fetchall()[0]
    return (row[0], row[1])


def _force_clause(force: str | None) -> tuple[str, list[object]]:
    return (" AND force = ?", [force]) if force else ("", [])


def _offences_sql(where: str) -> str:
    since = classification.COERCIVE_CONTROL_JOINS_STALKING_FROM
    ccb = classification.CONTROLLING_OR_COERCIVE_BEHAVIOUR_CODE
    subgroups = ", ".join("'" + s.replace("'", "''") + "'" for s in NEIGHBOURHOOD_SUBGROUPS)
    return f"""
        SELECT r.offender_pseudonym, r.recorded_date,
               coalesce(CASE WHEN r.month >= '{since}' THEN o.harm_days_from_2020_04
                             ELSE o.harm_days END, 0) AS harm_days,
               (o.offence_subgroup IN ({subgroups}) AND o.code <> '{ccb}') AS neighbourhood
        FROM recorded_crimes r JOIN offence_classes o ON o.code = r.offence_code
        WHERE {where}
    """


def offences_of(
    con: duckdb.DuckDBPyConnection, keys: Iterable[str], *, force: str | None = None
) -> dict[str, list[Offence]]:
    """Each pseudonym's recorded offences (date recorded, harm days, neighbourhood crime)."""
    import pyarrow as pa

    wanted = sorted(set(keys))
    found: dict[str, list[Offence]] = defaultdict(list)
    if not wanted:
        return found
    con.register("reoffending_keys", pa.table({"key": wanted}))
    try:
        where, params = _force_clause(force)
        rows = con.execute(
            _offences_sql(
                "r.offender_pseudonym IN (SELECT key FROM reoffending_keys)"
                + where.replace("force", "r.force")
            ),
            params,
        ).fetchall()
    finally:
        con.unregister("reoffending_keys")
    for key, day, harm, neighbourhood in rows:
        found[key].append(Offence(day, float(harm), bool(neighbourhood)))
    return found


def comparison_members(
    con: duckdb.DuckDBPyConnection,
    *,
    exclude: Iterable[str],
    index_dates: Iterable[dt.date],
    min_offences: int,
    neighbourhood_only: bool = False,
    force: str | None = None,
) -> list[Member]:
    """Eligible people who were not selected: offender pseudonyms outside ``exclude`` with at
    least ``min_offences`` recorded offences (neighbourhood crime only, if asked) in the 365
    days before an index date (the first day of each month in which the cohort was selected).
    Each is measured from the first index date at which they were eligible, as a cohort member
    is from selection — so both groups start at a peak."""
    import pyarrow as pa

    dates = sorted(set(index_dates))
    if not dates or min_offences < 1:
        return []
    con.register("reoffending_exclude", pa.table({"key": sorted(set(exclude))}))
    starts = [d - dt.timedelta(days=YEAR_AT_RISK) for d in dates]
    con.register("reoffending_index", pa.table({"index_date": dates, "since": starts}))
    try:
        where, params = _force_clause(force)
        if neighbourhood_only:
            source = _offences_sql(
                "r.offender_pseudonym IS NOT NULL" + where.replace("force", "r.force")
            )
            source = f"SELECT offender_pseudonym, recorded_date FROM ({source}) WHERE neighbourhood"
        else:
            source = (
                "SELECT offender_pseudonym, recorded_date FROM recorded_crimes "
                f"WHERE offender_pseudonym IS NOT NULL{where}"
            )
        # Only rows inside the span the index dates can reach, only of people with enough of
        # them there at all, then the range join against the (few) index dates, all in DATEs.
        rows = con.execute(
            f"""WITH o AS (
                    SELECT offender_pseudonym AS key, recorded_date AS d FROM ({source})
                    WHERE recorded_date >= ? AND recorded_date < ?),
                candidates AS (
                    SELECT key FROM o GROUP BY 1 HAVING count(*) >= ?
                    EXCEPT SELECT key FROM reoffending_exclude),
                eligible AS (
                    SELECT o.key, i.index_date
                    FROM o SEMI JOIN candidates c ON o.key = c.key
                    JOIN reoffending_index i ON o.d >= i.since AND o.d < i.index_date
                    GROUP BY 1, 2 HAVING count(*) >= ?)
                SELECT key, min(index_date) FROM eligible GROUP BY 1 ORDER BY 1""",
            [*params, min(starts), max(dates), min_offences, min_offences],
        ).fetchall()
    finally:
        con.unregister("reoffending_exclude")
        con.unregister("reoffending_index")
    return [Member(key, day, (), COMPARISON) for key, day in rows]


# --- the measures ---------------------------------------------------------------------------


def window_names(follow_up_years: int) -> list[str]:
    return [BEFORE, *(f"year {k}" for k in range(1, follow_up_years + 1))]


def measure_groups(
    members: Sequence[Member],
    offences: dict[str, list[Offence]],
    *,
    extract_first: dt.date | None,
    extract_last: dt.date | None,
    follow_up_years: int = 2,
    precounted: dict[int, dict[str, list[float]]] | None = None,
) -> dict[str, GroupResult]:
    """Each group's before and after windows, in time at risk (see the module docstring).

    A person's window counts only when it lies inside ``extract_first``..``extract_last``;
    otherwise they are counted as ``incomplete`` for that window. ``precounted`` holds, by the
    member's position in ``members``, window tallies already counted (by :func:`measure`'s SQL,
    for members with no custody spell); the others are counted here from ``offences``.
    """
    names = window_names(follow_up_years)
    first = extract_first.toordinal() if extract_first else None
    last = extract_last.toordinal() if extract_last else None
    by_group: dict[str, dict[str, WindowResult]] = {}
    paired: dict[str, list[tuple[int, int]]] = defaultdict(list)
    people: dict[str, int] = defaultdict(int)
    open_end = (extract_last or dt.date.today()) + dt.timedelta(days=1)
    precounted = precounted or {}
    for position, member in enumerate(members):
        windows = by_group.setdefault(member.group, {n: WindowResult(n) for n in names})
        people[member.group] += 1
        selected = member.selected_on.toordinal()
        spells = _custody_days(member.custody, open_end)
        complete: dict[str, bool] = {}
        # The window's far end, in calendar days, and whether the extract covers it.
        before_start = _day_reaching(selected, YEAR_AT_RISK, spells, -1)
        complete[BEFORE] = first is not None and before_start >= first and last is not None
        for k in range(1, follow_up_years + 1):
            end = _day_reaching(selected, YEAR_AT_RISK * k, spells, 1)
            complete[f"year {k}"] = last is not None and end <= last
        counts: dict[str, list[float]] = {n: [0, 0.0, 0, 0.0] for n in names}
        if position in precounted:
            counts.update(precounted[position])
        for offence in () if position in precounted else offences.get(member.key, ()):
            day = offence.recorded_on.toordinal()
            name: str | None = None
            back = _before_offset(day, selected, spells)
            if back is not None and back < YEAR_AT_RISK:
                name = BEFORE
            else:
                ahead = _after_offset(day, selected, spells)
                if ahead is not None and ahead < YEAR_AT_RISK * follow_up_years:
                    name = f"year {ahead // YEAR_AT_RISK + 1}"
            if name is None:
                continue
            tally = counts[name]
            tally[0] += 1
            tally[1] += offence.harm_days
            if offence.neighbourhood:
                tally[2] += 1
                tally[3] += offence.harm_days
        for name in names:
            result = windows[name]
            if not complete[name]:
                result.incomplete += 1
                continue
            n, harm, nbh, nbh_harm = counts[name]
            result.people += 1
            result.days_at_risk += YEAR_AT_RISK
            result.offences += int(n)
            result.harm_days += harm
            result.reoffenders += 1 if n else 0
            result.neighbourhood_offences += int(nbh)
            result.neighbourhood_harm_days += nbh_harm
            result.neighbourhood_reoffenders += 1 if nbh else 0
        if complete[BEFORE] and complete.get("year 1"):
            paired[member.group].append((int(counts[BEFORE][0]), int(counts["year 1"][0])))
    results: dict[str, GroupResult] = {}
    for group, windows in by_group.items():
        results[group] = GroupResult(
            group, people[group], [windows[n] for n in names], _change(paired[group])
        )
    return results


def _count_windows_sql(
    con: duckdb.DuckDBPyConnection,
    members: Sequence[tuple[int, Member]],
    *,
    follow_up_years: int,
    force: str | None,
) -> dict[int, dict[str, list[float]]]:
    """Window tallies of members with no custody spell, counted in DuckDB: with no custody,
    a window is plain calendar arithmetic (the year before: the 365 days before selection;
    year k: days 365(k-1) to 365k-1 from selection), so no offence row need leave the store."""
    import pyarrow as pa

    if not members:
        return {}
    table = pa.table(
        {
            "position": [p for p, _ in members],
            "key": [m.key for _, m in members],
            "selected": [m.selected_on for _, m in members],
        }
    )
    con.register("reoffending_members", table)
    try:
        where, params = _force_clause(force)
        rows = con.execute(
            f"""WITH o AS ({
                _offences_sql(
                    "r.offender_pseudonym IN (SELECT key FROM reoffending_members)"
                    + where.replace("force", "r.force")
                )
            })
                SELECT m.position,
                       CASE WHEN o.recorded_date < m.selected THEN 0
                            ELSE 1 + (o.recorded_date - m.selected) // {YEAR_AT_RISK} END AS w,
                       count(*), sum(o.harm_days), count(*) FILTER (WHERE o.neighbourhood),
                       coalesce(sum(o.harm_days) FILTER (WHERE o.neighbourhood), 0)
                FROM o JOIN reoffending_members m ON o.offender_pseudonym = m.key
                WHERE o.recorded_date >= m.selected - {YEAR_AT_RISK}
                  AND o.recorded_date < m.selected + {YEAR_AT_RISK * follow_up_years}
                GROUP BY 1, 2""",
            params,
        ).fetchall()
    finally:
        con.unregister("reoffending_members")
    names = window_names(follow_up_years)
    found: dict[int, dict[str, list[float]]] = {p: {} for p, _ in members}
    for position, window, n, harm, nbh, nbh_harm in rows:
        found[position][names[window]] = [int(n), float(harm), int(nbh), float(nbh_harm)]
    return found


def measure(
    con: duckdb.DuckDBPyConnection,
    members: Sequence[Member],
    *,
    extract_first: dt.date | None,
    extract_last: dt.date | None,
    follow_up_years: int = 2,
    force: str | None = None,
) -> dict[str, GroupResult]:
    """:func:`measure_groups` over the store: members with custody spells are counted a day at
    a time from their offences; the others (most, and every comparison person) are counted in
    SQL and summed with NumPy — the same windows, since with no custody a window is plain
    calendar arithmetic (tests/reoffending/test_demo.py checks both against a day-by-day
    count)."""
    names = window_names(follow_up_years)
    plain = [m for m in members if not m.custody]
    in_custody = [m for m in members if m.custody]
    results = measure_groups(
        in_custody,
        offences_of(con, {m.key for m in in_custody}, force=force),
        extract_first=extract_first,
        extract_last=extract_last,
        follow_up_years=follow_up_years,
    )
    if not plain:
        return results
    tallies = _count_windows_sql(
        con, list(enumerate(plain)), follow_up_years=follow_up_years, force=force
    )
    counts = np.zeros((len(plain), len(names), 4))
    for position, windows in tallies.items():
        for w, name in enumerate(names):
            if name in windows:
                counts[position, w] = windows[name]
    selected = np.array([m.selected_on.toordinal() for m in plain])
    complete = np.zeros((len(plain), len(names)), dtype=bool)
    if extract_first is not None and extract_last is not None:
        complete[:, 0] = selected - YEAR_AT_RISK >= extract_first.toordinal()
        for k in range(1, follow_up_years + 1):
            complete[:, k] = selected + YEAR_AT_RISK * k - 1 <= extract_last.toordinal()
    groups = np.array([m.group for m in plain])
    for group in sorted(set(groups.tolist())):
        rows = groups == group
        existing = results.get(group)
        windows = existing.windows if existing else [WindowResult(n) for n in names]
        for w, window in enumerate(windows):
            done = rows & complete[:, w]
            tally = counts[done, w]
            window.people += int(done.sum())
            window.incomplete += int((rows & ~complete[:, w]).sum())
            window.days_at_risk += YEAR_AT_RISK * int(done.sum())
            window.offences += int(tally[:, 0].sum())
            window.harm_days += float(tally[:, 1].sum())
            window.reoffenders += int((tally[:, 0] > 0).sum())
            window.neighbourhood_offences += int(tally[:, 2].sum())
            window.neighbourhood_harm_days += float(tally[:, 3].sum())
            window.neighbourhood_reoffenders += int((tally[:, 2] > 0).sum())
        both = rows & complete[:, 0] & complete[:, 1] if len(names) > 1 else rows & False
        people, before, after = int(both.sum()), int(counts[both, 0, 0].sum()), 0
        after = int(counts[both, 1, 0].sum()) if len(names) > 1 else 0
        if existing and existing.change:
            people += existing.change.people
            before += existing.change.before_offences
            after += existing.change.after_offences
        results[group] = GroupResult(
            group,
            int(rows.sum()) + (existing.people if existing else 0),
            windows,
            _change_of(people, before, after),
        )
    return results


def _change(pairs: list[tuple[int, int]]) -> Change | None:
    """Offences in year 1 against the year before, same people, equal time at risk: the exact
    conditional Poisson test of :func:`prevhub.crime.stats.compare_poisson_counts`."""
    if not pairs:
        return None
    return _change_of(len(pairs), sum(p[0] for p in pairs), sum(p[1] for p in pairs))


def _change_of(people: int, before: int, after: int) -> Change | None:
    if not people:
        return None
    if before + after == 0:
        return Change(people, before, after, None, None, None, None)
    test = compare_poisson_counts(after, before)
    low, high = test.ci95 if test.ci95 is not None else (None, None)
    return Change(
        people,
        before,
        after,
        test.rate_ratio,
        low,
        None if high is None or math.isinf(high) else float(high),
        test.p_value,
    )


def reoffending_report(
    con: duckdb.DuckDBPyConnection,
    members: Sequence[Member],
    *,
    follow_up_years: int = 2,
    comparison_min_offences: int | None = None,
    comparison_neighbourhood_only: bool = False,
    force: str | None = None,
) -> ReoffendingReport:
    """The whole measure: the members' groups and, when ``comparison_min_offences`` is given
    and the extract holds offender ids, a comparison group of eligible people not selected."""
    first, last = extract_span(con, force=force)
    notes: list[str] = []
    everyone = list(members)
    if comparison_min_offences and first is not None:
        index_dates = {m.selected_on.replace(day=1) for m in members if m.group == COHORT}
        comparison = comparison_members(
            con,
            exclude={m.key for m in members},
            index_dates=index_dates,
            min_offences=comparison_min_offences,
            neighbourhood_only=comparison_neighbourhood_only,
            force=force,
        )
        everyone.extend(comparison)
        notes.append(
            f"Comparison group: people not selected with at least {comparison_min_offences} "
            f"recorded {'neighbourhood crimes' if comparison_neighbourhood_only else 'offences'}"
            " in the 12 months before the first day of a month in which the cohort was selected."
        )
    elif comparison_min_offences:
        notes.append("No comparison group: the extract carries no offender ids.")
    groups = measure(
        con,
        everyone,
        extract_first=first,
        extract_last=last,
        follow_up_years=follow_up_years,
        force=force,
    )
    return ReoffendingReport(groups, first, last, CAVEATS, notes)
