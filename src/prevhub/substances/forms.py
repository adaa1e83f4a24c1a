"""Forms of the substances pages: each configured eligibility rule is its own question."""

from __future__ import annotations

from typing import Any

from django import forms

from prevhub.core.fields import RestrictedModelChoiceField, restrict_choices
from prevhub.core.forms import HubForm, HubModelForm
from prevhub.reoffending.checks import CheckedForm
from prevhub.reoffending.forms import partners
from prevhub.substances import conf
from prevhub.substances.choices import Answer, RetentionReason
from prevhub.substances.models import (
    DiversionAppointment,
    DiversionCondition,
    DiversionEpisode,
    DrugTestCount,
    NaloxoneSupply,
)

RULE_PREFIX = "rule_"


class RegisterForm(CheckedForm, HubModelForm):
    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        restrict_choices(self, user)


class DiversionEpisodeForm(RegisterForm):
    scheme = forms.ChoiceField(choices=conf.scheme_choices)
    accepted = forms.NullBooleanField(
        required=False,
        widget=forms.NullBooleanSelect,
        help_text="Blank: not asked yet.",
    )
    shared_with = forms.ModelMultipleChoiceField(
        queryset=partners(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = DiversionEpisode
        fields = [
            "person",
            "offender_reference",
            "offence_code",
            "offence_date",
            "scheme",
            "sex",
            "ethnicity",
            "decided_on",
            "offered_on",
            "accepted",
            "accepted_on",
            "treatment_provider",
            "referred_on",
            "first_appointment_on",
            "completed_on",
            "not_completed_on",
            "breached_on",
            "breach_action",
            "breach_notes",
            "shared_with",
        ]
        field_classes = {"person": RestrictedModelChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shared_with"].queryset = partners()
        self.fields["treatment_provider"].queryset = partners()
        if self.instance.pk:
            del self.fields["person"]
        else:
            person = self.fields["person"]
            person.label_from_instance = lambda p: p.reference  # type: ignore[attr-defined]
        answers = self.instance.eligibility or {}
        for rule in conf.eligibility_rules():
            name = RULE_PREFIX + rule["key"]
            self.fields[name] = forms.ChoiceField(
                label=rule["label"],
                choices=Answer.choices,
                widget=forms.RadioSelect,
                help_text=rule["source"],
                initial=answers.get(rule["key"]),
            )

    def save(self, commit: bool = True) -> DiversionEpisode:
        self.instance.eligibility = {
            rule["key"]: self.cleaned_data[RULE_PREFIX + rule["key"]]
            for rule in conf.eligibility_rules()
        }
        return super().save(commit=commit)


class DiversionConditionForm(RegisterForm):
    class Meta:
        model = DiversionCondition
        fields = ["episode", "description", "due_on", "met_on"]
        field_classes = {"episode": RestrictedModelChoiceField}


class DiversionAppointmentForm(RegisterForm):
    class Meta:
        model = DiversionAppointment
        fields = ["episode", "on", "attendance"]
        field_classes = {"episode": RestrictedModelChoiceField}


class DrugTestCountForm(RegisterForm):
    class Meta:
        model = DrugTestCount
        fields = ["month", "tests", "positive_cocaine", "positive_opiates", "positive_both"]


class NaloxoneSupplyForm(RegisterForm):
    class Meta:
        model = NaloxoneSupply
        fields = ["month", "kits", "setting"]


class RetentionDeleteForm(HubForm):
    reason = forms.ChoiceField(choices=RetentionReason.choices, widget=forms.RadioSelect)
