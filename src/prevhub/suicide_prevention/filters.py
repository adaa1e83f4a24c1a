"""One FilterSet per model, used by the pages and the API (never by a need-to-know field)."""

from __future__ import annotations

import django_filters

from prevhub.suicide_prevention.choices import Kind, Method, PlaceType, Sex, Status
from prevhub.suicide_prevention.models import (
    LocationMeasure,
    LocationOfConcern,
    SurveillanceRecord,
)


class SurveillanceRecordFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    status = django_filters.ChoiceFilter(choices=Status.choices)
    method = django_filters.ChoiceFilter(choices=Method.choices)
    sex = django_filters.ChoiceFilter(choices=Sex.choices)
    place_type = django_filters.ChoiceFilter(choices=PlaceType.choices)
    occurred_from = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__gte", label="From"
    )
    occurred_to = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__lte", label="To"
    )

    class Meta:
        model = SurveillanceRecord
        fields = ["kind", "status", "method", "sex", "age_band", "place_type", "location"]


class LocationOfConcernFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = LocationOfConcern
        fields = ["name", "place_type", "district", "lsoa_code"]


class LocationMeasureFilterSet(django_filters.FilterSet):
    class Meta:
        model = LocationMeasure
        fields = ["location", "kind"]
