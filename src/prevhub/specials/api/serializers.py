"""Serializers: the register's rules are the form's (rules.py through services), so the API
refuses the same record with the same field-named words."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from prevhub.core.fields import RestrictedPrimaryKeyRelatedField
from prevhub.problems.models import Problem
from prevhub.specials import services
from prevhub.specials.models import (
    AttendanceNotice,
    Availability,
    Duty,
    Event,
    EventSignup,
    Officer,
    Qualification,
    QualificationKind,
)


class RegisterSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = model._base_manager.get(pk=self.instance.pk) if self.instance else model()
        for key, value in attrs.items():
            setattr(instance, key, value)
        problems = services.problems_of(instance)
        if problems:
            raise serializers.ValidationError(problems)
        return attrs


def _link(model: Any, **kwargs: Any) -> RestrictedPrimaryKeyRelatedField:
    return RestrictedPrimaryKeyRelatedField(queryset=model.objects.all(), **kwargs)


class OfficerSerializer(RegisterSerializer):
    class Meta:
        model = Officer
        fields = [
            "id",
            "reference",
            "collar_number",
            "given_name",
            "family_name",
            "rank",
            "team",
            "station",
            "joined_on",
            "warrant_date",
            "status",
            "independent_since",
            "left_on",
            "vetting_level",
            "vetting_granted_on",
            "vetting_expires_on",
            "occupation",
            "business_interests",
            "business_interests_checked_on",
            "business_interests_approved",
            "line_manager",
            "user",
            "email",
            "phone",
            "address",
            "created",
            "last_updated",
        ]
        read_only_fields = ["created", "last_updated"]

    def to_representation(self, instance: Officer) -> dict[str, Any]:
        data = super().to_representation(instance)
        user = getattr(self.context.get("request"), "user", None)
        if not instance.may_see_contact(user):
            for name in Officer.CONTACT_FIELDS:
                data.pop(name, None)
        return data


class QualificationKindSerializer(RegisterSerializer):
    class Meta:
        model = QualificationKind
        fields = ["id", "name", "slug", "required_for_duty", "created", "last_updated"]
        read_only_fields = ["created", "last_updated"]


class QualificationSerializer(RegisterSerializer):
    officer = _link(Officer)
    kind = _link(QualificationKind)

    class Meta:
        model = Qualification
        fields = [
            "id",
            "reference",
            "officer",
            "kind",
            "obtained_on",
            "expires_on",
            "created",
            "last_updated",
        ]
        read_only_fields = ["created", "last_updated"]


class DutySerializer(RegisterSerializer):
    officer = _link(Officer)
    supervisor = _link(Officer, required=False, allow_null=True)
    problem = _link(Problem, required=False, allow_null=True)
    event = _link(Event, required=False, allow_null=True)
    hours = serializers.FloatField(read_only=True)

    class Meta:
        model = Duty
        fields = [
            "id",
            "reference",
            "officer",
            "duty_type",
            "patrol_mode",
            "status",
            "starts_at",
            "ends_at",
            "hours",
            "district",
            "lsoa_code",
            "latitude",
            "longitude",
            "supervisor",
            "problem",
            "hotspot_cell",
            "event",
            "signed_off_at",
            "notes",
            "created",
            "last_updated",
        ]
        read_only_fields = ["signed_off_at", "created", "last_updated"]

    def create(self, validated_data: dict[str, Any]) -> Duty:
        return services.duty_save(duty=Duty(**validated_data))

    def update(self, instance: Duty, validated_data: dict[str, Any]) -> Duty:
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return services.duty_save(duty=instance)


class EventSerializer(RegisterSerializer):
    leader = _link(Officer, required=False, allow_null=True)
    problem = _link(Problem, required=False, allow_null=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "reference",
            "title",
            "starts_at",
            "ends_at",
            "places",
            "signup_deadline",
            "district",
            "latitude",
            "longitude",
            "leader",
            "problem",
            "created",
            "last_updated",
        ]
        read_only_fields = ["created", "last_updated"]


class EventSignupSerializer(RegisterSerializer):
    event = _link(Event)
    officer = _link(Officer)

    class Meta:
        model = EventSignup
        fields = [
            "id",
            "reference",
            "event",
            "officer",
            "status",
            "signed_up_at",
            "created",
            "last_updated",
        ]
        read_only_fields = ["status", "signed_up_at", "created", "last_updated"]


class AvailabilitySerializer(RegisterSerializer):
    officer = _link(Officer)

    class Meta:
        model = Availability
        fields = [
            "id",
            "reference",
            "officer",
            "starts_at",
            "ends_at",
            "note",
            "created",
            "last_updated",
        ]
        read_only_fields = ["created", "last_updated"]


class AttendanceNoticeSerializer(RegisterSerializer):
    officer = _link(Officer)

    class Meta:
        model = AttendanceNotice
        fields = [
            "id",
            "reference",
            "officer",
            "stage",
            "issued_on",
            "hours",
            "note",
            "created",
            "last_updated",
        ]
        read_only_fields = ["created", "last_updated"]
