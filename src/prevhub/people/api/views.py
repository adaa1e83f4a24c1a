from prevhub.core.api.views import RestrictedModelViewSet
from prevhub.people.api.serializers import PersonSerializer
from prevhub.people.filters import PersonFilterSet
from prevhub.people.models import Person


class PersonViewSet(RestrictedModelViewSet):
    queryset = Person.objects.prefetch_related("shared_with")
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
