"""The Measure page's question: which force, which months, against which baseline."""

from __future__ import annotations

from django import forms

from prevhub.core.forms import HubForm
from prevhub.crime.periods import LAST_YEAR, is_month, month_count
from prevhub.insights.selectors import BASELINES, MeasureQuery, force_name


class MeasureForm(HubForm):
    force = forms.ChoiceField(label="Force")
    period_from = forms.CharField(
        label="From month",
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text="For example, 2024-01",
    )
    period_to = forms.CharField(label="To month", widget=forms.TextInput(attrs={"type": "month"}))
    baseline = forms.ChoiceField(label="Compare with", choices=BASELINES, initial="previous")
    allow_incomplete = forms.BooleanField(
        label="Compare even if a month is missing for the force", required=False
    )

    def __init__(self, *args, forces: list[str], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["force"].choices = [(f, force_name(f)) for f in forces]

    def clean(self) -> dict:  # type: ignore[type-arg]
        data = super().clean()
        start, end = data.get("period_from", ""), data.get("period_to", "")
        for name, value in (("period_from", start), ("period_to", end)):
            if value and not is_month(value):
                self.add_error(name, "Enter a month as YYYY-MM, for example 2024-01.")
        if is_month(start) and is_month(end):
            if start > end:
                self.add_error(
                    "period_to", "The last month must be the same as or after the first."
                )
            elif data.get("baseline") == LAST_YEAR and month_count(start, end) > 12:
                self.add_error(
                    "baseline",
                    "A period longer than 12 months overlaps the same months a year earlier: "
                    "compare it with the months just before.",
                )
        return data

    def query(self) -> MeasureQuery:
        d = self.cleaned_data
        return MeasureQuery(
            force=d["force"],
            period=(d["period_from"], d["period_to"]),
            baseline=d["baseline"],
            allow_incomplete=d["allow_incomplete"],
        )
