"""Pages of the Safer Business area: declarations over core's generic views, and a few pages
over selectors (home, the survey report and its PDF, the follow-up, the crime around)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import json_script

from prevhub.business import filters, forms, report, selectors, services, tables
from prevhub.business.models import ActionDay, Business, Recommendation, SecuritySurvey
from prevhub.core.access import CHANGE, VIEW
from prevhub.core.audit import audit_batch, record_list_read, record_reads
from prevhub.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)


class UserFormMixin:
    """Hands the signed-in user to the form (choices limited to what they may see)."""

    form_class: type
    form: Any

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)  # type: ignore[misc]
        self.form = partial(self.form_class, user=request.user)


class PrefillMixin:
    """An add page opened from a record fills it in (``?business=12``); the form still offers
    only what the user may see."""

    prefill: tuple[str, ...] = ()

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        initial = {
            name: request.GET[name]
            for name in self.prefill
            if pk is None and request.GET.get(name, "").isdigit()
        }
        if initial:
            obj = self.get_object(None)  # type: ignore[attr-defined]
            return self.render_form(self.form(initial=initial), obj)  # type: ignore[attr-defined]
        return super().get(request, pk)  # type: ignore[misc]


# --- home ---------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    context = selectors.home(request.user)
    context["map_script"] = json_script(
        selectors.map_features(request.user), "business-map-features"
    )
    context["may_add"] = Business.access_policy.can(request.user, "add")
    return render(request, "business/home.html", context)


# --- businesses ---------------------------------------------------------------------------


class BusinessListView(ObjectListView):
    queryset = Business.objects.all()
    filterset = filters.BusinessFilterSet
    table = tables.BusinessTable


class BusinessDetailView(ObjectDetailView):
    queryset = Business.objects.prefetch_related("memberships")

    def field_rows(self, obj: models.Model) -> list[tuple[str, Any]]:
        rows = super().field_rows(obj)
        if obj.may_see_contact(self.request.user):  # type: ignore[attr-defined]
            return rows
        hidden = {
            str(Business._meta.get_field(f).verbose_name).capitalize()
            for f in Business.CONTACT_FIELDS
        }
        return [r for r in rows if r[0] not in hidden]

    def extra_context(self, obj: models.Model) -> dict[str, Any]:
        user = self.request.user
        return {
            "surveys": obj.surveys.restrict(user, VIEW),  # type: ignore[attr-defined]
            "action_days": obj.action_days.restrict(user, VIEW),  # type: ignore[attr-defined]
            "may_survey": SecuritySurvey.access_policy.can(user, "add"),
            "visit_figures": None if user.is_partner else selectors.visit_figures(user, obj),
        }


class BusinessEditView(UserFormMixin, ObjectEditView):
    queryset = Business.objects.all()
    form_class = forms.BusinessForm


class BusinessDeleteView(ObjectDeleteView):
    queryset = Business.objects.all()


def business_import(request: HttpRequest) -> HttpResponse:
    """Upload a business list: every row checked, nothing loaded if one is bad."""
    if not Business.access_policy.can(request.user, "add"):
        raise Http404
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
            report_ = services.business_import(
                text=text, file=upload.name, dry_run=form.cleaned_data["dry_run"]
            )
        except UnicodeDecodeError:
            problems = [f"{upload.name}: not UTF-8 text"]
        except services.ImportRefused as exc:
            problems = [*exc.problems, services.NOTHING_LOADED.capitalize() + "."]
        else:
            dry = " (checked only: nothing loaded)" if form.cleaned_data["dry_run"] else ""
            messages.success(request, report_.summary() + dry + ".")
            return HttpResponseRedirect(reverse("business:business_list"))
    return render(
        request,
        "business/import.html",
        {"form": form, "problems": problems, "columns": services.IMPORT_COLUMNS},
        status=400 if request.method == "POST" else 200,
    )


# --- surveys ------------------------------------------------------------------------------


class SecuritySurveyListView(ObjectListView):
    queryset = SecuritySurvey.objects.select_related("business")
    filterset = filters.SecuritySurveyFilterSet
    table = tables.SecuritySurveyTable


class SecuritySurveyDetailView(ObjectDetailView):
    queryset = SecuritySurvey.objects.select_related("business", "surveyed_by")

    def extra_context(self, obj: models.Model) -> dict[str, Any]:
        return {"layers": report.layers(obj)}  # type: ignore[arg-type]


class SecuritySurveyEditView(PrefillMixin, UserFormMixin, ObjectEditView):
    queryset = SecuritySurvey.objects.all()
    form_class = forms.SecuritySurveyForm
    prefill = ("business",)


class SecuritySurveyDeleteView(ObjectDeleteView):
    queryset = SecuritySurvey.objects.all()


def _survey(request: HttpRequest, pk: int, action: str = VIEW) -> SecuritySurvey:
    survey = get_object_or_404(
        SecuritySurvey.objects.restrict(request.user, action).select_related(
            "business", "surveyed_by"
        ),
        pk=pk,
    )
    record_reads([survey.business], how="survey report")
    return survey


def survey_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report the business is given: the survey, layer by layer."""
    survey = _survey(request, pk)
    return render(
        request, "business/survey_report.html", {"object": survey, "layers": report.layers(survey)}
    )


def survey_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    response = HttpResponse(report.pdf(survey), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{survey.reference}-survey.pdf"'
    return response


def survey_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the follow-up visit: which recommendations the business has done."""
    survey = _survey(request, pk, CHANGE)
    initial = {
        "followed_up_on": survey.followed_up_on,
        "done": [r.pk for r in survey.recommendations.all() if r.done_on],
        "notes": survey.follow_up_notes,
    }
    form = forms.FollowUpForm(request.POST or None, initial=initial, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            with audit_batch():
                services.survey_record_follow_up(
                    survey=survey,
                    on=form.cleaned_data["followed_up_on"],
                    done=form.cleaned_data["done"],
                    notes=form.cleaned_data["notes"],
                )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error("followed_up_on" if name not in form.fields else name, errors)
        else:
            messages.success(request, "Follow-up saved.")
            return HttpResponseRedirect(survey.get_absolute_url())
    return render(
        request,
        "business/follow_up.html",
        {"object": survey, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- recommendations ----------------------------------------------------------------------


class RecommendationListView(ObjectListView):
    queryset = Recommendation.objects.select_related("survey__business")
    filterset = filters.RecommendationFilterSet
    table = tables.RecommendationTable


class RecommendationDetailView(ObjectDetailView):
    queryset = Recommendation.objects.select_related("survey__business")

    def field_rows(self, obj: models.Model) -> list[tuple[str, Any]]:
        rows = super().field_rows(obj)
        techniques = "; ".join(
            f"{t.number}. {t.technique}"
            for t in obj.technique_list  # type: ignore[attr-defined]
        )
        return [(k, techniques or "—") if k == "Techniques" else (k, v) for k, v in rows]


class RecommendationEditView(PrefillMixin, UserFormMixin, ObjectEditView):
    queryset = Recommendation.objects.all()
    form_class = forms.RecommendationForm
    prefill = ("survey",)


class RecommendationDeleteView(ObjectDeleteView):
    queryset = Recommendation.objects.all()


# --- action days --------------------------------------------------------------------------


class ActionDayListView(ObjectListView):
    queryset = ActionDay.objects.all()
    filterset = filters.ActionDayFilterSet
    table = tables.ActionDayTable


class ActionDayDetailView(ObjectDetailView):
    queryset = ActionDay.objects.prefetch_related("partners")

    def field_rows(self, obj: models.Model) -> list[tuple[str, Any]]:
        user = self.request.user
        rows = []
        for label, value in super().field_rows(obj):
            if label == "Businesses visited":
                continue  # listed below, linked, cut down to what the user may see
            if label == "Activities":
                value = ", ".join(obj.activity_labels) or "—"  # type: ignore[attr-defined]
            if label == "Problem":
                problem = obj.problem  # type: ignore[attr-defined]
                visible = (
                    problem is not None
                    and type(problem).objects.restrict(user, VIEW).filter(pk=problem.pk).exists()
                )
                value = str(problem) if visible else "—"
            rows.append((label, value))
        return rows

    def extra_context(self, obj: models.Model) -> dict[str, Any]:
        user = self.request.user
        return {
            "visited": selectors.visible_visited(user, obj),  # type: ignore[arg-type]
            "may_see_crime": not user.is_partner,
        }


class ActionDayEditView(UserFormMixin, ObjectEditView):
    queryset = ActionDay.objects.all()
    form_class = forms.ActionDayForm


class ActionDayDeleteView(ObjectDeleteView):
    queryset = ActionDay.objects.all()


# --- crime around premises ----------------------------------------------------------------


def crime_around(request: HttpRequest) -> HttpResponse:
    """Business crime around premises, before and after an action day (``?day=``)."""
    if request.user.is_partner:
        raise Http404
    days = ActionDay.objects.restrict(request.user, VIEW).order_by("-starts_on")
    day_id = request.GET.get("day", "")
    day = days.filter(pk=int(day_id)).first() if day_id.isdigit() else days.first()
    if day_id.isdigit() and day is None:
        raise Http404
    form = forms.AroundForm(request.GET or None)
    options: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        options = {
            "radius_m": d.get("radius_m"),
            "lsoa": bool(d.get("lsoa")),
            "months": d.get("months"),
            "crimes": d.get("crimes") or "shoplifting",
        }
    page = selectors.around_page(request.user, day, **options)
    record_list_read([r["business"] for r in page.rows], how="crime around premises")
    context = {
        "page": page,
        "days": days,
        "day": day,
        "form": form,
        "map": {
            "features_script": json_script(
                page.features or {"type": "FeatureCollection", "features": []},
                "around-map-features",
            ),
            "legend": selectors.legend(page) if page.rows else [],
            "total": len(page.rows) + 1,
            "shown": len(page.rows) + 1,
            "place": "point",
        },
    }
    return render(request, "business/around.html", context)
