"""Generic list, detail, edit and delete views: an app declares its model, filters, table, form.

Every view starts from ``Model.objects.restrict(user, action)``; an object outside it is a 404.
Writes run in an audit batch (one entry per action); sensitive reads are recorded.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import models
from django.db.models import ProtectedError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views import View

from prevhub.core import formatting
from prevhub.core.access import ADD, CHANGE, DELETE, VIEW, field_path_hidden
from prevhub.core.audit import audit_batch, record_list_read, record_reads
from prevhub.core.exports import csv_response, xlsx_response
from prevhub.core.filters import restrict_filterset
from prevhub.core.gate import has_part_in_register
from prevhub.core.tables import Table

PAGE_SIZES = (25, 50, 100)


def model_names(model: type[models.Model]) -> dict[str, str]:
    meta = model._meta
    return {
        "verbose_name": str(meta.verbose_name),
        "verbose_name_plural": str(meta.verbose_name_plural),
        "app_label": meta.app_label,
        "model_name": meta.model_name or "",
    }


class ObjectViewMixin:
    """What every generic view knows: its model and the URL names built from it."""

    queryset: models.QuerySet
    request: HttpRequest

    @property
    def model(self) -> type[models.Model]:
        return self.queryset.model

    def url_name(self, suffix: str) -> str:
        meta = self.model._meta
        return f"{meta.app_label}:{meta.model_name}{suffix}"

    def restricted(self, action: str) -> models.QuerySet:
        return self.queryset.restrict(self.request.user, action)  # type: ignore[attr-defined]

    def base_context(self) -> dict[str, Any]:
        policy = self.model.access_policy  # type: ignore[attr-defined]
        user = self.request.user
        return {
            **model_names(self.model),
            "can_add": policy.can(user, ADD),
            "list_url": _reverse_or_none(self.url_name("_list")),
            "add_url": _reverse_or_none(self.url_name("_add")) if policy.can(user, ADD) else None,
        }


class ObjectListView(ObjectViewMixin, View):
    """Filter (django-filter), sort (table columns), paginate, export CSV/XLSX."""

    filterset: type | None = None
    table: type[Table]
    template_name = "core/object_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not has_part_in_register(request.user, self.model):
            raise Http404  # a register the user has no part in is not revealed at all
        queryset = self.restricted(VIEW)
        filterset = None
        if self.filterset is not None:
            filterset = self.filterset(request.GET, queryset=queryset, request=request)
            restrict_filterset(filterset, request.user)  # only by what the user may see
            queryset = filterset.qs if filterset.is_valid() else queryset.none()
        sort = request.GET.get("sort", "")
        if sort.removeprefix("-") in self.sortable_fields():
            queryset = queryset.order_by(sort, "pk")
        else:
            sort = ""
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            rows = list(queryset)
            record_list_read(rows, how=f"export {export}")
            head, body = self.table(rows).export_rows()
            name = model_names(self.model)["verbose_name_plural"].replace(" ", "-")
            if export == "csv":
                return csv_response(name, head, body)
            return xlsx_response(name, head, body)
        per_page = _int(request.GET.get("per_page"), 25)
        per_page = per_page if per_page in PAGE_SIZES else 25
        page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
        record_list_read(page.object_list, how="list")
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            **self.base_context(),
            "table": self.table(page.object_list, sort=sort),
            "filterset": filterset,
            "page": page,
            "querystring": query.urlencode(),
            "sort_querystring": _without(query, "sort"),
            "export_querystring": _without(query, "export"),
            "total": page.paginator.count,
        }
        template = "core/includes/object_table.html" if request.htmx else self.template_name
        return render(request, template, context)

    def sortable_fields(self) -> set[str]:
        """The table's sortable columns (declared), minus any that reach a need-to-know field
        (core.access.field_path_hidden): a sort order would tell where a hidden value falls."""
        return {f for f in self.table.sortable_fields() if not field_path_hidden(self.model, f)}


class ObjectDetailView(ObjectViewMixin, View):
    """One object: 404 unless the user may see it; a sensitive read is recorded."""

    template_name: str | None = None

    def get_template_names(self) -> list[str]:
        """The app's own page for the model if it has one, else core's generic detail page:
        an app writes a template only where its page differs."""
        meta = self.model._meta
        if self.template_name:
            return [self.template_name]
        return [f"{meta.app_label}/{meta.model_name}.html", "core/object_detail.html"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_object_or_404(self.restricted(VIEW), pk=pk)
        record_reads([obj], how="detail")
        context = {
            **self.base_context(),
            "object": obj,
            "fields": self.field_rows(obj),
            "can_change": self.restricted(CHANGE).filter(pk=obj.pk).exists(),
            "can_delete": self.restricted(DELETE).filter(pk=obj.pk).exists(),
            **self.extra_context(obj),
        }
        return render(request, self.get_template_names(), context)

    def field_rows(self, obj: models.Model) -> list[tuple[str, Any]]:
        """(label, value) rows for the detail page; apps drop rows some users may not see."""
        return _field_rows(obj, self.request.user)

    def extra_context(self, obj: models.Model) -> dict[str, Any]:
        return {}


class ObjectEditView(ObjectViewMixin, View):
    """Add (no pk) or change (pk) an object through a form, in one audited transaction."""

    form: type[forms.ModelForm]
    template_name = "core/object_edit.html"

    def get_object(self, pk: int | None) -> models.Model:
        if pk is None:
            if not self.model.access_policy.can(self.request.user, ADD):  # type: ignore[attr-defined]
                raise Http404
            return self.model()
        return get_object_or_404(self.restricted(CHANGE), pk=pk)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object(pk)
        if obj.pk is not None:
            record_reads([obj], how="edit")  # the form shows the whole record
        return self.render_form(self.form(instance=obj), obj)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object(pk)
        form = self.form(request.POST, request.FILES, instance=obj)
        if not form.is_valid():
            return self.render_form(form, obj)
        with audit_batch():
            saved = form.save()
        verb = "created" if pk is None else "updated"
        messages.success(request, f"{model_names(self.model)['verbose_name'].capitalize()} {verb}.")
        return HttpResponseRedirect(saved.get_absolute_url())  # type: ignore[attr-defined]

    def render_form(
        self, form: forms.ModelForm, obj: models.Model, status: int = 200
    ) -> HttpResponse:
        context = {**self.base_context(), "form": form, "object": obj if obj.pk else None}
        return render(self.request, self.template_name, context, status=status)


class ObjectDeleteView(ObjectViewMixin, View):
    """Confirm, then delete, in one audited transaction."""

    template_name = "core/object_delete.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_object_or_404(self.restricted(DELETE), pk=pk)
        record_reads([obj], how="delete")
        return render(request, self.template_name, {**self.base_context(), "object": obj})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_object_or_404(self.restricted(DELETE), pk=pk)
        try:
            with audit_batch():
                obj.delete()
        except ProtectedError:
            context = {**self.base_context(), "object": obj, "protected": True}
            return render(request, self.template_name, context, status=409)
        messages.success(
            request, f"{model_names(self.model)['verbose_name'].capitalize()} deleted."
        )
        return HttpResponseRedirect(reverse(self.url_name("_list")))


def _reverse_or_none(name: str) -> str | None:
    """A model may not offer every page (the audit log has no 'add')."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _without(query: Any, key: str) -> str:
    copy = query.copy()
    copy.pop(key, None)
    return copy.urlencode()


def _field_rows(obj: models.Model, viewer: Any) -> list[tuple[str, Any]]:
    """(label, display value) for every user-facing field, for the generic detail page.

    A partner's user never learns which other organisations a record is shared with: links to
    organisations are cut down to their own.
    """
    from prevhub.partners.models import Organisation

    rows: list[tuple[str, Any]] = []
    for f in obj._meta.get_fields():
        if not getattr(f, "concrete", False) or f.auto_created or f.name in {"created"}:
            continue
        if f.many_to_many:
            linked = getattr(obj, f.name).all()
            if f.related_model is Organisation and getattr(viewer, "is_partner", True):
                linked = [o for o in linked if o.pk == viewer.partner_organisation_id]
            value: Any = ", ".join(str(o) for o in linked) or "—"
        else:
            display = getattr(obj, f"get_{f.name}_display", None)
            value = display() if callable(display) else getattr(obj, f.name)
        rows.append((str(f.verbose_name).capitalize(), formatting.value(value)))
    return rows
