"""Pages of the Specials area: generic views for the records; the measures, the hours map,
the roster import, sign-off and sign-up confirmation, and the officer's calendar feed."""

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
from django.views.decorators.http import require_POST

from prevhub.core import roles
from prevhub.core.access import CHANGE, VIEW
from prevhub.core.audit import record_reads
from prevhub.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from prevhub.crime.periods import PeriodError, add_months, parse_month
from prevhub.specials import calendar, charts, filters, forms, roster, selectors, services, tables
from prevhub.specials.models import (
    AttendanceNotice,
    Availability,
    Duty,
    Event,
    EventSignup,
    Officer,
    Qualification,
    QualificationKind,
)


def _records_user(user: Any) -> bool:
    return Officer.access_policy.can(user, VIEW)


def home(request: HttpRequest) -> HttpResponse:
    """The specials team's start: expiry alerts and links. The hub lead (measures only) and
    administrators without the role are told what they can open instead of the records."""
    user = request.user
    if not _records_user(user):
        return render(
            request, "specials/need_to_know.html", {"lead": user.has_role(roles.HUB_LEAD)}
        )
    alerts = selectors.expiry_alerts()
    record_reads(
        Officer._base_manager.filter(pk__in={a.officer_id for a in alerts}), how="expiry alerts"
    )
    return render(request, "specials/home.html", {"alerts": alerts})


def _months(request: HttpRequest) -> tuple[str, str, list[str]]:
    today = timezone.localdate()
    default_last = selectors.month_of(today)
    first_raw = request.GET.get("from") or add_months(default_last, -11)
    last_raw = request.GET.get("to") or default_last
    errors = []
    try:
        first = parse_month(first_raw)
    except PeriodError as exc:
        errors.append(f"From: {exc}")
        first = add_months(default_last, -11)
    try:
        last = parse_month(last_raw)
    except PeriodError as exc:
        errors.append(f"To: {exc}")
        last = default_last
    if not errors and first > last:
        errors.append("To: the last month is before the first")
    return first, last, errors


def measures(request: HttpRequest) -> HttpResponse:
    first, last, errors = _months(request)
    if errors:
        context = {
            "errors": errors,
            "first": request.GET.get("from", ""),
            "last": request.GET.get("to", ""),
            "m": None,
        }
        return render(request, "specials/measures.html", context, status=400)
    m = selectors.hours_measures(first=first, last=last)
    for row in m.monthly:
        row["label"] = _month_words(row["month"])
    return render(
        request,
        "specials/measures.html",
        {"m": m, "first": first, "last": last, "chart": charts.hours_chart(m)},
    )


def _month_words(month: str) -> str:
    return dt.date(int(month[:4]), int(month[5:]), 1).strftime("%b %Y")


def hours_map(request: HttpRequest) -> HttpResponse:
    """Where the hours went: worked hours on Find's grid beside the victim-based crime change."""
    from prevhub.specials import hours_map as hm

    context = hm.page_context(request.GET)
    status = 400 if context.get("errors") else 200
    return render(request, "specials/hours_map.html", context, status=status)


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The one page whose credential is in its URL (a calendar program cannot sign in): a live
    token opens its officer's duties; any other answers 404 (core.registry token pages)."""
    officer = services.calendar_feed_officer(token)
    if officer is None:
        raise Http404("No such feed.")
    response = HttpResponse(calendar.officer_calendar(officer), content_type="text/calendar")
    response["Content-Disposition"] = f'inline; filename="duties-{officer.pk}.ics"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def officer_feed(request: HttpRequest, pk: int) -> HttpResponse:
    officer = get_object_or_404(Officer.objects.restrict(request.user, CHANGE), pk=pk)
    if request.POST.get("action") == "revoke":
        services.calendar_feed_revoke(officer=officer)
        messages.success(request, "Calendar feed revoked: its address no longer works.")
        return HttpResponseRedirect(officer.get_absolute_url())
    _feed, token = services.calendar_feed_issue(officer=officer)
    url = request.build_absolute_uri(reverse("specials:calendar_feed", args=[token]))
    record_reads([officer], how="calendar feed issued")
    return render(request, "specials/feed_issued.html", {"object": officer, "url": url})


@require_POST
def duty_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    duty = get_object_or_404(Duty.objects.restrict(request.user, CHANGE), pk=pk)
    try:
        services.duty_sign_off(duty=duty)
        messages.success(request, "Duty signed off.")
    except services.SpecialsError as exc:
        messages.error(request, str(exc))
    return HttpResponseRedirect(duty.get_absolute_url())


@require_POST
def signup_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    signup = get_object_or_404(EventSignup.objects.restrict(request.user, CHANGE), pk=pk)
    try:
        services.event_signup_confirm(signup=signup)
        messages.success(request, "Sign-up confirmed and the duty booked.")
    except services.SpecialsError as exc:
        messages.error(
            request, "Not confirmed: " + " ".join(m for ms in exc.problems.values() for m in ms)
        )
    return HttpResponseRedirect(signup.get_absolute_url())


def roster_import(request: HttpRequest) -> HttpResponse:
    if not Officer.access_policy.can(request.user, CHANGE):
        raise Http404
    form = forms.RosterImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["roster"]
        try:
            text = upload.read().decode("utf-8-sig")
            result = roster.roster_import(text, name=upload.name)
        except UnicodeDecodeError:
            context["problems"] = [f"{upload.name}: not UTF-8 text"]
        except roster.RosterError as exc:
            context["problems"] = exc.problems
        else:
            messages.success(
                request,
                f"Roster loaded: {result.added} added, {result.updated} updated, "
                f"{result.unchanged} unchanged.",
            )
            return HttpResponseRedirect(reverse("specials:officer_list"))
        return render(request, "specials/roster_import.html", context, status=400)
    return render(request, "specials/roster_import.html", context)


# --- generic pages --------------------------------------------------------------------------


class UserFormMixin:
    form_class: type
    form: Any

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)  # type: ignore[misc]
        self.form = partial(self.form_class, user=request.user)


class OfficerDetailView(ObjectDetailView):
    queryset = Officer.objects.all()

    def field_rows(self, obj: models.Model) -> list[tuple[str, Any]]:
        rows = super().field_rows(obj)
        if obj.may_see_contact(self.request.user):  # type: ignore[attr-defined]
            return rows
        hidden = {
            str(Officer._meta.get_field(f).verbose_name).capitalize()
            for f in Officer.CONTACT_FIELDS
        }
        return [(label, value) for label, value in rows if label not in hidden]

    def extra_context(self, obj: models.Model) -> dict[str, Any]:
        officer: Officer = obj  # type: ignore[assignment]
        return {
            "qualifications": officer.qualifications.select_related("kind"),
            "recent_duties": officer.duties.all()[:10],
            "live_feed": officer.feeds.filter(revoked_at__isnull=True).exists(),
            "notices": officer.notices.all()[:5],
        }


class DutyDetailView(ObjectDetailView):
    queryset = Duty.objects.select_related("officer", "problem")


def _generic(
    model: type[models.Model],
    form_class: type,
    filterset: type,
    table: type,
    detail: type | None = None,
    queryset: models.QuerySet | None = None,
) -> dict[str, type]:
    """The list, detail, edit and delete views of one model, declared in one line each
    (`queryset`: the model's rows with what its table shows of related rows joined)."""
    qs = queryset if queryset is not None else model.objects.all()  # type: ignore[attr-defined]
    return {
        "list_view": type(
            f"{model.__name__}ListView",
            (ObjectListView,),
            {"queryset": qs, "filterset": filterset, "table": table},
        ),
        "detail_view": detail
        or type(f"{model.__name__}DetailView", (ObjectDetailView,), {"queryset": qs}),
        "edit_view": type(
            f"{model.__name__}EditView",
            (UserFormMixin, ObjectEditView),
            {"queryset": qs, "form_class": form_class},
        ),
        "delete_view": type(f"{model.__name__}DeleteView", (ObjectDeleteView,), {"queryset": qs}),
    }


OFFICER = _generic(
    Officer, forms.OfficerForm, filters.OfficerFilterSet, tables.OfficerTable, OfficerDetailView
)
QUALIFICATION_KIND = _generic(
    QualificationKind,
    forms.QualificationKindForm,
    filters.QualificationKindFilterSet,
    tables.QualificationKindTable,
)
QUALIFICATION = _generic(
    Qualification,
    forms.QualificationForm,
    filters.QualificationFilterSet,
    tables.QualificationTable,
    queryset=Qualification.objects.select_related("officer", "kind"),
)
DUTY = _generic(Duty, forms.DutyForm, filters.DutyFilterSet, tables.DutyTable, DutyDetailView)
EVENT = _generic(Event, forms.EventForm, filters.EventFilterSet, tables.EventTable)
EVENT_SIGNUP = _generic(
    EventSignup, forms.EventSignupForm, filters.EventSignupFilterSet, tables.EventSignupTable
)
AVAILABILITY = _generic(
    Availability, forms.AvailabilityForm, filters.AvailabilityFilterSet, tables.AvailabilityTable
)
ATTENDANCE_NOTICE = _generic(
    AttendanceNotice,
    forms.AttendanceNoticeForm,
    filters.AttendanceNoticeFilterSet,
    tables.AttendanceNoticeTable,
)
