from rest_framework import serializers

from prevhub.partners.models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "contact_email",
            "active",
            "created",
            "last_updated",
        ]
        read_only_fields = ["created", "last_updated"]
