from rest_framework import serializers

from prevhub.partners.models import Organisation, OrganisationKind
from prevhub.people.models import Person


class PersonSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    shared_with = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        required=False,
        queryset=Organisation.objects.exclude(kind=OrganisationKind.FORCE).filter(active=True),
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

    def to_representation(self, instance: Person) -> dict:  # type: ignore[type-arg]
        """Partner users see only their own organisation among the shares, not who else has it."""
        data = super().to_representation(instance)
        user = getattr(self.context.get("request"), "user", None)
        if user is not None and user.is_authenticated and user.is_partner:
            own = user.organisation.slug if user.organisation else None
            data["shared_with"] = [slug for slug in data["shared_with"] if slug == own]
        return data
