"""FilterSets (one per model, shared by the pages and the API)."""

from __future__ import annotations

import re

import django_filters
from django.db.models import QuerySet

from prevhub.partners.models import partner_organisations
from prevhub.reoffending.choices import Outcome, Pathway, StatutoryStatus, Strand
from prevhub.reoffending.models import CohortMember, CohortReview, CustodySpell, PathwayNeed

MEMBER_REFERENCE = re.compile(r"^[Ii][Oo][Mm]-?0*(\d{1,9})$")


class CohortMemberFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Member reference (IOM-…)")
    strand = django_filters.ChoiceFilter(choices=Strand.choices)
    statutory_status = django_filters.ChoiceFilter(choices=StatutoryStatus.choices)
    active = django_filters.BooleanFilter(
        field_name="deselected_on", lookup_expr="isnull", label="On the cohort now"
    )
    review_before = django_filters.DateFilter(
        field_name="next_review_on", lookup_expr="lte", label="CohortReview due by"
    )
    shared_with = django_filters.ModelChoiceFilter(
        field_name="shared_with",
        to_field_name="slug",
        queryset=partner_organisations(),
        label="Shared with",
        empty_label="Any organisation",
    )

    class Meta:
        model = CohortMember
        fields = ["q", "strand", "statutory_status", "active", "review_before", "shared_with"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        match = MEMBER_REFERENCE.match(value.strip())
        return queryset.filter(pk=int(match.group(1))) if match else queryset.none()


class CustodySpellFilterSet(django_filters.FilterSet):
    class Meta:
        model = CustodySpell
        fields = ["member"]


class PathwayNeedFilterSet(django_filters.FilterSet):
    pathway = django_filters.ChoiceFilter(choices=Pathway.choices)
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices)

    class Meta:
        model = PathwayNeed
        fields = ["member", "pathway", "outcome"]


class CohortReviewFilterSet(django_filters.FilterSet):
    held = django_filters.BooleanFilter(field_name="held_on", lookup_expr="isnull", exclude=True)

    class Meta:
        model = CohortReview
        fields = ["member", "held"]
