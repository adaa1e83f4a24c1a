"""API serializers: the register's rules (rules.py) run over the whole record, each problem
under its field; partners see only their own organisation among the shares."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from prevhub.core.fields import RestrictedPrimaryKeyRelatedField
from prevhub.partners.models import Organisation, OrganisationKind
from prevhub.suicide_prevention import rules
from prevhub.suicide_prevention.models import (
    LocationMeasure,
    LocationOfConcern,
    SurveillanceRecord,
)


def _partners() -> Any:
    return Organisation.objects.exclude(kind=OrganisationKind.FORCE).filter(active=True)


class RuledSerializer(serializers.ModelSerializer):
    """Runs the model's rule over the stored values overlaid with the request's."""

    rule: Any = None

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        model = self.Meta.model  # type: ignore[attr-defined]
        values: dict[str, Any] = {}
        for f in model._meta.concrete_fields:
            if self.instance is not None:
                values[f.name] = getattr(self.instance, f.name)
        values.update(attrs)
        problems = type(self).rule(values)
        if problems:
            raise serializers.ValidationError(problems)
        return attrs

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        user = getattr(self.context.get("request"), "user", None)
        if "shared_with" in data and user is not None and user.is_partner:
            own = user.organisation.slug if user.organisation else None
            data["shared_with"] = [slug for slug in data["shared_with"] if slug == own]
        return data


class SurveillanceRecordSerializer(RuledSerializer):
    rule = staticmethod(rules.record_problems)
    reference = serializers.CharField(read_only=True)
    location = RestrictedPrimaryKeyRelatedField(
        queryset=LocationOfConcern.objects.all(), required=False, allow_null=True
    )
    support_service = serializers.SlugRelatedField(
        slug_field="slug", queryset=_partners(), required=False, allow_null=True
    )
    shared_with = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        required=False,
        queryset=_partners(),
        help_text="Slugs of the partner organisations that may see this record.",
    )

    class Meta:
        model = SurveillanceRecord
        fields = [
            "id",
            "reference",
            "source_reference",
            "kind",
            "occurred_at",
            "latitude",
            "longitude",
            "place_type",
            "location",
            "method",
            "age_band",
            "sex",
            "home_area",
            "status",
            "inquest_on",
            "concluded_on",
            "family_consent",
            "consent_on",
            "support_service",
            "referred_on",
            "support_contacted_on",
            "notes",
            "shared_with",
            "created",
            "last_updated",
        ]
        read_only_fields = ["reference", "created", "last_updated"]


class LocationOfConcernSerializer(RuledSerializer):
    rule = staticmethod(rules.location_problems)
    reference = serializers.CharField(read_only=True)
    owner = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.filter(active=True), required=False,
        allow_null=True,
    )  # fmt: skip
    shared_with = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=_partners()
    )

    class Meta:
        model = LocationOfConcern
        fields = [
            "id",
            "reference",
            "name",
            "place_type",
            "latitude",
            "longitude",
            "lsoa_code",
            "district",
            "owner",
            "identified_on",
            "notes",
            "shared_with",
            "created",
            "last_updated",
        ]
        read_only_fields = ["reference", "created", "last_updated"]


class LocationMeasureSerializer(RuledSerializer):
    rule = staticmethod(rules.measure_problems)
    reference = serializers.CharField(read_only=True)
    location = RestrictedPrimaryKeyRelatedField(queryset=LocationOfConcern.objects.all())
    carried_out_by = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.filter(active=True), required=False,
        allow_null=True,
    )  # fmt: skip

    class Meta:
        model = LocationMeasure
        fields = [
            "id",
            "reference",
            "location",
            "kind",
            "description",
            "carried_out_by",
            "started_on",
            "ended_on",
            "created",
            "last_updated",
        ]
        read_only_fields = ["reference", "created", "last_updated"]
