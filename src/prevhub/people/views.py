"""Person pages: declarations only; the generic views in core do the work (and the audit)."""

from prevhub.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from prevhub.people.filters import PersonFilterSet
from prevhub.people.forms import PersonForm
from prevhub.people.models import Person
from prevhub.people.tables import PersonTable


class PersonListView(ObjectListView):
    queryset = Person.objects.prefetch_related("shared_with")
    filterset = PersonFilterSet
    table = PersonTable


class PersonDetailView(ObjectDetailView):
    queryset = Person.objects.prefetch_related("shared_with")


class PersonEditView(ObjectEditView):
    queryset = Person.objects.all()
    form = PersonForm


class PersonDeleteView(ObjectDeleteView):
    queryset = Person.objects.all()
