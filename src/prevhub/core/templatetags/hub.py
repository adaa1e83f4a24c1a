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
    """The widget with its GOV.UK class, error state, and hint/error ids for screen readers."""
    widget = field.field.widget
    css = next((c for t, c in _WIDGET_CLASS.items() if isinstance(widget, t)), "govuk-input")
    if isinstance(widget, forms.DateInput | forms.NumberInput):
        css += " govuk-input--width-10"
    elif isinstance(widget, forms.DateTimeInput):
        css += " govuk-input--width-20"
    if field.errors:
        css += {
            "govuk-select": " govuk-select--error",
            "govuk-textarea": " govuk-textarea--error",
        }.get(css.split()[0], " govuk-input--error")
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


@register.filter
def signed(value: Any) -> str:
    """A change with its sign: +12, −8 (a true minus sign), 0."""
    if value is None:
        return "—"
    number = int(value)
    return f"+{number:,}" if number > 0 else f"−{abs(number):,}" if number < 0 else "0"


@register.filter
def pct(value: Any) -> str:
    """A percentage change with one decimal and its sign; '—' when there is no baseline."""
    if value is None:
        return "—"
    number = float(value)
    text = f"{abs(number):.1f}%"
    return f"+{text}" if number > 0 else f"−{text}" if number < 0 else text


@register.filter
def ratio(value: Any) -> str:
    return "—" if value is None else f"{float(value):.3f}"


@register.filter
def interval(value: Any) -> str:
    """A 95% interval as 'lo to hi' (∞ for an open upper end)."""
    if not value:
        return "—"
    lo, hi = value
    return f"{lo:.3f} to {'∞' if hi is None else f'{hi:.3f}'}"


@register.filter
def pvalue(value: Any) -> str:
    """p-values the way a statistician writes them: < 0.001 below that, else 3 decimals."""
    if value is None:
        return "—"
    number = float(value)
    return "< 0.001" if number < 0.001 else f"{number:.3f}"


@register.filter
def days(value: Any) -> str:
    return "—" if value is None else f"{float(value):,.0f}"


@register.filter
def first_value(mapping: dict[str, Any]) -> Any:
    return next(iter(mapping.values()), "") if mapping else ""


@register.filter(name="number")
def number_filter(value: Any, places: Any = None) -> str:
    """Thousands separators on every count (`{{ n|number }}`, `{{ x|number:2 }}`)."""
    from prevhub.core import formatting

    return formatting.number(value, None if places in (None, "") else int(places))


@register.filter(name="hub_date")
def hub_date(value: Any) -> str:
    """A date the British way in words: 15 Jan 2027."""
    from prevhub.core import formatting

    return formatting.date(value)


@register.filter(name="hub_datetime")
def hub_datetime(value: Any) -> str:
    """A date-time in UK local time, 24-hour clock: 15 Jan 2027, 22:56."""
    from prevhub.core import formatting

    return formatting.datetime(value)


@register.filter(name="label")
def label_filter(value: Any) -> str:
    """An identifier in words (fallback when there is no proper label)."""
    from prevhub.core import formatting

    return formatting.label(value)
