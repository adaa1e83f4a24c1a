"""Template helpers: GOV.UK Frontend classes on Django form widgets, and small formatters."""

from __future__ import annotations

import json
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

register = template.Library()

_WIDGET_CLASS = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
}


@register.filter
def widget_kind(field: BoundField) -> str:
    """'checkbox', 'checkboxes', 'radios', 'select' or 'input': which GOV.UK pattern to use."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


@register.filter
def govuk_widget(field: BoundField) -> SafeString:
    """Render the widget with its GOV.UK class, error state and hint/error ids for screen readers."""
    widget = field.field.widget
    css = next((c for t, c in _WIDGET_CLASS.items() if isinstance(widget, t)), "govuk-input")
    if isinstance(widget, forms.DateInput | forms.NumberInput):
        css += " govuk-input--width-10"
    if field.errors:
        css += {"govuk-select": " govuk-select--error", "govuk-textarea": " govuk-textarea--error"}.get(
            css.split()[0], " govuk-input--error"
        )
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs: dict[str, Any] = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def pretty_json(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, default=str)


@register.filter
def is_bool(value: Any) -> bool:
    return isinstance(value, bool)
