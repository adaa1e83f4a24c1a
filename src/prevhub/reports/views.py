"""The Reports area's pages: the hub lead's dashboard and the annual report."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from prevhub.core import jobs
from prevhub.core.views.jobs import run_for
from prevhub.insights.selectors import force_name
from prevhub.reports import selectors
from prevhub.reports.forms import AnnualReportForm
from prevhub.reports.services import reports_folder


def home(request: HttpRequest) -> HttpResponse:
    """One page for the hub lead: the year's headline with its tests, the months, the teams."""
    forces = selectors.dashboard_forces()
    force = request.GET.get("force") if request.GET.get("force") in forces else None
    board = selectors.dashboard(force)
    return render(
        request,
        "reports/dashboard.html",
        {"board": board, "forces": [(f, force_name(f)) for f in forces]},
    )


def annual(request: HttpRequest) -> HttpResponse:
    """Ask for the annual report; it is built in the background and the page shows progress."""
    forces = [(f, force_name(f)) for f in selectors.dashboard_forces()]
    if request.method == "POST":
        form = AnnualReportForm(request.POST, forces=forces)
        if form.is_valid():
            data = form.cleaned_data
            run = jobs.enqueue(
                "reports.annual",
                user=request.user,
                period_from=data["period_from"],
                period_to=data["period_to"],
                force=data["force"],
                output=data["output"],
            )
            return redirect(run.get_absolute_url())
    else:
        initial = {}
        board = selectors.dashboard()
        if board.report is not None:
            initial = {
                "period_from": board.report.period[0],
                "period_to": board.report.period[1],
                "force": board.report.force,
            }
        form = AnnualReportForm(initial=initial, forces=forces)
    return render(request, "reports/annual.html", {"form": form, "forces": forces})


def annual_download(request: HttpRequest, pk: int) -> FileResponse:
    """A finished report, to the user who asked for it (or an administrator)."""
    run = run_for(request, pk)
    name = run.result.get("file") if isinstance(run.result, dict) else None
    if run.name != "reports.annual" or not name:
        raise Http404
    path = reports_folder() / str(name)
    if not path.is_file() or path.parent != reports_folder():
        raise Http404
    kind = "application/pdf" if path.suffix == ".pdf" else "text/html"
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name, content_type=kind)
