"""Suicide prevention pages: generic views for the records, and small views over selectors
and services for the landing page, the monthly report, the cluster alert and retention."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from prevhub.core import roles
from prevhub.core.access import CHANGE, VIEW
from prevhub.core.audit import record_list_read, record_reads
from prevhub.core.exports import csv_response
from prevhub.core.gate import may_open
from prevhub.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from prevhub.crime import periods
from prevhub.crime.disclosure import MARK
from prevhub.errors import PrevhubError
from prevhub.suicide_prevention import conf, filters, forms, selectors, services, tables
from prevhub.suicide_prevention.models import (
    LocationMeasure,
    LocationOfConcern,
    SurveillanceRecord,
)


def _is_lead(user: Any) -> bool:
    return not user.is_partner and user.has_role(roles.SUICIDE_PREVENTION)


def home(request: HttpRequest) -> HttpResponse:
    """The lead's landing page. An administrator without the role is told the register is
    need-to-know; the hub lead (aggregates only) goes to the monthly report."""
    user = request.user
    if _is_lead(user):
        from django.conf import settings
        from django.utils.html import json_script

        page_map = selectors.locations_map(user)
        features = page_map.pop("features")
        page_map["features_script"] = json_script(features, "locations-map-features")
        return render(
            request,
            "suicide_prevention/home.html",
            {
                "summary": selectors.home_summary(user),
                "alert": selectors.cached_cluster_alert(),
                "retention_due": len(selectors.retention_queue(user)),
                "map": page_map,
                "tile_url": settings.PREVHUB_MAP_TILE_URL or "",
                "tile_attribution": settings.PREVHUB_MAP_TILE_ATTRIBUTION or "",
            },
        )
    if selectors.may_read_aggregates(user):
        return HttpResponseRedirect(reverse("suicide_prevention:report"))
    if user.is_hub_admin:
        return render(request, "suicide_prevention/need_to_know.html")
    raise Http404


def report(request: HttpRequest) -> HttpResponse:
    """The monthly surveillance report for the local partnership (aggregates, suppressed)."""
    if not selectors.may_read_aggregates(request.user):
        raise Http404
    default_first, default_last = selectors.default_months()
    first = request.GET.get("from") or default_first
    last = request.GET.get("to") or default_last
    errors = {}
    try:
        first, last = periods.parse_month(first), periods.parse_month(last)
        if periods.month_index(last) < periods.month_index(first):
            errors["to"] = "The last month cannot be before the first."
        elif periods.month_count(first, last) > 60:
            errors["to"] = "Choose at most 60 months."
    except PrevhubError as exc:
        errors["from"] = str(exc)
    if errors:
        context = {
            "errors": errors,
            "first": first,
            "last": last,
            "report": None,
            "is_lead": _is_lead(request.user),
        }
        return render(request, "suicide_prevention/report.html", context, status=400)
    result = selectors.monthly_report(first=first, last=last)
    if request.GET.get("export") == "csv":
        head, rows = selectors.report_csv_rows(result)
        return csv_response(f"suicide-prevention-surveillance-{first}-{last}.csv", head, rows)
    return render(
        request,
        "suicide_prevention/report.html",
        {
            "report": result,
            "is_lead": _is_lead(request.user),
            "first": first,
            "last": last,
            "first_label": selectors.month_label(first),
            "last_label": selectors.month_label(last),
            "groups": selectors.GROUPS,
            "chart": selectors.report_chart_spec(result),
            "mark": MARK,
            "monthly_rows": [
                {
                    "label": selectors.month_label(m),
                    "values": [result.monthly[g][k] for g, _l in selectors.GROUPS],
                }
                for k, m in enumerate(result.months)
            ],
        },
    )


def clusters(request: HttpRequest) -> HttpResponse:
    """The cluster alert: the test, its p-value and the linked records (leads only)."""
    if not _is_lead(request.user):
        raise Http404
    alert = selectors.cached_cluster_alert()
    linked = []
    if alert is not None:
        linked = list(
            SurveillanceRecord.objects.restrict(request.user, VIEW).filter(pk__in=alert.record_ids)
        )
        record_list_read(linked, how="cluster alert")
    return render(
        request,
        "suicide_prevention/clusters.html",
        {
            "alert": alert,
            "linked": linked,
            "metres": conf.cluster_metres(),
            "days": conf.cluster_days(),
            "lookback": conf.cluster_lookback_days(),
            "alpha": conf.cluster_alpha(),
        },
    )


def retention(request: HttpRequest) -> HttpResponse:
    """Records whose retention has ended; deleting them (POST) leaves no personal data."""
    if not _is_lead(request.user):
        raise Http404
    due = selectors.retention_queue(request.user)
    form = forms.RetentionDeleteForm(request.POST or None)
    if request.method == "POST":
        chosen = set(request.POST.getlist("records"))
        records = [r for r in due if str(r.pk) in chosen]
        if not records or not form.is_valid():
            messages.error(request, "Choose the records and the reason for the deletion.")
            return HttpResponseRedirect(reverse("suicide_prevention:retention"))
        try:
            result = services.records_retention_delete(
                records=records, reason=form.cleaned_data["reason"]
            )
        except services.SuicidePreventionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{result['deleted']} record(s) deleted.")
        return HttpResponseRedirect(reverse("suicide_prevention:retention"))
    record_list_read(due, how="retention queue")
    return render(
        request,
        "suicide_prevention/retention.html",
        {"records": due, "form": form, "years": conf.retention_years()},
    )


def no_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Surveillance records are deleted only at the end of retention (services). 404."""
    raise Http404


class UserFormMixin:
    """Hands the signed-in user to the form (choices limited to what they may see)."""

    form_class: type
    form: Any

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)  # type: ignore[misc]
        self.form = forms.bound(self.form_class, request.user)


# --- surveillance records ---------------------------------------------------------------------


class SurveillanceRecordListView(ObjectListView):
    queryset = SurveillanceRecord.objects.select_related("location")
    filterset = filters.SurveillanceRecordFilterSet
    table = tables.SurveillanceRecordTable


class SurveillanceRecordDetailView(ObjectDetailView):
    queryset = SurveillanceRecord.objects.select_related("location", "support_service")

    def field_rows(self, obj: models.Model) -> list[tuple[str, Any]]:
        rows = super().field_rows(obj)
        if self.request.user.is_partner:  # a partner reads the record, not who else has it
            rows = [r for r in rows if r[0].lower() != "shared with"]
        return rows


class SurveillanceRecordEditView(UserFormMixin, ObjectEditView):
    queryset = SurveillanceRecord.objects.all()
    form_class = forms.SurveillanceRecordForm


# --- locations and measures -------------------------------------------------------------------


class LocationListView(ObjectListView):
    queryset = LocationOfConcern.objects.select_related("owner")
    filterset = filters.LocationOfConcernFilterSet
    table = tables.LocationOfConcernTable


class LocationDetailView(ObjectDetailView):
    queryset = LocationOfConcern.objects.select_related("owner").prefetch_related("shared_with")
    template_name = "suicide_prevention/locationofconcern.html"

    def extra_context(self, obj: LocationOfConcern) -> dict[str, Any]:  # type: ignore[override]
        from prevhub.core.registry import registry

        user = self.request.user
        measures = list(LocationMeasure.objects.restrict(user, VIEW).filter(location=obj))
        record_reads(measures, how=f"location {obj.reference}")
        problems = registry().areas.get("problems")
        may_open_problem = (
            problems is not None
            and problems.available
            and may_open(user, problems, "problem_add")
            and not user.is_partner
        )
        incidents = SurveillanceRecord.objects.restrict(user, VIEW).filter(location=obj).count()
        return {
            "measures": measures,
            "incidents": incidents,
            "may_open_problem": may_open_problem,
            "may_add_measure": LocationMeasure.access_policy.can(user, CHANGE),
        }


class LocationEditView(UserFormMixin, ObjectEditView):
    queryset = LocationOfConcern.objects.all()
    form_class = forms.LocationOfConcernForm


class LocationDeleteView(ObjectDeleteView):
    queryset = LocationOfConcern.objects.all()


class MeasureListView(ObjectListView):
    queryset = LocationMeasure.objects.select_related("location", "carried_out_by")
    filterset = filters.LocationMeasureFilterSet
    table = tables.LocationMeasureTable


class MeasureDetailView(ObjectDetailView):
    queryset = LocationMeasure.objects.select_related("location", "carried_out_by")


class MeasureEditView(UserFormMixin, ObjectEditView):
    queryset = LocationMeasure.objects.all()
    form_class = forms.LocationMeasureForm


class MeasureDeleteView(ObjectDeleteView):
    queryset = LocationMeasure.objects.all()
