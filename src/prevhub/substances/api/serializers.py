"""API serializers: the register's checks refuse impossible dates and values, naming the field."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from prevhub.core.fields import RestrictedPrimaryKeyRelatedField
from prevhub.people.models import Person
from prevhub.reoffending.api.serializers import PERSON_FIXED
from prevhub.reoffending.checks import CheckedSerializer
from prevhub.reoffending.forms import partners
from prevhub.substances import conf
from prevhub.substances.models import (
    DiversionAppointment,
    DiversionCondition,
    DiversionEpisode,
    DrugTestCount,
    NaloxoneSupply,
)


class ModelSerializer(CheckedSerializer, serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)


class DiversionEpisodeSerializer(ModelSerializer):
    person = RestrictedPrimaryKeyRelatedField(queryset=Person.objects.all())
    scheme = serializers.ChoiceField(choices=conf.scheme_choices())
    shared_with = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=partners()
    )
    treatment_provider = serializers.SlugRelatedField(
        slug_field="slug", required=False, allow_null=True, queryset=partners()
    )
    eligible = serializers.BooleanField(read_only=True)

    class Meta:
        model = DiversionEpisode
        fields = [
            "id", "reference", "person", "offender_reference", "offence_code", "offence_date",
            "scheme", "sex", "ethnicity", "eligibility", "eligible", "decided_on", "offered_on",
            "accepted", "accepted_on", "treatment_provider", "referred_on",
            "first_appointment_on", "completed_on", "not_completed_on", "breached_on",
            "breach_action", "breach_notes", "outcome", "shared_with", "created", "last_updated",
        ]  # fmt: skip
        read_only_fields = ["reference", "outcome", "created", "last_updated"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        person = attrs.get("person")
        if (
            self.instance is not None
            and person is not None
            and person.pk != self.instance.person_id
        ):
            raise serializers.ValidationError({"person": [PERSON_FIXED]})
        return super().validate(attrs)

    def to_representation(self, instance: DiversionEpisode) -> dict[str, Any]:
        data = super().to_representation(instance)
        user = getattr(self.context.get("request"), "user", None)
        if user is not None and user.is_authenticated and user.is_partner:
            own = user.organisation.slug if user.organisation else None
            data["shared_with"] = [s for s in data["shared_with"] if s == own]
            data.pop("offender_reference", None)
        return data


class _EpisodeRecord(ModelSerializer):
    episode = RestrictedPrimaryKeyRelatedField(queryset=DiversionEpisode.objects.all())


class DiversionConditionSerializer(_EpisodeRecord):
    class Meta:
        model = DiversionCondition
        fields = ["id", "reference", "episode", "description", "due_on", "met_on"]


class DiversionAppointmentSerializer(_EpisodeRecord):
    class Meta:
        model = DiversionAppointment
        fields = ["id", "reference", "episode", "on", "attendance"]


class DrugTestCountSerializer(ModelSerializer):
    class Meta:
        model = DrugTestCount
        fields = ["id", "reference", "month", "tests", "positive_cocaine", "positive_opiates",
                  "positive_both"]  # fmt: skip


class NaloxoneSupplySerializer(ModelSerializer):
    class Meta:
        model = NaloxoneSupply
        fields = ["id", "reference", "month", "kits", "setting"]
