from prevhub.core.api.views import RestrictedModelViewSet
from prevhub.partners.api.serializers import OrganisationSerializer
from prevhub.partners.filters import OrganisationFilterSet
from prevhub.partners.models import Organisation


class OrganisationViewSet(RestrictedModelViewSet):
    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    ordering_fields = ("name", "slug", "kind", "active")
