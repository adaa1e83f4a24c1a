"""API serializers: the same rules as the forms (the model's clean(), services' checks)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from prevhub.business import services
from prevhub.business.choices import Activity
from prevhub.business.forms import business_officers
from prevhub.business.models import ActionDay, Business, Recommendation, SecuritySurvey
from prevhub.core.fields import RestrictedPrimaryKeyRelatedField
from prevhub.partners.models import partner_organisations
from prevhub.problems.models import Problem


def _user(serializer: serializers.Serializer) -> Any:
    return getattr(serializer.context.get("request"), "user", None)


class CleanedModelSerializer(serializers.ModelSerializer):
    """Runs the model's clean() on the record as it would be after the write."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        model = self.Meta.model  # type: ignore[attr-defined]
        obj = model(pk=getattr(self.instance, "pk", None))
        for f in model._meta.concrete_fields:
            if f.name in attrs:
                setattr(obj, f.name, attrs[f.name])
            elif self.instance is not None:
                setattr(obj, f.attname, getattr(self.instance, f.attname))
        try:
            obj.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return attrs


def _own_slugs(serializer: serializers.Serializer, data: dict[str, Any], name: str) -> None:
    """A partner's user learns only their own organisation among a record's organisations."""
    user = _user(serializer)
    if user is not None and user.is_authenticated and user.is_partner:
        own = user.organisation.slug if user.organisation else None
        data[name] = [s for s in data[name] if s == own]


class BusinessSerializer(CleanedModelSerializer):
    reference = serializers.CharField(read_only=True)
    memberships = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        required=False,
        queryset=partner_organisations(),
        help_text="Slugs of the partnerships and BIDs the business belongs to.",
    )

    class Meta:
        model = Business
        fields = [
            "id",
            "reference",
            "name",
            "sector",
            "address",
            "postcode",
            "uprn",
            "longitude",
            "latitude",
            "lsoa_code",
            "lsoa_name",
            "district",
            "crime_location_id",
            "memberships",
            *Business.CONTACT_FIELDS,
            "notes",
            "created",
            "last_updated",
        ]
        read_only_fields = ["lsoa_code", "lsoa_name", "district", "created", "last_updated"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = _user(self)
        if not Business().may_see_contact(user):
            sent = [f for f in Business.CONTACT_FIELDS if f in attrs]
            if sent:
                raise serializers.ValidationError(
                    {f: "Only Safer Business officers see the named contact." for f in sent}
                )
        return super().validate(attrs)

    def to_representation(self, instance: Business) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not instance.may_see_contact(_user(self)):
            for name in Business.CONTACT_FIELDS:
                data.pop(name, None)
        _own_slugs(self, data, "memberships")
        return data


class SecuritySurveySerializer(CleanedModelSerializer):
    reference = serializers.CharField(read_only=True)
    business = RestrictedPrimaryKeyRelatedField(queryset=Business.objects.all())
    surveyed_by = serializers.PrimaryKeyRelatedField(queryset=business_officers())

    class Meta:
        model = SecuritySurvey
        fields = [
            "id",
            "reference",
            "business",
            "surveyed_on",
            "surveyed_by",
            "summary",
            "follow_up_due",
            "followed_up_on",
            "follow_up_notes",
            "created",
            "last_updated",
        ]
        read_only_fields = ["created", "last_updated"]


class RecommendationSerializer(CleanedModelSerializer):
    reference = serializers.CharField(read_only=True)
    survey = RestrictedPrimaryKeyRelatedField(queryset=SecuritySurvey.objects.all())
    techniques = serializers.ListField(child=serializers.IntegerField(), required=False)

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "reference",
            "survey",
            "layer",
            "finding",
            "recommendation",
            "techniques",
            "priority",
            "follow_up_on",
            "done_on",
        ]

    def validate_techniques(self, value: list[int]) -> list[int]:
        try:
            return services.check_techniques(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


class ActionDaySerializer(CleanedModelSerializer):
    partners = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=partner_organisations()
    )
    activities = serializers.ListField(
        child=serializers.ChoiceField(choices=Activity.choices), required=False
    )
    businesses_visited = RestrictedPrimaryKeyRelatedField(
        queryset=Business.objects.all(), many=True, required=False
    )
    problem = RestrictedPrimaryKeyRelatedField(
        queryset=Problem.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = ActionDay
        fields = [
            "id",
            "title",
            "area_name",
            "longitude",
            "latitude",
            "radius_m",
            "starts_on",
            "ends_on",
            "partners",
            "activities",
            "businesses_visited",
            "problem",
            *ActionDay.OUTCOME_FIELDS,
            "notes",
            "created",
            "last_updated",
        ]
        read_only_fields = ["created", "last_updated"]

    def to_representation(self, instance: ActionDay) -> dict[str, Any]:
        data = super().to_representation(instance)
        user = _user(self)
        _own_slugs(self, data, "partners")
        if user is not None and user.is_authenticated:
            seen = self._visible(Business, user)
            data["businesses_visited"] = [pk for pk in data["businesses_visited"] if pk in seen]
            if data.get("problem") is not None and data["problem"] not in self._visible(
                Problem, user
            ):
                data["problem"] = None
        return data

    def _visible(self, model: Any, user: Any) -> set[int]:
        """The pks of `model` the user may view, asked once per response (a list's rows share
        this serializer), not once per action day."""
        cache: dict[Any, set[int]] = self.__dict__.setdefault("_visible_pks", {})
        if model not in cache:
            cache[model] = set(model.objects.restrict(user, "view").values_list("pk", flat=True))
        return cache[model]
