"""The Find pages' questions: which force, months and crimes, and the method's settings.

Every limit here exists so that one request cannot tie up the server (a web page is not a batch
job: the CLI has no such caps) and is said in the error, so the analyst knows what to change.
"""

from __future__ import annotations

from typing import Any

from django import forms

from prevhub.core.forms import HubForm
from prevhub.crime import classification
from prevhub.crime.periods import is_month, month_count
from prevhub.find.selectors import (
    CLASS_WORDS,
    MAX_MONTHS,
    MAX_PERMUTATIONS,
    MONTH_TIME_BAND,
    EmergingQuery,
    HotspotQuery,
    NearRepeatQuery,
    RepeatQuery,
    Selection,
    StoreSummary,
    force_name,
    latest_run,
    missing_months,
    month_runs_words,
    month_words,
)

ALL_CRIME = ""
CLASS_LABELS = CLASS_WORDS
METHODS = (
    ("gistar", "Hot spots (Getis-Ord Gi*)"),
    ("kde", "Kernel density"),
    ("count", "Counts"),
)
AREAS = (("grid", "Grid squares"), ("lsoa", "LSOAs"), ("district", "Districts"))
DISTANCES = (("manhattan", "Manhattan (along a street grid)"), ("euclidean", "Straight line"))


def crime_choices() -> list[tuple[str, Any]]:
    """All crime, the classes, then police.uk's crime types (anti-social behaviour by name only,
    as the library counts it: it is not a crime, so 'all crime' leaves it out)."""
    types = [(f"type:{name}", name) for name in classification.crime_types()]
    classes = [(f"class:{slug}", label) for slug, label in CLASS_LABELS.items()]
    return [
        (ALL_CRIME, "All crime (not anti-social behaviour)"),
        ("Crime classes", classes),
        ("Crime types", types),
    ]


class SelectionForm(HubForm):
    """Force, months and crimes: the selection every Find page starts from."""

    force = forms.ChoiceField(label="Force")
    period_from = forms.CharField(
        label="From month",
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text="For example, 2024-01",
    )
    period_to = forms.CharField(label="To month", widget=forms.TextInput(attrs={"type": "month"}))
    crime = forms.ChoiceField(label="Crimes", required=False)
    min_months = 1

    def __init__(
        self, *args: Any, forces: list[str], summary: StoreSummary | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.summary = summary or StoreSummary(forces=forces)
        self.fields["force"].choices = [(f, force_name(f)) for f in forces]
        self.fields["crime"].choices = crime_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_from", ""), data.get("period_to", "")
        for name, value in (("period_from", start), ("period_to", end)):
            if value and not is_month(value):
                self.add_error(name, "Enter a month as YYYY-MM, for example 2024-01.")
        if is_month(start) and is_month(end):
            months = month_count(start, end)
            if months < 1:
                self.add_error(
                    "period_to", "The last month must be the same as or after the first."
                )
            elif months > MAX_MONTHS:
                self.add_error(
                    "period_to",
                    f"Choose at most {MAX_MONTHS} months ({months} chosen): longer periods are "
                    "for the command line (prevhub hotspots).",
                )
            elif months < self.min_months:
                self.add_error(
                    "period_to", f"Choose at least {self.min_months} months for this method."
                )
        return data

    def selection(self) -> Selection:
        d = self.cleaned_data
        crime = d.get("crime") or ALL_CRIME
        kind, _, value = crime.partition(":")
        return Selection(
            force=d["force"],
            period=(d["period_from"], d["period_to"]),
            crime_type=value if kind == "type" else None,
            crime_class=value if kind == "class" else None,
        )


class HotspotForm(SelectionForm):
    method = forms.ChoiceField(label="Method", choices=METHODS, initial="gistar")
    area = forms.ChoiceField(label="Map by", choices=AREAS, initial="grid")
    cell = forms.IntegerField(
        label="Cell size in metres (optional)",
        required=False,
        min_value=50,
        max_value=10_000,
        help_text="Blank: chosen from the data",
    )
    harm = forms.BooleanField(label="Weight by harm (Crime Harm Index days)", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("method") == "kde" and data.get("area") not in (None, "grid"):
            self.add_error("area", "Kernel density is worked out on grid squares: choose Grid.")
        return data

    def query(self) -> HotspotQuery:
        d = self.cleaned_data
        return HotspotQuery(
            selection=self.selection(),
            method=d["method"],
            area=d["area"],
            cell=d.get("cell"),
            harm=bool(d.get("harm")),
        )


class EmergingForm(SelectionForm):
    cell = forms.IntegerField(
        label="Cell size in metres (optional)",
        required=False,
        min_value=50,
        max_value=10_000,
        help_text="Blank: chosen from the data",
    )
    min_months = 2

    def clean(self) -> dict[str, Any]:
        """Refuse a period with months missing from the store, naming them: a month never
        loaded would count as a month with no crime, and every square would "cool" in it."""
        data = super().clean()
        force, start, end = data.get("force"), data.get("period_from"), data.get("period_to")
        if self.errors or not (force and start and end):
            return data
        gaps = missing_months(self.summary, force, (start, end))
        if gaps:
            loaded = self.summary.loaded.get(force, [])
            hint = ""
            if loaded:
                run = latest_run(loaded, len(loaded))
                hint = (
                    f" The latest months without a gap are {month_words(run[0])} to "
                    f"{month_words(run[1])}."
                )
            self.add_error(
                "period_from",
                f"Months missing from the crime store for this force: {month_runs_words(gaps)}. "
                "Emerging hot spots needs every month of the period (a month never loaded would "
                f"look like a month without crime). Choose months without a gap, or load the "
                f"missing months.{hint}",
            )
        return data

    def query(self) -> EmergingQuery:
        return EmergingQuery(selection=self.selection(), cell=self.cleaned_data.get("cell"))


class NearRepeatForm(SelectionForm):
    space_band = forms.IntegerField(
        label="Space band, metres", min_value=1, max_value=5_000, initial=100
    )
    space_bands = forms.IntegerField(
        label="Number of space bands", min_value=1, max_value=20, initial=5
    )
    time_band = forms.IntegerField(
        label="Time band, days",
        min_value=1,
        max_value=365,
        initial=MONTH_TIME_BAND,
        help_text="28 days puts each month apart in a band of its own (police.uk dates are months)",
    )
    time_bands = forms.IntegerField(
        label="Number of time bands", min_value=1, max_value=20, initial=5
    )
    distance = forms.ChoiceField(label="Distance", choices=DISTANCES, initial="manhattan")
    permutations = forms.IntegerField(
        label="Permutations",
        min_value=19,
        max_value=MAX_PERMUTATIONS,
        initial=999,
        help_text=f"19 to {MAX_PERMUTATIONS}",
    )
    seed = forms.IntegerField(
        label="Random seed (optional)",
        required=False,
        min_value=0,
        max_value=2**32 - 1,
        help_text="Blank: one is drawn and shown",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        width, count = data.get("space_band"), data.get("space_bands")
        if width and count and width * count > 10_000:
            self.add_error(
                "space_bands",
                f"The bands reach {width * count:,} m; keep them within 10,000 m "
                "(pairs further apart are not near repeats).",
            )
        return data

    def query(self, seed: int) -> NearRepeatQuery:
        d = self.cleaned_data
        return NearRepeatQuery(
            selection=self.selection(),
            space_band=float(d["space_band"]),
            space_bands=d["space_bands"],
            time_band=float(d["time_band"]),
            time_bands=d["time_bands"],
            distance=d["distance"],
            permutations=d["permutations"],
            seed=seed if d.get("seed") is None else d["seed"],
        )


class RepeatForm(SelectionForm):
    """Repeat locations need only the selection."""

    def query(self) -> RepeatQuery:
        return RepeatQuery(selection=self.selection())
