"""The register's forms: core's date widgets, restricted links (a user is offered only the
records they may see) and the rules of services.py."""

from __future__ import annotations

from typing import Any

from django import forms

from prevhub.business import services
from prevhub.business.choices import Activity
from prevhub.business.models import ActionDay, Business, Recommendation, SecuritySurvey
from prevhub.core import roles
from prevhub.core.fields import (
    RestrictedModelChoiceField,
    RestrictedModelMultipleChoiceField,
    restrict_choices,
)
from prevhub.core.forms import HubForm, HubModelForm
from prevhub.core.models import User
from prevhub.partners.models import partner_organisations
from prevhub.problems.techniques import TECHNIQUES


def business_officers() -> Any:
    return User.objects.filter(is_active=True, groups__name=roles.BUSINESS).distinct()


class UserBoundForm(HubModelForm):
    """A model form that knows who fills it in (choices cut to what they may see)."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        restrict_choices(self, user)


class BusinessForm(UserBoundForm):
    memberships = forms.ModelMultipleChoiceField(
        queryset=partner_organisations(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Member of",
        help_text="Business crime reduction partnerships and BIDs: their users will see this "
        "business and its surveys.",
    )

    class Meta:
        model = Business
        fields = [
            "name",
            "sector",
            "address",
            "postcode",
            "uprn",
            "longitude",
            "latitude",
            "crime_location_id",
            "memberships",
            "contact_name",
            "contact_role",
            "contact_phone",
            "contact_email",
            "notes",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class SecuritySurveyForm(UserBoundForm):
    class Meta:
        model = SecuritySurvey
        fields = [
            "business",
            "surveyed_on",
            "surveyed_by",
            "summary",
            "follow_up_due",
            "followed_up_on",
            "follow_up_notes",
        ]
        field_classes = {"business": RestrictedModelChoiceField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "follow_up_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["surveyed_by"].queryset = business_officers()


class RecommendationForm(UserBoundForm):
    techniques = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(t.number, f"{t.number}. {t.technique} ({t.category})") for t in TECHNIQUES],
        help_text="The 25 techniques of situational crime prevention (Cornish & Clarke 2003).",
    )

    class Meta:
        model = Recommendation
        fields = [
            "survey",
            "layer",
            "finding",
            "recommendation",
            "techniques",
            "priority",
            "follow_up_on",
            "done_on",
        ]
        field_classes = {"survey": RestrictedModelChoiceField}
        widgets = {
            "finding": forms.Textarea(attrs={"rows": 3}),
            "recommendation": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_techniques(self) -> list[int]:
        return services.check_techniques(self.cleaned_data.get("techniques") or [])


class ActionDayForm(UserBoundForm):
    partners = forms.ModelMultipleChoiceField(
        queryset=partner_organisations(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Organisations that took part: their users will see this day.",
    )
    activities = forms.MultipleChoiceField(
        choices=Activity.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ActionDay
        fields = [
            "title",
            "area_name",
            "longitude",
            "latitude",
            "radius_m",
            "starts_on",
            "ends_on",
            "partners",
            "activities",
            "businesses_visited",
            "problem",
            *ActionDay.OUTCOME_FIELDS,
            "notes",
        ]
        field_classes = {
            "businesses_visited": RestrictedModelMultipleChoiceField,
            "problem": RestrictedModelChoiceField,
        }
        widgets = {
            "businesses_visited": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        problem = self.instance.problem if self.instance.problem_id else None
        if (
            problem is not None
            and not self.fields["problem"].queryset.filter(pk=problem.pk).exists()
        ):
            # a problem this user may not see: not offered, not shown, and kept as it is
            del self.fields["problem"]
        visited = self.fields["businesses_visited"]
        self._hidden_visited = (
            list(self.instance.businesses_visited.exclude(pk__in=visited.queryset))
            if self.instance.pk
            else []
        )

    def save(self, commit: bool = True) -> ActionDay:
        """Businesses visited that this user may not see stay linked (never dropped by an
        edit from someone who could not see them)."""
        day = super().save(commit=commit)
        if commit and self._hidden_visited:
            day.businesses_visited.add(*self._hidden_visited)
        return day


class FollowUpForm(HubForm):
    """The follow-up visit: its date and the recommendations found done."""

    followed_up_on = forms.DateField(label="Date of the follow-up visit")
    done = forms.ModelMultipleChoiceField(
        queryset=Recommendation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Recommendations done",
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, survey: SecuritySurvey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["done"].queryset = survey.recommendations.all()


class ImportForm(HubForm):
    """A business list to import (CSV, the columns of docs/business.md)."""

    file = forms.FileField(label="Business list (CSV)")
    dry_run = forms.BooleanField(label="Check only: load nothing", required=False)


class AroundForm(HubForm):
    """The crime-around-premises question: how near, how long either side, which crimes."""

    radius_m = forms.IntegerField(
        label="Distance (metres)", min_value=50, max_value=2000, required=False
    )
    lsoa = forms.BooleanField(
        label="Count the business's LSOA instead of a distance", required=False
    )
    months = forms.IntegerField(
        label="Months before and after", min_value=1, max_value=12, required=False
    )
    crimes = forms.ChoiceField(
        choices=[
            ("shoplifting", "Shoplifting"),
            ("business", "Shoplifting, burglary, robbery, criminal damage and other theft"),
        ],
        required=False,
        label="Crimes",
    )
