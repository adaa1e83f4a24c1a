"""The Safer Business register: businesses, their security surveys and the action days.

A business crime reduction partnership (BCRP) or business improvement district (BID) is a
partner organisation: its users see the businesses that are its members (and their surveys)
and the action days it took part in, nothing else. A business's named contact is personal
data: only Safer Business officers read it, and every read of a business is audited.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from prevhub.business.choices import Activity, Priority, Sector, SurveyLayer
from prevhub.core import roles
from prevhub.core.access import AccessPolicy
from prevhub.core.models import AuditedModel

BUSINESS_ROLES = frozenset({roles.BUSINESS, roles.HUB_LEAD})
CHANGE_ROLES = frozenset({roles.BUSINESS})

OUTSIDE_FORCE = "This point is outside the force's area: check the longitude and latitude."
FOLLOW_UP_BEFORE_SURVEY = "The follow-up date must be after the survey."
ENDS_BEFORE_STARTS = "The last day must be on or after the first day."
DONE_BEFORE_SURVEY = "A recommendation cannot be done before the survey that made it."


def _member(user: Any) -> Q:
    return Q(memberships=user.partner_organisation_id)


def _member_survey(user: Any) -> Q:
    return Q(business__memberships=user.partner_organisation_id)


def _member_recommendation(user: Any) -> Q:
    return Q(survey__business__memberships=user.partner_organisation_id)


def _took_part(user: Any) -> Q:
    return Q(partners=user.partner_organisation_id)


class Business(AuditedModel):
    """A business the team works with, placed on the map by its coordinates."""

    CONTACT_FIELDS: ClassVar[tuple[str, ...]] = (
        "contact_name",
        "contact_role",
        "contact_phone",
        "contact_email",
    )

    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    address = models.TextField(help_text="The premises' address, as the business writes it.")
    postcode = models.CharField(max_length=10, blank=True)
    uprn = models.CharField(
        "UPRN",
        max_length=12,
        blank=True,
        help_text="Unique Property Reference Number, when known (kept, not looked up).",
    )
    longitude = models.FloatField(
        validators=[MinValueValidator(-8.7), MaxValueValidator(1.9)],
        help_text="WGS84 degrees (e.g. -1.1466); places the business in its LSOA and district.",
    )
    latitude = models.FloatField(
        validators=[MinValueValidator(49.8), MaxValueValidator(60.9)],
        help_text="WGS84 degrees (e.g. 52.9536).",
    )
    lsoa_code = models.CharField("LSOA code", max_length=9, blank=True, editable=False)
    lsoa_name = models.CharField("LSOA", max_length=100, blank=True, editable=False)
    district = models.CharField(max_length=100, blank=True, editable=False)
    crime_location_id = models.CharField(
        "force location id",
        max_length=60,
        blank=True,
        help_text="The premises' location id in the force's crime extracts, for repeat "
        "victimisation (leave blank when unknown).",
    )
    memberships = models.ManyToManyField(
        "partners.Organisation",
        blank=True,
        related_name="member_businesses",
        help_text="The business crime reduction partnerships and BIDs it belongs to: their "
        "users see this business and its surveys.",
    )
    contact_name = models.CharField(max_length=120, blank=True)
    contact_role = models.CharField(max_length=80, blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    contact_email = models.EmailField(blank=True)
    notes = models.TextField(blank=True)

    access_policy: ClassVar[AccessPolicy] = AccessPolicy(
        view=BUSINESS_ROLES, change=CHANGE_ROLES, partner_filter=_member
    )
    audit_reads: ClassVar[bool] = True  # the named contact is personal data
    audit_redact: ClassVar[tuple[str, ...]] = CONTACT_FIELDS
    need_to_know_fields: ClassVar[tuple[str, ...]] = CONTACT_FIELDS

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "businesses"

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"

    @property
    def reference(self) -> str:
        return f"B-{self.pk:05d}" if self.pk else "B-(new)"

    def audit_label(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("business:business", args=[self.pk])

    def may_see_contact(self, user: Any) -> bool:
        """The named contact: Safer Business officers of the force only (need to know) — not
        the hub lead, administrators or the partnership's users."""
        return bool(
            user is not None
            and user.is_authenticated
            and not user.is_partner
            and user.has_role(roles.BUSINESS)
        )

    def clean(self) -> None:
        """The point must lie in the force's area (its place is looked up from it)."""
        super().clean()
        from prevhub.business.services import place_of

        if self.longitude is None or self.latitude is None:
            return
        if place_of(self.longitude, self.latitude) is None:
            raise ValidationError({"longitude": OUTSIDE_FORCE})

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Every write path (page, API, import, demo) places the business the same way."""
        from prevhub.business.services import place_of

        place = place_of(self.longitude, self.latitude)
        self.lsoa_code = place.lsoa_code if place else ""
        self.lsoa_name = place.lsoa_name if place else ""
        self.district = place.district if place else ""
        super().save(*args, **kwargs)


class SecuritySurvey(AuditedModel):
    """A crime prevention survey of one business's premises, layer by layer."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="surveys")
    surveyed_on = models.DateField()
    surveyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="business_surveys",
        help_text="The Safer Business officer who surveyed the premises.",
    )
    summary = models.TextField(blank=True)
    follow_up_due = models.DateField(
        "follow-up due", help_text="When the officer goes back to see what was done."
    )
    followed_up_on = models.DateField("followed up on", null=True, blank=True)
    follow_up_notes = models.TextField(blank=True)

    access_policy: ClassVar[AccessPolicy] = AccessPolicy(
        view=BUSINESS_ROLES, change=CHANGE_ROLES, partner_filter=_member_survey
    )

    class Meta:
        ordering = ["-surveyed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.business.name}, {self.surveyed_on:%d %b %Y}"

    @property
    def reference(self) -> str:
        return f"SV-{self.pk:05d}" if self.pk else "SV-(new)"

    def audit_label(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("business:securitysurvey", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.surveyed_on and self.follow_up_due and self.follow_up_due <= self.surveyed_on:
            errors["follow_up_due"] = FOLLOW_UP_BEFORE_SURVEY
        if self.surveyed_on and self.followed_up_on and self.followed_up_on < self.surveyed_on:
            errors["followed_up_on"] = FOLLOW_UP_BEFORE_SURVEY
        if errors:
            raise ValidationError(errors)


class Recommendation(AuditedModel):
    """One finding of a survey and what the business is advised to do about it."""

    survey = models.ForeignKey(
        SecuritySurvey, on_delete=models.CASCADE, related_name="recommendations"
    )
    layer = models.CharField(max_length=20, choices=SurveyLayer.choices)
    finding = models.TextField(help_text="What the officer found.")
    recommendation = models.TextField(help_text="What the business is advised to do.")
    techniques = models.JSONField(
        default=list,
        blank=True,
        help_text="Numbers of the 25 situational crime prevention techniques it uses.",
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    follow_up_on = models.DateField("follow up by", null=True, blank=True)
    done_on = models.DateField(
        "done on", null=True, blank=True, help_text="Recorded at the follow-up visit."
    )

    access_policy: ClassVar[AccessPolicy] = AccessPolicy(
        view=BUSINESS_ROLES, change=CHANGE_ROLES, partner_filter=_member_recommendation
    )

    class Meta:
        ordering = ["survey", "id"]

    def __str__(self) -> str:
        text = self.recommendation if len(self.recommendation) < 60 else self.recommendation[:57]
        return f"{self.reference}: {text}"

    @property
    def reference(self) -> str:
        return f"R-{self.pk:05d}" if self.pk else "R-(new)"

    def audit_label(self) -> str:
        return self.reference

    @property
    def technique_list(self) -> list[Any]:
        from prevhub.problems.techniques import BY_NUMBER

        return [BY_NUMBER[n] for n in self.techniques if n in BY_NUMBER]

    def get_absolute_url(self) -> str:
        return reverse("business:recommendation", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        survey = getattr(self, "survey", None) if self.survey_id else None
        if survey and self.done_on and self.done_on < survey.surveyed_on:
            raise ValidationError({"done_on": DONE_BEFORE_SURVEY})


class ActionDay(AuditedModel):
    """A Safer Business Action Day (or week): one area, with partners, and what it achieved."""

    title = models.CharField(max_length=200)
    area_name = models.CharField("area", max_length=200, help_text="e.g. 'Clumber Street'.")
    longitude = models.FloatField(
        validators=[MinValueValidator(-8.7), MaxValueValidator(1.9)],
        help_text="The centre of the area, WGS84 degrees.",
    )
    latitude = models.FloatField(validators=[MinValueValidator(49.8), MaxValueValidator(60.9)])
    radius_m = models.PositiveIntegerField(
        "radius (metres)",
        default=400,
        validators=[MinValueValidator(50), MaxValueValidator(5000)],
        help_text="How far around the centre the area reaches, for its crime figures.",
    )
    starts_on = models.DateField("first day")
    ends_on = models.DateField("last day")
    partners = models.ManyToManyField(
        "partners.Organisation",
        blank=True,
        related_name="business_action_days",
        help_text="Partnerships, BIDs and agencies that took part: their users see this day.",
    )
    activities = models.JSONField(default=list, blank=True)
    businesses_visited = models.ManyToManyField(Business, blank=True, related_name="action_days")
    problem = models.ForeignKey(
        "problems.Problem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="business_action_days",
        help_text="The problem this day responded to, if any (shown on the problem's page).",
    )
    visits = models.PositiveIntegerField(default=0)
    surveys = models.PositiveIntegerField("surveys done", default=0)
    advice_given = models.PositiveIntegerField(default=0)
    property_marked = models.PositiveIntegerField("items of property marked", default=0)
    arrests = models.PositiveIntegerField(default=0)
    intelligence_submitted = models.PositiveIntegerField(
        "intelligence reports submitted", default=0
    )
    notes = models.TextField(blank=True)

    OUTCOME_FIELDS: ClassVar[tuple[str, ...]] = (
        "visits",
        "surveys",
        "advice_given",
        "property_marked",
        "arrests",
        "intelligence_submitted",
    )

    access_policy: ClassVar[AccessPolicy] = AccessPolicy(
        view=BUSINESS_ROLES, change=CHANGE_ROLES, partner_filter=_took_part
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "action day"

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%d %b %Y})"

    def get_absolute_url(self) -> str:
        return reverse("business:actionday", args=[self.pk])

    @property
    def activity_labels(self) -> list[str]:
        names = dict(Activity.choices)
        return [str(names.get(a, a)) for a in self.activities]

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": ENDS_BEFORE_STARTS})

    @property
    def days(self) -> int:
        if not (self.starts_on and self.ends_on):
            return 0
        return (self.ends_on - self.starts_on).days + 1

    def month(self) -> str:
        return f"{self.starts_on:%Y-%m}"
