"""Forms for each part of a problem: the record, the triangle, responses, tasks, notes, stages.

Area and crime-type choices come from the crime store, so a coordinator picks what the figures
can count; a problem saved before the store had data keeps its values as extra choices.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms

from prevhub.core import roles
from prevhub.core.forms import HubForm, HubModelForm
from prevhub.core.models import User
from prevhub.crime.periods import parse_period
from prevhub.errors import PrevhubError
from prevhub.partners.models import Organisation, partner_organisations
from prevhub.problems import assessment, services
from prevhub.problems.figures import store_choices
from prevhub.problems.models import (
    ATTACHMENT_TYPES,
    MAX_ATTACHMENT_BYTES,
    Attachment,
    Intervention,
    JournalEntry,
    Problem,
    Response,
    Stage,
    Task,
)
from prevhub.problems.techniques import TECHNIQUES

LSOA_CODE = re.compile(r"^[EW]0\d{7}$")


def _partner_orgs() -> Any:
    return partner_organisations()


def _lsoa_list(value: str) -> list[str]:
    codes = [c.strip().upper() for c in re.split(r"[\s,;]+", value or "") if c.strip()]
    bad = [c for c in codes if not LSOA_CODE.match(c)]
    if bad:
        raise forms.ValidationError(f"Not LSOA codes (like E01028000): {', '.join(bad)}")
    return codes


class ProblemForm(HubModelForm):
    force = forms.ChoiceField(label="Force")
    districts = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Districts (Community Safety Partnership areas) the problem covers.",
    )
    lsoas_text = forms.CharField(
        label="LSOAs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="LSOA codes, separated by commas or spaces, for a smaller area.",
    )
    crime_types = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty for all crime. Anti-social behaviour is counted only if ticked.",
    )
    shared_with = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Partners",
        help_text="Partner organisations working the problem: their users will see it.",
    )

    class Meta:
        model = Problem
        fields = [
            "title",
            "description",
            "problem_type",
            "force",
            "districts",
            "lsoas_text",
            "neighbourhood",
            "crime_types",
            "owner",
            "shared_with",
            "priority",
            "harm",
            "review_date",
            "scanning_notes",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        store = store_choices()
        inst = self.instance
        forces = list(store["forces"]) or [getattr(inst, "force", "") or "nottinghamshire"]
        if inst.force and inst.force not in forces:
            forces.append(inst.force)
        self.fields["force"].choices = [(f, f.replace("-", " ").title()) for f in forces]
        districts = sorted(
            {d for ds in store["districts"].values() for d in ds} | set(inst.districts or [])
        )
        self.fields["districts"].choices = [(d, d) for d in districts]
        types = sorted(set(store["crime_types"]) | set(inst.crime_types or []))
        self.fields["crime_types"].choices = [(t, t) for t in types]
        self.fields["shared_with"].queryset = _partner_orgs()
        self.fields["owner"].queryset = User.objects.filter(
            is_active=True, groups__name__in=[roles.COORDINATOR, roles.HUB_LEAD]
        ).distinct()
        self.fields["owner"].help_text = "The coordinator who leads the problem."
        if inst.pk or inst.lsoas:  # a saved problem, or a new one opened from a hot spot
            self.initial["lsoas_text"] = ", ".join(inst.lsoas or [])
        for name in ("force", "districts", "crime_types"):  # model values the form renames
            if getattr(inst, name, None):
                self.initial.setdefault(name, getattr(inst, name))

    def clean_lsoas_text(self) -> list[str]:
        return _lsoa_list(self.cleaned_data.get("lsoas_text", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        errors = services.problem_area_errors(
            force=data.get("force") or "",
            districts=data.get("districts") or [],
            crime_types=data.get("crime_types") or [],
            problem=self.instance,
        )
        for name, message in errors.items():
            self.add_error(name, message)
        return data

    def save(self, commit: bool = True) -> Problem:
        problem = super().save(commit=False)
        problem.lsoas = self.cleaned_data.get("lsoas_text") or []
        problem.districts = list(self.cleaned_data.get("districts") or [])
        problem.crime_types = list(self.cleaned_data.get("crime_types") or [])
        if commit:
            problem.save()
            self.save_m2m()
        return problem


class AnalysisForm(HubModelForm):
    """The problem analysis triangle: victim/target, offender, place, and their controllers."""

    class Meta:
        model = Problem
        fields = [
            "victim_target",
            "guardian",
            "offender",
            "handler",
            "place",
            "place_manager",
            "hypotheses",
            "data_sources",
            "crime_script",
        ]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in fields}


class AssessmentForm(HubForm):
    method = forms.ChoiceField(choices=[(k, v[0]) for k, v in assessment.METHODS.items()])
    before = forms.CharField(help_text="Months before the response, e.g. 2023-01:2023-06.")
    after = forms.CharField(help_text="Months after the response, e.g. 2024-01:2024-06.")
    comparison_districts = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A comparison area like the problem's area, where the response did not run.",
    )
    comparison_lsoas = forms.CharField(
        required=False, label="Comparison LSOAs", widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, problem: Problem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        districts = store_choices()["districts"].get(problem.force, [])
        self.fields["comparison_districts"].choices = [(d, d) for d in districts]

    def _period(self, name: str) -> tuple[str, str]:
        try:
            return parse_period(self.cleaned_data.get(name, ""))
        except PrevhubError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_before(self) -> tuple[str, str]:
        return self._period("before")

    def clean_after(self) -> tuple[str, str]:
        return self._period("after")

    def clean_comparison_lsoas(self) -> list[str]:
        return _lsoa_list(self.cleaned_data.get("comparison_lsoas", ""))


class LessonsForm(HubModelForm):
    class Meta:
        model = Problem
        fields = ["displacement", "lessons"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in fields}


class ResponseForm(HubModelForm):
    techniques = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(t.number, f"{t.number}. {t.technique} ({t.category})") for t in TECHNIQUES],
        help_text="The 25 techniques of situational crime prevention (Cornish & Clarke 2003).",
    )

    class Meta:
        model = Response
        fields = ["title", "description", "techniques", "intervention", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class TaskForm(HubModelForm):
    class Meta:
        model = Task
        fields = ["title", "response", "owner_user", "owner_organisation", "due_date", "status"]

    def __init__(self, *args: Any, problem: Problem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["response"].queryset = problem.responses.all()
        self.fields["owner_organisation"].queryset = Organisation.objects.filter(active=True)
        self.fields["owner_user"].queryset = User.objects.filter(is_active=True)
        self.fields["owner_user"].label = "Owner (a person)"
        self.fields["owner_organisation"].label = "Owner (an organisation)"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        problem = services.task_owner_error(
            owner_user=data.get("owner_user"), owner_organisation=data.get("owner_organisation")
        )
        if problem:
            raise forms.ValidationError(problem)
        return data


class TaskCompleteForm(HubForm):
    outcome = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="What was done")


class JournalForm(HubModelForm):
    class Meta:
        model = JournalEntry
        fields = ["noted_on", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"noted_on": "Date", "text": "Note"}


class StageMoveForm(HubForm):
    to_stage = forms.ChoiceField(choices=Stage.choices, label="Move to")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why")


class InterventionForm(HubModelForm):
    class Meta:
        model = Intervention
        fields = [
            "slug",
            "name",
            "summary",
            "effect",
            "effect_evidence",
            "mechanism",
            "moderators",
            "implementation",
            "economic_cost",
            "url",
        ]


class AttachmentForm(HubModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file"]
        labels = {"title": "File title", "file": "File"}
        help_texts = {
            "file": "PDF, Word, Excel, CSV, text, PNG or JPEG; up to 10 MB.",
        }

    def clean_file(self) -> Any:
        from pathlib import PurePath

        upload = self.cleaned_data["file"]
        suffix = PurePath(upload.name).suffix.lower()
        if suffix not in ATTACHMENT_TYPES:
            raise forms.ValidationError(
                f"Files of type {suffix or '(none)'} are not accepted: "
                + ", ".join(sorted(ATTACHMENT_TYPES))
            )
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError("The file is larger than 10 MB.")
        return upload
