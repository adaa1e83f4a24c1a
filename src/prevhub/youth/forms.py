"""Forms of the youth pages. The rules are the models' (``clean`` asks rules.py); forms only
limit choices to what the user may see and drop fields the user may not read."""

from __future__ import annotations

from typing import Any

from django import forms

from prevhub.core.fields import (
    RestrictedModelChoiceField,
    RestrictedModelMultipleChoiceField,
    restrict_choices,
)
from prevhub.core.forms import HubForm, HubModelForm
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


class YouthForm(HubModelForm):
    """Knows who fills it in: linked records offered are only those the user may see."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        restrict_choices(self, user)


class UnitForm(YouthForm):
    host_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.exclude(kind=OrganisationKind.FORCE).filter(active=True),
        required=False,
        label="Hosted by",
        help_text="A Mini Police cohort's school: its staff see this cohort and its sessions "
        "and events, never a child's record.",
    )

    class Meta:
        model = Unit
        fields = [
            "name",
            "kind",
            "host_organisation",
            "school_year",
            "ends_on",
            "meets",
            "district",
            "active",
        ]


class LeaderForm(YouthForm):
    user = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True).order_by(
            "last_name", "first_name", "username"
        ),
        label="Hub account",
    )

    class Meta:
        model = Leader
        fields = [
            "user",
            "dbs_checked_on",
            "dbs_enhanced",
            "dbs_certificate",
            "safeguarding_trained_on",
            "is_coordinator",
            "is_safeguarding_lead",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        problem = services.leader_flags_problem(
            user=self.user,
            leader=self.instance,
            is_coordinator_flag=bool(data.get("is_coordinator")),
            is_lead_flag=bool(data.get("is_safeguarding_lead")),
        )
        if problem:
            self.add_error("is_coordinator", problem)
        return data


class AssignmentForm(YouthForm):
    leader = RestrictedModelChoiceField(queryset=Leader.objects.select_related("user"))
    unit = RestrictedModelChoiceField(queryset=Unit.objects.all())

    class Meta:
        model = Assignment
        fields = ["leader", "unit", "started_on", "ended_on"]


class CadetForm(YouthForm):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none())

    class Meta:
        model = Cadet
        fields = [
            "given_name",
            "family_name",
            "date_of_birth",
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

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = selectors.units_for_cadets(user)
        readable = selectors.cadet_fields_for(user, self.instance if self.instance.pk else None)
        for name in Cadet.need_to_know_fields:
            if name not in readable:
                del self.fields[name]


class ConsentForm(YouthForm):
    cadet = RestrictedModelChoiceField(queryset=Cadet.objects.all())
    event = RestrictedModelChoiceField(queryset=VolunteeringEvent.objects.all(), required=False)

    class Meta:
        model = Consent
        fields = ["cadet", "kind", "event", "given_by", "given_on", "withdrawn_on"]


class SessionForm(YouthForm):
    unit = RestrictedModelChoiceField(queryset=Unit.objects.all())
    attendees = RestrictedModelMultipleChoiceField(
        queryset=Cadet.objects.filter(left_on__isnull=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Cadets present (only children you may see are listed).",
    )

    class Meta:
        model = Session
        fields = ["unit", "held_on", "topic", "attendees"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Keep earlier attendees listed (a leaver stays on the sessions they came to).
            field = self.fields["attendees"]
            field.queryset = (
                field.queryset
                | Cadet.objects.restrict(self.user).filter(sessions_attended=self.instance)
            ).distinct()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        unit, held = data.get("unit"), data.get("held_on")
        problem = rules.attendance_problem(
            getattr(unit, "pk", None), data.get("attendees") or [], held
        )
        if problem:
            self.add_error("attendees", problem)
        return data

    def _save_m2m(self) -> None:
        """Attendees the user may not see stay as they were (the form never showed them)."""
        hidden = []
        if self.instance.pk:
            visible = Cadet.objects.restrict(self.user).values_list("pk", flat=True)
            hidden = list(self.instance.attendees.exclude(pk__in=visible))
        super()._save_m2m()
        if hidden:
            self.instance.attendees.add(*hidden)


class VolunteeringEventForm(YouthForm):
    unit = RestrictedModelChoiceField(queryset=Unit.objects.all())
    problem = RestrictedModelChoiceField(
        queryset=Problem.objects.all(),
        required=False,
        help_text="Only problems you may open are offered.",
    )

    class Meta:
        model = VolunteeringEvent
        fields = [
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


class VolunteeringHoursForm(YouthForm):
    event = RestrictedModelChoiceField(queryset=VolunteeringEvent.objects.all())
    cadet = RestrictedModelChoiceField(queryset=Cadet.objects.all())

    class Meta:
        model = VolunteeringHours
        fields = ["event", "cadet", "hours"]


class AwardForm(YouthForm):
    cadet = RestrictedModelChoiceField(queryset=Cadet.objects.all())

    class Meta:
        model = Award
        fields = ["cadet", "kind", "section", "achieved_on"]


class ConcernForm(YouthForm):
    cadet = RestrictedModelChoiceField(queryset=Cadet.objects.all())

    class Meta:
        model = Concern
        fields = ["cadet", "noticed_on", "concern", "action_taken"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if is_safeguarding_lead(user):
            # The lead records concerns passed on about any child (and reads them all).
            self.fields["cadet"].queryset = Cadet._base_manager.all()

    def save(self, commit: bool = True) -> Concern:
        if self.instance.recorded_by_id is None and self.user is not None:
            self.instance.recorded_by = self.user
        return super().save(commit)


class RosterImportForm(HubForm):
    file = forms.FileField(
        label="Roster (CSV)", help_text="Columns: " + ", ".join(services.ROSTER_COLUMNS)
    )
