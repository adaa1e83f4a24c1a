"""The annual report's question: which force and which 12 months."""

from __future__ import annotations

from typing import Any

from django import forms

from prevhub.core.forms import HubForm
from prevhub.crime.periods import is_month, month_count


class AnnualReportForm(HubForm):
    period_from = forms.CharField(
        label="From month", widget=forms.TextInput(attrs={"type": "month"})
    )
    period_to = forms.CharField(label="To month", widget=forms.TextInput(attrs={"type": "month"}))
    force = forms.ChoiceField(label="Force", choices=())
    output = forms.ChoiceField(
        label="Format",
        choices=(("pdf", "PDF (to publish or print)"), ("html", "HTML (one self-contained file)")),
        initial="pdf",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, forces: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["force"].choices = forces

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_from", ""), data.get("period_to", "")
        for name, value in (("period_from", start), ("period_to", end)):
            if value and not is_month(value):
                self.add_error(name, "Enter a month as YYYY-MM, for example 2024-01.")
        if is_month(start) and is_month(end) and end < start:
            self.add_error("period_to", "The last month must be the same as or after the first.")
        elif is_month(start) and is_month(end) and month_count(start, end) > 12:
            self.add_error("period_to", "An annual report covers at most 12 months.")
        return data
