"""FilterSets for platform models (one per model, shared by the pages and the API)."""

from __future__ import annotations

import django_filters
from django import forms

from prevhub.core.models import AuditEntry, User


class AuditEntryFilterSet(django_filters.FilterSet):
    username = django_filters.CharFilter(lookup_expr="iexact", label="User name")
    action = django_filters.ChoiceFilter(choices=AuditEntry.Action.choices)
    object_type = django_filters.CharFilter(lookup_expr="iexact", label="Object type")
    object_id = django_filters.CharFilter(label="Object id")
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


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="username", lookup_expr="icontains", label="Name")
    role = django_filters.CharFilter(field_name="groups__name", label="Role")

    class Meta:
        model = User
        fields = ["q", "organisation", "role", "is_active"]
