from prevhub.core.forms import HubModelForm
from prevhub.partners.models import Organisation


class OrganisationForm(HubModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "slug", "kind", "contact_email", "active"]
