"""Forms of the suicide prevention pages. The rules are rules.py's, called in clean()."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms

from prevhub.core.fields import RestrictedModelChoiceField, restrict_choices
from prevhub.core.forms import HubForm, HubModelForm
from prevhub.partners.models import Organisation, OrganisationKind
from prevhub.suicide_prevention import rules
from prevhub.suicide_prevention.choices import PUBLIC_PLACE_TYPES, RetentionReason
from prevhub.suicide_prevention.models import (
    LocationMeasure,
    LocationOfConcern,
    SurveillanceRecord,
)


def partners() -> Any:
    return Organisation.objects.exclude(kind=OrganisationKind.FORCE).filter(active=True)


class RuledForm(HubModelForm):
    """A model form whose clean() runs the register's rule over the whole record (the stored
    values overlaid with what was posted), each problem under its field."""

    rule: Any = None

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        restrict_choices(self, user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        values = {
            f.name: getattr(self.instance, f.name, None)
            for f in self._meta.model._meta.concrete_fields
            if f.name not in self.fields
        }
        values.update(data)
        for name, message in type(self).rule(values).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
            elif name not in self.fields:
                self.add_error(None, message)
        return data


class SurveillanceRecordForm(RuledForm):
    rule = staticmethod(rules.record_problems)
    shared_with = forms.ModelMultipleChoiceField(
        queryset=partners(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only these partner organisations will see this record.",
    )

    class Meta:
        model = SurveillanceRecord
        fields = [
            "kind",
            "occurred_at",
            "latitude",
            "longitude",
            "place_type",
            "location",
            "method",
            "age_band",
            "sex",
            "home_area",
            "status",
            "inquest_on",
            "concluded_on",
            "family_consent",
            "consent_on",
            "support_service",
            "referred_on",
            "support_contacted_on",
            "source_reference",
            "notes",
            "shared_with",
        ]
        field_classes = {"location": RestrictedModelChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shared_with"].queryset = partners()
        self.fields["support_service"].queryset = partners()


class LocationOfConcernForm(RuledForm):
    rule = staticmethod(rules.location_problems)
    place_type = forms.ChoiceField(choices=PUBLIC_PLACE_TYPES)
    shared_with = forms.ModelMultipleChoiceField(
        queryset=partners(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only these partner organisations will see this location and its measures.",
    )

    class Meta:
        model = LocationOfConcern
        fields = [
            "name",
            "place_type",
            "latitude",
            "longitude",
            "lsoa_code",
            "district",
            "owner",
            "identified_on",
            "notes",
            "shared_with",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shared_with"].queryset = partners()
        self.fields["owner"].queryset = Organisation.objects.filter(active=True)


class LocationMeasureForm(RuledForm):
    rule = staticmethod(rules.measure_problems)

    class Meta:
        model = LocationMeasure
        fields = ["location", "kind", "description", "carried_out_by", "started_on", "ended_on"]
        field_classes = {"location": RestrictedModelChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["carried_out_by"].queryset = Organisation.objects.filter(active=True)


class RetentionDeleteForm(HubForm):
    reason = forms.ChoiceField(choices=RetentionReason.choices, label="Reason")


def bound(form_class: type, user: Any) -> Any:
    """The form class with the signed-in user bound (the generic edit view calls it)."""
    return partial(form_class, user=user)
