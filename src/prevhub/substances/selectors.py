"""Reads of the substances register: the measures and the retention queue.

The measures are aggregates for offender managers and the hub lead: rates with Wilson
intervals, time to first appointment, reoffending at 12 months by how the episode ended (the
crime library, as for IOM), and breakdowns by age, sex and ethnicity with the
disproportionality ratio against the eligible population. Cells under 5 are suppressed.
Drug tests on arrest and naloxone are monthly counts that never name a person.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from statistics import median
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils import timezone

from prevhub.core.access import VIEW
from prevhub.crime import reoffending as library
from prevhub.reoffending import disclosure
from prevhub.substances import conf, services
from prevhub.substances.choices import Ethnicity, Outcome, Sex
from prevhub.substances.models import DiversionEpisode, DrugTestCount, NaloxoneSupply

COMPLETERS, NON_COMPLETERS, NOT_DIVERTED = "completed", "not_completed", "not_diverted"
GROUP_LABELS = {
    COMPLETERS: "Completed",
    NON_COMPLETERS: "Accepted, did not complete",
    NOT_DIVERTED: "Eligible, not diverted",
}
AGE_BANDS = ((0, 17, "Under 18"), (18, 24, "18 to 24"), (25, 34, "25 to 34"),
             (35, 44, "35 to 44"), (45, 200, "45 and over"))  # fmt: skip
DIVERTED = frozenset({Outcome.IN_PROGRESS, Outcome.COMPLETED, Outcome.NOT_COMPLETED})
NOT_DIVERTED_OUTCOMES = frozenset({Outcome.NOT_OFFERED, Outcome.DECLINED})


def episodes_for(user: Any) -> QuerySet:
    if user is None:
        return DiversionEpisode._base_manager.all()
    return DiversionEpisode.objects.restrict(user, VIEW)


def retention_queue(user: Any, *, today: dt.date | None = None) -> list[DiversionEpisode]:
    today = today or timezone.localdate()
    return [
        e
        for e in episodes_for(user).order_by("decided_on", "pk")
        if (due := services.retention_due_on(e)) is not None and due <= today
    ]


def rate(count: int, total: int) -> dict[str, Any]:
    """A share with its Wilson interval, as percentages; withheld for small cells."""
    if total == 0:
        return {"count": 0, "total": 0, "pct": None, "low": None, "high": None, "shown": False}
    shown = not (disclosure.is_suppressed(count) or disclosure.is_suppressed(total))
    low, high = library.wilson_interval(count, total)
    return {
        "count": disclosure.shown(count),
        "total": disclosure.shown(total),
        "pct": round(100 * count / total, 1) if shown else None,
        "low": round(100 * low, 1) if shown else None,
        "high": round(100 * high, 1) if shown else None,
        "shown": shown,
    }


def age_band(age: int | None) -> str:
    if age is None:
        return "Not known"
    return next(label for low, high, label in AGE_BANDS if low <= age <= high)


def funnel(episodes: list[DiversionEpisode]) -> dict[str, Any]:
    """Offered of eligible, accepted of offered, completed of those accepted who finished."""
    eligible = [e for e in episodes if e.outcome != Outcome.INELIGIBLE]
    offered = [e for e in eligible if e.offered_on is not None]
    accepted = [e for e in offered if e.accepted]
    finished = [e for e in accepted if e.outcome in (Outcome.COMPLETED, Outcome.NOT_COMPLETED)]
    completed = [e for e in finished if e.outcome == Outcome.COMPLETED]
    return {
        "considered": len(episodes),
        "eligible": len(eligible),
        "offered": rate(len(offered), len(eligible)),
        "accepted": rate(len(accepted), len(offered)),
        "completed": rate(len(completed), len(finished)),
    }


def time_to_first_appointment(episodes: list[DiversionEpisode]) -> dict[str, Any]:
    """Days from referral to the first appointment: median and quartiles (withheld under 5)."""
    waits = sorted(
        (e.first_appointment_on - e.referred_on).days
        for e in episodes
        if e.referred_on and e.first_appointment_on
    )
    if len(waits) < disclosure.MIN_CELL:
        return {"count": disclosure.shown(len(waits)), "median": None, "q1": None, "q3": None}
    half = len(waits) // 2
    lower, upper = waits[:half], waits[(len(waits) + 1) // 2 :]
    return {
        "count": len(waits),
        "median": median(waits),
        "q1": median(lower),
        "q3": median(upper),
    }


def breakdowns(episodes: list[DiversionEpisode]) -> list[dict[str, Any]]:
    """By age band, sex and ethnicity: eligible people, diverted, the diversion rate, and the
    disproportionality ratio — the group's diversion rate divided by the rate of the whole
    eligible population (1: in proportion; below 1: diverted less often). Cells under 5 are
    shown as "fewer than 5" and their ratio withheld."""
    eligible = [e for e in episodes if e.outcome != Outcome.INELIGIBLE]
    diverted_all = sum(1 for e in eligible if e.outcome in DIVERTED)
    overall = diverted_all / len(eligible) if eligible else None
    rows = []
    sex_words, eth_words = dict(Sex.choices), dict(Ethnicity.choices)
    for dimension, key in (
        ("Age at offence", lambda e: age_band(e.age_at_offence())),
        ("Sex", lambda e: str(sex_words.get(e.sex, e.sex))),
        ("Ethnicity", lambda e: str(eth_words.get(e.ethnicity, e.ethnicity))),
    ):
        groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for e in eligible:
            cell = groups[key(e)]
            cell[0] += 1
            cell[1] += 1 if e.outcome in DIVERTED else 0
        for value in sorted(groups):
            n, d = groups[value]
            shown = not (disclosure.is_suppressed(n) or disclosure.is_suppressed(d))
            ratio = (d / n) / overall if shown and n and overall else None
            rows.append(
                {
                    "dimension": dimension,
                    "group": value,
                    "eligible": disclosure.shown(n),
                    "diverted": disclosure.shown(d),
                    "rate_pct": round(100 * d / n, 1) if shown and n else None,
                    "ratio": round(ratio, 2) if ratio is not None else None,
                }
            )
    return rows


def reoffending_groups(episodes: list[DiversionEpisode]) -> list[library.Member]:
    """Completers, non-completers and eligible people not diverted, measured from the day the
    episode was decided, by their offender reference keyed in the store."""
    members = []
    for e in episodes:
        if not e.offender_reference:
            continue
        if e.outcome == Outcome.COMPLETED:
            group = COMPLETERS
        elif e.outcome == Outcome.NOT_COMPLETED:
            group = NON_COMPLETERS
        elif e.outcome in NOT_DIVERTED_OUTCOMES:
            group = NOT_DIVERTED
        else:
            continue
        members.append(library.Member(e.offender_reference, e.decided_on, (), group))
    return members


def reoffending(episodes: list[DiversionEpisode], *, store_path: Any = None) -> list[dict]:
    """Reoffending in the 12 months after the decision, per group (None: no crime store)."""
    from prevhub.crime.store import CrimeStore
    from prevhub.errors import PrevhubError
    from prevhub.paths import crime_store_path

    members = reoffending_groups(episodes)
    try:
        store = CrimeStore(store_path or crime_store_path(), read_only=True)
    except PrevhubError:
        return []
    try:
        keyed = [
            library.Member(store.pseudonym(m.key), m.selected_on, (), m.group) for m in members
        ]
        first, last = library.extract_span(store.con)
        groups = library.measure(
            store.con,
            keyed,
            extract_first=first,
            extract_last=last,
            follow_up_years=conf.follow_up_years(),
        )
    finally:
        store.close()
    rows = []
    for key in (COMPLETERS, NON_COMPLETERS, NOT_DIVERTED):
        result = groups.get(key)
        window = result.window("year 1") if result else library.WindowResult("year 1")
        rows.append(
            {
                "group": GROUP_LABELS[key],
                "group_key": key,
                "binary": rate(window.reoffenders, window.people),
                "frequency": round(window.frequency, 2)
                if window.frequency is not None and not disclosure.is_suppressed(window.people)
                else None,
                "incomplete": window.incomplete,
            }
        )
    return rows


def counts_by_month(*, first: dt.date | None = None) -> list[dict[str, Any]]:
    """Drug tests on arrest and naloxone kits by month (counts; no person in them)."""
    tests = DrugTestCount._base_manager.values("month").annotate(
        tests=Sum("tests"),
        cocaine=Sum("positive_cocaine"),
        opiates=Sum("positive_opiates"),
        both=Sum("positive_both"),
    )
    kits = dict(
        NaloxoneSupply._base_manager.values("month")
        .annotate(kits=Sum("kits"))
        .values_list("month", "kits")
    )
    months: dict[dt.date, dict[str, Any]] = {}
    for row in tests:
        positive = row["cocaine"] + row["opiates"] + row["both"]
        months[row["month"]] = {
            "month": row["month"],
            "tests": row["tests"],
            "positive": positive,
            "positive_rate": rate(positive, row["tests"]),
            "kits": kits.get(row["month"], 0),
        }
    for month, kit_count in kits.items():
        months.setdefault(
            month,
            {"month": month, "tests": 0, "positive": 0, "positive_rate": rate(0, 0),
             "kits": kit_count},
        )  # fmt: skip
    return [months[m] for m in sorted(months) if first is None or m >= first]


def measures(*, store_path: Any = None) -> dict[str, Any]:
    episodes = list(DiversionEpisode._base_manager.select_related("person"))
    return {
        "funnel": funnel(episodes),
        "wait": time_to_first_appointment(episodes),
        "breakdowns": breakdowns(episodes),
        "reoffending": reoffending(episodes, store_path=store_path),
        "counts": counts_by_month(),
    }


def funnel_chart_spec(result: dict[str, Any]) -> dict[str, Any] | None:
    """The three rates with their Wilson intervals (points and rules)."""
    points = [
        {"step": label, "pct": r["pct"], "low": r["low"], "high": r["high"]}
        for label, r in (
            ("Offered (of eligible)", result["offered"]),
            ("Accepted (of offered)", result["accepted"]),
            ("Completed (of finished)", result["completed"]),
        )
        if r["shown"]
    ]
    if not points:
        return None
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": "Diversion rates with 95% Wilson intervals.",
        "data": {"values": points},
        "width": 360,
        "height": 200,
        "encoding": {"x": {"field": "step", "type": "nominal", "title": None, "sort": None}},
        "layer": [
            {
                "mark": {"type": "rule", "strokeWidth": 2, "color": "#1d70b8"},
                "encoding": {
                    "y": {"field": "low", "type": "quantitative"},
                    "y2": {"field": "high"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 80, "color": "#1d70b8"},
                "encoding": {
                    "y": {
                        "field": "pct",
                        "type": "quantitative",
                        "title": "Per cent",
                        "scale": {"domain": [0, 100]},
                    }
                },
            },
        ],
    }
