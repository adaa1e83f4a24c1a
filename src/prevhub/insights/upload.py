"""Loading crime data from the Measure page: an analyst uploads a data.police.uk archive or
the force's extract, and watches a background job load it (core.jobs)."""

from __future__ import annotations

import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from prevhub.core import jobs, roles
from prevhub.core.forms import HubForm
from prevhub.insights.jobs import EXTRACT, POLICE_UK
from prevhub.paths import uploads_path

SUFFIXES = {POLICE_UK: (".zip", ".csv"), EXTRACT: (".csv", ".gz")}


class UploadForm(HubForm):
    kind = forms.ChoiceField(
        label="What is it?",
        choices=(
            (POLICE_UK, "A data.police.uk download (zip of monthly CSVs, or one CSV)"),
            (EXTRACT, "The force's recorded-crime extract (CSV, with its column mapping)"),
        ),
        widget=forms.RadioSelect,
        initial=POLICE_UK,
    )
    data = forms.FileField(label="File")
    mapping = forms.FileField(
        label="Column mapping (TOML)",
        required=False,
        help_text="For a force extract: which of its columns are the hub's (docs/crime-data.md).",
    )

    def clean(self) -> dict:
        data = super().clean()
        kind, upload = data.get("kind"), data.get("data")
        limit = getattr(settings, "PREVHUB_UPLOAD_MAX_MB", 1024) * 1024 * 1024
        if upload is not None and kind in SUFFIXES:
            if not upload.name.lower().endswith(SUFFIXES[kind]):
                self.add_error("data", f"Choose a {' or '.join(SUFFIXES[kind])} file.")
            elif upload.size > limit:
                self.add_error("data", f"The file is larger than {limit // 2**20} MB.")
        if kind == EXTRACT and not data.get("mapping"):
            self.add_error("mapping", "A force extract needs its column mapping.")
        return data


def _may_load(user: object) -> bool:
    return bool(getattr(user, "has_role", lambda *_: False)(roles.ANALYST))


def _keep(upload: object) -> Path:
    """Save an upload under PREVHUB_HOME/uploads/ingest with a name no one can guess."""
    folder = uploads_path() / "ingest"
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(getattr(upload, "name", "upload")).name
    target = folder / f"{uuid.uuid4().hex}-{name}"
    with target.open("wb") as out:
        for chunk in upload.chunks():  # type: ignore[attr-defined]
            out.write(chunk)
    return target


def upload_view(request: HttpRequest) -> HttpResponse:
    """Analysts only: other Measure users read figures, they do not change the store."""
    if not _may_load(request.user):
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _keep(data["data"])
        mapping = str(_keep(data["mapping"])) if data.get("mapping") else None
        run = jobs.enqueue(
            "measure.ingest", user=request.user, upload=str(saved), kind=data["kind"],
            mapping=mapping,
        )  # fmt: skip
        return redirect(run.get_absolute_url())
    return render(request, "insights/upload.html", {"form": form})
