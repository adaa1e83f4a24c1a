"""FilterSets (one per model, shared by the pages and the API)."""

from __future__ import annotations

import re

import django_filters
from django.db.models import QuerySet

from prevhub.partners.models import partner_organisations
from prevhub.substances import conf
from prevhub.substances.choices import Ethnicity, Outcome, Sex
from prevhub.substances.models import (
    DiversionAppointment,
    DiversionCondition,
    DiversionEpisode,
    DrugTestCount,
    NaloxoneSupply,
)

EPISODE_REFERENCE = re.compile(r"^[Dd][Ii][Vv]-?0*(\d{1,9})$")


class DiversionEpisodeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Episode reference (DIV-…)")
    scheme = django_filters.ChoiceFilter(choices=conf.scheme_choices)
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices)
    sex = django_filters.ChoiceFilter(choices=Sex.choices)
    ethnicity = django_filters.ChoiceFilter(choices=Ethnicity.choices)
    shared_with = django_filters.ModelChoiceFilter(
        field_name="shared_with",
        to_field_name="slug",
        queryset=partner_organisations(),
        label="Shared with",
        empty_label="Any organisation",
    )

    class Meta:
        model = DiversionEpisode
        fields = ["q", "scheme", "outcome", "sex", "ethnicity", "shared_with"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        match = EPISODE_REFERENCE.match(value.strip())
        return queryset.filter(pk=int(match.group(1))) if match else queryset.none()


class DiversionConditionFilterSet(django_filters.FilterSet):
    class Meta:
        model = DiversionCondition
        fields = ["episode"]


class DiversionAppointmentFilterSet(django_filters.FilterSet):
    class Meta:
        model = DiversionAppointment
        fields = ["episode", "attendance"]


class DrugTestCountFilterSet(django_filters.FilterSet):
    class Meta:
        model = DrugTestCount
        fields = ["month"]


class NaloxoneSupplyFilterSet(django_filters.FilterSet):
    class Meta:
        model = NaloxoneSupply
        fields = ["month"]
