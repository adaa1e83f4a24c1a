from rest_framework import serializers

from prevhub.partners.models import Organisation, OrganisationKind
from prevhub.people.models import Person


class PersonSerializer(serializers.ModelSerializer):
    shared_with = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        required=False,
        queryset=Organisation.objects.exclude(kind=OrganisationKind.FORCE),
        help_text="Slugs of the partner organisations that may see this person.",
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "reference",
            "given_name",
            "family_name",
            "date_of_birth",
            "address",
            "postcode",
            "phone",
            "email",
            "notes",
            "shared_with",
            "created",
            "last_updated",
        ]
        read_only_fields = ["reference", "created", "last_updated"]
