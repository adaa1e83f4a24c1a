"""Forms of the reoffending pages. The checks (dates, ranges) are the register's one set
(checks.py); writes with a rule go through services."""

from __future__ import annotations

from typing import Any

from django import forms

from prevhub.core.fields import RestrictedModelChoiceField, restrict_choices
from prevhub.core.forms import HubForm, HubModelForm
from prevhub.partners.models import Organisation, OrganisationKind
from prevhub.reoffending import services
from prevhub.reoffending.checks import CheckedForm
from prevhub.reoffending.choices import RetentionReason
from prevhub.reoffending.models import (
    CohortMember,
    CohortReview,
    CustodySpell,
    PathwayNeed,
    offender_managers,
)


def partners() -> Any:
    return Organisation.objects.exclude(kind=OrganisationKind.FORCE).filter(active=True)


class RegisterForm(CheckedForm, HubModelForm):
    """Knows who fills it in: linked records offered are only those they may see."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        restrict_choices(self, user)


class CohortMemberForm(RegisterForm):
    shared_with = forms.ModelMultipleChoiceField(
        queryset=partners(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only these partner organisations will see this member and their records.",
    )

    class Meta:
        model = CohortMember
        fields = [
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
        ]
        field_classes = {"person": RestrictedModelChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shared_with"].queryset = partners()
        self.fields["lead_police_officer"].queryset = offender_managers()
        if self.instance.pk:
            del self.fields["person"]  # a membership's person does not change
        else:
            # People by reference only: a list of names would show the person index unlogged.
            person = self.fields["person"]
            person.label_from_instance = lambda p: p.reference  # type: ignore[attr-defined]


class CustodySpellForm(RegisterForm):
    class Meta:
        model = CustodySpell
        fields = ["member", "started_on", "released_on", "establishment"]
        field_classes = {"member": RestrictedModelChoiceField}


class PathwayNeedForm(RegisterForm):
    class Meta:
        model = PathwayNeed
        fields = [
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
        field_classes = {"member": RestrictedModelChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = partners()


class CohortReviewForm(RegisterForm):
    class Meta:
        model = CohortReview
        fields = ["member", "due_on", "held_on", "outcome", "notes"]
        field_classes = {"member": RestrictedModelChoiceField}

    def save(self, commit: bool = True) -> CohortReview:
        """Holding a review schedules the member's next one (services.review_save)."""
        review = super().save(commit=False)
        return services.review_save(review=review)


class RetentionDeleteForm(HubForm):
    reason = forms.ChoiceField(choices=RetentionReason.choices, widget=forms.RadioSelect)
