"""The hub's form bases: ISO dates in date inputs whatever the locale, UK local times read and
written the same way, and error summaries that name the field of each message."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django import forms
from django.utils import timezone, translation

from prevhub.core.forms import HubForm, HubFormMixin, error_summary

UTC = dt.UTC


class WhenForm(HubForm):
    on = forms.DateField(label="Review date")
    at = forms.DateTimeField(label="Served at", required=False)


def _all_form_classes() -> list[type]:
    """Every concrete form class of the hub: loading the URL configuration imports every
    app's views, and so every form they use."""
    importlib.import_module("prevhub.web.urls")

    def walk(cls: type) -> list[type]:
        return [cls, *(d for sub in cls.__subclasses__() for d in walk(sub))]

    found = {
        cls
        for cls in walk(forms.BaseForm)
        if cls.__module__.startswith("prevhub.")
        and issubclass(cls, forms.Form | forms.ModelForm)
        and cls.__module__ != "prevhub.core.forms"
    }
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def test_every_form_of_every_app_is_built_on_the_hub_bases() -> None:
    classes = _all_form_classes()
    names = {f"{c.__module__}.{c.__name__}" for c in classes}
    # One of each app, so the walk is known to reach them all.
    for expected in (
        "prevhub.people.forms.PersonForm",
        "prevhub.partners.forms.OrganisationForm",
        "prevhub.problems.forms.JournalForm",
        "prevhub.safeguarding.forms.ProtectionOrderForm",
        "prevhub.find.forms.HotspotForm",
        "prevhub.insights.forms.MeasureForm",
    ):
        assert expected in names
    outside = [f"{c.__module__}.{c.__name__}" for c in classes if not issubclass(c, HubFormMixin)]
    assert outside == []


def test_a_date_renders_as_iso_in_a_date_input_under_the_british_locale() -> None:
    with translation.override("en-gb"):
        # Django's own DateInput writes the locale's first input format here: 15/01/2027.
        assert "15/01/2027" in forms.DateInput().render("on", dt.date(2027, 1, 15))
        html = str(WhenForm(initial={"on": dt.date(2027, 1, 15)})["on"])
    assert 'type="date"' in html and 'value="2027-01-15"' in html


def test_times_are_shown_and_read_in_uk_local_time() -> None:
    # 20:45 UTC on 1 July is 21:45 British Summer Time (UTC+1); 09:30 on 15 January is GMT.
    html = str(WhenForm(initial={"at": dt.datetime(2026, 7, 1, 20, 45, tzinfo=UTC)})["at"])
    assert 'type="datetime-local"' in html and 'value="2026-07-01T21:45"' in html
    assert 'step="1"' not in html
    form = WhenForm({"on": "2026-01-15", "at": "2026-01-15T09:30"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == dt.date(2026, 1, 15)
    assert form.cleaned_data["at"] == dt.datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
    summer = WhenForm({"on": "2026-07-01", "at": "2026-07-01T21:45"})
    assert summer.is_valid() and summer.cleaned_data["at"] == dt.datetime(
        2026, 7, 1, 20, 45, tzinfo=UTC
    )


def test_a_time_with_seconds_keeps_them() -> None:
    at = dt.datetime(2026, 2, 2, 12, 15, 30, tzinfo=UTC)
    html = str(WhenForm(initial={"at": at})["at"])
    assert 'value="2026-02-02T12:15:30"' in html and 'step="1"' in html
    form = WhenForm({"on": "2026-02-02", "at": "2026-02-02T12:15:30"})
    assert form.is_valid() and form.cleaned_data["at"] == at


def test_widgets_of_a_form_are_its_own() -> None:
    """The swap must not share one widget between forms (a widget holds its attributes)."""
    first, second = WhenForm(), WhenForm()
    assert first.fields["on"].widget is not second.fields["on"].widget
    assert timezone.get_current_timezone_name() == "Europe/London"


def test_the_error_summary_names_each_field() -> None:
    form = WhenForm({})
    assert not form.is_valid()
    items = form.error_summary()
    assert [(i.label, i.message, i.anchor) for i in items] == [
        ("Review date", "This field is required.", "id_on")
    ]
    other: Any = error_summary({"scanning": ["No figures."], "__all__": ["Whole form."]})
    assert [(i.label, i.message) for i in other] == [
        ("Scanning", "No figures."),
        ("", "Whole form."),
    ]


@pytest.mark.django_db
def test_the_journal_form_shows_today_as_iso_and_names_missing_fields() -> None:
    from prevhub.problems.forms import JournalForm

    html = str(JournalForm()["noted_on"])
    assert f'value="{timezone.localdate().isoformat()}"' in html
    form = JournalForm({})
    assert not form.is_valid()
    assert [(i.label, i.message) for i in form.error_summary()] == [
        ("Date", "This field is required."),
        ("Note", "This field is required."),
    ]
