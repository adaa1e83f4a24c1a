"""The annual Prevention Hub report: the figures, gathered once, for the HTML, the PDF and the
dashboard.

Everything here comes from the crime engine (``prevhub.crime``) and the registers' aggregate
``team_figures``; nothing is computed twice for two outputs, so the page, the PDF and the CLI
cannot disagree. The same store and records give the same report apart from its date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from prevhub.core.registry import TeamFigure, registry
from prevhub.crime import classification
from prevhub.crime.headline import Headline, headline
from prevhub.crime.measures import monthly_counts
from prevhub.crime.periods import Period, months_in, parse_period
from prevhub.crime.stats import overdispersion_check
from prevhub.crime.store import RECORDED_CRIME, CrimeStore
from prevhub.errors import PrevhubError

#: What every reader of the headline must be told (the published review's fine print).
REGRESSION_TO_THE_MEAN = (
    "Regression to the mean: places and problems are chosen for prevention because their crime "
    "was unusually high, and unusually high counts tend to fall back without any help. A fall "
    "after a peak is not by itself evidence that the work caused it."
)
OVERDISPERSION = (
    "Over-dispersion: the tests treat monthly crimes as Poisson counts, but real counts vary "
    "more from month to month (seasons, sprees, recording batches). Where the monthly check "
    "below shows more variation, read the wider quasi-Poisson interval."
)
RECORDING = (
    "Recorded crime measures what is reported and recorded, not all crime: a change in "
    "reporting or recording practice moves the figures without any change in victimisation."
)
NOT_RECORDED = "not recorded yet"

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Dispersion:
    """The month-level Poisson check of one headline figure."""

    topic: str
    dispersion: float
    exact_ci: tuple[float, float] | None
    quasi_ci: tuple[float, float]
    overdispersed: bool  # Pearson chi-square test of "no more variation than Poisson", 5%


@dataclass(frozen=True)
class TeamSection:
    """One team's year: its figures, or why there are none."""

    area: str
    figures: list[TeamFigure]
    missing: str = ""  # e.g. "not recorded yet"


@dataclass(frozen=True)
class ClosedProblem:
    reference: str
    title: str
    closed_on: dt.date | None
    method: str
    result: str


@dataclass
class AnnualReport:
    """Everything the annual report shows."""

    force: str
    force_name: str
    period: Period
    baseline: Period
    generated_on: dt.date
    headline: Headline
    monthly: dict[str, list[dict[str, Any]]]  # topic -> [{"month", "window", "count"}]
    dispersion: list[Dispersion]
    caveats: list[str]
    teams: list[TeamSection]
    problems: list[ClosedProblem]
    hotspots: list[dict[str, Any]]  # the ten highest, for the table
    hot_lsoas: list[str] = field(default_factory=list)  # every significant one, for the map
    #: topic -> the Laney u′ control chart of its 24 months (limits from the baseline year):
    #: {"label", "points", "signals", "sigma_z", "reference", "caveats"}
    control: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Prevention Hub annual report, {_months_words(self.period)}"


def _months_words(period: Period) -> str:
    start = dt.date.fromisoformat(period[0] + "-01")
    end = dt.date.fromisoformat(period[1] + "-01")
    return f"{start:%B %Y} to {end:%B %Y}"


def _day_range(period: Period) -> tuple[dt.date, dt.date]:
    """First day of the period and the first day after it."""
    start = dt.date.fromisoformat(period[0] + "-01")
    last = dt.date.fromisoformat(period[1] + "-01")
    end = dt.date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    return start, end


def build(
    store: CrimeStore,
    period: Period | str,
    force: str | None = None,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
    with_problems: bool = True,
) -> AnnualReport:
    """Gather the report for ``force`` over ``period`` (against the previous 12 months)."""
    step = progress or (lambda done, total, message: None)
    total = 6
    current = parse_period(period)
    step(0, total, "Headline figures")
    head = headline(store, current, force)
    force = head.force
    step(1, total, "Monthly series")
    monthly, dispersion = _monthly(store, head)
    control = {topic: _control_chart(rows) for topic, rows in monthly.items()}
    step(2, total, "Hot spots")
    hotspots, hot_lsoas = _hotspots(store, current, force)
    step(3, total, "Teams' figures")
    start, end = _day_range(current)
    teams = team_sections(start, end)
    step(4, total, "Closed problems")
    problems = closed_problems(start, end) if with_problems else []
    caveats = [*head.context, RECORDING, REGRESSION_TO_THE_MEAN, OVERDISPERSION]
    if any("counting-rule-change" in f.row.flags for f in head.figures):
        caveats.append(
            "Counting rules changed inside these months (flag 'counting-rule-change'): part of "
            "the change may be recording, not crime. docs/methods/measures.md lists the changes."
        )
    sources = [
        "Street-level crime: data.police.uk. Contains public sector information licensed under "
        "the Open Government Licence v3.0."
    ]
    if any(f.source == RECORDED_CRIME for f in head.figures):
        sources.append(
            "Stalking and harassment: the force's recorded-crime extract (Home Office offence "
            "codes)." + _generated_note(store, force)
        )
    step(5, total, "Done")
    return AnnualReport(
        force=force,
        force_name=_force_name(force),
        period=head.period,
        baseline=head.baseline,
        generated_on=today or dt.date.today(),
        headline=head,
        monthly=monthly,
        dispersion=dispersion,
        caveats=caveats,
        teams=teams,
        problems=problems,
        hotspots=hotspots,
        hot_lsoas=hot_lsoas,
        control={t: c for t, c in control.items() if c},
        sources=sources,
    )


def _generated_note(store: CrimeStore, force: str) -> str:
    """Say so when the recorded-crime figures come from the demo's generated extract."""
    from prevhub.crime.demo import GENERATED_LABEL

    files = store.con.execute(
        "SELECT DISTINCT file FROM loads WHERE current AND kind = ? AND force = ?",
        [RECORDED_CRIME, force],
    ).fetchall()
    # The demo's extracts (crime.demo.YEAR_EXTRACT, and the reoffending demo's file that
    # carries it) are named so.
    if any("recorded-crime-generated" in str(f) for (f,) in files):
        return " " + GENERATED_LABEL
    return ""


def _force_name(force: str) -> str:
    return classification.forces().get(force, force)


def _monthly(
    store: CrimeStore, head: Headline
) -> tuple[dict[str, list[dict[str, Any]]], list[Dispersion]]:
    """Each headline figure's monthly counts in the period and its baseline, and the check of
    the Poisson assumption on them."""
    series: dict[str, list[dict[str, Any]]] = {}
    checks: list[Dispersion] = []
    for figure in head.figures:
        if figure.topic not in ("victim-based", "stalking-and-harassment"):
            continue  # demand has its own line in the headline, not a crime series
        kwargs: dict[str, Any] = {"source": figure.source}
        if figure.topic == "stalking-and-harassment":
            kwargs["subgroup"] = classification.STALKING_AND_HARASSMENT
        rows: list[dict[str, Any]] = []
        for window, months in (("Baseline", head.baseline), ("Period", head.period)):
            counts = monthly_counts(store, head.force, months, **kwargs)
            wanted = (
                classification.STALKING_AND_HARASSMENT
                if "subgroup" in kwargs
                else classification.VICTIM_BASED
            )
            rows.extend(
                {"month": r["month"], "window": window, "count": r["count"]}
                for r in counts
                if r["class"] == wanted
            )
        series[figure.topic] = rows
        now = [r["count"] for r in rows if r["window"] == "Period"]
        before = [r["count"] for r in rows if r["window"] == "Baseline"]
        if now and before and sum(now) and sum(before):
            check = overdispersion_check(now, before)
            checks.append(
                Dispersion(
                    figure.topic,
                    check.dispersion,
                    figure.row.ci95,
                    check.ci95,
                    check.dispersion_p_value < 0.05,
                )
            )
    return series, checks


def _control_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The months on a Laney u′ chart (over-dispersion allowed), limits set by the baseline
    year, Western Electric run rules flagging a real shift (prevhub.crime.evaluation)."""
    from prevhub.crime.evaluation.charts import control_chart

    ordered = sorted(rows, key=lambda r: r["month"])
    baseline = sum(1 for r in ordered if r["window"] == "Baseline")
    if baseline < 3 or len(ordered) <= baseline:
        return {}
    chart = control_chart(
        [r["month"] for r in ordered],
        [r["count"] for r in ordered],
        kind="laney",
        exposure=[1.0] * len(ordered),
        baseline=baseline,
    )
    return {
        "label": chart.label,
        "points": chart.parts["points"],
        "signals": chart.parts["signals"],
        "sigma_z": chart.parts["sigma_z"],
        "reference": chart.reference,
        "caveats": chart.caveats,
    }


def _hotspots(
    store: CrimeStore, period: Period, force: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """The force's significant victim-based crime hot-spot LSOAs (Gi*, FDR-controlled): the
    ten highest, and every one."""
    from prevhub.crime.find.hotspots import find_hotspots

    try:
        result = find_hotspots(
            store,
            period,
            method="gistar",
            area="lsoa",
            crime_class=classification.VICTIM_BASED,
            force=force,
        )
    except PrevhubError:  # a force without boundaries: no map, said in the report
        return [], []
    hot = [c for c in result.cells if (c.hotspot_class or 0) >= 2]
    hot.sort(key=lambda c: (-(c.z or 0), c.cell_id))
    top = [
        {"lsoa": c.cell_id, "name": c.area_name or c.cell_id, "count": int(c.count), "z": c.z}
        for c in hot[:10]
    ]
    return top, sorted(c.cell_id for c in hot)


def team_sections(start: dt.date, end: dt.date) -> list[TeamSection]:
    """Every team's area in navigation order: its figures, or 'not recorded yet' — never a
    zero that looks like a result."""
    reg = registry()
    figures = reg.team_figures(start=start, end=end)
    sections = []
    for area in reg.ordered_areas():
        if area.slug in {"measure", "find", "people", "reports", "admin"}:
            continue
        lines = figures.get(area.label, [])
        sections.append(TeamSection(area.label, lines, "" if lines else NOT_RECORDED))
    return sections


def closed_problems(start: dt.date, end: dt.date) -> list[ClosedProblem]:
    """Problems closed in the period with the assessment stored when each was closed."""
    from prevhub.problems.models import Problem, Stage

    rows = []
    for p in Problem.objects.filter(
        stage=Stage.CLOSED, closed_on__gte=start, closed_on__lt=end
    ).order_by("closed_on", "pk"):
        figures = p.assessment_figures or {}
        rows.append(
            ClosedProblem(
                p.reference,
                p.title,
                p.closed_on,
                p.assessment_method or "not assessed",
                str(figures.get("summary") or figures.get("sentence") or ""),
            )
        )
    return rows


def months_of(period: Period) -> list[str]:
    return months_in(period)
