"""API shapes for problems, responses, tasks and journal notes.

Parents (a task's problem) are limited to what the caller may change, so nobody attaches work
to a problem they cannot see. Partner users see only their own organisation among a problem's
partners, and may change only a task's status and outcome.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework import serializers

from prevhub.core.access import CHANGE
from prevhub.core.fields import RestrictedPrimaryKeyRelatedField
from prevhub.partners.models import Organisation, partner_organisations
from prevhub.problems import services
from prevhub.problems.models import JournalEntry, Problem, Response, Stage, Task, TaskStatus
from prevhub.problems.techniques import BY_NUMBER

PARTNER_TASK_FIELDS = {"status", "outcome"}


def _user(serializer: serializers.Serializer) -> Any:
    return getattr(serializer.context.get("request"), "user", None)


def _changeable_problem() -> RestrictedPrimaryKeyRelatedField:
    """A task's, response's or note's problem: one the caller may change."""
    return RestrictedPrimaryKeyRelatedField(queryset=Problem.objects.all(), action=CHANGE)


class ProblemSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)
    shared_with = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        required=False,
        queryset=partner_organisations(),
        help_text="Slugs of the partner organisations working (and seeing) the problem.",
    )
    districts = serializers.ListField(child=serializers.CharField(), required=False)
    lsoas = serializers.ListField(child=serializers.RegexField(r"^[EW]0\d{7}$"), required=False)
    crime_types = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        model = Problem
        fields = [
            "id",
            "reference",
            "title",
            "description",
            "problem_type",
            "force",
            "districts",
            "lsoas",
            "neighbourhood",
            "crime_types",
            "owner",
            "shared_with",
            "priority",
            "harm",
            "opened_on",
            "review_date",
            "stage",
            "closed_on",
            "scanning_figures",
            "scanning_notes",
            "victim_target",
            "offender",
            "place",
            "guardian",
            "handler",
            "place_manager",
            "hypotheses",
            "data_sources",
            "crime_script",
            "comparison_districts",
            "comparison_lsoas",
            "assessment_method",
            "assessment_figures",
            "assessment_version",
            "assessment_computed_at",
            "displacement",
            "lessons",
            "created",
            "last_updated",
        ]
        read_only_fields = [
            "reference",
            "stage",
            "closed_on",
            "scanning_figures",
            "assessment_method",
            "assessment_figures",
            "assessment_version",
            "assessment_computed_at",
            "comparison_districts",
            "comparison_lsoas",
            "created",
            "last_updated",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Districts and crime types the crime store does not know would count as zero, not
        fail: refused by name, by the rule the problem form uses (services)."""
        instance = self.instance
        errors = services.problem_area_errors(
            force=attrs.get("force", getattr(instance, "force", "")),
            districts=attrs.get("districts", getattr(instance, "districts", None) or []),
            crime_types=attrs.get("crime_types", getattr(instance, "crime_types", None) or []),
            problem=instance,
        )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def create(self, validated: dict[str, Any]) -> Problem:
        validated["owner"] = _user(self)
        return super().create(validated)

    def to_representation(self, instance: Problem) -> dict[str, Any]:
        data = super().to_representation(instance)
        user = _user(self)
        if user is not None and user.is_authenticated and user.is_partner:
            own = user.organisation.slug if user.organisation else None
            data["shared_with"] = [s for s in data["shared_with"] if s == own]
        return data


class StageMoveSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(choices=Stage.choices)
    reason = serializers.CharField()


class ResponseSerializer(serializers.ModelSerializer):
    problem = _changeable_problem()
    techniques = serializers.ListField(child=serializers.IntegerField(), required=False)

    class Meta:
        model = Response
        fields = [
            "id",
            "problem",
            "title",
            "description",
            "techniques",
            "intervention",
            "status",
            "created",
            "last_updated",
        ]
        read_only_fields = ["created", "last_updated"]

    def validate_techniques(self, value: list[int]) -> list[int]:
        unknown = [n for n in value if n not in BY_NUMBER]
        if unknown:
            raise serializers.ValidationError(
                f"Techniques are numbered 1 to 25; not {', '.join(map(str, unknown))}."
            )
        return sorted(set(value))


class TaskSerializer(serializers.ModelSerializer):
    problem = _changeable_problem()
    owner_user = serializers.SlugRelatedField(
        slug_field="username",
        required=False,
        allow_null=True,
        queryset=get_user_model().objects.filter(is_active=True),
    )
    owner_organisation = serializers.SlugRelatedField(
        slug_field="slug",
        required=False,
        allow_null=True,
        queryset=Organisation.objects.filter(active=True),
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "problem",
            "response",
            "title",
            "owner_user",
            "owner_organisation",
            "due_date",
            "status",
            "completed_on",
            "outcome",
            "created",
            "last_updated",
        ]
        read_only_fields = ["completed_on", "created", "last_updated"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = _user(self)
        if user is not None and user.is_partner:
            extra = set(self.initial_data) - PARTNER_TASK_FIELDS
            if extra:
                raise serializers.ValidationError(
                    "Partners may change only a task's status and outcome, not "
                    + ", ".join(sorted(extra))
                    + "."
                )
        status = attrs.get("status")
        if status == TaskStatus.DONE and (self.instance is None or self.instance.status != status):
            attrs["completed_on"] = timezone.localdate()
        elif status in (TaskStatus.OPEN, TaskStatus.CANCELLED):
            attrs["completed_on"] = None
        owner_user = attrs.get("owner_user", getattr(self.instance, "owner_user", None))
        owner_org = attrs.get(
            "owner_organisation", getattr(self.instance, "owner_organisation", None)
        )
        problem = services.task_owner_error(owner_user=owner_user, owner_organisation=owner_org)
        if problem:
            raise serializers.ValidationError(problem)
        return attrs


class JournalEntrySerializer(serializers.ModelSerializer):
    problem = _changeable_problem()
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = JournalEntry
        fields = ["id", "problem", "author", "noted_on", "text", "created"]
        read_only_fields = ["author", "created"]

    def create(self, validated: dict[str, Any]) -> JournalEntry:
        try:
            return services.journal_entry_add(author=_user(self), **validated)
        except PermissionError as exc:
            raise serializers.ValidationError({"problem": str(exc)}) from exc
