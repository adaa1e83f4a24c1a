"""Forms of the register: the rules (rules.py) are applied once the instance is built, so the
page refuses a record with the same field-named words as the API and the import."""

from __future__ import annotations

from typing import Any

from prevhub.core.access import VIEW
from prevhub.core.fields import RestrictedModelChoiceField, restrict_choices
from prevhub.core.forms import HubForm, HubModelForm
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


class RegisterForm(HubModelForm):
    """Restricted choices for the signed-in user; the register's rules after the fields."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        restrict_choices(self, user)
        for name, field in list(self.fields.items()):
            # A link to records this user may not see at all (a problem, for a user without a
            # problem-solving role) is left out rather than offered empty: saving the form
            # would otherwise erase a link someone else made.
            model = getattr(getattr(field, "queryset", None), "model", None)
            policy = getattr(model, "access_policy", None)
            restricted = isinstance(field, RestrictedModelChoiceField)
            if restricted and policy is not None and not policy.can(user, VIEW):
                del self.fields[name]

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors:
            return
        for name, messages in services.problems_of(self.instance).items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


_RESTRICTED = {
    "officer": RestrictedModelChoiceField,
    "supervisor": RestrictedModelChoiceField,
    "leader": RestrictedModelChoiceField,
    "problem": RestrictedModelChoiceField,
    "event": RestrictedModelChoiceField,
    "kind": RestrictedModelChoiceField,
}


class OfficerForm(RegisterForm):
    class Meta:
        model = Officer
        fields = [
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
        ]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        from prevhub.core.models import User

        for name in ("line_manager", "user"):
            self.fields[name].queryset = User.objects.filter(
                is_active=True, organisation__is_force=True
            ).order_by("username")
        if self.instance.pk and not self.instance.may_see_contact(user):
            for name in Officer.CONTACT_FIELDS:  # need to know: not even shown to edit
                self.fields.pop(name, None)


class QualificationKindForm(RegisterForm):
    class Meta:
        model = QualificationKind
        fields = ["name", "slug", "required_for_duty"]


class QualificationForm(RegisterForm):
    class Meta:
        model = Qualification
        fields = ["officer", "kind", "obtained_on", "expires_on"]
        field_classes = _RESTRICTED


class DutyForm(RegisterForm):
    class Meta:
        model = Duty
        fields = [
            "officer",
            "duty_type",
            "patrol_mode",
            "status",
            "starts_at",
            "ends_at",
            "district",
            "lsoa_code",
            "latitude",
            "longitude",
            "supervisor",
            "problem",
            "hotspot_cell",
            "notes",
        ]
        field_classes = _RESTRICTED

    def save(self, commit: bool = True) -> Duty:
        return services.duty_save(duty=self.instance)


class EventForm(RegisterForm):
    class Meta:
        model = Event
        fields = [
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
        ]
        field_classes = _RESTRICTED


class EventSignupForm(RegisterForm):
    class Meta:
        model = EventSignup
        fields = ["event", "officer"]
        field_classes = _RESTRICTED


class AvailabilityForm(RegisterForm):
    class Meta:
        model = Availability
        fields = ["officer", "starts_at", "ends_at", "note"]
        field_classes = _RESTRICTED


class AttendanceNoticeForm(RegisterForm):
    class Meta:
        model = AttendanceNotice
        fields = ["officer", "stage", "issued_on", "hours", "note"]
        field_classes = _RESTRICTED


class RosterImportForm(HubForm):
    """Upload an existing roster (CSV) of officers."""

    from django import forms as _forms

    roster = _forms.FileField(label="Roster (CSV)", help_text="Columns as in docs/specials.md.")
