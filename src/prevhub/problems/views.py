"""Problem pages: the list, the problem page with its SARA stages, tasks, the dashboard, the
profile for partnership meetings. Writes go through services (rules) or the generic views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from prevhub.core.access import CHANGE, VIEW
from prevhub.core.forms import error_summary
from prevhub.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from prevhub.errors import PrevhubError
from prevhub.problems import profile, selectors, services
from prevhub.problems.filters import ProblemFilterSet, TaskFilterSet
from prevhub.problems.forms import (
    AnalysisForm,
    AssessmentForm,
    AttachmentForm,
    InterventionForm,
    JournalForm,
    LessonsForm,
    ProblemForm,
    ResponseForm,
    StageMoveForm,
    TaskCompleteForm,
    TaskForm,
)
from prevhub.problems.models import (
    ATTACHMENT_TYPES,
    Attachment,
    Intervention,
    Problem,
    Response,
    Task,
)
from prevhub.problems.tables import InterventionTable, ProblemTable, TaskTable


class ProblemListView(ObjectListView):
    queryset = Problem.objects.select_related("owner")
    filterset = ProblemFilterSet
    table = ProblemTable


class ProblemDetailView(ObjectDetailView):
    queryset = Problem.objects.select_related("owner")
    template_name = "problems/problem.html"

    def extra_context(self, obj: Problem) -> dict[str, Any]:  # type: ignore[override]
        return selectors.problem_page(obj, self.request.user)


class ProblemEditView(ObjectEditView):
    queryset = Problem.objects.all()
    form = ProblemForm

    def get_object(self, pk: int | None) -> Problem:
        obj = super().get_object(pk)
        if pk is None:
            obj.owner = self.request.user  # type: ignore[assignment]
            # Opened from the Measure page's figures: the area comes with the link.
            given = self.request.GET
            obj.force = given.get("force", "")  # type: ignore[attr-defined]
            obj.districts = given.getlist("districts")  # type: ignore[attr-defined]
            obj.crime_types = given.getlist("crime_types")  # type: ignore[attr-defined]
            # ... or from a Find hot spot: its LSOA too (checked by the form like any other).
            obj.lsoas = given.getlist("lsoas")  # type: ignore[attr-defined]
        return obj  # type: ignore[return-value]


class ProblemDeleteView(ObjectDeleteView):
    queryset = Problem.objects.all()


def _problem_for(request: HttpRequest, pk: int, action: str = CHANGE) -> Problem:
    return get_object_or_404(Problem.objects.restrict(request.user, action), pk=pk)


def _back(problem: Problem, anchor: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(problem.get_absolute_url() + f"#{anchor}")


def _errors_page(
    request: HttpRequest,
    problem: Problem,
    errors: Any,
    *,
    form: Any = None,
    form_name: str | None = None,
) -> HttpResponse:
    """The problem page again with what was wrong, each message under its field's label; the
    form that failed comes back as it was filled in (its date included)."""
    context = {
        "object": problem,
        "verbose_name": "problem",
        "verbose_name_plural": "problems",
        **selectors.problem_page(problem, request.user),
        "page_errors": error_summary(errors, form=form),
    }
    if form_name is not None:
        context[form_name] = form
    return render(request, "problems/problem.html", context, status=400)


def _section_save(
    request: HttpRequest, pk: int, form_class: type, done: str, anchor: str
) -> HttpResponse:
    """Save one section of the problem page (a form over some of the problem's fields)."""
    problem = _problem_for(request, pk)
    form = form_class(request.POST, instance=problem)
    if not form.is_valid():
        problem.refresh_from_db()  # the form filled the instance; the page shows what is saved
        return _errors_page(request, problem, form.errors, form=form)
    services.problem_update(problem=problem, user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
    messages.success(request, done)
    return _back(problem, anchor)


@require_POST
def analysis_save(request: HttpRequest, pk: int) -> HttpResponse:
    return _section_save(request, pk, AnalysisForm, "Analysis saved.", "analysis")


@require_POST
def lessons_save(request: HttpRequest, pk: int) -> HttpResponse:
    return _section_save(request, pk, LessonsForm, "Assessment notes saved.", "assessment")


@require_POST
def scan(request: HttpRequest, pk: int) -> HttpResponse:
    problem = _problem_for(request, pk)
    try:
        services.problem_scan(problem=problem, user=request.user)  # type: ignore[arg-type]
    except PrevhubError as exc:
        return _errors_page(request, problem, {"scanning": [str(exc)]})
    messages.success(request, "Scanning figures taken from the crime data.")
    return _back(problem, "scanning")


@require_POST
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    problem = _problem_for(request, pk)
    form = AssessmentForm(request.POST, problem=problem)
    if not form.is_valid():
        return _errors_page(request, problem, form.errors, form=form, form_name="assessment_form")
    try:
        services.problem_assess(
            problem=problem,
            user=request.user,  # type: ignore[arg-type]
            before=form.cleaned_data["before"],
            after=form.cleaned_data["after"],
            method=form.cleaned_data["method"],
            comparison_districts=form.cleaned_data["comparison_districts"],
            comparison_lsoas=form.cleaned_data["comparison_lsoas"],
        )
    except PrevhubError as exc:
        return _errors_page(request, problem, {"assessment": [str(exc)]})
    messages.success(request, "Assessment figures recorded.")
    return _back(problem, "assessment")


@require_POST
def stage_move(request: HttpRequest, pk: int) -> HttpResponse:
    problem = _problem_for(request, pk)
    form = StageMoveForm(request.POST)
    if not form.is_valid():
        return _errors_page(request, problem, form.errors, form=form, form_name="stage_form")
    try:
        services.problem_stage_move(
            problem=problem,
            to_stage=form.cleaned_data["to_stage"],
            user=request.user,  # type: ignore[arg-type]
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        return _errors_page(request, problem, exc.message_dict, form=form, form_name="stage_form")
    messages.success(request, f"Moved to {problem.get_stage_display()}.")
    return _back(problem, "stage")


@require_POST
def journal_add(request: HttpRequest, pk: int) -> HttpResponse:
    problem = _problem_for(request, pk, VIEW)
    if not services.journal_may_add(request.user, problem):
        raise Http404
    form = JournalForm(request.POST)
    if not form.is_valid():
        return _errors_page(request, problem, form.errors, form=form, form_name="journal_form")
    services.journal_entry_add(
        problem=problem,
        author=request.user,  # type: ignore[arg-type]
        noted_on=form.cleaned_data["noted_on"],
        text=form.cleaned_data["text"],
    )
    messages.success(request, "Note added.")
    return _back(problem, "journal")


def _child_form(
    request: HttpRequest,
    parent: Problem,
    form_class: type,
    instance: Any,
    title: str,
    anchor: str,
    **form_kwargs: Any,
) -> HttpResponse:
    form = form_class(request.POST or None, instance=instance, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        many = {f.name for f in form.instance._meta.many_to_many}
        services.problem_record_save(
            problem=parent,
            user=request.user,  # type: ignore[arg-type]
            record=form.instance,
            m2m={name: form.cleaned_data[name] for name in many if name in form.cleaned_data},
        )
        messages.success(request, f"{title} saved.")
        return _back(parent, anchor)
    return render(
        request,
        "problems/child_form.html",
        {"form": form, "problem": parent, "title": title, "anchor": anchor},
        status=400 if request.method == "POST" else 200,
    )


def response_edit(request: HttpRequest, pk: int, rid: int | None = None) -> HttpResponse:
    problem = _problem_for(request, pk)
    if rid is None:
        instance = Response(problem=problem)
    else:
        instance = get_object_or_404(
            Response.objects.restrict(request.user, CHANGE), pk=rid, problem=problem
        )
    return _child_form(request, problem, ResponseForm, instance, "Response", "responses")


def task_edit(request: HttpRequest, pk: int, tid: int | None = None) -> HttpResponse:
    problem = _problem_for(request, pk)
    if tid is None:
        instance = Task(problem=problem)
    else:
        instance = get_object_or_404(
            Task.objects.restrict(request.user, CHANGE), pk=tid, problem=problem
        )
    return _child_form(request, problem, TaskForm, instance, "Task", "tasks", problem=problem)


class TaskListView(ObjectListView):
    queryset = Task.objects.select_related("problem", "owner_user", "owner_organisation")
    filterset = TaskFilterSet
    table = TaskTable


class TaskDetailView(ObjectDetailView):
    queryset = Task.objects.select_related("problem", "owner_user", "owner_organisation")
    template_name = "problems/task.html"

    def extra_context(self, obj: Task) -> dict[str, Any]:  # type: ignore[override]
        may_change = Task.objects.restrict(self.request.user, CHANGE).filter(pk=obj.pk).exists()
        return {"complete_form": TaskCompleteForm() if may_change else None}


def task_complete(request: HttpRequest, tid: int) -> HttpResponse:
    task = get_object_or_404(Task.objects.restrict(request.user, CHANGE), pk=tid)
    form = TaskCompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = form.cleaned_data["outcome"]
        services.task_complete(task=task, user=request.user, outcome=outcome)  # type: ignore[arg-type]
        messages.success(request, "Task marked as done.")
        return HttpResponseRedirect(task.get_absolute_url())
    return render(
        request,
        "problems/task.html",
        {"object": task, "complete_form": form, "verbose_name": "task", "can_change": True},
        status=400 if request.method == "POST" else 200,
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "problems/dashboard.html", selectors.dashboard(request.user))


def problem_profile(request: HttpRequest, pk: int) -> HttpResponse:
    problem = _problem_for(request, pk, VIEW)
    context = {"object": problem, **selectors.problem_page(problem, request.user)}
    read_only = dict.fromkeys(
        (
            "analysis_form",
            "lessons_form",
            "assessment_form",
            "stage_form",
            "attachment_form",
        ),
        None,
    )
    context.update(read_only, may_change=False, may_note=False)
    return render(request, "problems/profile.html", context)


def problem_profile_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    problem = _problem_for(request, pk, VIEW)
    data = profile.pdf(problem, selectors.problem_page(problem, request.user))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{problem.reference}-profile.pdf"'
    return response


class InterventionListView(ObjectListView):
    queryset = Intervention.objects.all()
    table = InterventionTable


class InterventionDetailView(ObjectDetailView):
    queryset = Intervention.objects.all()


class InterventionEditView(ObjectEditView):
    queryset = Intervention.objects.all()
    form = InterventionForm


@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    problem = _problem_for(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _errors_page(request, problem, form.errors, form=form, form_name="attachment_form")
    attachment = services.attachment_add(
        problem=problem,
        user=request.user,  # type: ignore[arg-type]
        title=form.cleaned_data["title"],
        upload=form.cleaned_data["file"],
    )
    messages.success(request, f"{attachment.title} attached.")
    return _back(problem, "scanning")


def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file, after the problem's access check; always as a download, with a type taken
    from our own list (never the uploader's), so a file can't run as a page of this site."""
    from pathlib import PurePath

    from django.http import FileResponse

    from prevhub.core.audit import VIEW as VIEW_ACTION
    from prevhub.core.audit import record_event

    attachment = get_object_or_404(Attachment.objects.restrict(request.user, VIEW), pk=pk)
    content_type = ATTACHMENT_TYPES.get(
        PurePath(attachment.file.name).suffix.lower(), "application/octet-stream"
    )
    record_event(
        VIEW_ACTION,
        object_type="problems.attachment",
        object_id=str(attachment.pk),
        object_repr=attachment.title,
        detail="download",
    )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
