"""API serializers. Validation calls the services' rules; computed limits are read-only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from prevhub.core.fields import RestrictedPrimaryKeyRelatedField
from prevhub.partners.models import Organisation, OrganisationKind
from prevhub.people.models import Person
from prevhub.safeguarding import params, questions, rules, services
from prevhub.safeguarding.choices import AbuseType
from prevhub.safeguarding.models import (
    Breach,
    Incident,
    MaracAction,
    MaracReferral,
    ProtectionOrder,
    RiskAssessment,
    SafeguardingCase,
    StalkingScreening,
    safeguarding_officers,
)


def _user(serializer: serializers.Serializer) -> Any:
    return getattr(serializer.context.get("request"), "user", None)


class BoundedDates:
    """Every date and time a serializer takes lies in the years 1900-2100 (params.py): a year
    outside is a typing mistake, and the deadline arithmetic must never run off the calendar."""

    def to_internal_value(self, data: Any) -> Any:
        values = super().to_internal_value(data)  # type: ignore[misc]
        errors = {
            name: [problem]
            for name, value in values.items()
            if isinstance(value, dt.date) and (problem := params.year_problem(value))
        }
        if errors:
            raise serializers.ValidationError(errors)
        return values


class NotFuture:
    """Fields that record something that has happened: not later than now."""

    not_future: tuple[str, ...] = ()

    def to_internal_value(self, data: Any) -> Any:
        values = super().to_internal_value(data)  # type: ignore[misc]
        now = timezone.now()
        errors = {
            name: [rules.DATE_IN_FUTURE.format(label="This time")]
            for name in self.not_future
            if isinstance(values.get(name), dt.datetime) and values[name] > now
        }
        if errors:
            raise serializers.ValidationError(errors)
        return values


class ModelSerializer(BoundedDates, NotFuture, serializers.ModelSerializer):
    """The register's serializers: dates bounded and not in the future, plus rule helpers."""

    def draft(self, attrs: dict[str, Any]) -> Any:
        """The record as it would be after this write (stored values overlaid with `attrs`),
        unsaved, so a service can check the rules on the whole record."""
        model = self.Meta.model  # type: ignore[attr-defined]
        obj = model(pk=getattr(self.instance, "pk", None))
        for f in model._meta.concrete_fields:
            if f.name in attrs:
                setattr(obj, f.name, attrs[f.name])
            elif self.instance is not None:
                setattr(obj, f.attname, getattr(self.instance, f.attname))
        return obj

    def refuse_changes(self, attrs: dict[str, Any], names: tuple[str, ...], why: str) -> None:
        """Facts fixed once recorded (an order's kind, a breach's time) may not be edited."""
        if self.instance is None:
            return
        for name in names:
            if name in attrs and attrs[name] != getattr(self.instance, name):
                raise serializers.ValidationError({name: why})


class Serializer(BoundedDates, serializers.Serializer):
    pass


VICTIM_FIXED = "A case's victim is fixed once chosen; open a new case for another person."


class CaseSerializer(ModelSerializer):
    reference = serializers.CharField(read_only=True)
    victim = RestrictedPrimaryKeyRelatedField(queryset=Person.objects.all())
    abuse_types = serializers.ListField(
        child=serializers.ChoiceField(choices=AbuseType.choices), required=False
    )
    shared_with = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        required=False,
        queryset=Organisation.objects.exclude(kind=OrganisationKind.FORCE).filter(active=True),
        help_text="Slugs of the partner organisations that may see this case.",
    )
    agencies_involved = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=Organisation.objects.all()
    )
    officer_in_case = serializers.PrimaryKeyRelatedField(
        queryset=safeguarding_officers(), required=False, allow_null=True
    )
    supervisor = serializers.PrimaryKeyRelatedField(
        queryset=safeguarding_officers(), required=False, allow_null=True
    )

    class Meta:
        model = SafeguardingCase
        fields = [
            "id",
            "reference",
            "victim",
            "abuse_types",
            "relationship",
            "perpetrators",
            "district",
            "officer_in_case",
            "supervisor",
            "agencies_involved",
            "shared_with",
            "status",
            "opened_on",
            "closed_on",
            "review_date",
            "summary",
            *SafeguardingCase.CONTACT_FIELDS,
            "created",
            "last_updated",
        ]
        read_only_fields = ["reference", "created", "last_updated"]

    def get_fields(self) -> dict[str, serializers.Field]:
        """A case's victim is chosen when it is opened and never changes (as on the page,
        whose edit form has no victim field): read-only on an existing case."""
        fields = super().get_fields()
        if self.instance is not None:
            fields["victim"] = serializers.PrimaryKeyRelatedField(read_only=True)
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Contact details: only the officer in case and the supervisor may change them; the
        same two (alone) may reassign the case, to safeguarding officers only. The victim is
        fixed: an update naming another one is refused, not silently ignored."""
        user = _user(self)
        sent_victim = self.initial_data.get("victim") if self.instance is not None else None
        if sent_victim is not None and str(sent_victim) != str(self.instance.victim_id):
            raise serializers.ValidationError({"victim": VICTIM_FIXED})
        if self.instance is not None and not self.instance.may_see_contact(user):
            sent = [f for f in SafeguardingCase.CONTACT_FIELDS if f in attrs]
            if sent:
                raise serializers.ValidationError(
                    {f: "Only the officer in case and the supervisor see these." for f in sent}
                )
        if self.instance is not None and not self.instance.may_reassign(user):
            changed = [
                name
                for name in ("officer_in_case", "supervisor")
                if name in attrs and attrs[name] != getattr(self.instance, name)
            ]
            if changed:
                raise serializers.ValidationError(
                    {
                        name: "Only the officer in case or the supervisor can reassign the case."
                        for name in changed
                    }
                )
        return attrs

    def to_representation(self, instance: SafeguardingCase) -> dict[str, Any]:
        data = super().to_representation(instance)
        user = _user(self)
        if not instance.may_see_contact(user):
            for name in SafeguardingCase.CONTACT_FIELDS:
                data.pop(name, None)
        if user is not None and user.is_authenticated and user.is_partner:
            own = user.organisation.slug if user.organisation else None
            data["shared_with"] = [s for s in data["shared_with"] if s == own]
            data["agencies_involved"] = [s for s in data["agencies_involved"] if s == own]
        return data


class IncidentSerializer(ModelSerializer):
    not_future = ("occurred_at",)
    reference = serializers.CharField(read_only=True)
    case = RestrictedPrimaryKeyRelatedField(queryset=SafeguardingCase.objects.all())

    class Meta:
        model = Incident
        fields = ["id", "reference", "case", "occurred_at", "crime_reference", "summary"]


class RiskAssessmentSerializer(ModelSerializer):
    """Answers are fixed once recorded (history kept); the override can change, with reason."""

    reference = serializers.CharField(read_only=True)
    case = RestrictedPrimaryKeyRelatedField(queryset=SafeguardingCase.objects.all())
    level = serializers.CharField(read_only=True)

    class Meta:
        model = RiskAssessment
        fields = [
            "id",
            "reference",
            "case",
            "assessed_at",
            "assessor",
            "answers",
            "score",
            "computed_level",
            "override_level",
            "override_reason",
            "level",
        ]
        read_only_fields = ["assessor", "score", "computed_level"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            for name in ("answers", "case", "assessed_at"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError(
                        {name: "A recorded assessment cannot change; add a new one."}
                    )
        else:
            try:
                rules.check_answers(attrs.get("answers", {}), questions.dash_question_keys())
            except rules.SafeguardingError as exc:
                raise serializers.ValidationError({"answers": str(exc)}) from exc
        level = attrs.get("override_level", getattr(self.instance, "override_level", ""))
        reason = attrs.get("override_reason", getattr(self.instance, "override_reason", ""))
        if level and not (reason or "").strip():
            raise serializers.ValidationError({"override_reason": rules.OVERRIDE_NEEDS_REASON})
        return attrs

    def create(self, validated_data: dict[str, Any]) -> RiskAssessment:
        return services.risk_assessment_record(assessor=_user(self), **validated_data)


class StalkingScreeningSerializer(ModelSerializer):
    reference = serializers.CharField(read_only=True)
    case = RestrictedPrimaryKeyRelatedField(queryset=SafeguardingCase.objects.all())

    class Meta:
        model = StalkingScreening
        fields = ["id", "reference", "case", "assessed_at", "answers", "score", "notes"]
        read_only_fields = ["score"]

    def validate_answers(self, value: dict[str, str]) -> dict[str, str]:
        try:
            # `value`, not `value or {}`: a form-encoded "null" arrives here as None, and
            # must be refused by name (the column cannot hold null), not stored as a 500.
            rules.check_answers(value, questions.stalking_question_keys())
        except rules.SafeguardingError as exc:
            raise serializers.ValidationError(str(exc)) from exc
        return value


class MaracActionSerializer(ModelSerializer):
    reference = serializers.CharField(read_only=True)
    referral = RestrictedPrimaryKeyRelatedField(queryset=MaracReferral.objects.all())

    class Meta:
        model = MaracAction
        fields = ["id", "reference", "referral", "description", "owner", "due_on", "completed_on"]


class MaracReferralSerializer(ModelSerializer):
    reference = serializers.CharField(read_only=True)
    case = RestrictedPrimaryKeyRelatedField(queryset=SafeguardingCase.objects.all())

    class Meta:
        model = MaracReferral
        fields = [
            "id",
            "reference",
            "case",
            "referred_on",
            "visible_high_risk",
            "professional_judgement",
            "potential_escalation",
            "repeat",
            "meeting_date",
            "outcome",
        ]
        read_only_fields = ["repeat"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        referral = self.draft(attrs)
        problem = rules.marac_referral_problem(referral)
        if problem:
            raise serializers.ValidationError({"non_field_errors": [problem]})
        attrs["repeat"] = rules.marac_is_repeat(referral.case, referral.referred_on, referral.pk)
        return attrs


class ProtectionOrderSerializer(ModelSerializer):
    """The order and its computed legal limits (``expires_at``, ``hearing_deadline`` …).
    ``status`` is read-only: it moves through the ``transition`` action."""

    reference = serializers.CharField(read_only=True)
    case = RestrictedPrimaryKeyRelatedField(queryset=SafeguardingCase.objects.all())
    notice = RestrictedPrimaryKeyRelatedField(
        queryset=ProtectionOrder.objects.all(), required=False, allow_null=True
    )
    interim_order = RestrictedPrimaryKeyRelatedField(
        queryset=ProtectionOrder.objects.all(), required=False, allow_null=True
    )
    expires_at = serializers.DateTimeField(read_only=True, allow_null=True)
    hearing_deadline = serializers.DateTimeField(read_only=True, allow_null=True)
    notification_deadline = serializers.DateTimeField(read_only=True, allow_null=True)
    earliest_end = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = ProtectionOrder
        fields = [
            "id",
            "reference",
            "case",
            "kind",
            "status",
            "notice",
            "interim_order",
            "court",
            "conditions",
            "considered_on",
            "applied_at",
            "hearing_at",
            "hearing_adjourned",
            "decided_at",
            "served_at",
            "made_on",
            "ends_on",
            "until_further_order",
            "ended_at",
            "replaces_interim",
            "notification_exempt",
            "notification_received_on",
            "expires_at",
            "hearing_deadline",
            "notification_deadline",
            "earliest_end",
        ]
        read_only_fields = ["status"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        self.refuse_changes(
            attrs, ("case", "kind"), "Cannot change once recorded; record a new order instead."
        )
        order = self.draft(attrs)
        problems = rules.order_problems(order)
        if problems:
            raise serializers.ValidationError({"non_field_errors": problems})
        if self.instance is None:
            attrs["status"] = rules.initial_status(attrs["kind"])
        return attrs


class TransitionSerializer(Serializer):
    to_status = serializers.CharField()
    at = serializers.DateTimeField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    until_further_order = serializers.BooleanField(required=False, allow_null=True, default=None)


class BreachSerializer(ModelSerializer):
    not_future = ("occurred_at",)
    reference = serializers.CharField(read_only=True)
    order = RestrictedPrimaryKeyRelatedField(queryset=ProtectionOrder.objects.all())

    class Meta:
        model = Breach
        fields = [
            "id",
            "reference",
            "order",
            "occurred_at",
            "description",
            "action_taken",
            "crime_reference",
            "recorded_by",
        ]
        read_only_fields = ["recorded_by"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            self.refuse_changes(
                attrs, ("order", "occurred_at"), "Record a new breach instead of moving this one."
            )
            return attrs
        problem = rules.protection_order_breach_problem(attrs["order"], attrs["occurred_at"])
        if problem:
            raise serializers.ValidationError({"occurred_at": problem})
        return attrs

    def create(self, validated_data: dict[str, Any]) -> Breach:
        return services.protection_order_record_breach(recorded_by=_user(self), **validated_data)


class VictimSerializer(Serializer):
    given_name = serializers.CharField(max_length=100)
    family_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    address = serializers.CharField(required=False, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
