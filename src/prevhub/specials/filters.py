"""FilterSets (one per model, shared by the pages and the API)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from prevhub.specials.choices import DutyStatus, DutyType, OfficerStatus, Rank, SignupStatus
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


class OfficerFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or collar number")
    status = django_filters.ChoiceFilter(choices=OfficerStatus.choices)
    rank = django_filters.ChoiceFilter(choices=Rank.choices)
    team = django_filters.CharFilter(lookup_expr="iexact")
    vetting_expires_before = django_filters.DateFilter(
        field_name="vetting_expires_on", lookup_expr="lte", label="Vetting expires by"
    )

    class Meta:
        model = Officer
        fields = ["q", "status", "rank", "team", "vetting_expires_before"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(collar_number__iexact=value)
            | Q(given_name__icontains=value)
            | Q(family_name__icontains=value)
        )


class QualificationKindFilterSet(django_filters.FilterSet):
    class Meta:
        model = QualificationKind
        fields = ["required_for_duty"]


class QualificationFilterSet(django_filters.FilterSet):
    expires_before = django_filters.DateFilter(
        field_name="expires_on", lookup_expr="lte", label="Expires by"
    )

    class Meta:
        model = Qualification
        fields = ["officer", "kind", "expires_before"]


class DutyFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=DutyStatus.choices)
    duty_type = django_filters.ChoiceFilter(choices=DutyType.choices, label="Duty type")
    starts_after = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__gte", label="Starting on or after"
    )
    starts_before = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__lte", label="Starting on or before"
    )
    district = django_filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = Duty
        fields = [
            "officer",
            "status",
            "duty_type",
            "starts_after",
            "starts_before",
            "district",
            "problem",
        ]


class EventFilterSet(django_filters.FilterSet):
    starts_after = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__gte", label="Starting on or after"
    )

    class Meta:
        model = Event
        fields = ["starts_after", "district"]


class EventSignupFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=SignupStatus.choices)

    class Meta:
        model = EventSignup
        fields = ["event", "officer", "status"]


class AvailabilityFilterSet(django_filters.FilterSet):
    class Meta:
        model = Availability
        fields = ["officer"]


class AttendanceNoticeFilterSet(django_filters.FilterSet):
    class Meta:
        model = AttendanceNotice
        fields = ["officer", "stage"]
