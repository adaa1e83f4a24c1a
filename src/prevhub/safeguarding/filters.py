"""FilterSets (one per model, shared by the pages and the API)."""

from __future__ import annotations

import re

import django_filters
from django.db.models import QuerySet

from prevhub.partners.models import partner_organisations
from prevhub.safeguarding.choices import AbuseType, CaseStatus, OrderKind, OrderStatus
from prevhub.safeguarding.models import (
    Breach,
    Incident,
    MaracAction,
    MaracReferral,
    ProtectionOrder,
    RiskAssessment,
    SafeguardingCase,
    StalkingScreening,
)

CASE_REFERENCE = re.compile(r"^[Ss][Gg]-?0*(\d{1,9})$")


class CaseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Case reference (SG-…)")
    abuse_type = django_filters.ChoiceFilter(
        choices=AbuseType.choices, method="by_abuse_type", label="Abuse type"
    )
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices)
    district = django_filters.CharFilter(lookup_expr="iexact")
    review_before = django_filters.DateFilter(
        field_name="review_date", lookup_expr="lte", label="Review due by"
    )
    # Organisations the user may see only (a partner: their own; core.filters).
    shared_with = django_filters.ModelChoiceFilter(
        field_name="shared_with",
        to_field_name="slug",
        queryset=partner_organisations(),
        label="Shared with",
        empty_label="Any organisation",
    )

    class Meta:
        model = SafeguardingCase
        fields = ["q", "abuse_type", "status", "district", "review_before", "shared_with"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        match = CASE_REFERENCE.match(value.strip())
        return queryset.filter(pk=int(match.group(1))) if match else queryset.none()

    def by_abuse_type(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(abuse_types__icontains=f'"{value}"')


class IncidentFilterSet(django_filters.FilterSet):
    class Meta:
        model = Incident
        fields = ["case"]


class RiskAssessmentFilterSet(django_filters.FilterSet):
    class Meta:
        model = RiskAssessment
        fields = ["case", "computed_level", "override_level"]


class StalkingScreeningFilterSet(django_filters.FilterSet):
    class Meta:
        model = StalkingScreening
        fields = ["case"]


class MaracReferralFilterSet(django_filters.FilterSet):
    class Meta:
        model = MaracReferral
        fields = ["case", "repeat"]


class MaracActionFilterSet(django_filters.FilterSet):
    class Meta:
        model = MaracAction
        fields = ["referral"]


class ProtectionOrderFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=OrderKind.choices)
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices)

    class Meta:
        model = ProtectionOrder
        fields = ["case", "kind", "status"]


class BreachFilterSet(django_filters.FilterSet):
    class Meta:
        model = Breach
        fields = ["order", "action_taken"]
