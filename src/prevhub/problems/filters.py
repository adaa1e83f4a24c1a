"""Filters for the problem and task lists (pages and API alike)."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from prevhub.partners.models import Organisation, partner_organisations
from prevhub.problems.models import Priority, Problem, Stage, Task, TaskStatus

REFERENCE = re.compile(r"^(?:PS)?-?0*(\d{1,9})$", re.IGNORECASE)


class ProblemFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Title or reference")
    stage = django_filters.ChoiceFilter(choices=Stage.choices, empty_label="Any stage")
    priority = django_filters.ChoiceFilter(choices=Priority.choices, empty_label="Any priority")
    district = django_filters.CharFilter(method="in_district", label="District")
    owner = django_filters.CharFilter(field_name="owner__username", label="Owner (user name)")
    # A choice of the organisations the user may see, by name (by slug in the URL and API):
    # a partner may pick only their own (core.filters.restrict_filterset cuts the choices).
    partner = django_filters.ModelChoiceFilter(
        field_name="shared_with",
        to_field_name="slug",
        queryset=partner_organisations(),
        label="Partner",
        empty_label="Any partner",
    )
    overdue = django_filters.BooleanFilter(
        method="overdue_only",
        label="Overdue review or tasks",
        widget=forms.Select(choices=[("", "Any"), ("true", "Yes")]),
    )

    class Meta:
        model = Problem
        fields = ["q", "stage", "priority", "district", "owner", "partner", "overdue"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        match = REFERENCE.match(value.strip())
        if match:
            return queryset.filter(pk=int(match.group(1)))
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def in_district(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # JSON list membership, portable across SQLite and PostgreSQL.
        rows = queryset.order_by().values_list("pk", "districts")
        ids = [pk for pk, districts in rows if value in (districts or [])]
        return queryset.filter(pk__in=ids)

    def overdue_only(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if not value:
            return queryset
        today = timezone.localdate()
        late = Q(review_date__lt=today) | Q(
            tasks__status=TaskStatus.OPEN, tasks__due_date__lt=today
        )
        return queryset.exclude(stage=Stage.CLOSED).filter(late).distinct()


class TaskFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices, empty_label="Any status")
    # Bounded: an id beyond any database integer is a bad request, not a server error.
    problem = django_filters.NumberFilter(field_name="problem_id", min_value=1, max_value=2**31 - 1)
    organisation = django_filters.ModelChoiceFilter(
        field_name="owner_organisation",
        to_field_name="slug",
        queryset=Organisation.objects.filter(active=True),
        label="Owner organisation",
        empty_label="Any organisation",
    )
    overdue = django_filters.BooleanFilter(
        method="overdue_only",
        label="Overdue",
        widget=forms.Select(choices=[("", "Any"), ("true", "Yes")]),
    )

    class Meta:
        model = Task
        fields = ["status", "problem", "organisation", "overdue"]

    def overdue_only(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(status=TaskStatus.OPEN, due_date__lt=timezone.localdate())
