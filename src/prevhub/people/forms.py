from django import forms

from prevhub.core.forms import HubModelForm
from prevhub.partners.models import Organisation, OrganisationKind
from prevhub.people.models import Person


class PersonForm(HubModelForm):
    shared_with = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.exclude(kind=OrganisationKind.FORCE).filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only these partner organisations will see this person.",
    )

    class Meta:
        model = Person
        fields = [
            "given_name",
            "family_name",
            "date_of_birth",
            "address",
            "postcode",
            "phone",
            "email",
            "notes",
            "shared_with",
        ]
