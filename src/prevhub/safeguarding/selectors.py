"""Reads of the safeguarding register: the work queue, the retention queue and the measures.

Every selector takes the user and starts from ``restrict(user)``, so nobody is told of a case
they may not see. The queue and the measures name records by reference only: they are e-mailed
and charted, and neither needs the victim's name.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from django.db.models import QuerySet
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from prevhub.core import formatting
from prevhub.core.access import VIEW
from prevhub.core.audit import record_reads
from prevhub.crime import periods
from prevhub.safeguarding import deadlines, params
from prevhub.safeguarding.choices import IN_FORCE, NOTICE_KINDS, CaseStatus, OrderKind, RiskLevel
from prevhub.safeguarding.models import (
    Breach,
    Incident,
    MaracReferral,
    ProtectionOrder,
    RiskAssessment,
    SafeguardingCase,
)


def cases_for(user: Any) -> QuerySet:
    """The cases this user may see; ``user=None`` is the server itself (the CLI digest run by
    the operating-system account), which sees every case but prints references only."""
    if user is None:
        return SafeguardingCase._base_manager.all()
    return SafeguardingCase.objects.restrict(user, VIEW)


def orders_for(user: Any) -> QuerySet:
    if user is None:
        return ProtectionOrder._base_manager.select_related("case")
    return ProtectionOrder.objects.restrict(user, VIEW).select_related("case")


def record_victim_read(case: SafeguardingCase, *, how: str) -> None:
    """Showing a case shows its victim: log a read of the victim's person record too (named by
    its reference: ``Person.audit_label``)."""
    record_reads([case.victim], how=f"{how} via safeguarding case {case.reference}")


@dataclass(frozen=True)
class Urgency:
    """How soon something is due, in words and as a GOV.UK tag colour (the words carry the
    meaning; the colour only repeats it)."""

    key: str
    label: str
    tag: str


OVERDUE = Urgency("overdue", "Overdue", "govuk-tag--red")
ACTION_NEEDED = Urgency("action", "Action needed", "govuk-tag--red")
WITHIN_DAY = Urgency("day", "Due within 24 hours", "govuk-tag--orange")
WITHIN_3_DAYS = Urgency("3days", "Due within 3 days", "govuk-tag--yellow")
LATER = Urgency("later", "Due later", "govuk-tag--grey")


def urgency(due: dt.datetime | dt.date, now: dt.datetime) -> Urgency:
    """Overdue once the deadline has passed; then within 24 hours, within 3 days, later.

    A date (a review date) is due by the end of that day, so a review due today is overdue
    from midnight tonight, as the queue's own "review date has passed" rule says.
    """
    left = _as_datetime(due) - now if isinstance(due, dt.datetime) else _date_left(due, now)
    if left < dt.timedelta(0):
        return OVERDUE
    if left <= dt.timedelta(hours=24):
        return WITHIN_DAY
    if left <= dt.timedelta(days=3):
        return WITHIN_3_DAYS
    return LATER


def _date_left(due: dt.date, now: dt.datetime) -> dt.timedelta:
    return deadlines.end_of_day(due) - now


def _amount(count: int, noun: str) -> str:
    return f"{count:,} {noun}{pluralize(count)}"


def span(delta: dt.timedelta) -> str:
    """A length of time as an officer says it: '45 minutes', '20 hours', '6 days 4 hours'."""
    minutes = int(abs(delta).total_seconds() // 60)
    hours, minute = divmod(minutes, 60)
    if hours < 1:
        return _amount(minute, "minute")
    if hours < 48:
        return _amount(hours, "hour")
    day, hour = divmod(hours, 24)
    if day >= 7 or hour == 0:
        return _amount(day, "day")
    return f"{_amount(day, 'day')} {_amount(hour, 'hour')}"


def time_remaining(due: dt.datetime | dt.date, now: dt.datetime) -> str:
    """'in 20 hours', '3 days ago'; a date counts whole days ('today', 'in 2 days')."""
    if isinstance(due, dt.datetime):
        delta = _as_datetime(due) - now
        return f"in {span(delta)}" if delta >= dt.timedelta(0) else f"{span(delta)} ago"
    days = (due - now.date()).days
    if days == 0:
        return "today"
    return f"in {_amount(days, 'day')}" if days > 0 else f"{_amount(-days, 'day')} ago"


@dataclass(frozen=True)
class QueueItem:
    """One thing an officer must act on: what, by when, which record (by reference), how soon
    (``urgency``, ``remaining``) and the page where it is done (``action``)."""

    kind: str
    due: dt.datetime | dt.date
    reference: str
    case_reference: str
    text: str
    overdue: bool
    url: str
    #: The listed order or case (its read is recorded when the queue is shown).
    subject: Any = field(default=None, compare=False, repr=False)
    case_url: str = field(default="", compare=False)
    urgency: Urgency = field(default=LATER, compare=False)
    remaining: str = field(default="", compare=False)
    #: (what to do, where): e.g. ("Refer to MARAC", "/safeguarding/marac/add/?case=3").
    action: tuple[str, str] | None = field(default=None, compare=False)

    @property
    def due_display(self) -> str:
        if isinstance(self.due, dt.datetime):
            return formatting.datetime(deadlines.local(self.due))
        return formatting.date(self.due)

    @property
    def sort_key(self) -> tuple[dt.datetime, str]:
        return (_as_datetime(self.due), self.reference)


@dataclass
class WorkQueue:
    generated_at: dt.datetime
    days: int
    hearings: list[QueueItem] = field(default_factory=list)
    expiring: list[QueueItem] = field(default_factory=list)
    notifications: list[QueueItem] = field(default_factory=list)
    reviews: list[QueueItem] = field(default_factory=list)
    no_marac: list[QueueItem] = field(default_factory=list)

    SECTIONS = (
        ("hearings", "Hearings due"),
        ("expiring", "Orders expiring"),
        ("notifications", "Notification deadlines"),
        ("reviews", "Overdue reviews"),
        ("no_marac", "High-risk cases without a MARAC referral"),
    )

    def sections(self) -> list[tuple[str, list[QueueItem]]]:
        return [(label, getattr(self, name)) for name, label in self.SECTIONS]

    def __len__(self) -> int:
        return sum(len(items) for _, items in self.sections())

    def items(self) -> list[QueueItem]:
        """Every item of every section in one list, soonest deadline first (overdue first):
        a DVPN hearing due tomorrow comes before an order expiring next week, whichever
        section each belongs to."""
        return sorted((i for _, items in self.sections() for i in items), key=lambda i: i.sort_key)

    def counts(self) -> list[tuple[str, int]]:
        return [(label, len(items)) for label, items in self.sections()]

    def subjects(self) -> list[Any]:
        """The orders and cases listed, each once (in order of appearance)."""
        seen: dict[tuple[str, int], Any] = {}
        for _, items in self.sections():
            for item in items:
                if item.subject is not None:
                    seen.setdefault((item.subject._meta.label, item.subject.pk), item.subject)
        return list(seen.values())


def record_queue_reads(queue: WorkQueue, *, how: str) -> int:
    """Showing the queue shows which orders and cases are due: record those reads (the
    platform's sensitive-read audit), as a list page would."""
    return record_reads(queue.subjects(), how=how)


def work_queue(user: Any, *, now: dt.datetime | None = None, days: int = 7) -> WorkQueue:
    """What is due within `days` days (and what is already overdue), for this user's cases.

    - hearings: served DVPNs/DAPNs whose hearing deadline falls before the horizon (overdue
      ones included, flagged), and any order with a hearing listed in the window;
    - expiring: orders in force whose computed end falls within the window;
    - notifications: SPOs, interim SPOs and DAPOs whose subject has not yet notified name and
      address, with the statutory deadline before the horizon (overdue ones included);
    - reviews: cases whose review date has passed (open: case review; closed: retention);
    - no MARAC: open cases whose latest DASH level is high with no referral since it.
    """
    now = deadlines.local(now or timezone.now())
    horizon = now + dt.timedelta(days=days)
    queue = WorkQueue(generated_at=now, days=days)
    orders = list(orders_for(user).filter(status__in=IN_FORCE | {"granted", "applied"}))
    for order in orders:
        limits = order.limits
        kind = order.get_kind_display()
        in_force = order.status in IN_FORCE
        notice_due = (
            order.kind in NOTICE_KINDS
            and in_force
            and limits.hearing_deadline is not None
            and limits.hearing_deadline <= horizon
            and not order.hearing_adjourned
        )
        if limits.calendar_problem and in_force:
            served = deadlines.local(order.served_at or now)
            queue.hearings.append(
                QueueItem(
                    "deadline unknown",
                    served,
                    order.reference,
                    order.case.reference,
                    f"{kind}: {limits.calendar_problem} Served",
                    True,
                    order.get_absolute_url(),
                    order,
                    case_url=order.case.get_absolute_url(),
                    urgency=OVERDUE,
                    remaining=f"served {time_remaining(served, now)}",
                    action=("Open the order", order.get_absolute_url()),
                )
            )
        if notice_due:
            text = f"{kind}: hearing must begin by"
            queue.hearings.append(
                _item("hearing deadline", limits.hearing_deadline, order, now, text)
            )
        elif order.hearing_at and now <= order.hearing_at <= horizon:
            text = f"{kind}: hearing listed for"
            queue.hearings.append(_item("hearing listed", order.hearing_at, order, now, text))
        expiring = (
            in_force
            and order.kind not in NOTICE_KINDS
            and limits.expires_at is not None
            and now <= limits.expires_at <= horizon
        )
        if expiring:
            text = f"{kind} expires at"
            queue.expiring.append(_item("expires", limits.expires_at, order, now, text))
        notification_due = (
            in_force
            and limits.notification_deadline is not None
            and order.notification_received_on is None
            and limits.notification_deadline <= horizon
        )
        if notification_due:
            text = f"{kind}: subject must notify name and address by"
            queue.notifications.append(
                _item("notification", limits.notification_deadline, order, now, text)
            )
    today = now.date()
    for case in cases_for(user).filter(review_date__lt=today).order_by("review_date"):
        closed = case.status == CaseStatus.CLOSED
        what = "Retention review" if closed else "Case review"
        queue.reviews.append(
            QueueItem(
                "review",
                case.review_date,
                case.reference,
                case.reference,
                f"{what} was due on",
                True,
                case.get_absolute_url(),
                case,
                case_url=case.get_absolute_url(),
                urgency=OVERDUE,
                remaining=time_remaining(case.review_date, now),
                action=retention_action() if closed else add_dash_action(case),
            )
        )
    for case in high_risk_without_marac(user):
        since = deadlines.local(case.high_risk_at)
        queue.no_marac.append(
            QueueItem(
                "no marac",
                since,
                case.reference,
                case.reference,
                "High risk (DASH) since",
                False,
                case.get_absolute_url(),
                case,
                case_url=case.get_absolute_url(),
                urgency=ACTION_NEEDED,
                remaining=f"high risk for {span(now - since)}",
                action=refer_to_marac_action(case),
            )
        )
    for _, items in queue.sections():
        items.sort(key=lambda i: i.sort_key)
    return queue


def add_dash_action(case: SafeguardingCase) -> tuple[str, str]:
    """Where a new DASH assessment of this case is recorded (the case filled in)."""
    return ("Add a DASH assessment", f"{reverse('safeguarding:riskassessment_add')}?case={case.pk}")


def refer_to_marac_action(case: SafeguardingCase) -> tuple[str, str]:
    """Where this case's MARAC referral is recorded (the case filled in)."""
    return ("Refer to MARAC", f"{reverse('safeguarding:maracreferral_add')}?case={case.pk}")


def retention_action() -> tuple[str, str]:
    return ("Retention review", reverse("safeguarding:retention"))


@dataclass(frozen=True)
class CaseNeed:
    """Something a case needs doing now, shown at the top of its page with the way to do it."""

    text: str
    action: tuple[str, str]


def case_needs(
    case: SafeguardingCase, user: Any, *, now: dt.datetime | None = None
) -> list[CaseNeed]:
    """What the work queue would flag on this case, each with its action: a high-risk case
    with no MARAC referral since its latest DASH (refer to MARAC); an open case with no DASH
    at all, or whose case review is overdue (add a DASH); a closed case at its retention
    review. The same rules as ``work_queue``, for one case."""
    now = deadlines.local(now or timezone.now())
    needs = []
    if case.status == CaseStatus.OPEN:
        if any(c.pk == case.pk for c in high_risk_without_marac(user, cases=[case.pk])):
            needs.append(
                CaseNeed(
                    "The latest DASH assessment is high risk and the case has no MARAC "
                    "referral since.",
                    refer_to_marac_action(case),
                )
            )
        if not case.risk_assessments.exists():
            needs.append(CaseNeed("No DASH assessment is recorded.", add_dash_action(case)))
        elif case.review_date and case.review_date < now.date():
            needs.append(
                CaseNeed(
                    f"The case review was due on {formatting.date(case.review_date)}.",
                    add_dash_action(case),
                )
            )
    elif case.review_date and case.review_date <= now.date():
        needs.append(
            CaseNeed(
                f"The retention review was due on {formatting.date(case.review_date)}.",
                retention_action(),
            )
        )
    return needs


def high_risk_without_marac(user: Any, *, cases: list[int] | None = None) -> list[SafeguardingCase]:
    """Open cases whose latest DASH assessment is high risk and that have no MARAC referral on
    or after the day of that assessment (each returned with ``high_risk_at``); ``cases``
    limits the search to those case ids."""
    found = []
    candidates = cases_for(user).filter(status=CaseStatus.OPEN)
    if cases is not None:
        candidates = candidates.filter(pk__in=cases)
    for case in candidates.prefetch_related("risk_assessments", "marac_referrals"):
        assessments = sorted(case.risk_assessments.all(), key=lambda a: (a.assessed_at, a.pk))
        if not assessments or assessments[-1].level != RiskLevel.HIGH:
            continue
        latest = assessments[-1]
        day = deadlines.local(latest.assessed_at).date()
        if not any(r.referred_on >= day for r in case.marac_referrals.all()):
            case.high_risk_at = latest.assessed_at
            found.append(case)
    return found


def retention_queue(user: Any, *, today: dt.date | None = None) -> QuerySet:
    """Closed cases whose retention review date has come."""
    today = today or timezone.localdate()
    return (
        cases_for(user)
        .filter(status=CaseStatus.CLOSED, review_date__lte=today)
        .order_by("review_date")
    )


#: What the officer does about each kind of order deadline, and where (on the order's page
#: the next lifecycle step is recorded; a notification received is recorded on its edit page).
ORDER_ACTIONS = {
    "hearing deadline": "Record the hearing outcome",
    "hearing listed": "Record the hearing outcome",
    "expires": "Open the order",
    "notification": "Record the notification",
}


def _item(
    kind: str, due: dt.datetime, order: ProtectionOrder, now: dt.datetime, text: str
) -> QueueItem:
    url = order.get_absolute_url()
    where = f"{url}edit/" if kind == "notification" else f"{url}#next-step"
    return QueueItem(
        kind=kind,
        due=deadlines.local(due),
        reference=order.reference,
        case_reference=order.case.reference,
        text=text,
        overdue=due < now,
        url=url,
        subject=order,
        case_url=order.case.get_absolute_url(),
        urgency=urgency(due, now),
        remaining=time_remaining(due, now),
        action=(ORDER_ACTIONS[kind], where) if kind != "expires" else None,
    )


def _as_datetime(value: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return deadlines.local(value)
    return deadlines.start_of_day(value)


def digest_text(queue: WorkQueue) -> str:
    """The digest e-mail: references and deadlines only, never a victim's name or address;
    each line says how urgent it is and how long is left, as the page does."""
    lines = [
        f"Safeguarding work queue, {formatting.datetime(queue.generated_at)} "
        f"(next {_amount(queue.days, 'day')}): {_amount(len(queue), 'item')}.",
        "",
    ]
    for label, items in queue.sections():
        lines.append(f"{label} ({len(items):,})")
        for item in items:
            lines.append(
                f"- {item.reference} (case {item.case_reference}): {item.text} "
                f"{item.due_display}: {item.urgency.label.upper()}, {item.remaining}"
            )
        if not items:
            lines.append("- none")
        lines.append("")
    return "\n".join(lines)


# --- measures -------------------------------------------------------------------------------


def _month(moment: dt.datetime | dt.date) -> str:
    if isinstance(moment, dt.datetime):
        moment = deadlines.local(moment).date()
    return f"{moment.year:04d}-{moment.month:02d}"


def _month_end(month: str) -> dt.date:
    year, mon = periods.month_parts(month)
    first_next = dt.date(year + (mon == 12), 1 if mon == 12 else mon + 1, 1)
    return first_next - dt.timedelta(days=1)


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` (strict YYYY-MM, at most params.MAX_MONTHS)."""
    first, last = params.month_range(first, last)
    return list(periods.iter_months(first, last))


MEASURE_FIELDS = (
    "repeat_victims",
    "victims_with_incidents",
    "orders_applied",
    "orders_granted",
    "breaches",
    "notice_to_order_hours_median",
    "high_risk_cases",
    "high_risk_referred",
)


def measures(user: Any, *, first_month: str, last_month: str) -> list[dict[str, Any]]:
    """The register's measures by month and district (district '' = not recorded), plus an
    'All districts' row per month. Definitions (docs/safeguarding.md):

    - repeat_victims: victims with two or more incidents in the 12 months ending with the
      month (victims_with_incidents: with at least one), counted in the district of the case;
    - orders_applied / orders_granted: police applications and grants in the month (notices
      count when authorised, third-party orders are not the police's and are left out);
    - breaches: breaches that occurred in the month;
    - notice_to_order_hours_median: hours from a DVPN/DAPN's service to the decision on the
      order applied for after it, for decisions in the month;
    - high_risk_cases: cases with a DASH assessment at high level (after any override) in the
      month; high_risk_referred: of those, the ones with a MARAC referral on or after the day
      of that assessment.
    """
    months = months_between(first_month, last_month)
    cells: dict[tuple[str, str | None], dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    case_ids = list(cases_for(user).values_list("pk", flat=True))
    district_of = dict(
        SafeguardingCase._base_manager.filter(pk__in=case_ids).values_list("pk", "district")
    )
    victim_of = dict(
        SafeguardingCase._base_manager.filter(pk__in=case_ids).values_list("pk", "victim_id")
    )

    incidents = list(
        Incident._base_manager.filter(case_id__in=case_ids).values_list("case_id", "occurred_at")
    )
    for month in months:
        end = deadlines.end_of_day(_month_end(month))
        start = deadlines.start_of_day(
            deadlines.anniversary(_month_end(month), -1) + dt.timedelta(days=1)
        )
        per_victim: dict[tuple[str, int], int] = defaultdict(int)
        for case_id, occurred in incidents:
            if start <= occurred < end:
                per_victim[(district_of[case_id], victim_of[case_id])] += 1
        for (district, _victim), count in per_victim.items():
            cells[(month, district)]["victims_with_incidents"] += 1
            if count >= 2:
                cells[(month, district)]["repeat_victims"] += 1
    # A victim with cases in two districts counts once in 'All districts': recount there.
    for month in months:
        end = deadlines.end_of_day(_month_end(month))
        start = deadlines.start_of_day(
            deadlines.anniversary(_month_end(month), -1) + dt.timedelta(days=1)
        )
        per_victim_all: dict[int, int] = defaultdict(int)
        for case_id, occurred in incidents:
            if start <= occurred < end:
                per_victim_all[victim_of[case_id]] += 1
        cells[(month, None)]["victims_with_incidents"] = len(per_victim_all)
        cells[(month, None)]["repeat_victims"] = sum(1 for c in per_victim_all.values() if c >= 2)

    police_orders = ProtectionOrder._base_manager.filter(case_id__in=case_ids).exclude(
        kind__in=[OrderKind.NON_MOLESTATION, OrderKind.RESTRAINING]
    )
    for case_id, applied_at in police_orders.exclude(applied_at=None).values_list(
        "case_id", "applied_at"
    ):
        _count(cells, _month(applied_at), district_of[case_id], "orders_applied")
    granted = police_orders.exclude(decided_at=None).exclude(status__in=["refused", "withdrawn"])
    for case_id, decided_at in granted.values_list("case_id", "decided_at"):
        _count(cells, _month(decided_at), district_of[case_id], "orders_granted")
    for case_id, occurred in Breach._base_manager.filter(order__case_id__in=case_ids).values_list(
        "order__case_id", "occurred_at"
    ):
        _count(cells, _month(occurred), district_of[case_id], "breaches")

    waits: dict[tuple[str, str | None], list[float]] = defaultdict(list)
    followed = police_orders.exclude(notice=None).exclude(decided_at=None).select_related("notice")
    for order in followed:
        if order.notice.served_at is None:
            continue
        hours = (order.decided_at - order.notice.served_at).total_seconds() / 3600
        for key in (district_of[order.case_id], None):
            waits[(_month(order.decided_at), key)].append(hours)
    for (month, key), values in waits.items():
        cells[(month, key)]["notice_to_order_hours_median"] = round(median(values), 1)

    referrals: dict[int, list[dt.date]] = defaultdict(list)
    for case_id, referred_on in MaracReferral._base_manager.filter(
        case_id__in=case_ids
    ).values_list("case_id", "referred_on"):
        referrals[case_id].append(referred_on)
    high: dict[tuple[str, int], dt.date] = {}
    for assessment in RiskAssessment._base_manager.filter(case_id__in=case_ids).order_by(
        "assessed_at"
    ):
        if assessment.level != RiskLevel.HIGH:
            continue
        day = deadlines.local(assessment.assessed_at).date()
        high.setdefault((_month(day), assessment.case_id), day)
    for (month, case_id), day in high.items():
        referred = any(r >= day for r in referrals[case_id])
        _count(cells, month, district_of[case_id], "high_risk_cases")
        if referred:
            _count(cells, month, district_of[case_id], "high_risk_referred")

    districts = sorted({d for d in district_of.values()})
    rows = []
    for month in months:
        for district in [None, *districts]:
            cell = cells.get((month, district), {})
            if district is not None and not any(cell.values()):
                continue
            row: dict[str, Any] = {
                "month": month,
                "district": "All districts" if district is None else (district or "(not recorded)"),
            }
            for name in MEASURE_FIELDS:
                row[name] = cell.get(name, None if name == "notice_to_order_hours_median" else 0)
            cases = row["high_risk_cases"]
            row["high_risk_referred_share"] = (
                round(row["high_risk_referred"] / cases, 3) if cases else None
            )
            rows.append(row)
    return rows


#: The measures drawn on the monthly trend chart, in words (counts of events in the month).
CHART_MEASURES = (
    ("orders_applied", "Orders applied"),
    ("orders_granted", "Orders granted"),
    ("breaches", "Breaches"),
    ("repeat_victims", "Repeat victims"),
    ("high_risk_cases", "High-risk cases"),
    ("high_risk_referred", "High-risk cases referred to MARAC"),
)


def month_label(month: str) -> str:
    """``2026-03`` as people write it: ``Mar 2026``."""
    year, mon = (int(x) for x in month.split("-"))
    return dt.date(year, mon, 1).strftime("%b %Y")


def measures_chart_spec(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A Vega-Lite chart of the 'All districts' counts by month: one small line chart per
    measure, titled with its name (so no line hides another and nothing rests on colour),
    all on the same count scale. The same figures are the table's 'All districts' rows."""
    points = [
        {"month": f"{row['month']}-01", "measure": label, "count": row[name]}
        for row in rows
        if row["district"] == "All districts"
        for name, label in CHART_MEASURES
    ]
    if not points:
        return None
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": "Safeguarding measures per month, all districts, one panel per measure.",
        "data": {"values": points},
        "facet": {
            "field": "measure",
            "type": "nominal",
            "title": None,
            "sort": [label for _, label in CHART_MEASURES],
            "header": {"labelFontSize": 13, "labelFontWeight": "bold"},
        },
        "columns": 3,
        "spec": {
            "width": 260,
            "height": 120,
            "mark": {"type": "line", "point": {"filled": True, "size": 40}, "color": "#1d70b8"},
            "encoding": {
                "x": {
                    "field": "month",
                    "type": "temporal",
                    "timeUnit": "yearmonth",
                    "title": None,
                    "axis": {"format": "%b %Y", "labelAngle": -40, "tickCount": "month"},
                },
                "y": {
                    "field": "count",
                    "type": "quantitative",
                    "title": "Count",
                    "axis": {"format": ",d", "tickMinStep": 1},
                },
            },
        },
    }


def _count(cells: dict, month: str, district: str, name: str) -> None:
    for key in (district, None):
        cells[(month, key)][name] += 1


__all__ = [
    "CaseNeed",
    "QueueItem",
    "Urgency",
    "WorkQueue",
    "case_needs",
    "cases_for",
    "digest_text",
    "high_risk_without_marac",
    "measures",
    "measures_chart_spec",
    "month_label",
    "orders_for",
    "record_queue_reads",
    "record_victim_read",
    "retention_queue",
    "time_remaining",
    "urgency",
    "work_queue",
]


def team_figures(start: Any, end: Any) -> list[Any]:
    """The register's year in numbers for the dashboard and annual report: counts only, each
    under 5 suppressed (None), so that no victim can be picked out of a published figure."""
    from django.db.models import Count

    from prevhub.core.registry import TeamFigure
    from prevhub.safeguarding.models import Breach, MaracReferral, ProtectionOrder, SafeguardingCase

    def shown(n: int) -> int | None:
        return n if n >= 5 else None

    cases = SafeguardingCase.objects.filter(opened_on__gte=start, opened_on__lt=end).count()
    made = ProtectionOrder.objects.filter(made_on__gte=start, made_on__lt=end)
    breaches = Breach.objects.filter(occurred_at__date__gte=start, occurred_at__date__lt=end)
    marac = MaracReferral.objects.filter(referred_on__gte=start, referred_on__lt=end).count()
    if not (cases or made.exists() or breaches.exists() or marac):
        return []
    lines = [
        TeamFigure("Victims' cases opened", shown(cases)),
        TeamFigure("MARAC referrals", shown(marac)),
    ]
    by_kind = dict(made.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    for kind in OrderKind:
        if by_kind.get(kind.value):
            lines.append(TeamFigure(f"{kind.label} made", shown(by_kind[kind.value])))
    lines.append(
        TeamFigure(
            "Breaches of notices and orders recorded",
            shown(breaches.count()),
            caveat="a breach is recorded when the force learns of it",
        )
    )
    return lines
