from rest_framework import serializers

from prevhub.core.models import AuditEntry, User


class AuditEntrySerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="username", read_only=True)

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "timestamp",
            "user",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "request_id",
            "source",
            "detail",
            "before",
            "after",
        ]
        read_only_fields = fields


class CurrentUserSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "organisation", "roles"]
        read_only_fields = fields

    def get_roles(self, user: User) -> list[str]:
        return sorted(user.role_slugs)
