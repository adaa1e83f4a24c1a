"""Youth pages: generic views where they fit (declarations), and the home page, measures,
retention and roster import as small views over selectors and services."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from prevhub.core import roles
from prevhub.core.access import VIEW
from prevhub.core.audit import record_reads
from prevhub.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from prevhub.youth import conf, filters, forms, selectors, services, tables
from prevhub.youth.models import (
    Assignment,
    Award,
    Cadet,
    Concern,
    Consent,
    Leader,
    Session,
    Unit,
    VolunteeringEvent,
    VolunteeringHours,
    is_coordinator,
)


class UserFormMixin:
    """Hands the signed-in user to the form (choices limited to what they may see)."""

    form_class: type
    form: Any

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)  # type: ignore[misc]
        self.form = partial(self.form_class, user=request.user)


def _generic(
    model: type[models.Model], table: type, filterset: type, form: type
) -> dict[str, type]:
    """The four generic views of a model, declared once."""
    name = model.__name__
    return {
        "list": type(
            f"{name}ListView",
            (ObjectListView,),
            {"queryset": model.objects.all(), "table": table, "filterset": filterset},
        ),
        "detail": type(f"{name}DetailView", (ObjectDetailView,), {"queryset": model.objects.all()}),
        "edit": type(
            f"{name}EditView",
            (UserFormMixin, ObjectEditView),
            {"queryset": model.objects.all(), "form_class": form},
        ),
        "delete": type(f"{name}DeleteView", (ObjectDeleteView,), {"queryset": model.objects.all()}),
    }


def home(request: HttpRequest) -> HttpResponse:
    """What needs doing (renewals, cadets reaching the leaving age, ended cohorts) and the way
    in to each list. The hub lead sees the measures only; an administrator without the role is
    told the register is need-to-know."""
    user = request.user
    if user.is_hub_admin and not user.has_role(roles.YOUTH, roles.HUB_LEAD):
        return render(request, "youth/need_to_know.html")
    staff = user.has_role(roles.YOUTH)
    alerts = (selectors.renewal_alerts() + selectors.children_alerts(user)) if staff else []
    return render(
        request,
        "youth/home.html",
        {
            "staff": staff,
            "alerts": alerts,
            "coordinator": is_coordinator(user),
            "alert_days": max(conf.alert_days(), default=0),
        },
    )


def measures(request: HttpRequest) -> HttpResponse:
    default_first, default_last = selectors.default_months()
    first = request.GET.get("from") or default_first
    last = request.GET.get("to") or default_last
    try:
        first, last = selectors.month_range(first, last)
    except selectors.ParameterError as exc:
        context = {"errors": exc.errors, "first": first, "last": last, "result": None}
        return render(request, "youth/measures.html", context, status=400)
    result = selectors.measures(first_month=first, last_month=last)
    for row in result["months"]:
        row["label"] = selectors.month_label(row["month"])
    return render(
        request,
        "youth/measures.html",
        {
            "result": result,
            "first": first,
            "last": last,
            "first_label": selectors.month_label(first),
            "last_label": selectors.month_label(last),
            "chart": selectors.measures_chart_spec(result),
            "staff": request.user.has_role(roles.YOUTH),
        },
    )


def _coordinator_only(request: HttpRequest) -> None:
    if not is_coordinator(request.user):
        raise Http404


def retention(request: HttpRequest) -> HttpResponse:
    """Leavers due for deletion (coordinator only); POST deletes one."""
    _coordinator_only(request)
    if request.method == "POST":
        cadet = get_object_or_404(selectors.retention_due(), pk=request.POST.get("cadet") or 0)
        try:
            result = services.cadet_retention_delete(cadet=cadet)
        except services.YouthError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{result['reference']} deleted; anonymous counts kept.")
        return HttpResponseRedirect(reverse("youth:retention"))
    due = list(selectors.retention_due())
    return render(request, "youth/retention.html", {"due": due, "years": conf.retention_years()})


def roster_import(request: HttpRequest) -> HttpResponse:
    """Load an existing roster: every row checked first, nothing loaded if any is bad."""
    _coordinator_only(request)
    form = forms.RosterImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
            result = services.cadet_roster_import(text=text, file_name=upload.name)
        except UnicodeDecodeError:
            problems = [f"{upload.name}: not UTF-8 text."]
        except services.ImportRefused as exc:
            problems = exc.lines
        else:
            messages.success(
                request,
                f"{result.added} cadet(s) added, {result.unchanged} already on the register.",
            )
            return HttpResponseRedirect(reverse("youth:cadet_list"))
    status = 400 if problems else 200
    return render(request, "youth/import.html", {"form": form, "problems": problems}, status=status)


# --- units, leaders, assignments --------------------------------------------------------------

UNIT = _generic(Unit, tables.UnitTable, filters.UnitFilterSet, forms.UnitForm)
UNIT["list"].queryset = Unit.objects.select_related("host_organisation")
LEADER = _generic(Leader, tables.LeaderTable, filters.LeaderFilterSet, forms.LeaderForm)
LEADER["list"].queryset = Leader.objects.select_related("user")
ASSIGNMENT = _generic(
    Assignment, tables.AssignmentTable, filters.AssignmentFilterSet, forms.AssignmentForm
)
ASSIGNMENT["list"].queryset = Assignment.objects.select_related("leader__user", "unit")


class CadetDetailView(ObjectDetailView):
    """A child's record: health notes only for the unit's leaders; the consents, awards and
    hours shown are logged as read too."""

    queryset = Cadet.objects.select_related("unit")
    template_name = "youth/cadet.html"

    def field_rows(self, obj: Cadet) -> list[tuple[str, Any]]:  # type: ignore[override]
        hidden = (
            {"Medical and allergy notes"} if not obj.may_see_medical(self.request.user) else set()
        )
        rows = [r for r in super().field_rows(obj) if r[0] not in hidden]
        return [("Age", obj.age), *rows]

    def extra_context(self, obj: Cadet) -> dict[str, Any]:  # type: ignore[override]
        user = self.request.user
        consents = list(Consent.objects.restrict(user).filter(cadet=obj).select_related("event"))
        awards = list(Award.objects.restrict(user).filter(cadet=obj))
        hours = list(
            VolunteeringHours.objects.restrict(user).filter(cadet=obj).select_related("event")
        )
        record_reads([*consents, *awards, *hours], how=f"cadet {obj.reference}")
        return {
            "consents": consents,
            "awards": awards,
            "hours": hours,
            "leaving_age": conf.leaving_age(),
            "may_raise_concern": Concern.access_policy.can(user, "add"),
        }


CADET = _generic(Cadet, tables.CadetTable, filters.CadetFilterSet, forms.CadetForm)
CADET["list"].queryset = Cadet.objects.select_related("unit")
CADET["detail"] = CadetDetailView
CONSENT = _generic(Consent, tables.ConsentTable, filters.ConsentFilterSet, forms.ConsentForm)
CONSENT["list"].queryset = Consent.objects.select_related("cadet", "event")


class SessionDetailView(ObjectDetailView):
    """A session: who attended, limited to the children this user may see; a school's staff
    see how many attended, never who."""

    queryset = Session.objects.select_related("unit")

    def field_rows(self, obj: Session) -> list[tuple[str, Any]]:  # type: ignore[override]
        user = self.request.user
        rows = [r for r in super().field_rows(obj) if r[0] != "Attendees"]
        visible = list(Cadet.objects.restrict(user, VIEW).filter(sessions_attended=obj))
        record_reads(visible, how=f"session {obj.reference}")
        rows.append(("Present", obj.attendees.count()))
        if visible:
            rows.append(
                ("Attendees you may see", ", ".join(f"{c.reference} {c.name}" for c in visible))
            )
        return rows


SESSION = _generic(Session, tables.SessionTable, filters.SessionFilterSet, forms.SessionForm)
SESSION["list"].queryset = Session.objects.select_related("unit").prefetch_related("attendees")
SESSION["detail"] = SessionDetailView
EVENT = _generic(
    VolunteeringEvent,
    tables.VolunteeringEventTable,
    filters.VolunteeringEventFilterSet,
    forms.VolunteeringEventForm,
)
EVENT["list"].queryset = VolunteeringEvent.objects.select_related("unit")
HOURS = _generic(
    VolunteeringHours,
    tables.VolunteeringHoursTable,
    filters.VolunteeringHoursFilterSet,
    forms.VolunteeringHoursForm,
)
HOURS["list"].queryset = VolunteeringHours.objects.select_related("event", "cadet")
AWARD = _generic(Award, tables.AwardTable, filters.AwardFilterSet, forms.AwardForm)
AWARD["list"].queryset = Award.objects.select_related("cadet")


class ConcernEditView(UserFormMixin, ObjectEditView):
    """Any leader may raise a low-level concern about a child they see; only the designated
    safeguarding lead reads it afterwards (the leader is told so, not shown it)."""

    queryset = Concern.objects.all()
    form_class = forms.ConcernForm

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        """Opened from a child's page (``?cadet=12``): the child is chosen already (the form
        still offers only children the user may see, so a number reveals nothing)."""
        cadet = request.GET.get("cadet", "")
        if pk is None and cadet.isdigit():
            obj = self.get_object(None)
            return self.render_form(self.form(initial={"cadet": cadet}), obj)
        return super().get(request, pk)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        response = super().post(request, pk)
        if response.status_code == 302 and pk is None:
            latest = Concern._base_manager.filter(recorded_by=request.user).order_by("-pk").first()
            if (
                latest is not None
                and not Concern.objects.restrict(request.user).filter(pk=latest.pk).exists()
            ):
                messages.success(
                    request, f"{latest.reference} recorded for the designated safeguarding lead."
                )
                return HttpResponseRedirect(reverse("youth:home"))
        return response


CONCERN = _generic(Concern, tables.ConcernTable, filters.ConcernFilterSet, forms.ConcernForm)
CONCERN["list"].queryset = Concern.objects.select_related("cadet")
CONCERN["edit"] = ConcernEditView
