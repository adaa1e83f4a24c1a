"""Organisation pages: declarations only; the generic views in core do the work."""

from prevhub.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from prevhub.partners.filters import OrganisationFilterSet
from prevhub.partners.forms import OrganisationForm
from prevhub.partners.models import Organisation
from prevhub.partners.tables import OrganisationTable


class OrganisationListView(ObjectListView):
    queryset = Organisation.objects.all()
    filterset = OrganisationFilterSet
    table = OrganisationTable


class OrganisationDetailView(ObjectDetailView):
    queryset = Organisation.objects.all()


class OrganisationEditView(ObjectEditView):
    queryset = Organisation.objects.all()
    form = OrganisationForm


class OrganisationDeleteView(ObjectDeleteView):
    queryset = Organisation.objects.all()
