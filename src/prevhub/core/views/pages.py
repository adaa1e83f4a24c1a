"""Platform pages: home, area placeholders, the admin area, the audit log, two-factor."""

from __future__ import annotations

import base64
import io
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from prevhub.core import services
from prevhub.core.audit import record_reads, record_sensitive_audit_reads
from prevhub.core.filters import AuditEntryFilterSet, UserFilterSet
from prevhub.core.forms import TokenForm, UserForm
from prevhub.core.models import AuditEntry, User
from prevhub.core.registry import registry
from prevhub.core.tables import AuditEntryTable, UserTable, role_names
from prevhub.core.views.generic import ObjectDetailView, ObjectEditView, ObjectListView


def home(request: HttpRequest) -> HttpResponse:
    """The start page: the areas this user works in (nothing they may not use), and what the
    apps put on it for them (a partner's tasks, what is shared with their organisation)."""
    reg = registry()
    user = request.user
    panels = [panel for app in reg.apps for panel in app.home_panels(request)]
    context = {
        "areas": [(area, area.url_name_for(user)) for area in reg.areas_for(user)],
        "panels": panels,
        "shared": shared_records(user) if user.is_partner else None,
    }
    return render(request, "core/home.html", context)


def area_placeholder(request: HttpRequest, slug: str) -> HttpResponse:
    """An honest page for an area not built yet (the gate has already let the user in)."""
    return render(request, "core/not_available.html", {"area": registry().areas[slug]})


def shared_records(user: Any) -> list[dict[str, Any]]:
    """For a partner's user: every register's records shared with their organisation, by
    area, so what was shared with them is reachable without typing a URL."""
    from django.apps import apps

    from prevhub.core.access import VIEW
    from prevhub.core.gate import may_open

    groups = []
    for area in registry().ordered_areas():
        if not area.partner_models or not may_open(user, area):
            continue
        for label in area.partner_models:
            model = apps.get_model(label)
            rows = list(model.objects.restrict(user, VIEW)[:SHARED_LIMIT])  # type: ignore[attr-defined]
            if rows:
                meta = model._meta
                groups.append(
                    {
                        "area": area,
                        "name": str(meta.verbose_name_plural).capitalize(),
                        "count_text": _count(len(rows), meta, more=len(rows) == SHARED_LIMIT),
                        "rows": rows,
                        "more": len(rows) == SHARED_LIMIT,
                    }
                )
    return groups


SHARED_LIMIT = 50


def _count(n: int, meta: Any, *, more: bool) -> str:
    """'1 problem', '2 problems', '50 or more cases' — the count meets its noun."""
    noun = meta.verbose_name if n == 1 else meta.verbose_name_plural
    return f"{n:,}{' or more' if more else ''} {noun}"


def shared_with_us(request: HttpRequest) -> HttpResponse:
    """The partner's list of everything shared with their organisation (force staff: 404,
    they reach records through their areas)."""
    user = request.user
    if not user.is_partner:
        raise Http404
    groups = shared_records(user)
    record_reads([row for group in groups for row in group["rows"]], how="shared list")
    return render(request, "core/shared.html", {"groups": groups})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: says nothing but 'ok'."""
    return JsonResponse({"status": "ok"})


def admin_home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/admin_home.html")


class AuditEntryListView(ObjectListView):
    queryset = AuditEntry.objects.all()
    filterset = AuditEntryFilterSet
    table = AuditEntryTable
    template_name = "core/auditentry_list.html"


class AuditEntryDetailView(ObjectDetailView):
    queryset = AuditEntry.objects.all()

    def extra_context(self, obj: AuditEntry) -> dict:  # type: ignore[override]
        record_sensitive_audit_reads([obj])
        return {}


class UserListView(ObjectListView):
    queryset = User.objects.select_related("organisation").prefetch_related("groups")
    filterset = UserFilterSet
    table = UserTable


class UserDetailView(ObjectDetailView):
    queryset = User.objects.select_related("organisation")
    template_name = "core/user.html"

    def extra_context(self, obj: User) -> dict:  # type: ignore[override]
        return {"roles": role_names(obj.role_slugs)}


class UserEditView(ObjectEditView):
    """Change a user's organisation, roles and standing; new users come from the CLI (or SSO)."""

    queryset = User.objects.all()
    form = UserForm

    def get_object(self, pk: int | None) -> User:  # type: ignore[override]
        if pk is None:
            raise Http404
        return super().get_object(pk)  # type: ignore[return-value]


def _next_url(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Register a TOTP authenticator: show its QR code, confirm it with a first code."""
    from django_otp import login as otp_login
    from django_otp import user_has_device

    user = request.user
    if user_has_device(user, confirmed=True) and not user.is_verified():
        # Someone holding only the password must not enrol an authenticator of their own.
        return redirect(f"{reverse('core:two_factor_verify')}?next={quote(_next_url(request))}")
    device = services.two_factor_device_pending(user=user)  # type: ignore[arg-type]
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if services.two_factor_confirm(user=user, device=device, token=token):  # type: ignore[arg-type]
            otp_login(request, device)
            messages.success(request, "Your authenticator app is set up.")
            return redirect(_next_url(request))
        form.add_error("token", "That code is not right. Check the time on your phone and retry.")
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": secret,
            "next": _next_url(request),
        },
    )


def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask for the code once per session from users who have a confirmed authenticator."""
    from django_otp import login as otp_login

    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.two_factor_check(user=request.user, token=form.cleaned_data["token"])  # type: ignore[arg-type]
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", "That code is not right, or it has been used already.")
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


def _qr_svg(data: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()
