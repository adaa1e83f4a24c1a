import re

import django_filters
from django.db.models import Q, QuerySet

from prevhub.people.models import Person

REFERENCE = re.compile(r"^[Pp]-?0*(\d{1,9})$")


class PersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or reference")
    shared_with = django_filters.CharFilter(field_name="shared_with__slug", label="Shared with")

    class Meta:
        model = Person
        fields = ["q", "shared_with"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        match = REFERENCE.match(value.strip())
        if match:
            return queryset.filter(pk=int(match.group(1)))
        return queryset.filter(Q(given_name__icontains=value) | Q(family_name__icontains=value))
