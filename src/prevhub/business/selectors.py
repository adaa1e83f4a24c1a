"""Reads of the Safer Business register beyond ``restrict()``: the crime around premises, the
home page's figures, the team's year in numbers, and the deployments to a problem.

The crime counting is the library's (:mod:`prevhub.crime.around`); this module only chooses
which businesses are visited and which are the comparison, for the user's own view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.urls import reverse

from prevhub.business import conf
from prevhub.business.models import ActionDay, Business, Recommendation, SecuritySurvey
from prevhub.core.access import VIEW
from prevhub.core.registry import Deployment, TeamFigure
from prevhub.crime import around
from prevhub.crime.periods import add_months
from prevhub.errors import PrevhubError

#: Cells under this many are suppressed in the team's figures (the hub's rule for aggregates).
SUPPRESS_BELOW = 5

CRIME_SETS = {
    "shoplifting": around.SHOPLIFTING,
    "business": around.SHOPLIFTING + around.OTHER_BUSINESS_TYPES,
}
CRIME_WORDS = {
    "shoplifting": "shoplifting",
    "business": "shoplifting, burglary, robbery, criminal damage and arson and other theft",
}


def open_store() -> Any:
    from prevhub.crime.store import CrimeStore
    from prevhub.paths import crime_store_path

    return CrimeStore(crime_store_path(), read_only=True)


@dataclass
class AroundPage:
    """What the crime-around-premises page shows for one action day."""

    action_day: ActionDay | None
    radius_m: int | None = None
    lsoa: bool = False
    months: int = 0
    crimes: str = "shoplifting"
    before: tuple[str, str] | None = None
    after: tuple[str, str] | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)
    comparison: dict[str, Any] | None = None
    area: dict[str, Any] | None = None
    repeats: dict[str, int] | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    features: dict[str, Any] | None = None

    @property
    def period_words(self) -> str:
        if not self.before or not self.after:
            return ""
        from prevhub.insights.selectors import period_words

        return f"{period_words(self.before)} before and {period_words(self.after)} after"

    @property
    def crime_words(self) -> str:
        return CRIME_WORDS[self.crimes]


def _window(loaded: set[str], month: str, wanted: int) -> int:
    """The longest k up to `wanted` with the k months either side of `month` all loaded."""
    k = 0
    while (
        k < wanted and add_months(month, -(k + 1)) in loaded and add_months(month, k + 1) in loaded
    ):
        k += 1
    return k


def around_page(
    user: Any,
    action_day: ActionDay | None,
    *,
    radius_m: int | None = None,
    lsoa: bool = False,
    months: int | None = None,
    crimes: str = "shoplifting",
) -> AroundPage:
    """Crime around each business the user may see, before and after `action_day`: the
    businesses it visited against those it did not, and its area against the rest of the
    district (``user`` None: every business, for the command line). The window is the
    longest up to `months` (default setting) that the store holds whole on both sides; the
    day's own month is in neither."""
    radius_m = None if lsoa else (radius_m or conf.default_radius_m())
    page = AroundPage(action_day, radius_m=radius_m, lsoa=lsoa, crimes=crimes)
    if action_day is None:
        page.error = "No action day recorded yet: record one to compare before and after."
        return page
    force = conf.police_force()
    every = Business.objects.all() if user is None else Business.objects.restrict(user, VIEW)
    businesses = list(every.order_by("name", "pk"))
    visited = set(action_day.businesses_visited.values_list("pk", flat=True))
    month = action_day.month()
    try:
        with open_store() as store:
            loaded = set(store.loaded_months(force))
            k = _window(loaded, month, months or conf.default_months())
            if k == 0:
                page.error = (
                    f"The crime store does not hold the months either side of {month} for "
                    f"{force}: load them (prevhub fetch / ingest) to compare."
                )
                return page
            page.months = k
            before = (add_months(month, -k), add_months(month, -1))
            after = (add_months(month, 1), add_months(month, k))
            page.before, page.after = before, after
            sites = [around.Site(str(b.pk), b.longitude, b.latitude) for b in businesses]
            result = around.crimes_around(
                store, sites, force=force, before=before, after=after, radius_m=radius_m,
                lsoa=lsoa, crime_types=CRIME_SETS[crimes],
                offence_codes=around.BUSINESS_OFFENCE_CODES,
            )  # fmt: skip
            treated = [str(b.pk) for b in businesses if b.pk in visited]
            comparison = [str(b.pk) for b in businesses if b.pk not in visited]
            if treated:
                page.comparison = around.compare_groups(result, treated, comparison).to_dict()
            page.area = around.area_and_rest_of_district(
                store,
                around.Site("area", action_day.longitude, action_day.latitude),
                force=force, before=before, after=after, radius_m=action_day.radius_m,
                crime_types=CRIME_SETS[crimes],
            )  # fmt: skip
            page.repeats = around.repeat_victim_locations(
                store, [b.crime_location_id for b in businesses], force=force,
                period=(before[0], after[1]),
            )  # fmt: skip
    except PrevhubError as exc:
        page.error = str(exc)
        return page
    page.warnings = result.warnings
    counts = result.by_key()
    for b in businesses:
        c = counts[str(b.pk)]
        page.rows.append(
            {
                "business": b,
                "visited": b.pk in visited,
                "before": c.before,
                "after": c.after,
                "change": c.change,
                "repeat": (page.repeats or {}).get(b.crime_location_id),
            }
        )
    page.features = _features(page.rows, action_day)
    return page


def visit_figures(user: Any, business: Business) -> dict[str, Any]:
    """Shoplifting around one business before and after each of its security surveys (the
    visit), against the businesses the user may see that were never surveyed, at the default
    distance; the window as on the crime-around page. An error in words when the store cannot
    answer."""
    surveys = list(business.surveys.restrict(user, VIEW).order_by("surveyed_on"))  # type: ignore[attr-defined]
    if not surveys:
        return {"rows": [], "error": None}
    force = conf.police_force()
    radius = conf.default_radius_m()
    others = list(
        Business.objects.restrict(user, VIEW).filter(surveys__isnull=True).exclude(pk=business.pk)
    )
    rows = []
    try:
        with open_store() as store:
            loaded = set(store.loaded_months(force))
            for survey in surveys:
                month = f"{survey.surveyed_on:%Y-%m}"
                k = _window(loaded, month, conf.default_months())
                if k == 0:
                    rows.append({"survey": survey, "months": 0})
                    continue
                before = (add_months(month, -k), add_months(month, -1))
                after = (add_months(month, 1), add_months(month, k))
                sites = [
                    around.Site(str(b.pk), b.longitude, b.latitude) for b in [business, *others]
                ]
                result = around.crimes_around(
                    store, sites, force=force, before=before, after=after, radius_m=radius
                )
                c = around.compare_groups(result, [str(business.pk)], [str(b.pk) for b in others])
                from prevhub.insights.selectors import period_words

                rows.append({"survey": survey, "months": k, "before": period_words(before),
                             "after": period_words(after),
                             "comparison": c.to_dict()})  # fmt: skip
    except PrevhubError as exc:
        return {"rows": [], "error": str(exc)}
    return {"rows": rows, "error": None, "radius_m": radius}


VISITED_COLOUR, UNVISITED_COLOUR, AREA_COLOUR = "#1d70b8", "#b1b4b6", "#d4351c"


def _features(rows: list[dict[str, Any]], day: ActionDay) -> dict[str, Any]:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [day.longitude, day.latitude]},
            "properties": {
                "colour": AREA_COLOUR,
                "label": f"Centre of the action day's area ({day.area_name}, "
                f"{day.radius_m} m around)",
            },
        }
    ]
    for r in rows:
        b = r["business"]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [b.longitude, b.latitude]},
                "properties": {
                    "colour": VISITED_COLOUR if r["visited"] else UNVISITED_COLOUR,
                    "label": f"{b.name} ({'visited' if r['visited'] else 'not visited'}): "
                    f"{r['before']} before, {r['after']} after",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def legend(page: AroundPage) -> list[dict[str, Any]]:
    visited = sum(1 for r in page.rows if r["visited"])
    return [
        {"colour": VISITED_COLOUR, "label": "business visited on the day", "cells": visited},
        {
            "colour": UNVISITED_COLOUR,
            "label": "business not visited",
            "cells": len(page.rows) - visited,
        },
        {"colour": AREA_COLOUR, "label": "centre of the day's area", "cells": 1},
    ]


# --- the home page --------------------------------------------------------------------------


def home(user: Any) -> dict[str, Any]:
    businesses = Business.objects.restrict(user, VIEW)
    surveys = SecuritySurvey.objects.restrict(user, VIEW)
    recs = Recommendation.objects.restrict(user, VIEW)
    days = ActionDay.objects.restrict(user, VIEW)
    from django.utils import timezone

    today = timezone.localdate()
    return {
        "businesses": businesses.count(),
        "surveys": surveys.count(),
        "follow_ups_due": surveys.filter(followed_up_on__isnull=True, follow_up_due__lte=today)
        .select_related("business")
        .order_by("follow_up_due")[:20],
        "recommendations": recs.count(),
        "recommendations_done": recs.filter(done_on__isnull=False).count(),
        "action_days": days.order_by("-starts_on")[:5],
        "action_day_count": days.count(),
        "by_sector": list(businesses.values("sector").annotate(n=Count("id")).order_by("-n")),
    }


def map_features(user: Any) -> dict[str, Any]:
    """Every business the user may see, as points for the home page's map."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [b.longitude, b.latitude]},
                "properties": {
                    "colour": VISITED_COLOUR,
                    "label": f"{b.name}, {b.get_sector_display()}"
                    + (f" ({b.lsoa_name})" if b.lsoa_name else ""),
                },
            }
            for b in Business.objects.restrict(user, VIEW)
        ],
    }


# --- registry hooks -------------------------------------------------------------------------


def _suppressed(value: int) -> int | None:
    return None if 0 < value < SUPPRESS_BELOW else value


def team_figures(*, start: dt.date, end: dt.date) -> list[TeamFigure]:
    """The team's year in numbers: action days and their outcomes, surveys and the share of
    recommendations done (aggregates only; a count from 1 to 4 is left out)."""
    days = ActionDay.objects.filter(starts_on__gte=start, starts_on__lt=end)
    surveys = SecuritySurvey.objects.filter(surveyed_on__gte=start, surveyed_on__lt=end)
    recs = Recommendation.objects.filter(survey__in=surveys)
    if not days.exists() and not surveys.exists():
        return []
    totals = days.aggregate(**{f: Sum(f) for f in ActionDay.OUTCOME_FIELDS})
    figures: list[tuple[str, int, str, str]] = [
        ("Safer Business action days", days.count(), "", ""),
        ("Business visits on action days", totals["visits"] or 0, "", ""),
        ("Items of property marked on action days", totals["property_marked"] or 0, "", ""),
        ("Arrests on action days", totals["arrests"] or 0, "",
         "Arrests are an output, not a fall in crime."),
        ("Intelligence reports from action days", totals["intelligence_submitted"] or 0, "", ""),
        ("Security surveys of business premises", surveys.count(), "", ""),
        ("Survey recommendations made", recs.count(), "", ""),
    ]  # fmt: skip
    out = [
        TeamFigure(label, v, unit, caveat)
        for label, value, unit, caveat in figures
        if (v := _suppressed(value)) is not None and value > 0
    ]
    n = recs.count()
    done = recs.filter(done_on__isnull=False).count()
    if n >= SUPPRESS_BELOW and _suppressed(done) is not None:
        out.append(
            TeamFigure(
                "Survey recommendations done by the follow-up",
                round(100 * done / n, 1),
                "%",
                "Of recommendations made in the period; some follow-ups are not yet due.",
            )
        )
    return out


def problem_deployments(user: Any, problem: Any) -> list[Deployment]:
    """The action days that responded to `problem` (shown to whoever sees the problem: an
    action day holds no personal data), linked only for users who may open the day."""
    from prevhub.core.gate import has_part
    from prevhub.core.registry import registry

    area = registry().areas.get("business")
    may_open = set(
        ActionDay.objects.restrict(user, VIEW).filter(problem=problem).values_list("pk", flat=True)
    )
    if area is None or not has_part(user, area):
        may_open = set()
    out = []
    for day in ActionDay.objects.filter(problem=problem).order_by("starts_on", "pk"):
        out.append(
            Deployment(
                label=f"Safer Business action day: {day.title} ({day.area_name}), "
                f"{day.visits} business visits",
                when=day.starts_on,
                hours=None,
                source="Safer Business",
                url=reverse("business:actionday", args=[day.pk]) if day.pk in may_open else "",
            )
        )
    return out


def visible_visited(user: Any, day: ActionDay) -> Any:
    """The businesses a day visited that this user may see (a partnership sees its members)."""
    return day.businesses_visited.restrict(user, VIEW).order_by("name")  # type: ignore[attr-defined]


def outstanding_recommendations(user: Any) -> Any:
    return Recommendation.objects.restrict(user, VIEW).filter(
        Q(done_on__isnull=True), survey__followed_up_on__isnull=True
    )
