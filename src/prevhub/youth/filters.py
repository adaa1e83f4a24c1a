"""FilterSets (one per model, shared by the pages and the API). None filters by a child's
health notes or the vulnerability flag (need to know: core.access.field_path_hidden)."""

from __future__ import annotations

import django_filters

from prevhub.youth.choices import AwardKind, ConsentKind, UnitKind
from prevhub.youth.models import (
    Assignment,
    Award,
    Cadet,
    Concern,
    Consent,
    Leader,
    Session,
    Unit,
    VolunteeringEvent,
    VolunteeringHours,
)


class UnitFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices)

    class Meta:
        model = Unit
        fields = ["name", "kind", "district", "active"]


class LeaderFilterSet(django_filters.FilterSet):
    class Meta:
        model = Leader
        fields = ["is_coordinator", "is_safeguarding_lead", "dbs_enhanced"]


class AssignmentFilterSet(django_filters.FilterSet):
    class Meta:
        model = Assignment
        fields = ["unit", "leader"]


class CadetFilterSet(django_filters.FilterSet):
    family_name = django_filters.CharFilter(lookup_expr="icontains")
    current = django_filters.BooleanFilter(
        field_name="left_on", lookup_expr="isnull", label="Still a member"
    )

    class Meta:
        model = Cadet
        fields = ["family_name", "unit", "current"]


class ConsentFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ConsentKind.choices)

    class Meta:
        model = Consent
        fields = ["cadet", "kind", "event"]


class SessionFilterSet(django_filters.FilterSet):
    held_after = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label="From")
    held_before = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label="To")

    class Meta:
        model = Session
        fields = ["unit", "held_after", "held_before"]


class VolunteeringEventFilterSet(django_filters.FilterSet):
    held_after = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label="From")
    held_before = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label="To")

    class Meta:
        model = VolunteeringEvent
        fields = ["unit", "held_after", "held_before"]


class VolunteeringHoursFilterSet(django_filters.FilterSet):
    class Meta:
        model = VolunteeringHours
        fields = ["event", "cadet"]


class AwardFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AwardKind.choices)

    class Meta:
        model = Award
        fields = ["cadet", "kind"]


class ConcernFilterSet(django_filters.FilterSet):
    class Meta:
        model = Concern
        fields = ["cadet"]
