"""Reads of the youth register beyond ``restrict()``: the measures, alerts, start-page panels,
and the aggregates other parts of the hub ask for (a problem's deployments, the team's year in
numbers, the volunteering hours on the map). Aggregates never name a child."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from prevhub.core import roles
from prevhub.core.access import VIEW
from prevhub.crime import periods
from prevhub.youth import conf, rules
from prevhub.youth.choices import ArchivedMeasure, UnitKind
from prevhub.youth.models import (
    ArchivedCount,
    Cadet,
    Leader,
    Session,
    Unit,
    VolunteeringEvent,
    is_coordinator,
)

#: Unit kinds the monthly volunteering expectation applies to (the VPC's "3 hours a month"
#: is asked of cadets; Mini Police volunteer as a class, with no individual expectation).
HOURS_EXPECTED_KINDS = frozenset({UnitKind.VPC, UnitKind.JUNIOR})
MAX_MONTHS = 60
MONTH_INVALID = "A month as YYYY-MM (01 to 12), year 1900 to 2100."
MONTH_ORDER = "The first month must not be after the last."
MONTH_SPAN = f"At most {MAX_MONTHS} months at a time."


class ParameterError(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def month_range(first: str, last: str) -> tuple[str, str]:
    """A strict YYYY-MM range (the hub's month grammar, prevhub.crime.periods)."""
    errors, parsed = {}, {}
    for name, value in (("from", first), ("to", last)):
        try:
            parsed[name] = periods.parse_month(value)
            if not 1900 <= periods.month_parts(parsed[name])[0] <= 2100:
                raise periods.PeriodError(value)
        except periods.PeriodError:
            errors[name] = MONTH_INVALID
    if errors:
        raise ParameterError(errors)
    count = periods.month_count(parsed["from"], parsed["to"])
    if count < 1:
        raise ParameterError({"from": MONTH_ORDER})
    if count > MAX_MONTHS:
        raise ParameterError({"to": MONTH_SPAN})
    return parsed["from"], parsed["to"]


def default_months(today: dt.date | None = None) -> tuple[str, str]:
    """The twelve months to this one."""
    today = today or timezone.localdate()
    last = f"{today.year:04d}-{today.month:02d}"
    return periods.add_months(last, -11), last


def month_first_day(month: str) -> dt.date:
    year, mon = periods.month_parts(month)
    return dt.date(year, mon, 1)


def month_last_day(month: str) -> dt.date:
    year, mon = periods.month_parts(month)
    return dt.date(year, mon, calendar.monthrange(year, mon)[1])


def month_label(month: str) -> str:
    return month_first_day(month).strftime("%b %Y")


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


# --- who sees what ----------------------------------------------------------------------------


def units_for_cadets(user: Any) -> Any:
    """Units a user may put a child in: every unit for the coordinator, else those they lead."""
    units = Unit.objects.restrict(user, VIEW)
    if is_coordinator(user):
        return units
    from prevhub.youth.models import _led_by

    return units.filter(_led_by(user, "")).distinct()


def cadet_fields_for(user: Any, cadet: Cadet | None) -> set[str]:
    """Need-to-know fields this user may read (and so edit) on this child's record."""
    allowed = {"vulnerable_background"}
    if cadet is None:
        # A new record: its health notes are entered by a leader of the unit chosen.
        if units_for_cadets(user).exists() and not is_coordinator(user):
            allowed.add("medical_notes")
        return allowed
    if cadet.may_see_medical(user):
        allowed.add("medical_notes")
    return allowed


# --- measures ---------------------------------------------------------------------------------


@dataclass
class _Roll:
    """One unit's joining and leaving days, sorted, for O(log n) roll counts."""

    joined: list[dt.date]
    left: list[dt.date]

    def members_end_of(self, day: dt.date) -> int:
        """Members at the end of `day`: joined on or before it, not left on or before it."""
        return bisect.bisect_right(self.joined, day) - bisect.bisect_right(self.left, day)

    def on_roll(self, day: dt.date) -> int:
        """On the roll on `day` (a cadet's last day counts): joined by then, not left before."""
        return bisect.bisect_right(self.joined, day) - bisect.bisect_left(self.left, day)


def _pct(part: float, whole: float) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def suppressed_share(flagged: int, members: int) -> float | None:
    """The percentage of members flagged, or None when it would tell about fewer than
    PREVHUB_YOUTH_SUPPRESS_UNDER children: fewer members than that, between 1 and that many
    flagged, or fewer than that not flagged (100% would tell every child's flag), since the
    unit's size is shown beside it. 0% is shown: it tells no child's flag."""
    limit = conf.suppress_under()
    if members < limit:
        return None
    if 0 < flagged < limit or members - flagged < limit:
        return None
    return _pct(flagged, members)


def measures(*, first_month: str, last_month: str) -> dict[str, Any]:
    """The register's measures for whole months, per unit and in total.

    Members are counted at the end of the day before the period and at the end of its last
    day; joiners and leavers by their dates in the period; retention is the share of the
    members at the start still members at the end. Attendance is attendances over places
    (cadets on the roll on each session's day). Expected volunteering hours are the monthly
    expectation times each month's end-of-month members (VPC and junior units). Records
    deleted at retention count through their anonymous counts (ArchivedCount).
    """
    start, end = month_first_day(first_month), month_last_day(last_month)
    months = list(periods.iter_months(first_month, last_month))
    units = list(Unit._base_manager.order_by("name", "id").values("id", "name", "kind"))
    cadets = list(
        Cadet._base_manager.values_list(
            "id", "unit_id", "joined_on", "left_on", "vulnerable_background"
        )
    )
    rolls: dict[int, _Roll] = defaultdict(lambda: _Roll([], []))
    retained: dict[int, int] = defaultdict(int)
    flagged: dict[int, int] = defaultdict(int)
    joiners: dict[int, int] = defaultdict(int)
    leavers: dict[int, int] = defaultdict(int)
    before = start - dt.timedelta(days=1)
    for _pk, unit_id, joined, left, vulnerable in cadets:
        roll = rolls[unit_id]
        roll.joined.append(joined)
        if left is not None:
            roll.left.append(left)
        member_at_start = joined <= before and (left is None or left > before)
        if member_at_start and (left is None or left > end):
            retained[unit_id] += 1
        if start <= joined <= end:
            joiners[unit_id] += 1
        if left is not None and start <= left <= end:
            leavers[unit_id] += 1
        if vulnerable and joined <= end and (left is None or left > end):
            flagged[unit_id] += 1
    for roll in rolls.values():
        roll.joined.sort()
        roll.left.sort()
    archived = _archived(last_month)
    sessions = (
        Session._base_manager.filter(held_on__gte=start, held_on__lte=end)
        .annotate(present=Count("attendees"))
        .values_list("unit_id", "held_on", "present")
    )
    attended: dict[int, float] = defaultdict(float)
    expected: dict[int, float] = defaultdict(float)
    session_count: dict[int, int] = defaultdict(int)
    for unit_id, held_on, present in sessions:
        attended[unit_id] += present
        expected[unit_id] += rolls[unit_id].on_roll(held_on) if unit_id in rolls else 0
        session_count[unit_id] += 1
    hours_by: dict[tuple[int, str], float] = defaultdict(float)
    # Summed per event in the database: one row an event, not one a cadet.
    for unit_id, held_on, hours in (
        VolunteeringEvent._base_manager.filter(held_on__gte=start, held_on__lte=end)
        .annotate(total=Sum("hours__hours"))
        .filter(total__isnull=False)
        .values_list("unit_id", "held_on", "total")
    ):
        hours_by[unit_id, _month(held_on)] += float(hours)
    month_ends = {m: month_last_day(m) for m in months}
    per_month = conf.monthly_hours()
    rows = []
    month_totals = {
        m: {"month": m, "hours": 0.0, "expected_hours": 0.0, "members": 0} for m in months
    }
    for unit in units:
        uid = unit["id"]
        roll = rolls.get(uid, _Roll([], []))
        arch = archived.get(uid, {})

        def archived_members(month: str, arch: dict = arch) -> int:
            joined = sum(
                v for (m, k), v in arch.items() if k == ArchivedMeasure.JOINED and m <= month
            )
            left = sum(v for (m, k), v in arch.items() if k == ArchivedMeasure.LEFT and m <= month)
            return int(joined - left)

        def archived_in(kind: str, arch: dict = arch) -> float:
            return sum(
                v for (m, k), v in arch.items() if k == kind and first_month <= m <= last_month
            )

        start_members = roll.members_end_of(before) + (
            archived_members(_month(before)) if arch else 0
        )
        end_members = roll.members_end_of(end) + (archived_members(last_month) if arch else 0)
        joined_n = joiners[uid] + int(archived_in(ArchivedMeasure.JOINED))
        left_n = leavers[uid] + int(archived_in(ArchivedMeasure.LEFT))
        att = attended[uid] + archived_in(ArchivedMeasure.ATTENDED)
        exp = expected[uid] + archived_in(ArchivedMeasure.EXPECTED)
        hours = sum(hours_by[uid, m] for m in months) + archived_in(ArchivedMeasure.HOURS)
        expected_hours = 0.0
        for m in months:
            members_m = roll.members_end_of(month_ends[m]) + (archived_members(m) if arch else 0)
            month_totals[m]["members"] += members_m
            month_totals[m]["hours"] += hours_by[uid, m] + arch.get((m, ArchivedMeasure.HOURS), 0.0)
            if unit["kind"] in HOURS_EXPECTED_KINDS:
                month_totals[m]["expected_hours"] += members_m * per_month
                expected_hours += members_m * per_month
        # Retention from live records; records already deleted left the unit long before any
        # recent period (their counts are in joiners/leavers and members).
        rows.append(
            {
                "unit_id": uid,
                "unit": unit["name"],
                "kind": unit["kind"],
                "members_start": start_members,
                "members_end": end_members,
                "joiners": joined_n,
                "leavers": left_n,
                "retained": retained[uid],
                "retention_pct": _pct(retained[uid], start_members),
                "sessions": session_count[uid],
                "attended": int(att),
                "places": int(exp),
                "attendance_pct": _pct(att, exp),
                "hours": round(hours, 1),
                "expected_hours": round(expected_hours, 1)
                if unit["kind"] in HOURS_EXPECTED_KINDS
                else None,
                "hours_pct": _pct(hours, expected_hours)
                if unit["kind"] in HOURS_EXPECTED_KINDS
                else None,
                "vulnerable_pct": suppressed_share(flagged[uid], roll.members_end_of(end)),
            }
        )
    total = _total(rows)
    return {
        "first": first_month,
        "last": last_month,
        "units": rows,
        "total": total,
        "months": list(month_totals.values()),
        "terms": mini_police_terms(start=start, end=end),
        "monthly_hours": conf.monthly_hours(),
        "vulnerable_aim": conf.vulnerable_aim(),
        "suppress_under": conf.suppress_under(),
    }


def _total(rows: list[dict[str, Any]]) -> dict[str, Any]:
    keys = (
        "members_start",
        "members_end",
        "joiners",
        "leavers",
        "retained",
        "sessions",
        "attended",
        "places",
    )
    total: dict[str, Any] = {k: sum(r[k] for r in rows) for k in keys}
    total["hours"] = round(sum(r["hours"] for r in rows), 1)
    expected = [r["expected_hours"] for r in rows if r["expected_hours"] is not None]
    total["expected_hours"] = round(sum(expected), 1)
    hours_expected_units = sum(r["hours"] for r in rows if r["expected_hours"] is not None)
    total["hours_pct"] = _pct(hours_expected_units, total["expected_hours"])
    total["retention_pct"] = _pct(total["retained"], total["members_start"])
    total["attendance_pct"] = _pct(total["attended"], total["places"])
    return total


def _archived(last_month: str) -> dict[int, dict[tuple[str, str], float]]:
    found: dict[int, dict[tuple[str, str], float]] = defaultdict(dict)
    for unit_id, month, measure, value in ArchivedCount.objects.filter(
        month__lte=last_month
    ).values_list("unit_id", "month", "measure", "value"):
        found[unit_id][month, measure] = value
    return found


TERMS = (("Autumn", 9, 12), ("Spring", 1, 3), ("Summer", 4, 8))


def terms_between(start: dt.date, end: dt.date) -> Iterator[tuple[str, dt.date, dt.date]]:
    """School terms (England, approximately: autumn September-December, spring January-March,
    summer April-August) overlapping start..end, oldest first."""
    for year in range(start.year - 1, end.year + 1):
        for name, first, last in sorted(TERMS, key=lambda t: t[1]):
            t_start = dt.date(year, first, 1)
            t_end = dt.date(year, last, calendar.monthrange(year, last)[1])
            if t_end >= start and t_start <= end:
                school_year = rules.school_year_start(t_start)
                yield f"{name} {school_year}/{(school_year + 1) % 100:02d}", t_start, t_end


def mini_police_terms(*, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Mini Police schools and children reached per term: children on a cohort's roll on any
    day of the term, and the schools hosting those cohorts."""
    rows = list(
        Cadet._base_manager.filter(unit__kind=UnitKind.MINI_POLICE).values_list(
            "unit__host_organisation_id", "joined_on", "left_on"
        )
    )
    found = []
    for label, t_start, t_end in terms_between(start, end):
        reached = [
            school
            for school, joined, left in rows
            if joined <= t_end and (left is None or left >= t_start)
        ]
        found.append(
            {
                "term": label,
                "start": t_start,
                "end": t_end,
                "schools": len({s for s in reached if s is not None}),
                "children": len(reached),
            }
        )
    return found


def measures_chart_spec(result: dict[str, Any]) -> dict[str, Any] | None:
    """Vega-Lite: volunteering hours per month (bars) against the expected hours (a line), all
    units. The same figures are the table "By month" below."""
    points = [
        {"month": f"{m['month']}-01", "series": series, "hours": m[key]}
        for m in result["months"]
        for series, key in (("Hours volunteered", "hours"), ("Hours expected", "expected_hours"))
    ]
    if not points:
        return None
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": "Volunteering hours per month against the scheme's expectation.",
        "data": {"values": points},
        "width": "container",
        "height": 220,
        "layer": [
            {
                "transform": [{"filter": "datum.series === 'Hours volunteered'"}],
                "mark": {"type": "bar", "color": "#1d70b8"},
                "encoding": {
                    "x": {
                        "field": "month",
                        "type": "ordinal",
                        "timeUnit": "yearmonth",
                        "title": None,
                        "axis": {"format": "%b %Y", "labelAngle": -40},
                    },
                    "y": {"field": "hours", "type": "quantitative", "title": "Hours"},
                    "tooltip": [
                        {"field": "month", "timeUnit": "yearmonth", "title": "Month"},
                        {"field": "hours", "title": "Hours volunteered"},
                    ],
                },
            },
            {
                "transform": [{"filter": "datum.series === 'Hours expected'"}],
                "mark": {"type": "line", "color": "#0b0c0c", "strokeDash": [6, 4], "point": True},
                "encoding": {
                    "x": {"field": "month", "type": "ordinal", "timeUnit": "yearmonth"},
                    "y": {"field": "hours", "type": "quantitative"},
                    "tooltip": [
                        {"field": "month", "timeUnit": "yearmonth", "title": "Month"},
                        {"field": "hours", "title": "Hours expected"},
                    ],
                },
            },
        ],
    }


# --- alerts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alert:
    """One thing needing action: no child is named (references only)."""

    kind: str  # "dbs", "training", "leaving age", "cohort ended", "retention"
    reference: str
    text: str
    due: dt.date | None
    url: str
    overdue: bool = False


def renewal_alerts(today: dt.date | None = None) -> list[Alert]:
    """Leaders whose enhanced DBS check or safeguarding training lapses within the first alert
    window (90 days by default), or has lapsed; a leader's name is staff data, shown to staff."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=max(conf.alert_days(), default=0))
    found = []
    for leader in Leader._base_manager.select_related("user"):
        for kind, due, what in (
            ("dbs", leader.dbs_renewal_due, "enhanced DBS check"),
            ("training", leader.training_renewal_due, "safeguarding training"),
        ):
            if due is None or due > horizon:
                continue
            days = (due - today).days
            stage = next((d for d in sorted(conf.alert_days()) if days <= d), None)
            text = (
                f"{leader}: {what} lapsed on {rules._fmt(due)}"
                if days <= 0
                else f"{leader}: {what} due for renewal by {rules._fmt(due)} ({days} days; "
                f"{stage}-day alert)"
            )
            found.append(
                Alert(kind, leader.reference, text, due, leader.get_absolute_url(), days <= 0)
            )
    return sorted(found, key=lambda a: (a.due or today, a.reference))


def children_alerts(user: Any, today: dt.date | None = None) -> list[Alert]:
    """Cadets this user may see who have reached the leaving age, and children still on the
    roll of a Mini Police cohort whose school year has ended (by reference only)."""
    today = today or timezone.localdate()
    visible = Cadet.objects.restrict(user, VIEW) if user is not None else Cadet._base_manager.all()
    return _children_alerts(visible.filter(left_on__isnull=True).select_related("unit"), today)


def _children_alerts(cadets: Iterable[Cadet], today: dt.date) -> list[Alert]:
    found = []
    age = conf.leaving_age()
    for cadet in cadets:
        turns = rules.birthday(cadet.date_of_birth, age)
        if turns <= today:
            found.append(
                Alert(
                    "leaving age",
                    cadet.reference,
                    f"{cadet.reference} ({cadet.unit}) is {age} or over: leaves, or becomes an "
                    "adult volunteer",
                    turns,
                    cadet.get_absolute_url(),
                    True,
                )
            )
        elif cadet.unit.kind == UnitKind.MINI_POLICE and cadet.unit.ended:
            found.append(
                Alert(
                    "cohort ended",
                    cadet.reference,
                    f"{cadet.reference}: the {cadet.unit} cohort ended on "
                    f"{rules._fmt(cadet.unit.ends_on)}; record the child as left",
                    cadet.unit.ends_on,
                    cadet.get_absolute_url(),
                    True,
                )
            )
    return found


def retention_due(today: dt.date | None = None) -> Any:
    """Leavers whose retention period has passed: their records are due for deletion."""
    today = today or timezone.localdate()
    years = conf.retention_years()
    cutoff = rules.anniversary(today, -years)
    return Cadet._base_manager.filter(left_on__isnull=False, left_on__lte=cutoff).order_by(
        "left_on", "id"
    )


def home_panels(user: Any) -> list[Any]:
    from prevhub.core.registry import HomePanel

    if (
        user is None
        or not user.is_authenticated
        or user.is_partner
        or not user.has_role(roles.YOUTH)
    ):
        return []
    alerts = renewal_alerts() + children_alerts(user)
    items = [
        (a.text, a.url, "overdue" if a.overdue else (rules._fmt(a.due) if a.due else ""))
        for a in alerts
    ]
    if is_coordinator(user):
        due = retention_due().count()
        if due:
            items.append(
                (
                    f"{due} leaver record(s) due for retention deletion",
                    reverse("youth:retention"),
                    "",
                )
            )
    return [
        HomePanel(
            title="Youth: renewals and children to act on",
            items=items[:10],
            empty="No DBS check or safeguarding training is due for renewal in the next "
            f"{max(conf.alert_days(), default=0)} days, and no cadet you lead needs action.",
            more_url=reverse("youth:home"),
        )
    ]


# --- what other parts of the hub ask for ------------------------------------------------------


def volunteering_hours_for_map(*, start: dt.date, end: dt.date) -> Iterator[dict[str, Any]]:
    """Cadets' volunteering hours at events with a location, ``start`` ≤ day < ``end`` (the
    registry's convention), one dict per event: ``{"lat", "lon", "hours", "on"}``. Aggregate:
    no child is named or counted; events without hours recorded are left out."""
    rows = (
        VolunteeringEvent._base_manager.filter(
            held_on__gte=start,
            held_on__lt=end,
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .annotate(total=Sum("hours__hours"))
        .filter(total__gt=0)
        .order_by("held_on", "id")
        .values_list("latitude", "longitude", "total", "held_on")
    )
    for lat, lon, total, on in rows:
        yield {"lat": float(lat), "lon": float(lon), "hours": float(total), "on": on}


def problem_deployments(user: Any, problem: Any) -> list[Any]:
    """Volunteering events deployed to a problem, as aggregates (hours, how many cadets, fewer
    than 5 not given); a link only for those who may open the event."""
    from prevhub.core.registry import Deployment

    events = (
        VolunteeringEvent._base_manager.filter(problem=problem)
        .annotate(total=Sum("hours__hours"), cadets=Count("hours__cadet", distinct=True))
        .select_related("unit")
        .order_by("held_on", "id")
    )
    visible = set(
        VolunteeringEvent.objects.restrict(user, VIEW)
        .filter(problem=problem)
        .values_list("pk", flat=True)
    )
    limit = conf.suppress_under()
    found = []
    for event in events:
        cadets = event.cadets or 0
        who = (
            f"{cadets} cadets"
            if cadets >= limit
            else (f"fewer than {limit} cadets" if cadets else "no hours recorded yet")
        )
        found.append(
            Deployment(
                label=f"Cadet volunteering: {event.title} ({who})",
                when=event.held_on,
                hours=float(event.total) if event.total is not None else None,
                source="Youth",
                url=event.get_absolute_url() if event.pk in visible else "",
            )
        )
    return found


def team_figures(*, start: dt.date, end: dt.date) -> list[Any]:
    """The youth team's year in numbers for ``start`` ≤ day < ``end``: members at the end,
    joiners, leavers, volunteering hours against the expectation, attendance. Counts from 1 to
    4 are suppressed (left out); nothing recorded gives no figures."""
    from prevhub.core.registry import TeamFigure

    if not Cadet._base_manager.exists() and not ArchivedCount.objects.exists():
        return []
    last_day = end - dt.timedelta(days=1)
    result = measures(first_month=_month(start), last_month=_month(last_day))
    total = result["total"]
    limit = conf.suppress_under()
    figures = []
    for label, value in (
        ("Cadets and Mini Police at the end of the period", total["members_end"]),
        ("Joined", total["joiners"]),
        ("Left", total["leavers"]),
    ):
        if value == 0 or value >= limit:
            figures.append(
                TeamFigure(label, value, "", "Whole months; counts of 1 to 4 are not shown.")
            )
    figures.append(
        TeamFigure(
            "Cadets' volunteering hours",
            total["hours"],
            "hours",
            f"Against {total['expected_hours']:,.0f} expected ({conf.monthly_hours():g} hours a "
            "month per VPC and junior cadet); hours recorded, not hours given.",
        )
    )
    if total["attendance_pct"] is not None:
        figures.append(
            TeamFigure(
                "Attendance at weekly sessions",
                total["attendance_pct"],
                "%",
                "Attendances over places on the roll; says nothing of why cadets miss sessions.",
            )
        )
    return figures


def leaders_needing_checks() -> Any:
    return Leader._base_manager.filter(
        Q(dbs_checked_on__isnull=True) | Q(safeguarding_trained_on__isnull=True)
    )
