"""Reads of the suicide prevention register beyond ``restrict()``: the monthly surveillance
report (aggregates, small numbers suppressed), the cluster alert, the retention queue and the
team's figures. The statistics are the crime library's (prevhub.crime.find.spacetime,
prevhub.crime.disclosure); this module only gathers the records."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db.models import Max, QuerySet
from django.utils import timezone

from prevhub.core import roles
from prevhub.core.access import CHANGE, VIEW
from prevhub.crime import periods
from prevhub.crime.disclosure import MARK, suppress, suppress_total
from prevhub.suicide_prevention import conf, services
from prevhub.suicide_prevention.choices import (
    AgeBand,
    Consent,
    Kind,
    Method,
    Sex,
    Status,
)
from prevhub.suicide_prevention.models import LocationMeasure, SurveillanceRecord

#: The three groups the report keeps apart: a suspected death is never a concluded suicide.
GROUPS: tuple[tuple[str, str], ...] = (
    ("concluded", "Suicides concluded by the coroner"),
    ("suspected", "Suspected suicides awaiting the coroner"),
    ("attempts", "Attempts"),
)
DIMENSIONS: tuple[tuple[str, str, list[tuple[str, str]]], ...] = (
    ("age_band", "Age band", list(AgeBand.choices)),
    ("sex", "Sex", list(Sex.choices)),
    ("method", "Method", list(Method.choices)),
)


def group_of(record: SurveillanceRecord) -> str | None:
    """Which report group a record counts in: only a coroner's conclusion of suicide counts
    as a concluded suicide; a suspected death counts as suspected only; other conclusions
    (narrative, open, accident...) and deaths ruled out count in neither."""
    if record.kind == Kind.ATTEMPT:
        return "attempts"
    if record.status == Status.SUICIDE:
        return "concluded"
    if record.status == Status.SUSPECTED:
        return "suspected"
    return None


def may_read_aggregates(user: Any) -> bool:
    """The lead and the hub lead read the report (aggregates); nobody else, partners never."""
    return (
        user is not None
        and user.is_authenticated
        and not user.is_partner
        and bool(user.role_slugs & {roles.SUICIDE_PREVENTION, roles.HUB_LEAD})
    )


def month_of(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return f"{local.year:04d}-{local.month:02d}"


def month_label(month: str) -> str:
    year, mon = periods.month_parts(month)
    return dt.date(year, mon, 1).strftime("%b %Y")


def default_months(today: dt.date | None = None) -> tuple[str, str]:
    """The twelve months to this one."""
    today = today or timezone.localdate()
    last = f"{today.year:04d}-{today.month:02d}"
    return periods.add_months(last, -11), last


@dataclass(frozen=True)
class ReportTable:
    """One table of the report: months down, categories across, totals as the last row and
    column; ``cells`` as published (None = withheld)."""

    group: str
    group_label: str
    dimension: str
    dimension_label: str
    months: list[str]
    categories: list[tuple[str, str]]
    cells: list[list[int | None]]
    withheld: int

    def rows(self) -> list[dict[str, Any]]:
        labels = [month_label(m) for m in self.months] + ["All months"]
        return [
            {"label": label, "cells": row[:-1], "total": row[-1]}
            for label, row in zip(labels, self.cells, strict=True)
        ]


@dataclass
class MonthlyReport:
    first: str
    last: str
    months: list[str]
    tables: list[ReportTable] = field(default_factory=list)
    monthly: dict[str, list[int | None]] = field(default_factory=dict)  # group -> per month
    threshold: int = 5

    def table(self, group: str, dimension: str) -> ReportTable:
        return next(t for t in self.tables if t.group == group and t.dimension == dimension)


def _records_between(first: str, last: str) -> list[SurveillanceRecord]:
    """Every record in the months (aggregates only: the caller checked may_read_aggregates)."""
    start_year, start_month = periods.month_parts(first)
    end = periods.add_months(last, 1)
    end_year, end_month = periods.month_parts(end)
    tz = timezone.get_current_timezone()
    since = dt.datetime(start_year, start_month, 1, tzinfo=tz)
    until = dt.datetime(end_year, end_month, 1, tzinfo=tz)
    return list(
        SurveillanceRecord._base_manager.filter(occurred_at__gte=since, occurred_at__lt=until)
    )


def monthly_report(*, first: str, last: str, threshold: int | None = None) -> MonthlyReport:
    """Counts by month and age band, sex and method for each group, suppressed (crime.
    disclosure: 1 to threshold-1 withheld, with secondary suppression)."""
    threshold = threshold or conf.suppress_below()
    months = list(periods.iter_months(first, last))
    index = {m: k for k, m in enumerate(months)}
    records = _records_between(first, last)
    report = MonthlyReport(first=first, last=last, months=months, threshold=threshold)
    for group, group_label in GROUPS:
        mine = [r for r in records if group_of(r) == group]
        per_month = Counter(month_of(r.occurred_at) for r in mine)
        report.monthly[group] = [
            suppress_total(per_month.get(m, 0), threshold=threshold) for m in months
        ]
        for dimension, dimension_label, categories in DIMENSIONS:
            column = {value: k for k, (value, _label) in enumerate(categories)}
            inner = np.zeros((len(months), len(categories)), dtype=np.int64)
            for r in mine:
                inner[index[month_of(r.occurred_at)], column[getattr(r, dimension)]] += 1
            table = suppress(inner, threshold=threshold)
            report.tables.append(
                ReportTable(
                    group=group,
                    group_label=group_label,
                    dimension=dimension,
                    dimension_label=dimension_label,
                    months=months,
                    categories=[(v, str(lab)) for v, lab in categories],
                    cells=table.shown(),
                    withheld=int(table.withheld.sum()),
                )
            )
    return report


def report_csv_rows(report: MonthlyReport) -> tuple[list[str], list[list[Any]]]:
    """The report as one long table: group, breakdown, month, category, count ("[c]" where
    withheld), totals included as "All"."""
    head = ["group", "breakdown", "month", "category", "count"]
    rows: list[list[Any]] = []
    for t in report.tables:
        months = [*t.months, "All"]
        categories = [label for _v, label in t.categories] + ["All"]
        for month, line in zip(months, t.cells, strict=True):
            for category, value in zip(categories, line, strict=True):
                rows.append(
                    [t.group_label, t.dimension_label, month, category,
                     MARK if value is None else value]
                )  # fmt: skip
    return head, rows


def report_chart_spec(report: MonthlyReport) -> dict[str, Any] | None:
    """Vega-Lite: one small bar chart per group (concluded, suspected, attempts), counts per
    month; withheld months are drawn as no bar and listed in the table."""
    points = [
        {"month": f"{m}-01", "group": label, "count": value}
        for group, label in GROUPS
        for m, value in zip(report.months, report.monthly[group], strict=True)
        if value is not None
    ]
    if not points:
        return None
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": "Surveillance counts per month, one panel per group, small numbers "
        "withheld.",
        "data": {"values": points},
        "facet": {
            "field": "group",
            "type": "nominal",
            "title": None,
            "sort": [label for _g, label in GROUPS],
            "header": {"labelFontSize": 13, "labelFontWeight": "bold"},
        },
        "columns": 3,
        "spec": {
            "width": 240,
            "height": 120,
            "mark": {"type": "bar", "color": "#1d70b8"},
            "encoding": {
                "x": {
                    "field": "month",
                    "type": "ordinal",
                    "timeUnit": "yearmonth",
                    "title": None,
                    "axis": {"format": "%b %Y", "labelAngle": -40},
                },
                "y": {
                    "field": "count",
                    "type": "quantitative",
                    "title": "Count",
                    "axis": {"format": ",d", "tickMinStep": 1},
                },
                "tooltip": [
                    {
                        "field": "month",
                        "type": "temporal",
                        "timeUnit": "yearmonth",
                        "title": "Month",
                        "format": "%b %Y",
                    },
                    {"field": "count", "type": "quantitative", "title": "Count"},
                ],  # fmt: skip
            },
        },
    }


# --- cluster alert ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClusterAlert:
    """The Knox test over the deaths of the look-back period, and the records it links."""

    since: dt.date
    until: dt.date
    test: Any  # prevhub.crime.find.spacetime.SpaceTimeClusterTest
    alpha: float
    references: list[str]  # records in close pairs
    groups: list[list[str]]  # linked records, largest group first
    record_ids: list[int]

    @property
    def alerting(self) -> bool:
        """An alert: p <= alpha and a group of three or more linked deaths (PHE's cluster:
        three or more deaths closer in time and space than expected)."""
        return self.test.p_sim <= self.alpha and bool(self.groups) and len(self.groups[0]) >= 3


def _cluster_records(since: dt.date, until: dt.date) -> list[SurveillanceRecord]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(since, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return list(
        SurveillanceRecord._base_manager.filter(
            kind=Kind.SUSPECTED_SUICIDE,
            status__in=[Status.SUSPECTED, Status.SUICIDE, Status.NARRATIVE, Status.OPEN],
            occurred_at__gte=start,
            occurred_at__lt=end,
        ).order_by("occurred_at", "id")
    )


def cluster_alert(
    *, today: dt.date | None = None, seed: int = 2026, permutations: int = 999
) -> ClusterAlert | None:
    """The Knox test (within conf.cluster_metres() and conf.cluster_days()) over the deaths
    of the last conf.cluster_lookback_days(); None with fewer than three deaths."""
    from prevhub.crime.find.points import to_bng
    from prevhub.crime.find.spacetime import cluster_members, knox_cluster_test

    until = today or timezone.localdate()
    since = until - dt.timedelta(days=conf.cluster_lookback_days())
    records = _cluster_records(since, until)
    if len(records) < 3:
        return None
    x, y = to_bng(np.array([r.longitude for r in records]), np.array([r.latitude for r in records]))
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    t = np.array([(r.occurred_at - epoch).total_seconds() / 86400.0 for r in records])
    test = knox_cluster_test(
        x,
        y,
        t,
        within_metres=conf.cluster_metres(),
        within_days=conf.cluster_days(),
        permutations=permutations,
        seed=seed,
    )
    linked = sorted({k for pair in test.pairs for k in pair})
    return ClusterAlert(
        since=since,
        until=until,
        test=test,
        alpha=conf.cluster_alpha(),
        references=[records[k].reference for k in linked],
        groups=[sorted(records[k].reference for k in g) for g in cluster_members(test.pairs)],
        record_ids=[records[k].pk for k in linked],
    )


def cached_cluster_alert(*, today: dt.date | None = None) -> ClusterAlert | None:
    """The alert for the start page and the area's home, recomputed when a record changes or
    the day turns (the test costs a few milliseconds per hundred deaths, but every page load
    of the start page would pay it)."""
    day = today or timezone.localdate()
    stamp = SurveillanceRecord._base_manager.aggregate(latest=Max("last_updated"))["latest"]
    count = SurveillanceRecord._base_manager.count()
    key = f"suicide-prevention-alert:{day.isoformat()}:{count}:{stamp.isoformat() if stamp else ''}"
    found = cache.get(key)
    if found is None:
        found = ("none", cluster_alert(today=day))
        cache.set(key, found, 24 * 3600)
    return found[1]


def alert_text(alert: ClusterAlert) -> str:
    """The alert e-mail and CLI text: references and the test, never a description."""
    t = alert.test
    lines = [
        f"Possible cluster of suspected suicides, {alert.since.isoformat()} to "
        f"{alert.until.isoformat()}.",
        f"Method: {t.method}.",
        f"Pairs within {t.within_metres:g} m and {t.within_days:g} days: {t.statistic} "
        f"(expected {t.expected:.2f}); p = {t.p_sim:.3f} ({t.permutations} permutations, "
        f"seed {t.seed}); Poisson approximation p = {t.p_poisson:.3f}.",
        "Linked records: " + "; ".join(", ".join(g) for g in alert.groups),
        "What it cannot tell: why the deaths are close (a shared place, contagion, chance "
        "across many tests); review the records and PHE's cluster guidance.",
    ]
    return "\n".join(lines)


# --- the lead's work --------------------------------------------------------------------------


def retention_queue(user: Any, *, today: dt.date | None = None) -> list[SurveillanceRecord]:
    """Records whose retention has ended, among those the user may change."""
    allowed = set(SurveillanceRecord.objects.restrict(user, CHANGE).values_list("pk", flat=True))
    return [r for r in services.records_retention_due(today=today) if r.pk in allowed]


def home_summary(user: Any) -> dict[str, Any]:
    """The lead's landing page figures (counts of the user's visible records)."""
    visible: QuerySet = SurveillanceRecord.objects.restrict(user, VIEW)
    return {
        "awaiting_coroner": visible.filter(
            kind=Kind.SUSPECTED_SUICIDE, status=Status.SUSPECTED
        ).count(),
        "consent_not_asked": visible.filter(
            kind=Kind.SUSPECTED_SUICIDE, family_consent=Consent.NOT_ASKED
        ).count(),
        "consent_not_referred": visible.filter(
            family_consent=Consent.GIVEN, referred_on__isnull=True
        ).count(),
    }


# --- the map of locations of concern ---------------------------------------------------------

#: Colours of the locations map by incidents in the last 12 months (the key says them in words).
MAP_CLASSES: tuple[tuple[int, int | None, str, str], ...] = (
    (0, 0, "#b1b4b6", "no incident in the last 12 months"),
    (1, 2, "#f47738", "1 or 2 incidents in the last 12 months"),
    (3, None, "#d4351c", "3 or more incidents in the last 12 months"),
)


def locations_map(user: Any, *, today: dt.date | None = None) -> dict[str, Any]:
    """The locations of concern the user may see as GeoJSON points (public places only: a
    record's own point is never mapped), coloured by the incidents there in 12 months."""
    from django.db.models import Count, Q

    from prevhub.suicide_prevention.models import LocationOfConcern

    today = today or timezone.localdate()
    since = dt.datetime.combine(
        today - dt.timedelta(days=365), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    locations = LocationOfConcern.objects.restrict(user, VIEW).annotate(
        recent=Count("records", filter=Q(records__occurred_at__gte=since), distinct=True)
    )
    features, legend = [], []
    counts = Counter()
    for loc in locations:
        lo_hi = next(
            c for c in MAP_CLASSES if loc.recent >= c[0] and (c[1] is None or loc.recent <= c[1])
        )
        counts[lo_hi[2]] += 1
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [loc.longitude, loc.latitude]},
                "properties": {
                    "colour": lo_hi[2],
                    "label": f"{loc.name}: {loc.recent} incident(s) in the last 12 months",
                },
            }
        )
    for _lo, _hi, colour, words in MAP_CLASSES:
        legend.append({"colour": colour, "label": words, "cells": counts[colour]})
    return {
        "features": {"type": "FeatureCollection", "features": features},
        "legend": legend,
        "total": len(features),
        "shown": len(features),
        "place": "location",
        "rows": [(loc, loc.recent) for loc in locations],
    }


# --- the hub lead's year in numbers -----------------------------------------------------------


def team_figures(*, start: dt.date, end: dt.date) -> list[Any]:
    """Aggregates for start <= day < end, each count under the threshold withheld (left out,
    with a caveat on the lines shown); concluded and suspected kept apart."""
    from prevhub.core.registry import TeamFigure

    tz = timezone.get_current_timezone()
    records = list(
        SurveillanceRecord._base_manager.filter(
            occurred_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            occurred_at__lt=dt.datetime.combine(end, dt.time.min, tzinfo=tz),
        )
    )
    measures = LocationMeasure._base_manager.filter(started_on__gte=start, started_on__lt=end)
    if not records and not measures.exists():
        return []
    threshold = conf.suppress_below()
    counts = Counter(group_of(r) for r in records)
    referred = sum(1 for r in records if r.referred_on is not None)
    lines = [
        ("Suicides concluded by the coroner", counts["concluded"],
         "Deaths of the period whose inquest has concluded suicide; later inquests add to it."),
        ("Suspected suicides awaiting the coroner", counts["suspected"],
         "Not a count of suicides: the coroner may conclude otherwise."),
        ("Attempts recorded", counts["attempts"],
         "Only attempts the force attended; most are never known to the police."),
        ("Bereaved families referred to support", referred,
         "Referrals with the family's consent."),
        ("Measures started at locations of concern", measures.count(),
         "Signage, barriers, patrols and training; not evidence that they worked."),
    ]  # fmt: skip
    withheld = [label for label, value, _c in lines if suppress_total(value, threshold=threshold)
                is None]  # fmt: skip
    note = f" Counts from 1 to {threshold - 1} are withheld" + (
        f" ({', '.join(withheld).lower()})." if withheld else "."
    )
    return [
        TeamFigure(label=label, value=value, caveat=caveat + note)
        for label, value, caveat in lines
        if suppress_total(value, threshold=threshold) is not None
    ]
