"""The hub's form bases, and the forms for platform records (users, the two-factor code).

Every form of every app derives from ``HubForm`` or ``HubModelForm``: their date and date-time
fields get the ISO widgets of ``core.widgets`` (a date shown the British way inside a date input
is dropped by the browser, and saving the form erased it), and their errors can be listed by
field label (``error_summary``) so a page never says "This field is required." without naming
the field. ``tests/core/test_forms.py`` fails if a form of any app is built on Django's bases.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.models import Group

from prevhub.core import roles, widgets
from prevhub.core.models import User


@dataclass(frozen=True)
class ErrorItem:
    """One line of an error summary: the field's label, the message, the input it links to."""

    label: str
    message: str
    anchor: str


class HubFormMixin:
    """ISO date and date-time widgets on every temporal field, and labelled error summaries."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            iso_dates(field)

    def error_summary(self) -> list[ErrorItem]:
        return error_summary(self.errors, form=self)  # type: ignore[arg-type]


def iso_dates(field: forms.Field) -> None:
    """Put the hub's ISO widget (and input formats) on a date or date-time field, keeping the
    widget's other attributes; other fields are left alone."""
    if isinstance(field, forms.DateTimeField):
        widget: forms.Widget = widgets.DateTimeInput(_own_attrs(field.widget))
        field.input_formats = widgets.DATETIME_INPUT_FORMATS
    elif isinstance(field, forms.DateField):
        widget = widgets.DateInput(_own_attrs(field.widget))
        field.input_formats = widgets.DATE_INPUT_FORMATS
    else:
        return
    widget.is_required = field.widget.is_required
    field.widget = widget


def _own_attrs(widget: forms.Widget) -> dict[str, Any]:
    return {k: v for k, v in widget.attrs.items() if k != "type"}


def error_summary(
    errors: Mapping[str, Any], *, form: forms.BaseForm | None = None
) -> list[ErrorItem]:
    """Errors as (label, message, anchor) lines: a field's label from the form when it has the
    field, else the key in words (``scanning`` → "Scanning"); form-wide errors have no label."""
    from prevhub.core.formatting import label as in_words

    items = []
    for name, messages in errors.items():
        field = form.fields.get(name) if form is not None else None
        if name == forms.forms.NON_FIELD_ERRORS:
            title, anchor = "", ""
        elif field is not None and form is not None:
            bound = form[name]
            title, anchor = str(bound.label), bound.auto_id or name
        else:
            title, anchor = in_words(name), name
        for message in messages if isinstance(messages, list | tuple) else [messages]:
            items.append(ErrorItem(label=title, message=str(message), anchor=anchor))
    return items


class HubForm(HubFormMixin, forms.Form):
    """The base of every plain form in the hub."""


class HubModelForm(HubFormMixin, forms.ModelForm):
    """The base of every model form in the hub."""


class UserForm(HubModelForm):
    """What an administrator changes about a user (passwords are the user's own business)."""

    groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.filter(name__in=roles.ROLE_SLUGS).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Roles",
        help_text="Partner organisations' users see only what is shared with them, whatever "
        "their role.",
    )

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "email",
            "job_title",
            "organisation",
            "groups",
            "is_active",
        ]
        labels = {"is_active": "Account active (untick to stop the user signing in)"}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        organisation, groups = data.get("organisation"), data.get("groups") or []
        is_admin = any(g.name == roles.ADMIN for g in groups)
        if is_admin and (organisation is None or not organisation.is_force):
            self.add_error("groups", roles.ADMIN_ROLE_FOR_PARTNER)
        return data


class TokenForm(HubForm):
    """The six-digit code of an authenticator app (two-factor set-up and sign-in)."""

    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app.",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
