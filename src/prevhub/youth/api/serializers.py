"""API serializers. Validation asks the models' rules (rules.py) on the record as it would be
after the write; a child's health notes are neither shown nor taken from a caller who may not
read them."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from prevhub.core.fields import RestrictedPrimaryKeyRelatedField
from prevhub.core.models import User
from prevhub.partners.models import Organisation, OrganisationKind
from prevhub.problems.models import Problem
from prevhub.youth import rules, selectors, services
from prevhub.youth.models import (
    Assignment,
    Award,
    Cadet,
    Concern,
    Consent,
    Leader,
    Session,
    Unit,
    VolunteeringEvent,
    VolunteeringHours,
    is_safeguarding_lead,
)


def _user(serializer: serializers.Serializer) -> Any:
    return getattr(serializer.context.get("request"), "user", None)


class RuleSerializer(serializers.ModelSerializer):
    """Checks the model's rules (the same predicates as the forms) on the draft record."""

    def draft(self, attrs: dict[str, Any]) -> Any:
        model = self.Meta.model  # type: ignore[attr-defined]
        obj = model(pk=getattr(self.instance, "pk", None))
        for f in model._meta.concrete_fields:
            if f.name in attrs:
                setattr(obj, f.name, attrs[f.name])
            elif self.instance is not None:
                setattr(obj, f.attname, getattr(self.instance, f.attname))
        return obj

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        problems = self.draft(attrs).problems()
        if problems:
            raise serializers.ValidationError(problems)
        return attrs


class UnitSerializer(RuleSerializer):
    host_organisation = serializers.SlugRelatedField(
        slug_field="slug",
        required=False,
        allow_null=True,
        queryset=Organisation.objects.exclude(kind=OrganisationKind.FORCE).filter(active=True),
    )

    class Meta:
        model = Unit
        fields = [
            "id",
            "reference",
            "name",
            "kind",
            "host_organisation",
            "school_year",
            "ends_on",
            "meets",
            "district",
            "active",
        ]


class LeaderSerializer(RuleSerializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    name = serializers.CharField(source="__str__", read_only=True)
    dbs_renewal_due = serializers.DateField(read_only=True)
    training_renewal_due = serializers.DateField(read_only=True)

    class Meta:
        model = Leader
        fields = [
            "id",
            "reference",
            "user",
            "name",
            "dbs_checked_on",
            "dbs_enhanced",
            "dbs_certificate",
            "dbs_renewal_due",
            "safeguarding_trained_on",
            "training_renewal_due",
            "is_coordinator",
            "is_safeguarding_lead",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        leader = self.instance or Leader()
        problem = services.leader_flags_problem(
            user=_user(self),
            leader=leader,
            is_coordinator_flag=attrs.get("is_coordinator", leader.is_coordinator),
            is_lead_flag=attrs.get("is_safeguarding_lead", leader.is_safeguarding_lead),
        )
        if problem:
            raise serializers.ValidationError({"is_coordinator": [problem]})
        return attrs


class AssignmentSerializer(RuleSerializer):
    leader = RestrictedPrimaryKeyRelatedField(queryset=Leader.objects.select_related("user"))
    unit = RestrictedPrimaryKeyRelatedField(queryset=Unit.objects.all())

    class Meta:
        model = Assignment
        fields = ["id", "reference", "leader", "unit", "started_on", "ended_on"]


class UnitForCadetField(serializers.PrimaryKeyRelatedField):
    """A unit the caller may put a child in (selectors.units_for_cadets)."""

    def get_queryset(self) -> Any:
        return selectors.units_for_cadets(_user(self.parent) if self.parent else None)


class CadetSerializer(RuleSerializer):
    unit = UnitForCadetField()
    age = serializers.IntegerField(read_only=True)

    class Meta:
        model = Cadet
        fields = [
            "id",
            "reference",
            "given_name",
            "family_name",
            "date_of_birth",
            "age",
            "unit",
            "joined_on",
            "left_on",
            "leaving_reason",
            "parent_name",
            "parent_phone",
            "parent_email",
            "medical_notes",
            "vulnerable_background",
        ]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        instance = self.instance if isinstance(self.instance, Cadet) else None
        user = _user(self)
        if user is None or not getattr(user, "is_authenticated", False):
            # No one signed in (the schema generator): the shape without the need-to-know
            # fields, the least any caller could be shown.
            for name in Cadet.need_to_know_fields:
                fields.pop(name, None)
            return fields
        if instance is None and self.many_parent():
            readable = {"vulnerable_background"}  # lists never carry health notes
        else:
            readable = selectors.cadet_fields_for(user, instance)
        for name in Cadet.need_to_know_fields:
            if name not in readable:
                fields.pop(name, None)
        return fields

    def many_parent(self) -> bool:
        return isinstance(self.parent, serializers.ListSerializer)


class ConsentSerializer(RuleSerializer):
    cadet = RestrictedPrimaryKeyRelatedField(queryset=Cadet.objects.all())
    event = RestrictedPrimaryKeyRelatedField(
        queryset=VolunteeringEvent.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Consent
        fields = [
            "id",
            "reference",
            "cadet",
            "kind",
            "event",
            "given_by",
            "given_on",
            "withdrawn_on",
        ]


class VisibleCadetsField(serializers.ManyRelatedField):
    """Attendees: shown and taken only among the children the caller may see (asked once per
    response, not once per session; the attendees are the view's prefetched ones)."""

    def visible_pks(self) -> set[int]:
        if not hasattr(self, "_visible_pks"):
            user = _user(self.parent)
            self._visible_pks = set(Cadet.objects.restrict(user).values_list("pk", flat=True))
        return self._visible_pks

    def to_representation(self, iterable: Any) -> list[int]:
        visible = self.visible_pks()
        return [c.pk for c in iterable if c.pk in visible]


class SessionSerializer(RuleSerializer):
    unit = RestrictedPrimaryKeyRelatedField(queryset=Unit.objects.all())
    present = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = ["id", "reference", "unit", "held_on", "topic", "attendees", "present"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        user = _user(self)
        if user is not None and getattr(user, "is_partner", True):
            # A school sees how many came, never who (and so does the anonymous schema view).
            fields.pop("attendees", None)
        else:
            fields["attendees"] = VisibleCadetsField(
                child_relation=RestrictedPrimaryKeyRelatedField(queryset=Cadet.objects.all()),
                required=False,
            )
        return fields

    def get_present(self, obj: Session) -> int:
        return obj.attendees.count()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if "attendees" in attrs:
            unit = attrs.get("unit") or getattr(self.instance, "unit", None)
            held = attrs.get("held_on") or getattr(self.instance, "held_on", None)
            problem = rules.attendance_problem(getattr(unit, "pk", None), attrs["attendees"], held)
            if problem:
                raise serializers.ValidationError({"attendees": [problem]})
        return attrs

    def update(self, instance: Session, validated_data: dict[str, Any]) -> Session:
        attendees = validated_data.pop("attendees", None)
        instance = super().update(instance, validated_data)
        if attendees is not None:
            visible = Cadet.objects.restrict(_user(self)).values_list("pk", flat=True)
            hidden = list(instance.attendees.exclude(pk__in=visible))
            instance.attendees.set([*attendees, *hidden])
        return instance


class VolunteeringEventSerializer(RuleSerializer):
    unit = RestrictedPrimaryKeyRelatedField(queryset=Unit.objects.all())
    problem = RestrictedPrimaryKeyRelatedField(
        queryset=Problem.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = VolunteeringEvent
        fields = [
            "id",
            "reference",
            "unit",
            "title",
            "held_on",
            "place",
            "latitude",
            "longitude",
            "problem",
            "risk_assessed_on",
            "risk_assessment",
        ]


class VolunteeringHoursSerializer(RuleSerializer):
    event = RestrictedPrimaryKeyRelatedField(queryset=VolunteeringEvent.objects.all())
    cadet = RestrictedPrimaryKeyRelatedField(queryset=Cadet.objects.all())

    class Meta:
        model = VolunteeringHours
        fields = ["id", "reference", "event", "cadet", "hours"]


class AwardSerializer(RuleSerializer):
    cadet = RestrictedPrimaryKeyRelatedField(queryset=Cadet.objects.all())

    class Meta:
        model = Award
        fields = ["id", "reference", "cadet", "kind", "section", "achieved_on"]


class ConcernCadetField(RestrictedPrimaryKeyRelatedField):
    """The designated safeguarding lead records concerns about any child; a leader about the
    children they see."""

    def get_queryset(self) -> Any:
        user = getattr(self.context.get("request"), "user", None)
        if is_safeguarding_lead(user):
            return Cadet._base_manager.all()
        return super().get_queryset()


class ConcernSerializer(RuleSerializer):
    cadet = ConcernCadetField(queryset=Cadet.objects.all())

    class Meta:
        model = Concern
        fields = [
            "id",
            "reference",
            "cadet",
            "noticed_on",
            "concern",
            "action_taken",
            "recorded_by",
        ]
        read_only_fields = ["recorded_by"]

    def create(self, validated_data: dict[str, Any]) -> Concern:
        return super().create({**validated_data, "recorded_by": _user(self)})
