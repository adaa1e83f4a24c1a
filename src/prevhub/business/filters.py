"""One FilterSet per model, used by the pages and the API (core.filters cuts choices down to
what the user may see)."""

import re

import django_filters
from django.db.models import Q, QuerySet

from prevhub.business.choices import Priority, Sector, SurveyLayer
from prevhub.business.models import ActionDay, Business, Recommendation, SecuritySurvey

REFERENCE = re.compile(r"^[Bb]-?0*(\d{1,9})$")


class BusinessFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name, address or reference")
    sector = django_filters.ChoiceFilter(choices=Sector.choices)
    district = django_filters.CharFilter(lookup_expr="iexact")
    membership = django_filters.CharFilter(
        field_name="memberships__slug", label="Member of (partnership slug)"
    )

    class Meta:
        model = Business
        fields = ["q", "sector", "district", "membership"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        match = REFERENCE.match(value.strip())
        if match:
            return queryset.filter(pk=int(match.group(1)))
        return queryset.filter(Q(name__icontains=value) | Q(address__icontains=value))


class SecuritySurveyFilterSet(django_filters.FilterSet):
    business = django_filters.ModelChoiceFilter(queryset=Business.objects.all())
    surveyed_after = django_filters.DateFilter(field_name="surveyed_on", lookup_expr="gte")
    surveyed_before = django_filters.DateFilter(field_name="surveyed_on", lookup_expr="lte")
    follow_up_outstanding = django_filters.BooleanFilter(
        field_name="followed_up_on", lookup_expr="isnull", label="Follow-up not yet done"
    )

    class Meta:
        model = SecuritySurvey
        fields = ["business", "surveyed_after", "surveyed_before", "follow_up_outstanding"]


class RecommendationFilterSet(django_filters.FilterSet):
    survey = django_filters.ModelChoiceFilter(queryset=SecuritySurvey.objects.all())
    layer = django_filters.ChoiceFilter(choices=SurveyLayer.choices)
    priority = django_filters.ChoiceFilter(choices=Priority.choices)
    done = django_filters.BooleanFilter(
        field_name="done_on", lookup_expr="isnull", exclude=True, label="Done"
    )

    class Meta:
        model = Recommendation
        fields = ["survey", "layer", "priority", "done"]


class ActionDayFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Title or area")
    starts_after = django_filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    starts_before = django_filters.DateFilter(field_name="starts_on", lookup_expr="lte")

    class Meta:
        model = ActionDay
        fields = ["q", "starts_after", "starts_before"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__icontains=value) | Q(area_name__icontains=value))
