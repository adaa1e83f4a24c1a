"""Reoffending pages: generic views for the records; alerts, measures and retention as small
views over selectors and services."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from prevhub.core import formatting, roles
from prevhub.core.access import CHANGE, VIEW
from prevhub.core.audit import record_reads
from prevhub.core.views.generic import ObjectDetailView, ObjectEditView, ObjectListView
from prevhub.reoffending import conf, filters, forms, selectors, services, tables
from prevhub.reoffending.models import CohortMember, CohortReview, CustodySpell, PathwayNeed


class UserFormMixin:
    """Hands the signed-in user to the form (linked records limited to what they may see)."""

    form_class: type
    form: Any

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)  # type: ignore[misc]
        self.form = partial(self.form_class, user=request.user)


class ReadableDetailView(ObjectDetailView):
    def field_rows(self, obj: models.Model) -> list[tuple[str, Any]]:
        rows = [
            (label, value if isinstance(value, str) else formatting.value(value))
            for label, value in super().field_rows(obj)
        ]
        return sorted(rows, key=lambda row: row[0] == "Last updated")


def home(request: HttpRequest) -> HttpResponse:
    """Offender managers: the reviews due. The hub lead: the measures only (aggregates).
    Administrators without the role: that the register is need-to-know."""
    user = request.user
    if user.has_role(roles.OFFENDER_MANAGER) and not user.is_partner:
        found = selectors.alerts(user)
        selectors.record_alert_reads(found, user)
        due = len(selectors.retention_queue(user))
        return render(
            request,
            "reoffending/home.html",
            {"alerts": found, "days": conf.alert_days(), "retention_due": due},
        )
    if user.has_role(roles.HUB_LEAD):
        return render(request, "reoffending/home_lead.html")
    return render(request, "reoffending/need_to_know.html")


def measures(request: HttpRequest) -> HttpResponse:
    """Reoffending before and after selection, cohort against comparison group: aggregates
    only, small cells suppressed (offender managers and the hub lead)."""
    user = request.user
    if not (user.has_role(roles.OFFENDER_MANAGER) or user.has_role(roles.HUB_LEAD)):
        raise Http404
    report = selectors.measures_report()
    rows = selectors.measure_rows(report) if report else []
    return render(
        request,
        "reoffending/measures.html",
        {
            "report": report,
            "rows": rows,
            "chart": selectors.measures_chart_spec(rows),
            "change": _changes(report),
            "show_nav": user.has_role(roles.OFFENDER_MANAGER),
        },
    )


def _changes(report: Any) -> list[dict[str, Any]]:
    if report is None:
        return []
    found = []
    for group, result in report.groups.items():
        change = result.change
        if change is None or change.people < 5:
            continue
        found.append({"group": selectors.MEASURE_LABELS.get(group, group), **change.to_dict()})
    return found


def retention(request: HttpRequest) -> HttpResponse:
    if not request.user.has_role(roles.OFFENDER_MANAGER) or request.user.is_partner:
        raise Http404
    members = selectors.retention_queue(request.user)
    return render(
        request,
        "reoffending/retention.html",
        {
            "members": members,
            "form": forms.RetentionDeleteForm(),
            "years": conf.retention_years(),
        },
    )


def member_retention_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    member = get_object_or_404(CohortMember.objects.restrict(request.user, CHANGE), pk=pk)
    form = forms.RetentionDeleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the reason for the deletion.")
        return HttpResponseRedirect(reverse("reoffending:retention"))
    try:
        result = services.member_retention_delete(member=member, reason=form.cleaned_data["reason"])
    except services.ReoffendingError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("reoffending:retention"))
    messages.success(
        request, f"{member.reference} deleted; person record {result['person_record']}."
    )
    return HttpResponseRedirect(reverse("reoffending:retention"))


def no_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """No delete pages: records go only at retention review, a whole member at a time."""
    raise Http404


class CohortMemberListView(ObjectListView):
    queryset = CohortMember.objects.select_related("person", "lead_police_officer")
    filterset = filters.CohortMemberFilterSet
    table = tables.CohortMemberTable


class CohortMemberDetailView(ReadableDetailView):
    queryset = CohortMember.objects.select_related(
        "person", "lead_police_officer"
    ).prefetch_related("shared_with")
    template_name = "reoffending/cohortmember.html"

    def field_rows(self, obj: models.Model) -> list[tuple[str, Any]]:
        return [r for r in super().field_rows(obj) if r[0].lower() != "person"]

    def extra_context(self, obj: CohortMember) -> dict[str, Any]:  # type: ignore[override]
        user = self.request.user
        record_reads([obj.person], how=f"via cohort member {obj.reference}")
        custody = list(CustodySpell.objects.restrict(user, VIEW).filter(member=obj))
        needs = list(PathwayNeed.objects.restrict(user, VIEW).filter(member=obj))
        reviews = list(CohortReview.objects.restrict(user, VIEW).filter(member=obj))
        record_reads([*custody, *needs, *reviews], how=f"member {obj.reference}")
        return {
            "custody": custody,
            "needs": needs,
            "reviews": reviews,
            "may_add": CustodySpell.access_policy.can(user, "add"),
        }


class CohortMemberEditView(UserFormMixin, ObjectEditView):
    queryset = CohortMember.objects.all()
    form_class = forms.CohortMemberForm


class CustodySpellListView(ObjectListView):
    queryset = CustodySpell.objects.select_related("member")
    filterset = filters.CustodySpellFilterSet
    table = tables.CustodySpellTable


class CustodySpellDetailView(ReadableDetailView):
    queryset = CustodySpell.objects.select_related("member")


class CustodySpellEditView(UserFormMixin, ObjectEditView):
    queryset = CustodySpell.objects.all()
    form_class = forms.CustodySpellForm


class PathwayNeedListView(ObjectListView):
    queryset = PathwayNeed.objects.select_related("member", "provider")
    filterset = filters.PathwayNeedFilterSet
    table = tables.PathwayNeedTable


class PathwayNeedDetailView(ReadableDetailView):
    queryset = PathwayNeed.objects.select_related("member", "provider")


class PathwayNeedEditView(UserFormMixin, ObjectEditView):
    queryset = PathwayNeed.objects.all()
    form_class = forms.PathwayNeedForm


class CohortReviewListView(ObjectListView):
    queryset = CohortReview.objects.select_related("member")
    filterset = filters.CohortReviewFilterSet
    table = tables.CohortReviewTable


class CohortReviewDetailView(ReadableDetailView):
    queryset = CohortReview.objects.select_related("member")


class CohortReviewEditView(UserFormMixin, ObjectEditView):
    queryset = CohortReview.objects.all()
    form_class = forms.CohortReviewForm
