"""Reads of the Special Constabulary register: the hours measures, expiry alerts, deployments.

The measures are aggregates (no names): hours by month, team, duty type and area; officers
meeting the minimum-hours policy; rolling three-month averages; joiners, leavers and retention;
the hours' value; hours deployed to problems and to hot-spot cells. Worked hours come from
duties with status *worked* only, each counted in the month (UK time) the duty started.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from django.db.models import Q, QuerySet
from django.utils import timezone

from prevhub.core.access import VIEW
from prevhub.crime.periods import add_months, iter_months, month_count
from prevhub.specials import conf
from prevhub.specials.choices import DutyStatus, DutyType
from prevhub.specials.models import Duty, Officer, Qualification

LONDON = ZoneInfo("Europe/London")
SUPPRESS_BELOW = 5


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_start(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:]), 1)


def month_end(month: str) -> dt.date:
    return month_start(add_months(month, 1)) - dt.timedelta(days=1)


def worked_duties(first: str, last: str, **filters: Any) -> QuerySet:
    """Worked duties that started in months `first`..`last` (UK time)."""
    return Duty._base_manager.filter(
        status=DutyStatus.WORKED, month__gte=first, month__lte=last, **filters
    )


@dataclass
class HoursMeasures:
    """The measures over months `first`..`last` (every figure is a sum over worked duties)."""

    first: str
    last: str
    minimum: float
    rule: str
    window: int
    hourly_value: float
    monthly: list[dict[str, Any]] = field(default_factory=list)
    by_team: list[dict[str, Any]] = field(default_factory=list)
    by_type: list[dict[str, Any]] = field(default_factory=list)
    by_area: list[dict[str, Any]] = field(default_factory=list)
    total_hours: float = 0.0
    problem_hours: float = 0.0
    hotspot_hours: float = 0.0
    serving_at_start: int = 0
    retained_at_end: int = 0
    joiners: int = 0
    leavers: int = 0

    @property
    def retention(self) -> float | None:
        """Share of officers serving on the first day still serving after the last day."""
        if not self.serving_at_start:
            return None
        return self.retained_at_end / self.serving_at_start

    @property
    def value(self) -> float | None:
        return self.total_hours * self.hourly_value if self.hourly_value > 0 else None


def _officer_rows() -> list[tuple[int, dt.date, dt.date | None]]:
    return list(Officer._base_manager.values_list("id", "joined_on", "left_on"))


def counted_in(month: str, joined: dt.date, left: dt.date | None) -> bool:
    """Counted against the minimum in `month`: joined before it began (a whole month to work)
    and not left by its end."""
    return joined < month_start(month) and (left is None or left > month_end(month))


def officer_month_hours(first: str, last: str) -> dict[int, dict[str, float]]:
    """Worked hours per officer per month."""
    per: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    rows = worked_duties(first, last).values_list("officer_id", "month", "hours")
    for officer_id, month, hours in rows:
        per[officer_id][month] += hours
    return per


def _measured(
    hours: dict[str, float],
    month: str,
    joined: dt.date,
    left: dt.date | None,
    rule: str,
    window: int,
) -> float | None:
    """Hours measured against the minimum for `month`: that month's, or the average over the
    last `window` months the officer was counted in. None: not counted in `month`."""
    if not counted_in(month, joined, left):
        return None
    if rule == "month":
        return hours.get(month, 0.0)
    months = [add_months(month, -k) for k in range(window)]
    counted = [m for m in months if counted_in(m, joined, left)]
    return sum(hours.get(m, 0.0) for m in counted) / len(counted)


def _month_idx(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def hours_measures(*, first: str, last: str) -> HoursMeasures:
    """Every hours measure for months `first`..`last` (aggregates; see the module docstring).

    Sums are made in the database (per officer and month, per team, type and district); the
    minimum-hours policy is then applied per officer and month with NumPy, so three years of a
    large constabulary's duties answer in a fraction of a second (benchmarks/specials_hours.py).
    """
    rule, window, minimum = conf.minimum_rule(), conf.average_months(), conf.minimum_hours()
    result = HoursMeasures(first, last, minimum, rule, window, conf.hourly_value())
    months = list(iter_months(first, last))
    lookback = add_months(first, -(window - 1))
    all_months = list(iter_months(lookback, last))
    col = {m: k for k, m in enumerate(all_months)}

    officers = _officer_rows()
    index = {officer_id: k for k, (officer_id, _, _) in enumerate(officers)}
    joined = np.array([_month_idx(j) for _, j, _ in officers], dtype=np.int64)
    left = np.array([_month_idx(lf) if lf else 10**9 for _, _, lf in officers], dtype=np.int64)
    hours = np.zeros((len(officers), len(all_months)))
    # One pass over the worked duties' stored month and hours (no time conversion per row).
    rows = worked_duties(lookback, last).values_list(
        "officer_id", "month", "hours", "duty_type", "district", "problem_id", "hotspot_cell"
    )
    teams = dict(Officer._base_manager.values_list("id", "team"))
    duties_by_month: dict[str, int] = defaultdict(int)
    team: dict[str, float] = defaultdict(float)
    kind: dict[str, float] = defaultdict(float)
    area: dict[str, float] = defaultdict(float)
    period = set(months)
    for officer_id, month, h, duty_type, district, problem_id, cell in rows.iterator(2000):
        hours[index[officer_id], col[month]] += h
        if month not in period:
            continue
        duties_by_month[month] += 1
        team[teams[officer_id]] += h
        kind[duty_type] += h
        area[district or "(no district)"] += h
        if problem_id is not None:
            result.problem_hours += h
        if cell:
            result.hotspot_hours += h
    month_hours = hours.sum(axis=0)
    idx = np.array([_month_idx(month_start(m)) for m in all_months], dtype=np.int64)
    counted = (joined[:, None] < idx[None, :]) & (idx[None, :] < left[:, None])
    labels = dict(DutyType.choices)
    for month in months:
        c = col[month]
        counted_now = counted[:, c]
        cols = list(range(max(0, c - window + 1), c + 1))
        if rule == "month":
            measured = hours[:, c]
        else:
            served = counted[:, cols].sum(axis=1)
            measured = np.where(
                served > 0,
                (hours[:, cols] * counted[:, cols]).sum(axis=1) / np.maximum(served, 1),
                0.0,
            )
        n_counted = int(counted_now.sum())
        n_meeting = int((counted_now & (measured >= minimum)).sum())
        officer_months = int(counted[:, cols].sum()) if len(cols) == window else 0
        window_hours = float(month_hours[cols].sum())
        first_idx = int(idx[c])
        result.monthly.append(
            {
                "month": month,
                "hours": round(float(month_hours[c]), 2),
                "duties": duties_by_month.get(month, 0),
                "officers_counted": n_counted,
                "officers_meeting": n_meeting,
                "meeting_share": (n_meeting / n_counted) if n_counted else None,
                "rolling_average": (window_hours / officer_months) if officer_months else None,
                "joiners": int((joined == first_idx).sum()),
                "leavers": int((left == first_idx).sum()),
            }
        )
    result.total_hours = float(sum(r["hours"] for r in result.monthly))
    result.by_team = [{"team": k, "hours": round(v, 2)} for k, v in sorted(team.items())]
    result.by_type = [
        {"duty_type": labels.get(k, k), "hours": round(v, 2)} for k, v in sorted(kind.items())
    ]
    result.by_area = [{"area": k, "hours": round(v, 2)} for k, v in sorted(area.items())]
    first_day, after = month_start(first), month_end(last) + dt.timedelta(days=1)
    serving = [
        (j, lf) for _, j, lf in officers if j < first_day and (lf is None or lf >= first_day)
    ]
    result.serving_at_start = len(serving)
    result.retained_at_end = sum(lf is None or lf >= after for _, lf in serving)
    result.joiners = sum(r["joiners"] for r in result.monthly)
    result.leavers = sum(r["leavers"] for r in result.monthly)
    return result


def minimum_standing(*, month: str) -> list[dict[str, Any]]:
    """Each officer counted in `month`: hours measured against the policy and whether met."""
    rule, window, minimum = conf.minimum_rule(), conf.average_months(), conf.minimum_hours()
    per = officer_month_hours(add_months(month, -(window - 1)), month)
    out = []
    for officer_id, joined, left in _officer_rows():
        measured = _measured(per.get(officer_id, {}), month, joined, left, rule, window)
        if measured is not None:
            out.append(
                {
                    "officer_id": officer_id,
                    "measured": round(measured, 2),
                    "meets": measured >= minimum,
                }
            )
    return out


def met_minimum_since(officer_id: int, day: dt.date) -> bool:
    """Whether the officer met the policy in any whole month after `day`."""
    first = add_months(month_of(day), 1)
    last = month_of(timezone.localdate())
    if first > last:
        return False
    officer = Officer._base_manager.get(pk=officer_id)
    rule, window, minimum = conf.minimum_rule(), conf.average_months(), conf.minimum_hours()
    hours = officer_month_hours(add_months(first, -(window - 1)), last).get(officer_id, {})
    for month in iter_months(first, last):
        m = _measured(hours, month, officer.joined_on, officer.left_on, rule, window)
        if m is not None and m >= minimum:
            return True
    return False


# --- expiry alerts -------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpiryAlert:
    """A vetting clearance or qualification expiring within the alert window (or expired)."""

    officer_id: int
    collar_number: str
    what: str
    expires_on: dt.date
    days_left: int
    stage: int | None  # the alert threshold reached (90, 60, 30); None when already expired

    @property
    def expired(self) -> bool:
        return self.days_left < 0


def _stage(days_left: int, thresholds: tuple[int, ...]) -> int | None:
    reached = [t for t in thresholds if days_left <= t]
    return min(reached) if reached and days_left >= 0 else None


def expiry_alerts(
    *, today: dt.date | None = None, officers: QuerySet | None = None
) -> list[ExpiryAlert]:
    """Vetting and qualifications of serving officers that expire within the longest alert
    window (90 days by default) or have expired, soonest first."""
    today = today or timezone.localdate()
    thresholds = conf.alert_days()
    horizon = today + dt.timedelta(days=max(thresholds))
    base = officers if officers is not None else Officer._base_manager.all()
    serving = base.filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
    alerts: list[ExpiryAlert] = []
    for o in serving.filter(vetting_expires_on__lte=horizon):
        days = (o.vetting_expires_on - today).days
        alerts.append(
            ExpiryAlert(
                o.pk,
                o.collar_number,
                f"Vetting ({o.get_vetting_level_display()})",
                o.vetting_expires_on,
                days,
                _stage(days, thresholds),
            )
        )
    latest: dict[tuple[int, int], Qualification] = {}
    quals = Qualification._base_manager.filter(officer__in=serving).select_related(
        "officer", "kind"
    )
    for q in quals.order_by("obtained_on"):
        latest[(q.officer_id, q.kind_id)] = q  # a renewal replaces the earlier one
    for q in latest.values():
        if q.expires_on is None or q.expires_on > horizon:
            continue
        days = (q.expires_on - today).days
        alerts.append(
            ExpiryAlert(
                q.officer_id,
                q.officer.collar_number,
                q.kind.name,
                q.expires_on,
                days,
                _stage(days, thresholds),
            )
        )
    return sorted(alerts, key=lambda a: (a.expires_on, a.collar_number, a.what))


# --- deployments and team figures ----------------------------------------------------------


def problem_deployment_rows(problem: Any) -> list[dict[str, Any]]:
    """Duties deployed to a problem, grouped by day and duty type: (day, type, officers, hours
    worked). Aggregates only: a problem's page is read by coordinators and partners."""
    groups: dict[tuple[dt.date, str], dict[str, Any]] = {}
    duties = Duty._base_manager.filter(problem=problem).exclude(status=DutyStatus.CANCELLED)
    for duty in duties.only("officer_id", "starts_at", "ends_at", "duty_type", "status"):
        key = (duty.starts_at.astimezone(LONDON).date(), duty.duty_type)
        row = groups.setdefault(key, {"officers": set(), "hours": 0.0, "worked": False})
        row["officers"].add(duty.officer_id)
        if duty.status == DutyStatus.WORKED:
            row["hours"] += duty.hours
            row["worked"] = True
    labels = dict(DutyType.choices)
    return [
        {
            "day": day,
            "label": f"{labels.get(kind, kind)}, {len(r['officers'])} officer"
            f"{'s' if len(r['officers']) != 1 else ''}",
            "hours": round(r["hours"], 2) if r["worked"] else None,
        }
        for (day, kind), r in sorted(groups.items())
    ]


def may_see_register(user: Any) -> bool:
    return Duty.access_policy.can(user, VIEW)


def hours_places(*, start: dt.date, end: dt.date) -> Iterable[dict[str, Any]]:
    """Worked duties in ``start`` ≤ day ≤ ``end`` as places with hours (for the hours map)."""
    s = dt.datetime.combine(start, dt.time(), tzinfo=LONDON)
    e = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=LONDON)
    rows = Duty._base_manager.filter(status=DutyStatus.WORKED, starts_at__gte=s, starts_at__lt=e)
    for start_at, end_at, lat, lon, lsoa in rows.values_list(
        "starts_at", "ends_at", "latitude", "longitude", "lsoa_code"
    ):
        yield {
            "lat": lat,
            "lon": lon,
            "lsoa": lsoa or None,
            "hours": (end_at - start_at).total_seconds() / 3600.0,
            "on": start_at.astimezone(LONDON).date(),
        }


def month_count_between(first: str, last: str) -> int:
    return month_count(first, last)
