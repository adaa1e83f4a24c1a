from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
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
            "is_force",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_force", "created", "last_updated"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The model's own rules (the force stays active and of kind 'force'), as the page's
        form applies them: checked on the record as it would be after this write."""
        draft = Organisation(pk=getattr(self.instance, "pk", None))
        for f in Organisation._meta.concrete_fields:
            if f.name in attrs:
                setattr(draft, f.name, attrs[f.name])
            elif self.instance is not None:
                setattr(draft, f.attname, getattr(self.instance, f.attname))
        try:
            draft.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return attrs
