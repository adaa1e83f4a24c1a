import django_filters

from prevhub.partners.models import Organisation


class OrganisationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name")

    class Meta:
        model = Organisation
        fields = ["q", "kind", "active"]
