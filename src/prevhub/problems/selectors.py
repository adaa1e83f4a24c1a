"""Reads for problem pages: what a user may see of a problem, and the coordinator dashboard."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import F
from django.utils import timezone

from prevhub.core.access import CHANGE, VIEW
from prevhub.core.registry import registry
from prevhub.problems.assessment_view import assessment_view
from prevhub.problems.forms import (
    AnalysisForm,
    AssessmentForm,
    AttachmentForm,
    JournalForm,
    LessonsForm,
    StageMoveForm,
)
from prevhub.problems.models import (
    Attachment,
    JournalEntry,
    Problem,
    Response,
    Stage,
    Task,
    TaskStatus,
)
from prevhub.problems.services import TRANSITIONS, journal_may_add, process_measures
from prevhub.problems.techniques import BY_NUMBER

SARA = (Stage.SCANNING, Stage.ANALYSIS, Stage.RESPONSE, Stage.ASSESSMENT, Stage.MONITORING)


def figures_chart_spec(figures: dict[str, Any] | None, title: str) -> dict[str, Any] | None:
    """A Vega-Lite bar chart of the monthly counts in a scanning snapshot."""
    if not figures or not figures.get("monthly"):
        return None
    period = figures["period"]
    values = [
        {"month": m, "count": n, "window": "Period" if period[0] <= m <= period[1] else "Baseline"}
        for m, n in figures["monthly"]
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": title,
        "width": "container",
        "height": 220,
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "month", "type": "ordinal", "title": "Month"},
            "y": {"field": "count", "type": "quantitative", "title": "Crimes"},
            "color": {
                "field": "window",
                "type": "nominal",
                "scale": {"domain": ["Baseline", "Period"], "range": ["#505a5f", "#1d70b8"]},
                "title": "Window",
            },
        },
    }


def _suggestions(problem: Problem) -> list[dict[str, Any]]:
    """Comparison areas like the problem's in the months before its latest scan (or the
    store's default baseline): a starting point the coordinator may take or leave."""
    from prevhub.crime.periods import parse_period, resolve_baseline
    from prevhub.errors import PrevhubError
    from prevhub.problems.assessment import suggested_comparisons

    if not (problem.districts or problem.lsoas):
        return []
    try:
        if problem.scanning_figures:
            before = parse_period(problem.scanning_figures["baseline"])
        else:
            from prevhub.insights.selectors import default_query
            from prevhub.problems.figures import open_store

            with open_store() as store:
                query = default_query(store, problem.force)
                before = resolve_baseline(query.period, query.baseline)
        return suggested_comparisons(problem, before, limit=8)
    except (PrevhubError, KeyError, AttributeError, ValueError):
        return []


def problem_page(problem: Problem, user: Any) -> dict[str, Any]:
    """Everything the problem page shows, cut to what this user may see and do."""
    may_change = Problem.objects.restrict(user, CHANGE).filter(pk=problem.pk).exists()
    tasks = list(
        Task.objects.restrict(user, VIEW)
        .filter(problem=problem)
        .select_related("owner_user", "owner_organisation", "response")
    )
    changeable_tasks = set(
        Task.objects.restrict(user, CHANGE).filter(problem=problem).values_list("pk", flat=True)
    )
    responses = list(
        Response.objects.restrict(user, VIEW).filter(problem=problem).select_related("intervention")
    )
    for r in responses:
        r.technique_list = [BY_NUMBER[n] for n in r.techniques if n in BY_NUMBER]
    partners = list(problem.shared_with.all())
    if getattr(user, "is_partner", False):
        partners = [o for o in partners if o.pk == user.partner_organisation_id]
    current = SARA.index(problem.stage) if problem.stage in SARA else len(SARA)
    return {
        "sara": [
            {"value": s.value, "label": s.label, "done": i < current, "current": i == current}
            for i, s in enumerate(SARA)
        ],
        "partners": partners,
        "responses": responses,
        "deployments": registry().problem_deployments(user, problem),
        "tasks": [{"task": t, "may_change": t.pk in changeable_tasks} for t in tasks],
        "journal": list(JournalEntry.objects.restrict(user, VIEW).filter(problem=problem)),
        "attachments": list(Attachment.objects.restrict(user, VIEW).filter(problem=problem)),
        "attachment_form": AttachmentForm() if may_change else None,
        "stage_changes": list(problem.stage_changes.select_related("moved_by")),
        "process": process_measures(problem),
        "scanning_chart": figures_chart_spec(
            problem.scanning_figures, f"Monthly crimes for {problem.title}"
        ),
        "may_change": may_change,
        "may_note": journal_may_add(user, problem),
        "analysis_form": AnalysisForm(instance=problem) if may_change else None,
        "lessons_form": LessonsForm(instance=problem) if may_change else None,
        "assessment_form": AssessmentForm(problem=problem) if may_change else None,
        "assessment": assessment_view(problem.assessment_figures),
        "suggested_comparisons": _suggestions(problem) if may_change else [],
        "journal_form": JournalForm(),
        "stage_form": StageMoveForm(initial={"to_stage": (TRANSITIONS[problem.stage] or [""])[0]})
        if may_change
        else None,
        "next_stages": [Stage(s) for s in TRANSITIONS[problem.stage]],
    }


def dashboard(user: Any) -> dict[str, Any]:
    """My problems, overdue tasks and reviews, problems by stage and by district."""
    today = timezone.localdate()
    visible = Problem.objects.restrict(user, VIEW)
    open_problems = visible.exclude(stage=Stage.CLOSED)
    mine = list(open_problems.filter(owner=user))
    overdue_tasks = list(
        Task.objects.restrict(user, VIEW)
        .filter(status=TaskStatus.OPEN, due_date__lt=today)
        .select_related("problem", "owner_user", "owner_organisation")
        .order_by("due_date")
    )
    overdue_reviews = list(open_problems.filter(review_date__lt=today).order_by("review_date"))
    by_stage = Counter(open_problems.values_list("stage", flat=True))
    by_district: Counter[str] = Counter()
    for districts in open_problems.values_list("districts", flat=True):
        for d in districts or ["(force-wide or LSOAs only)"]:
            by_district[d] += 1
    return {
        "mine": mine,
        "overdue_tasks": overdue_tasks,
        "overdue_reviews": overdue_reviews,
        "by_stage": [(s.label, by_stage.get(s.value, 0)) for s in Stage if s != Stage.CLOSED],
        "by_district": sorted(by_district.items()),
        "today": today,
    }


def partner_tasks_panel(user: Any) -> Any:
    """A partner's start page: the open tasks their organisation owns, soonest due first,
    and in words why the list is empty when it is."""
    from django.urls import reverse

    from prevhub.core.formatting import date
    from prevhub.core.registry import HomePanel

    organisation = user.organisation
    tasks = list(
        Task.objects.restrict(user, VIEW)
        .filter(owner_organisation_id=user.partner_organisation_id, status=TaskStatus.OPEN)
        .select_related("problem")
        .order_by(F("due_date").asc(nulls_last=True), "pk")[:20]
    )
    shared = Problem.objects.restrict(user, VIEW).count()
    if shared == 0:
        empty = f"No problem has been shared with {organisation} yet, so it has no tasks."
    else:
        empty = (
            f"{organisation} has no open tasks on the {shared} "
            f"problem{'s' if shared != 1 else ''} shared with it."
        )
    return HomePanel(
        title=f"Tasks for {organisation}",
        items=[
            (
                t.title,
                t.get_absolute_url(),
                (
                    f"{t.problem.reference} · due {date(t.due_date)}"
                    if t.due_date
                    else t.problem.reference
                ),
            )
            for t in tasks
        ],
        empty=empty,
        more_url=reverse("problems:task_list"),
    )
