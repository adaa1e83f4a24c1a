from django import forms

from prevhub.partners.models import Organisation


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "slug", "kind", "contact_email", "active"]
