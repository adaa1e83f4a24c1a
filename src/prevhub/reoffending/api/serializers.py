"""API serializers: the register's checks (checks.py) refuse impossible dates and values,
naming the field."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from prevhub.core.fields import RestrictedPrimaryKeyRelatedField
from prevhub.partners.models import Organisation, OrganisationKind
from prevhub.people.models import Person
from prevhub.reoffending import services
from prevhub.reoffending.checks import CheckedSerializer
from prevhub.reoffending.models import (
    CohortMember,
    CohortReview,
    CustodySpell,
    PathwayNeed,
    offender_managers,
)

PERSON_FIXED = "A membership's person is fixed; add a new member for another person."


def _partners() -> Any:
    return Organisation.objects.exclude(kind=OrganisationKind.FORCE).filter(active=True)


class ModelSerializer(CheckedSerializer, serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)


class CohortMemberSerializer(ModelSerializer):
    person = RestrictedPrimaryKeyRelatedField(queryset=Person.objects.all())
    shared_with = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=_partners()
    )
    lead_police_officer = serializers.PrimaryKeyRelatedField(
        queryset=offender_managers(), required=False, allow_null=True
    )

    class Meta:
        model = CohortMember
        fields = [
            "id",
            "reference",
            "person",
            "offender_reference",
            "strand",
            "selection_reason",
            "selection_score",
            "selected_on",
            "deselected_on",
            "deselection_reason",
            "reset_on",
            "lead_police_officer",
            "lead_probation_officer",
            "statutory_status",
            "next_review_on",
            "shared_with",
            "created",
            "last_updated",
        ]
        read_only_fields = ["reference", "created", "last_updated"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        person = attrs.get("person")
        if (
            self.instance is not None
            and person is not None
            and person.pk != self.instance.person_id
        ):
            raise serializers.ValidationError({"person": [PERSON_FIXED]})
        return super().validate(attrs)

    def to_representation(self, instance: CohortMember) -> dict[str, Any]:
        data = super().to_representation(instance)
        user = getattr(self.context.get("request"), "user", None)
        if user is not None and user.is_authenticated and user.is_partner:
            own = user.organisation.slug if user.organisation else None
            data["shared_with"] = [s for s in data["shared_with"] if s == own]
            data.pop("offender_reference", None)  # the force's id stays in the force
        return data


class _MemberRecord(ModelSerializer):
    member = RestrictedPrimaryKeyRelatedField(queryset=CohortMember.objects.all())


class CustodySpellSerializer(_MemberRecord):
    class Meta:
        model = CustodySpell
        fields = ["id", "reference", "member", "started_on", "released_on", "establishment"]


class PathwayNeedSerializer(_MemberRecord):
    provider = serializers.SlugRelatedField(
        slug_field="slug", required=False, allow_null=True, queryset=_partners()
    )

    class Meta:
        model = PathwayNeed
        fields = [
            "id",
            "reference",
            "member",
            "pathway",
            "need",
            "identified_on",
            "intervention",
            "provider",
            "started_on",
            "ended_on",
            "outcome",
        ]


class CohortReviewSerializer(_MemberRecord):
    class Meta:
        model = CohortReview
        fields = ["id", "reference", "member", "due_on", "held_on", "outcome", "notes"]

    def create(self, validated_data: dict[str, Any]) -> CohortReview:
        return services.review_save(review=CohortReview(**validated_data))

    def update(self, instance: CohortReview, validated_data: dict[str, Any]) -> CohortReview:
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return services.review_save(review=instance)
