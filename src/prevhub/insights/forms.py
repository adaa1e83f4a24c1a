"""The Measure page's question: which force, which months, against which baseline."""

from __future__ import annotations

from django import forms

from prevhub.core.forms import HubForm
from prevhub.crime.periods import is_month
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
        if is_month(start) and is_month(end) and start > end:
            self.add_error("period_to", "The last month must be the same as or after the first.")
        return data

    def query(self) -> MeasureQuery:
        d = self.cleaned_data
        return MeasureQuery(
            force=d["force"],
            period=(d["period_from"], d["period_to"]),
            baseline=d["baseline"],
            allow_incomplete=d["allow_incomplete"],
        )
