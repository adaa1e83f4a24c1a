"""Substances pages: generic views for the records; the measures and retention as small views
over selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from prevhub.core import roles
from prevhub.core.access import CHANGE, VIEW
from prevhub.core.audit import record_reads
from prevhub.core.views.generic import ObjectEditView, ObjectListView
from prevhub.reoffending.views import ReadableDetailView, UserFormMixin, no_delete
from prevhub.substances import conf, filters, forms, selectors, services, tables
from prevhub.substances.models import (
    DiversionAppointment,
    DiversionCondition,
    DiversionEpisode,
    DrugTestCount,
    NaloxoneSupply,
)

__all__ = ["no_delete"]


def _offender_manager(user: Any) -> bool:
    return user.has_role(roles.OFFENDER_MANAGER) and not user.is_partner


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if _offender_manager(user):
        open_episodes = selectors.episodes_for(user).filter(outcome="in_progress").count()
        return render(
            request,
            "substances/home.html",
            {"open_episodes": open_episodes, "retention_due": len(selectors.retention_queue(user))},
        )
    if user.has_role(roles.HUB_LEAD):
        return render(request, "substances/home_lead.html")
    return render(request, "substances/need_to_know.html")


def measures(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.has_role(roles.OFFENDER_MANAGER) or user.has_role(roles.HUB_LEAD)):
        raise Http404
    result = selectors.measures()
    return render(
        request,
        "substances/measures.html",
        {
            **result,
            "chart": selectors.funnel_chart_spec(result["funnel"]),
            "show_nav": _offender_manager(user),
        },
    )


def retention(request: HttpRequest) -> HttpResponse:
    if not _offender_manager(request.user):
        raise Http404
    return render(
        request,
        "substances/retention.html",
        {
            "episodes": selectors.retention_queue(request.user),
            "form": forms.RetentionDeleteForm(),
            "years": conf.retention_years(),
        },
    )


def episode_retention_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    episode = get_object_or_404(DiversionEpisode.objects.restrict(request.user, CHANGE), pk=pk)
    form = forms.RetentionDeleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the reason for the deletion.")
        return HttpResponseRedirect(reverse("substances:retention"))
    try:
        result = services.episode_retention_delete(
            episode=episode, reason=form.cleaned_data["reason"]
        )
    except services.SubstancesError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("substances:retention"))
    messages.success(
        request, f"{episode.reference} deleted; person record {result['person_record']}."
    )
    return HttpResponseRedirect(reverse("substances:retention"))


class DiversionEpisodeListView(ObjectListView):
    queryset = DiversionEpisode.objects.select_related("person")
    filterset = filters.DiversionEpisodeFilterSet
    table = tables.DiversionEpisodeTable


class DiversionEpisodeDetailView(ReadableDetailView):
    queryset = DiversionEpisode.objects.select_related(
        "person", "treatment_provider"
    ).prefetch_related("shared_with")
    template_name = "substances/diversionepisode.html"

    def field_rows(self, obj: models.Model) -> list[tuple[str, Any]]:
        rows = [r for r in super().field_rows(obj) if r[0].lower() not in ("person", "eligibility")]
        return [("Scheme", obj.get_scheme_display()), *[r for r in rows if r[0] != "Scheme"]]  # type: ignore[attr-defined]

    def extra_context(self, obj: DiversionEpisode) -> dict[str, Any]:  # type: ignore[override]
        user = self.request.user
        record_reads([obj.person], how=f"via diversion episode {obj.reference}")
        conditions = list(DiversionCondition.objects.restrict(user, VIEW).filter(episode=obj))
        appointments = list(DiversionAppointment.objects.restrict(user, VIEW).filter(episode=obj))
        record_reads([*conditions, *appointments], how=f"episode {obj.reference}")
        return {
            "eligibility": obj.eligibility_rows(),
            "conditions": conditions,
            "appointments": appointments,
            "age": obj.age_at_offence(),
        }


class DiversionEpisodeEditView(UserFormMixin, ObjectEditView):
    queryset = DiversionEpisode.objects.all()
    form_class = forms.DiversionEpisodeForm


class DiversionConditionListView(ObjectListView):
    queryset = DiversionCondition.objects.select_related("episode")
    filterset = filters.DiversionConditionFilterSet
    table = tables.DiversionConditionTable


class DiversionConditionDetailView(ReadableDetailView):
    queryset = DiversionCondition.objects.select_related("episode")


class DiversionConditionEditView(UserFormMixin, ObjectEditView):
    queryset = DiversionCondition.objects.all()
    form_class = forms.DiversionConditionForm


class DiversionAppointmentListView(ObjectListView):
    queryset = DiversionAppointment.objects.select_related("episode")
    filterset = filters.DiversionAppointmentFilterSet
    table = tables.DiversionAppointmentTable


class DiversionAppointmentDetailView(ReadableDetailView):
    queryset = DiversionAppointment.objects.select_related("episode")


class DiversionAppointmentEditView(UserFormMixin, ObjectEditView):
    queryset = DiversionAppointment.objects.all()
    form_class = forms.DiversionAppointmentForm


class DrugTestCountListView(ObjectListView):
    queryset = DrugTestCount.objects.all()
    filterset = filters.DrugTestCountFilterSet
    table = tables.DrugTestCountTable


class DrugTestCountDetailView(ReadableDetailView):
    queryset = DrugTestCount.objects.all()


class DrugTestCountEditView(UserFormMixin, ObjectEditView):
    queryset = DrugTestCount.objects.all()
    form_class = forms.DrugTestCountForm


class NaloxoneSupplyListView(ObjectListView):
    queryset = NaloxoneSupply.objects.all()
    filterset = filters.NaloxoneSupplyFilterSet
    table = tables.NaloxoneSupplyTable


class NaloxoneSupplyDetailView(ReadableDetailView):
    queryset = NaloxoneSupply.objects.all()


class NaloxoneSupplyEditView(UserFormMixin, ObjectEditView):
    queryset = NaloxoneSupply.objects.all()
    form_class = forms.NaloxoneSupplyForm
