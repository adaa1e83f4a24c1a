"""Reads of the Reports area: the hub lead's dashboard."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from prevhub.core.cache import cached_on_store
from prevhub.crime.periods import month_from_index, month_index
from prevhub.reports import annual, charts


@dataclass
class Dashboard:
    report: annual.AnnualReport | None
    charts: list[dict[str, Any]] = field(default_factory=list)
    control_charts: list[dict[str, Any]] = field(default_factory=list)
    problems_by_stage: list[tuple[str, int]] = field(default_factory=list)
    error: str = ""


def latest_year(store: Any, force: str) -> tuple[str, str] | None:
    """The last 12 months loaded for the force, when the 12 before them are loaded too."""
    loaded = set(store.loaded_months(force))
    if not loaded:
        return None
    latest = max(loaded)
    start = month_from_index(month_index(latest) - 11)
    return (start, latest)


def dashboard_forces() -> list[str]:
    from prevhub.insights.selectors import measure_forces

    return measure_forces()


def dashboard(force: str | None = None) -> Dashboard:
    """The dashboard's figures for the latest year of ``force`` (default: the first force)."""
    from prevhub.errors import PrevhubError

    try:
        report = cached_on_store("reports-dashboard", {"force": force}, lambda: _compute(force))
    except PrevhubError as exc:  # no store (StoreUnavailable), or not two years: say so
        return Dashboard(None, error=str(exc), problems_by_stage=problems_by_stage())
    start, end = annual._day_range(report.period)
    # The teams' figures and problems are read now, not cached with the crime figures: they
    # change with the registers, not with the store.
    report.teams = annual.team_sections(start, end)
    return Dashboard(
        report,
        charts=[
            {
                "id": f"chart-{topic}",
                "spec_id": f"chart-{topic}-spec",
                "title": _title(topic),
                "spec": charts.monthly_spec(rows, _title(topic)),
                "table": charts.month_table(rows),
            }
            for topic, rows in report.monthly.items()
        ],
        control_charts=[
            {
                "id": f"control-{topic}",
                "spec_id": f"control-{topic}-spec",
                "title": f"{_title(topic)}: control chart",
                "spec": charts.control_spec(chart, _title(topic)),
                "chart": chart,
            }
            for topic, chart in report.control.items()
        ],
        problems_by_stage=problems_by_stage(),
    )


def _title(topic: str) -> str:
    from prevhub.reports.render import TOPIC_TITLES

    return TOPIC_TITLES.get(topic, topic)


def _compute(force: str | None) -> annual.AnnualReport:
    from prevhub.errors import PrevhubError
    from prevhub.insights.selectors import reading_store

    with reading_store() as store:
        chosen = force or home_force(store)
        if chosen is None:
            raise PrevhubError("the crime store holds no force yet")
        year = latest_year(store, chosen)
        if year is None:
            raise PrevhubError(f"no months loaded for {chosen}")
        return annual.build(store, year, chosen, with_problems=False, today=dt.date.today())


def home_force(store: Any) -> str | None:
    """The hub's own force: ``PREVHUB_POLICE_FORCE`` when set; else the force whose own
    recorded-crime extract the store holds (neighbours come only from police.uk); else the
    first force with street data."""
    from django.conf import settings

    configured = getattr(settings, "PREVHUB_POLICE_FORCE", "")
    if configured:
        return str(configured)
    held = store.forces("recorded-crime") or store.forces("street")
    return held[0] if held else None


def problems_by_stage() -> list[tuple[str, int]]:
    """Open problems by SARA stage (every problem: the hub lead's command view)."""
    from prevhub.problems.models import Problem, Stage

    counts = Counter(Problem.objects.exclude(stage=Stage.CLOSED).values_list("stage", flat=True))
    return [(s.label, counts.get(s.value, 0)) for s in Stage if s != Stage.CLOSED]
