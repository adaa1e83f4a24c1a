"""Sorting and filtering of API lists: only by what is declared for it, never by what the
caller may not read (the same rule as the page lists, core.views.generic).

DRF's stock ``OrderingFilter`` sorts by any serializer field when a view declares none, so a
field removed from the output for some callers (a victim's safe address) could still order the
list and be read back by bisection. Here a list sorts only by its viewset's ``ordering_fields``
(nothing when it declares none), minus need-to-know fields (``core.access.field_path_hidden``);
an undeclared ``?ordering=`` is ignored. Filters go through ``core.filters.restrict_filterset``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.filters import OrderingFilter

from prevhub.core.access import field_path_hidden
from prevhub.core.filters import restrict_filterset


def declared_ordering_fields(view: Any, model: Any) -> list[str]:
    """The fields a viewset declared for sorting, minus those no list may sort by."""
    declared = getattr(view, "ordering_fields", None)
    if not isinstance(declared, list | tuple):  # None, or "__all__": nothing is declared
        return []
    return [name for name in declared if not field_path_hidden(model, name)]


class DeclaredOrderingFilter(OrderingFilter):
    """`?ordering=` over declared, readable fields only (ignored otherwise)."""

    def get_valid_fields(
        self, queryset: QuerySet, view: Any, context: dict[str, Any] | None = None
    ) -> list[tuple[str, str]]:
        return [(name, name) for name in declared_ordering_fields(view, queryset.model)]

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """The schema names the fields a list sorts by (ascending, or descending with `-`)."""
        model = getattr(getattr(view, "queryset", None), "model", None)
        names = declared_ordering_fields(view, model) if model is not None else []
        if not names:
            return []
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Sort by one of these fields; `-` first for descending. "
                "Any other value is ignored.",
                "schema": {"type": "string", "enum": [*names, *(f"-{n}" for n in names)]},
            }
        ]


class RestrictedFilterBackend(DjangoFilterBackend):
    """django-filter's backend, with the filters cut down to what the caller may see."""

    def get_filterset(self, request: Any, queryset: QuerySet, view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            restrict_filterset(filterset, request.user)
        return filterset
