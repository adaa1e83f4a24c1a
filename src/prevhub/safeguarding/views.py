"""Safeguarding pages: generic views where they fit; the work queue, measures, lifecycle
actions and retention as small views over selectors and services."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from prevhub.core import formatting, roles
from prevhub.core.access import ADD, CHANGE, VIEW
from prevhub.core.audit import record_reads
from prevhub.core.views.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from prevhub.safeguarding import (
    conf,
    deadlines,
    filters,
    forms,
    params,
    selectors,
    services,
    tables,
)
from prevhub.safeguarding.choices import IN_FORCE, Answer, OrderStatus
from prevhub.safeguarding.models import (
    Breach,
    Incident,
    MaracReferral,
    ProtectionOrder,
    RiskAssessment,
    SafeguardingCase,
)
from prevhub.safeguarding.rules import TRANSITIONS, SafeguardingError


def for_reading(value: Any) -> Any:
    """A detail-page value as the hub writes it everywhere (core.formatting.value: dates
    ``15 Jan 2027``, times on the 24-hour clock in UK time, officers by their full name)."""
    return value if isinstance(value, str) else formatting.value(value)


def _readable(rows: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Detail rows written for reading, the record's facts first and "Last updated" last."""
    rows = [(label, for_reading(value)) for label, value in rows]
    return sorted(rows, key=lambda row: row[0] == "Last updated")


class UserFormMixin:
    """Hands the signed-in user to the form (choices limited to what they may see): the
    generic edit view calls ``self.form(...)``, so the form is bound to the user at setup."""

    form_class: type
    form: Any

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)  # type: ignore[misc]
        self.form = partial(self.form_class, user=request.user)


class ReadableDetailView(ObjectDetailView):
    """A register detail page whose dates, times and officers read the hub's one way."""

    def field_rows(self, obj: models.Model) -> list[tuple[str, Any]]:
        return _readable(super().field_rows(obj))


# --- pages over selectors -------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    """The work queue: what is due in the next N days (``?days=``), for safeguarding officers.
    Administrators see that the register exists (the platform shows them every area) but not
    its records: they are told so instead."""
    user = request.user
    if user.is_hub_admin and not user.has_role(roles.SAFEGUARDING):
        return render(request, "safeguarding/need_to_know.html")
    try:
        days = params.days(request.GET.get("days"), conf.digest_days())
    except params.ParameterError as exc:
        context = {"errors": exc.errors, "days": request.GET.get("days", ""), "queue": None}
        return render(request, "safeguarding/home.html", context, status=400)
    queue = selectors.work_queue(user, days=days)
    selectors.record_queue_reads(queue, how="work queue")
    due = selectors.retention_queue(user).count()
    return render(
        request,
        "safeguarding/home.html",
        {"queue": queue, "items": queue.items(), "days": days, "retention_due": due},
    )


def measures(request: HttpRequest) -> HttpResponse:
    default_first, default_last = _default_months()
    first = request.GET.get("from") or default_first
    last = request.GET.get("to") or default_last
    try:
        first, last = params.month_range(first, last)
    except params.ParameterError as exc:
        context = {"errors": exc.errors, "rows": [], "first": first, "last": last}
        return render(request, "safeguarding/measures.html", context, status=400)
    rows = selectors.measures(request.user, first_month=first, last_month=last)
    for row in rows:
        row["month_label"] = selectors.month_label(row["month"])
    return render(
        request,
        "safeguarding/measures.html",
        {
            "rows": rows,
            "first": first,
            "last": last,
            "chart": selectors.measures_chart_spec(rows),
            "first_label": selectors.month_label(first),
            "last_label": selectors.month_label(last),
        },
    )


def retention(request: HttpRequest) -> HttpResponse:
    cases = list(selectors.retention_queue(request.user))
    return render(
        request,
        "safeguarding/retention.html",
        {
            "cases": cases,
            "form": forms.RetentionDeleteForm(),
            "years": conf.retention_review_years(),
        },
    )


def victim_register(request: HttpRequest) -> HttpResponse:
    """Register a new victim (person record whose details stay out of the audit log), then
    open a case for them."""
    form = forms.VictimRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = services.victim_register(**form.cleaned_data)
        messages.success(request, f"Victim registered as {person.reference}.")
        return HttpResponseRedirect(
            f"{reverse('safeguarding:safeguardingcase_add')}?victim={person.pk}"
        )
    return render(request, "safeguarding/victim_register.html", {"form": form})


def case_retention_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a closed case at its retention review (POST only; the page is the queue)."""
    if request.method != "POST":
        raise Http404
    case = get_object_or_404(SafeguardingCase.objects.restrict(request.user, CHANGE), pk=pk)
    form = forms.RetentionDeleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the reason for the deletion.")
        return HttpResponseRedirect(reverse("safeguarding:retention"))
    try:
        result = services.case_retention_delete(case=case, reason=form.cleaned_data["reason"])
    except SafeguardingError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("safeguarding:retention"))
    messages.success(request, f"{case.reference} deleted; victim record {result['victim_record']}.")
    return HttpResponseRedirect(reverse("safeguarding:retention"))


def _default_months() -> tuple[str, str]:
    """The twelve months to this one."""
    today = timezone.localdate()
    default_last = f"{today.year:04d}-{today.month:02d}"
    first_day = deadlines.anniversary(today.replace(day=1), -1) + dt.timedelta(days=31)
    return f"{first_day.year:04d}-{first_day.month:02d}", default_last


def no_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """The register has no delete pages: records are deleted only at retention review, a whole
    closed case at a time (services.case_retention_delete). 404, as for any page not offered."""
    raise Http404


# --- cases ----------------------------------------------------------------------------------


class CaseListView(ObjectListView):
    queryset = SafeguardingCase.objects.select_related("victim", "officer_in_case")
    filterset = filters.CaseFilterSet
    table = tables.CaseTable


class CaseDetailView(ReadableDetailView):
    queryset = SafeguardingCase.objects.select_related(
        "victim", "officer_in_case", "supervisor"
    ).prefetch_related("shared_with", "agencies_involved")
    template_name = "safeguarding/safeguardingcase.html"

    def field_rows(self, obj: models.Model) -> list[tuple[str, Any]]:
        hidden = {
            "victim",
            "abuse types",
            *(n.replace("_", " ") for n in SafeguardingCase.CONTACT_FIELDS),
        }
        rows = [r for r in super().field_rows(obj) if r[0].lower() not in hidden]
        return [("Abuse types", obj.abuse_type_labels() or "—"), *rows]  # type: ignore[attr-defined]

    def extra_context(self, obj: SafeguardingCase) -> dict[str, Any]:  # type: ignore[override]
        selectors.record_victim_read(obj, how="detail")
        user = self.request.user
        orders = list(ProtectionOrder.objects.restrict(user, VIEW).filter(case=obj))
        assessments = list(RiskAssessment.objects.restrict(user, VIEW).filter(case=obj))
        referrals = list(MaracReferral.objects.restrict(user, VIEW).filter(case=obj))
        incidents = list(Incident.objects.restrict(user, VIEW).filter(case=obj))
        record_reads([*orders, *assessments, *referrals, *incidents], how=f"case {obj.reference}")
        show_contact = obj.may_see_contact(user)
        may_add = MaracReferral.access_policy.can(user, ADD) and RiskAssessment.access_policy.can(
            user, ADD
        )
        contact = []
        if show_contact:
            victim = obj.victim
            contact = [
                ("Safe address", obj.safe_address or "—"),
                ("Safe phone", obj.safe_phone or "—"),
                ("Safe e-mail", obj.safe_email or "—"),
                ("When and how to contact", obj.contact_notes or "—"),
                ("Address on person record", victim.address or "—"),
                ("Phone on person record", victim.phone or "—"),
            ]
        return {
            # The steps a flagged case needs are offered to those who may take them (never to
            # a partner reading a shared case).
            "needs": selectors.case_needs(obj, user) if may_add else [],
            "may_add": may_add,
            "show_contact": show_contact,
            "contact": contact,
            "orders": orders,
            "assessments": assessments,
            "referrals": referrals,
            "incidents": incidents,
            "latest": assessments[0] if assessments else None,
        }


class PrefillMixin:
    """An add page opened from another record fills in that record (``?case=12`` on "Add a
    DASH assessment" from a case flagged by the work queue; ``?victim=`` after registering a
    victim; ``?order=`` for a breach). The form still limits the choice to what the user may
    see, so a number in the address reveals nothing."""

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


class CaseEditView(PrefillMixin, UserFormMixin, ObjectEditView):
    queryset = SafeguardingCase.objects.all()
    form_class = forms.CaseForm
    prefill = ("victim",)


# --- incidents, assessments, referrals ------------------------------------------------------


class IncidentListView(ObjectListView):
    queryset = Incident.objects.select_related("case")
    filterset = filters.IncidentFilterSet
    table = tables.IncidentTable


class IncidentDetailView(ReadableDetailView):
    queryset = Incident.objects.select_related("case")


class IncidentEditView(UserFormMixin, ObjectEditView):
    queryset = Incident.objects.all()
    form_class = forms.IncidentForm


class RiskAssessmentListView(ObjectListView):
    queryset = RiskAssessment.objects.select_related("case")
    filterset = filters.RiskAssessmentFilterSet
    table = tables.RiskAssessmentTable


class RiskAssessmentDetailView(ReadableDetailView):
    queryset = RiskAssessment.objects.select_related("case", "assessor")
    template_name = "safeguarding/riskassessment.html"

    def field_rows(self, obj: models.Model) -> list[tuple[str, Any]]:
        """The answers are the table below the facts, in words; not a raw mapping here."""
        return [row for row in super().field_rows(obj) if row[0] != "Answers"]

    def extra_context(self, obj: RiskAssessment) -> dict[str, Any]:  # type: ignore[override]
        from prevhub.safeguarding.questions import DASH_QUESTIONS, dash_question_keys

        answers = obj.answers or {}
        words = dict(Answer.choices)
        return {
            "answers": [
                (i + 1, text, words.get(answers.get(key), "Not recorded"))
                for i, (key, text) in enumerate(
                    zip(dash_question_keys(), DASH_QUESTIONS, strict=True)
                )
            ]
        }


class RiskAssessmentEditView(PrefillMixin, UserFormMixin, ObjectEditView):
    queryset = RiskAssessment.objects.all()
    form_class = forms.RiskAssessmentForm
    prefill = ("case",)


class MaracReferralListView(ObjectListView):
    queryset = MaracReferral.objects.select_related("case")
    filterset = filters.MaracReferralFilterSet
    table = tables.MaracReferralTable


class MaracReferralDetailView(ReadableDetailView):
    queryset = MaracReferral.objects.select_related("case").prefetch_related("actions")
    template_name = "safeguarding/maracreferral.html"


class MaracReferralEditView(PrefillMixin, UserFormMixin, ObjectEditView):
    queryset = MaracReferral.objects.all()
    form_class = forms.MaracReferralForm
    prefill = ("case",)


# --- orders and breaches --------------------------------------------------------------------


class ProtectionOrderListView(ObjectListView):
    queryset = ProtectionOrder.objects.select_related("case")
    filterset = filters.ProtectionOrderFilterSet
    table = tables.ProtectionOrderTable


class ProtectionOrderDetailView(ReadableDetailView):
    queryset = ProtectionOrder.objects.select_related("case", "notice")
    template_name = "safeguarding/protectionorder.html"

    def extra_context(self, obj: ProtectionOrder) -> dict[str, Any]:  # type: ignore[override]
        breaches = list(Breach.objects.restrict(self.request.user, VIEW).filter(order=obj))
        record_reads(breaches, how=f"order {obj.reference}")
        can_change = self.restricted(CHANGE).filter(pk=obj.pk).exists()
        choices = _transition_choices(obj)
        return {
            "deadlines": order_deadlines(obj),
            "breaches": breaches,
            "transition_form": forms.TransitionForm(choices=choices)
            if can_change and choices
            else None,
            "can_record_breach": can_change and obj.status in BREACH_RECORDABLE,
        }


def order_deadlines(order: ProtectionOrder) -> dict[str, Any]:
    """The order's statutory deadlines that apply to it, each with the time left, for the top
    of its page: the officer's first question about an order is "by when?". A deadline the
    officer must meet carries its urgency tag while the order is live (the earliest end of an
    SPO is a limit, not a deadline; an adjourned hearing's 48 hours no longer run)."""
    limits = order.limits
    now = deadlines.local(timezone.now())
    live = order.status in IN_FORCE | {OrderStatus.GRANTED, OrderStatus.APPLIED}
    notified = order.notification_received_on is not None
    rows = []
    for label, moment, is_deadline in (
        ("Hearing must begin by", limits.hearing_deadline, not order.hearing_adjourned),
        ("Hearing listed for", order.hearing_at, True),
        ("Ends", limits.expires_at, True),
        ("Subject must notify name and address by", limits.notification_deadline, not notified),
        ("Earliest end (two-year minimum)", limits.earliest_end, False),
    ):
        if moment is None:
            continue
        rows.append(
            {
                "label": label,
                "when": formatting.datetime(deadlines.local(moment)),
                "remaining": selectors.time_remaining(moment, now),
                "urgency": selectors.urgency(moment, now) if live and is_deadline else None,
            }
        )
    if notified:
        rows.append(
            {
                "label": "Name and address notified on",
                "when": formatting.date(order.notification_received_on),
                "remaining": "recorded",
                "urgency": None,
            }
        )
    return {"rows": rows, "warning": limits.calendar_problem}


#: An order in force, or ended since (a breach while it was in force can be reported late).
BREACH_RECORDABLE = IN_FORCE | {OrderStatus.EXPIRED, OrderStatus.DISCHARGED}


def _transition_choices(order: ProtectionOrder) -> list[tuple[str, str]]:
    allowed = TRANSITIONS.get(order.status, frozenset()) - {OrderStatus.BREACHED}
    return [(s.value, s.label) for s in OrderStatus if s in allowed]


def protection_order_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """POST a lifecycle step; the service enforces the lifecycle and the statutory limits."""
    if request.method != "POST":
        raise Http404
    order = get_object_or_404(ProtectionOrder.objects.restrict(request.user, CHANGE), pk=pk)
    form = forms.TransitionForm(request.POST, choices=_transition_choices(order))
    if not form.is_valid():
        messages.error(request, "Choose a next status allowed for this order.")
        return HttpResponseRedirect(order.get_absolute_url())
    data = form.cleaned_data
    try:
        services.protection_order_transition(
            order=order,
            to_status=data["to_status"],
            at=data.get("at") or None,
            ends_on=data.get("ends_on"),
            until_further_order=data.get("until_further_order") or None,
        )
    except SafeguardingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"{order.reference} is now {OrderStatus(data['to_status']).label.lower()}."
        )
    return HttpResponseRedirect(order.get_absolute_url())


class ProtectionOrderEditView(UserFormMixin, ObjectEditView):
    queryset = ProtectionOrder.objects.all()
    form_class = forms.ProtectionOrderForm


class BreachListView(ObjectListView):
    queryset = Breach.objects.select_related("order")
    filterset = filters.BreachFilterSet
    table = tables.BreachTable


class BreachDetailView(ReadableDetailView):
    queryset = Breach.objects.select_related("order", "recorded_by")


class BreachEditView(PrefillMixin, UserFormMixin, ObjectEditView):
    queryset = Breach.objects.all()
    form_class = forms.BreachForm
    prefill = ("order",)
