"""Background jobs' pages: a run's progress (for whoever asked, polled by the page) and the
administrators' list of schedules and runs, with their errors and a retry for safe jobs."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from prevhub.core import jobs
from prevhub.core.models import JobRun


def run_for(request: HttpRequest, pk: int) -> JobRun:
    """The run, to the user who asked for it or an administrator; 404 for anyone else."""
    row = get_object_or_404(JobRun.objects.select_related("requested_by"), pk=pk)
    user = request.user
    if not (getattr(user, "is_hub_admin", False) or row.requested_by_id == user.pk):
        raise Http404
    return row


def jobrun(request: HttpRequest, pk: int) -> HttpResponse:
    """A run's progress. With HTMX the page asks for its status box every second until the
    run has finished; without JavaScript a Refresh link does the same."""
    row = run_for(request, pk)
    template = "core/includes/jobrun_status.html" if request.htmx else "core/jobrun.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {"run": row, "result_url": _result_url(row), "result_lines": _result_lines(row)},
    )


def _result_lines(row: JobRun) -> list[tuple[str, str]]:
    """A finished run's figures in words ("rows": 1234 -> "Rows", "1,234"); never its file."""
    from prevhub.core.formatting import number

    if row.status != JobRun.Status.DONE or not isinstance(row.result, dict):
        return []
    return [
        (
            name.replace("_", " ").capitalize(),
            number(value) if isinstance(value, int) else str(value),
        )
        for name, value in row.result.items()
        if name not in ("url", "file") and value not in ("", None)
    ]


def _result_url(row: JobRun) -> str:
    """Where a finished run's output is (a job returns ``{"url": ...}`` for a download)."""
    url = row.result.get("url") if isinstance(row.result, dict) else None
    return str(url) if row.status == JobRun.Status.DONE and url else ""


def jobrun_list(request: HttpRequest) -> HttpResponse:
    """Administrators: the declared schedules (last run, outcome, next run) and recent runs."""
    runs = list(JobRun.objects.select_related("requested_by")[:100])
    declared = jobs.jobs()
    for row in runs:
        found = declared.get(row.name)
        row.retry_safe = bool(found and found.retry_safe)  # type: ignore[attr-defined]
    return render(
        request,
        "core/jobrun_list.html",
        {"schedules": jobs.schedules(), "runs": runs, "backend": jobs.backend()},
    )


@require_POST
def jobrun_retry(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(JobRun, pk=pk, status=JobRun.Status.FAILED)
    try:
        again = jobs.retry(row, user=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("core:jobrun_list")
    messages.success(request, f"{row.title}: started again.")
    return redirect(again.get_absolute_url())
