"""Reads of the reoffending register: alerts, the retention queue and the measures.

Selectors take the user and start from ``restrict(user)``; ``user=None`` is the server itself
(the CLI), which prints references only. The measures hand the crime library keyed offender
ids (the store's salt) and get counts back: no crime row enters the register.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from prevhub.core import formatting
from prevhub.core.access import VIEW
from prevhub.core.audit import record_reads
from prevhub.crime import reoffending as library
from prevhub.reoffending import conf, disclosure, services
from prevhub.reoffending.models import CohortMember, CohortReview, CustodySpell


def members_for(user: Any) -> QuerySet:
    if user is None:
        return CohortMember._base_manager.all()
    return CohortMember.objects.restrict(user, VIEW)


@dataclass(frozen=True)
class Alert:
    """A review due or overdue: references and dates only (printed, e-mailed)."""

    member_reference: str
    what: str
    due_on: dt.date
    overdue: bool
    url: str


def alerts(user: Any, *, days: int | None = None, today: dt.date | None = None) -> list[Alert]:
    """Reviews due within `days` (default PREVHUB_REOFFENDING_ALERT_DAYS) or overdue, for the
    members on the cohort now, soonest first; and custody releases expected in that time are
    not known to the register, so they are not guessed."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=conf.alert_days() if days is None else days)
    found: list[Alert] = []
    active = members_for(user).filter(deselected_on__isnull=True)
    for member in active.filter(next_review_on__lte=horizon).order_by("next_review_on", "pk"):
        found.append(
            Alert(
                member.reference,
                "Cohort review",
                member.next_review_on,
                member.next_review_on < today,
                member.get_absolute_url(),
            )
        )
    reviews = (
        CohortReview.objects.restrict(user, VIEW)
        if user is not None
        else CohortReview._base_manager
    )
    for review in (
        reviews.filter(held_on__isnull=True, due_on__lte=horizon, member__in=active)
        .select_related("member")
        .order_by("due_on", "pk")
    ):
        found.append(
            Alert(
                review.member.reference,
                f"CohortReview {review.reference}",
                review.due_on,
                review.due_on < today,
                review.get_absolute_url(),
            )
        )
    return sorted(found, key=lambda a: (a.due_on, a.member_reference, a.what))


def alerts_text(found: list[Alert]) -> str:
    if not found:
        return "No review is due or overdue."
    lines = [f"{len(found)} review(s) due or overdue:"]
    for alert in found:
        state = "OVERDUE" if alert.overdue else "due"
        lines.append(f"  {alert.member_reference}  {alert.what}  {state} {alert.due_on:%d %b %Y}")
    return "\n".join(lines)


def record_alert_reads(found: list[Alert], user: Any) -> None:
    """Showing the alerts shows which members exist: one read per member listed."""
    references = {a.member_reference for a in found}
    members = [m for m in members_for(user).filter(deselected_on__isnull=True)
               if m.reference in references]  # fmt: skip
    record_reads(members, how="alerts")


def retention_queue(user: Any, *, today: dt.date | None = None) -> list[CohortMember]:
    """De-selected members whose retention review has come."""
    today = today or timezone.localdate()
    due = []
    for member in members_for(user).filter(deselected_on__isnull=False).order_by("deselected_on"):
        when = services.retention_due_on(member)
        if when is not None and when <= today:
            due.append(member)
    return due


# --- measures -------------------------------------------------------------------------------


def library_members(store: Any) -> list[library.Member]:
    """Every cohort member as the library needs them: the offender reference keyed with the
    store's salt, the day selected (or reset), custody spells. The server's read, not a user's:
    the figures that come back are aggregates."""
    spells: dict[int, list[library.CustodySpell]] = {}
    for spell in CustodySpell._base_manager.all():
        spells.setdefault(spell.member_id, []).append(
            library.CustodySpell(spell.started_on, spell.released_on)
        )
    members = []
    for member in CohortMember._base_manager.exclude(offender_reference=""):
        members.append(
            library.Member(
                key=store.pseudonym(member.offender_reference),
                selected_on=member.selected_on,
                custody=tuple(spells.get(member.pk, ())),
            )
        )
    return members


def measures_report(*, store_path: Any = None) -> library.ReoffendingReport | None:
    """The cohort's reoffending before and after selection, with the comparison group; None
    when there is no crime store yet."""
    from prevhub.crime.store import CrimeStore
    from prevhub.errors import PrevhubError
    from prevhub.paths import crime_store_path

    path = store_path or crime_store_path()
    try:
        store = CrimeStore(path, read_only=True)
    except PrevhubError:
        return None
    try:
        return library.reoffending_report(
            store.con,
            library_members(store),
            follow_up_years=conf.follow_up_years(),
            comparison_min_offences=conf.comparison_min_offences(),
        )
    finally:
        store.close()


MEASURE_LABELS = {
    library.COHORT: "IOM cohort",
    library.COMPARISON: "Comparison group (eligible, not selected)",
}


def measure_rows(report: library.ReoffendingReport) -> list[dict[str, Any]]:
    """One row per group and window for the page's table, small cells suppressed."""
    rows = []
    for group, result in report.groups.items():
        for window in result.windows:
            suppressed = disclosure.is_suppressed(window.people)
            data = window.to_dict()
            row: dict[str, Any] = {} if suppressed else {**data, **_percentages(data)}
            name = window.window.capitalize()
            row.update(
                {
                    "group": MEASURE_LABELS.get(group, group),
                    "group_key": group,
                    "window": name if window.window == library.BEFORE else f"{name} after",
                    "people": disclosure.shown(window.people),
                    "people_text": disclosure.SUPPRESSED
                    if suppressed
                    else formatting.number(window.people),
                    "incomplete": window.incomplete,
                    "suppressed": suppressed or window.people == 0,
                }
            )
            rows.append(row)
    return rows


def _percentages(data: dict[str, Any]) -> dict[str, Any]:
    """Shares as percentages with one decimal, for reading."""
    found = {}
    for name in ("binary_rate", "binary_low", "binary_high", "neighbourhood_binary_rate"):
        value = data.get(name)
        found[f"{name}_pct"] = None if value is None else round(100 * value, 1)
    return found


def measures_chart_spec(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Binary reoffending rate by window, one bar per group, with its Wilson interval: a
    point-and-rule chart (the interval drawn, so no bar looks more certain than it is)."""
    points = [
        {
            "group": row["group"],
            "window": row["window"],
            "rate": round(100 * row["binary_rate"], 1),
            "low": round(100 * row["binary_low"], 1),
            "high": round(100 * row["binary_high"], 1),
        }
        for row in rows
        if not row["suppressed"] and row.get("binary_rate") is not None
    ]
    if not points:
        return None
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": "Share of people with a recorded offence, by window and group, with "
        "95% Wilson intervals.",
        "data": {"values": points},
        "width": 420,
        "height": 220,
        "encoding": {
            "x": {"field": "window", "type": "ordinal", "title": None, "sort": None},
            "xOffset": {"field": "group"},
            "color": {
                "field": "group",
                "type": "nominal",
                "title": None,
                "scale": {"range": ["#1d70b8", "#f47738"]},
                "legend": {"orient": "bottom"},
            },
        },
        "layer": [
            {
                "mark": {"type": "rule", "strokeWidth": 2},
                "encoding": {
                    "y": {"field": "low", "type": "quantitative"},
                    "y2": {"field": "high"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 80},
                "encoding": {
                    "y": {
                        "field": "rate",
                        "type": "quantitative",
                        "title": "People with a recorded offence (%)",
                        "scale": {"domain": [0, 100]},
                    },
                    "tooltip": [
                        {"field": "group"},
                        {"field": "window"},
                        {"field": "rate", "title": "Rate (%)"},
                        {"field": "low", "title": "Lower 95% (%)"},
                        {"field": "high", "title": "Upper 95% (%)"},
                    ],
                },
            },
        ],
    }
