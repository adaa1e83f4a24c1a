"""Forms of the safeguarding pages. Rules live in services; forms call them in clean()/save()."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from prevhub.core.fields import RestrictedModelChoiceField, restrict_choices
from prevhub.core.forms import HubForm, HubModelForm
from prevhub.partners.models import Organisation, OrganisationKind
from prevhub.safeguarding import params, questions, rules, services
from prevhub.safeguarding.choices import AbuseType, Answer, OrderKind, RetentionReason
from prevhub.safeguarding.models import (
    Breach,
    Incident,
    MaracReferral,
    ProtectionOrder,
    RiskAssessment,
    SafeguardingCase,
    safeguarding_officers,
)

ASSIGNMENT_FIELDS = ("officer_in_case", "supervisor")
ASSIGNMENT_LOCKED = "Only the officer in case or the supervisor can reassign the case."


def _partners() -> Any:
    return Organisation.objects.exclude(kind=OrganisationKind.FORCE).filter(active=True)


#: Links to the register's records offer only what the user may see (core.fields).
RESTRICTED = {"case": RestrictedModelChoiceField}


class BoundedDatesForm(forms.BaseForm):
    """Dates and times in the years 1900-2100 (params.py); `not_future` fields (something that
    has happened) no later than now. Errors name the field, never a server error."""

    not_future: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        now = timezone.now()
        for name, value in list(data.items()):
            if not isinstance(value, dt.date):
                continue
            problem = params.year_problem(value)
            if problem is None and name in self.not_future and value > now:
                problem = rules.DATE_IN_FUTURE.format(label=self.fields[name].label or name)
            if problem:
                self.add_error(name, problem)
        return data


class UserBoundForm(BoundedDatesForm, HubModelForm):
    """A model form that knows who is filling it in (for choices limited to what they see)."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        restrict_choices(self, user)


class CaseForm(UserBoundForm):
    abuse_types = forms.MultipleChoiceField(
        choices=AbuseType.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    shared_with = forms.ModelMultipleChoiceField(
        queryset=_partners(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only these partner organisations will see this case (never the contact "
        "details).",
    )
    agencies_involved = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SafeguardingCase
        fields = [
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
        ]
        field_classes = {"victim": RestrictedModelChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shared_with"].queryset = _partners()
        # People by reference only: a drop-down of every name would show the person index
        # without logging the reads (find the reference on the People pages, which log them).
        if self.instance.pk:
            # A case's victim does not change; and an officer who is not the officer in case
            # may not see the victim's person record (people.models), so cannot re-pick it.
            del self.fields["victim"]
        else:
            victim = self.fields["victim"]
            victim.label_from_instance = lambda person: person.reference  # type: ignore[attr-defined]
            victim.help_text = "The victim's person reference (P-…), from the People pages."
        for name in ASSIGNMENT_FIELDS:
            self.fields[name].queryset = safeguarding_officers()
            # Reassignment: only the current officer in case or supervisor (models.py).
            if self.instance.pk and not self.instance.may_reassign(self.user):
                self.fields[name].disabled = True
                self.fields[name].help_text = ASSIGNMENT_LOCKED
        # Contact details: only the officer in case and the supervisor see (so may change)
        # them; a new case's author enters them.
        if self.instance.pk and not self.instance.may_see_contact(self.user):
            for name in SafeguardingCase.CONTACT_FIELDS:
                del self.fields[name]

    def clean_abuse_types(self) -> list[str]:
        return list(self.cleaned_data.get("abuse_types") or [])


class IncidentForm(UserBoundForm):
    not_future = ("occurred_at",)

    class Meta:
        model = Incident
        field_classes = RESTRICTED
        fields = ["case", "occurred_at", "crime_reference", "summary"]


class RiskAssessmentForm(UserBoundForm):
    """The 27 DASH questions as radios; adding records through the service (history kept),
    changing touches only the professional-judgement override."""

    class Meta:
        model = RiskAssessment
        field_classes = RESTRICTED
        fields = ["case", "assessed_at", "override_level", "override_reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            for key, text in zip(
                questions.dash_question_keys(), questions.DASH_QUESTIONS, strict=True
            ):
                self.fields[key] = forms.ChoiceField(
                    label=f"{key[1:]}. {text}",
                    choices=Answer.choices,
                    widget=forms.RadioSelect,
                    initial=Answer.NO,
                )
        else:
            del self.fields["case"]
            del self.fields["assessed_at"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("override_level") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", rules.OVERRIDE_NEEDS_REASON)
        return data

    def save(self, commit: bool = True) -> RiskAssessment:
        if self.instance.pk is not None:
            return super().save(commit)
        answers = {k: self.cleaned_data[k] for k in questions.dash_question_keys()}
        return services.risk_assessment_record(
            case=self.cleaned_data["case"],
            answers=answers,
            assessor=self.user,
            assessed_at=self.cleaned_data.get("assessed_at"),
            override_level=self.cleaned_data.get("override_level", ""),
            override_reason=self.cleaned_data.get("override_reason", ""),
        )


class MaracReferralForm(UserBoundForm):
    class Meta:
        model = MaracReferral
        field_classes = RESTRICTED
        fields = [
            "case",
            "referred_on",
            "visible_high_risk",
            "professional_judgement",
            "potential_escalation",
            "meeting_date",
            "outcome",
        ]

    def _post_clean(self) -> None:
        """Checked once the instance holds the submitted values (ModelForm fills it here)."""
        super()._post_clean()
        if self.errors or self.instance.case_id is None:
            return
        problem = rules.marac_referral_problem(self.instance)
        if problem:
            self.add_error(None, ValidationError(problem))
        else:
            services.marac_referral_prepare(self.instance)


class ProtectionOrderForm(UserBoundForm):
    """The order's facts and dates. Its status moves only through the lifecycle actions."""

    class Meta:
        model = ProtectionOrder
        field_classes = {
            name: RestrictedModelChoiceField for name in ("case", "notice", "interim_order")
        }
        fields = [
            "case",
            "kind",
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
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["notice"].queryset = self.fields["notice"].queryset.filter(
            kind__in=["dvpn", "dapn"]
        )
        self.fields["interim_order"].queryset = self.fields["interim_order"].queryset.filter(
            kind=OrderKind.INTERIM_SPO
        )
        if self.instance.pk:
            # What the order is and whose case it belongs to are fixed once recorded.
            for name in ("case", "kind"):
                self.fields[name].disabled = True

    def _post_clean(self) -> None:
        """Checked once the instance holds the submitted values (ModelForm fills it here)."""
        super()._post_clean()
        if self.errors or self.instance.case_id is None:
            return
        if self.instance.pk is None:
            self.instance.status = rules.initial_status(self.instance.kind)
        for problem in rules.order_problems(self.instance):
            self.add_error(None, problem)


class TransitionForm(BoundedDatesForm, HubForm):
    """One lifecycle step: to which status, when, and (when granting) the period set."""

    to_status = forms.ChoiceField(label="New status")
    at = forms.DateTimeField(label="When", required=False)
    ends_on = forms.DateField(label="Last day in force", required=False)
    until_further_order = forms.BooleanField(required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = choices


class BreachForm(UserBoundForm):
    not_future = ("occurred_at",)

    class Meta:
        model = Breach
        field_classes = {"order": RestrictedModelChoiceField}
        fields = ["order", "occurred_at", "description", "action_taken", "crime_reference"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        order, occurred_at = data.get("order"), data.get("occurred_at")
        if self.instance.pk is None and order is not None and occurred_at is not None:
            problem = rules.protection_order_breach_problem(order, occurred_at)
            if problem:
                self.add_error("occurred_at", problem)
        return data

    def save(self, commit: bool = True) -> Breach:
        if self.instance.pk is not None:
            return super().save(commit)
        return services.protection_order_record_breach(
            order=self.cleaned_data["order"],
            occurred_at=self.cleaned_data["occurred_at"],
            description=self.cleaned_data["description"],
            action_taken=self.cleaned_data["action_taken"],
            crime_reference=self.cleaned_data.get("crime_reference", ""),
            recorded_by=self.user,
        )


class RetentionDeleteForm(HubForm):
    reason = forms.ChoiceField(choices=RetentionReason.choices, widget=forms.RadioSelect)


class VictimRegisterForm(BoundedDatesForm, HubForm):
    """A new victim's person record, created so that the audit log never holds their details
    (services.victim_register); the people app's own form logs them in full."""

    given_name = forms.CharField(max_length=100)
    family_name = forms.CharField(max_length=100)
    date_of_birth = forms.DateField(required=False)
    address = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField(max_length=10, required=False)
    phone = forms.CharField(max_length=30, required=False)
    email = forms.EmailField(required=False)
