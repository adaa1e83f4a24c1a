"""FilterSets for platform models (one per model, shared by the pages and the API), and the
one rule every list's filters obey: a user filters only by what they may see.

:func:`restrict_filterset` is applied to every filterset a list page (core.views.generic) or
API list (core.api.filtering) builds, so an app's filterset needs no rule of its own:

- a filter on a need-to-know field (``AuditedModel.need_to_know_fields``) is dropped: the
  parameter has no effect, for anyone;
- a choice of linked records (``ModelChoiceFilter``, and those django-filter makes for a
  foreign key named in ``Meta.fields``) offers only the records the user may see, so naming a
  hidden one is answered as naming a missing one;
- any other filter that reaches through a link to a hub record (``shared_with__slug``) matches
  only through records the user may see: a partner filtering by another organisation's slug
  learns nothing about what is shared with it.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django_filters.constants import EMPTY_VALUES

from prevhub.core.access import VIEW, field_path_hidden
from prevhub.core.audit import shown_in_list
from prevhub.core.models import AuditedModel, AuditEntry, User


def _restricted_model(model: Any) -> bool:
    """Links to hub records are cut down; users are named on the records they work on, so a
    link to a user is not (their own records are the administrators' business)."""
    return isinstance(model, type) and issubclass(model, AuditedModel)


def _first_restricted_link(model: Any, path: str) -> tuple[str, Any] | None:
    """The first step of `path` that links to a hub record: (path to it, its model)."""
    current, steps = model, []
    for part in path.split("__"):
        try:
            f = current._meta.get_field(part)
        except FieldDoesNotExist:  # not a field: a lookup, or a method's name
            return None
        steps.append(part)
        if f.related_model is None:
            return None
        if _restricted_model(f.related_model):
            return "__".join(steps), f.related_model
        current = f.related_model
    return None


def restrict_filterset(filterset: django_filters.FilterSet, user: Any) -> django_filters.FilterSet:
    """Apply the rule above to this filterset, for this user (before its form is built)."""
    model = filterset.queryset.model
    for name, flt in list(filterset.filters.items()):
        path = flt.field_name or name
        if field_path_hidden(model, path):
            del filterset.filters[name]
            continue
        if isinstance(
            flt, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter
        ):
            _restrict_choices(flt, user)
            continue
        if flt.method is not None:
            continue
        link = _first_restricted_link(model, path)
        if link is not None:
            _through_visible(flt, link[0], link[1].objects.restrict(user, VIEW))
    return filterset


def _restrict_choices(flt: Any, user: Any) -> None:
    choices = flt.get_queryset(flt.get_request())
    if choices is not None and _restricted_model(choices.model):
        flt.queryset = choices.restrict(user, VIEW)


def _through_visible(flt: Any, link: str, visible: QuerySet) -> None:
    """Make `flt` match only through linked records in `visible`, on the same join (one
    `filter()` call), so 'shared with X' cannot be matched through a record one cannot see."""

    def visible_only(queryset: QuerySet, value: Any) -> QuerySet:
        if value in EMPTY_VALUES:
            return queryset
        if flt.distinct:
            queryset = queryset.distinct()
        condition = Q(**{f"{flt.field_name}__{flt.lookup_expr}": value, f"{link}__in": visible})
        return queryset.exclude(condition) if flt.exclude else queryset.filter(condition)

    flt.filter = visible_only


def audited_object_types() -> list[tuple[str, str]]:
    """The object types the log names (`app.model`), each in words, for the filter's choice."""
    from django.apps import apps

    from prevhub.core.audit import type_label
    from prevhub.core.formatting import label

    types = {
        type_label(m)
        for m in apps.get_models()
        if getattr(m, "audit_changes", False) or getattr(m, "audit_reads", False)
    }
    named = [(t, label(t)) for t in types] + [("authtoken.token", "API token")]
    return sorted(named, key=lambda choice: choice[1])


class AuditEntryFilterSet(django_filters.FilterSet):
    username = django_filters.CharFilter(lookup_expr="iexact", label="User name")
    action = django_filters.ChoiceFilter(choices=AuditEntry.Action.choices)
    object_type = django_filters.ChoiceFilter(
        choices=lambda: audited_object_types(), label="Object type", empty_label="Any type"
    )
    object_id = django_filters.CharFilter(
        method="for_object",
        label="Object id",
        help_text="Its own entries and the list reads that showed it.",
    )
    request_id = django_filters.CharFilter(label="Request id")
    since = django_filters.DateFilter(
        field_name="timestamp",
        lookup_expr="date__gte",
        label="From (date)",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        field_name="timestamp",
        lookup_expr="date__lte",
        label="To (date)",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEntry
        fields = ["username", "action", "object_type", "object_id", "request_id", "source"]

    def for_object(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Every entry about one record, including the lists it was shown in (one entry per
        list read names all the records it showed; core.audit.record_list_read)."""
        return queryset.filter(Q(object_id=value) | shown_in_list(value))


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="username", lookup_expr="icontains", label="Name")
    role = django_filters.CharFilter(field_name="groups__name", label="Role")

    class Meta:
        model = User
        fields = ["q", "organisation", "role", "is_active"]
