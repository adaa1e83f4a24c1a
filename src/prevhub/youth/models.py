"""The youth register: Volunteer Police Cadets, junior cadets and Mini Police.

Children's data, so three rules shape every model here (docs/youth.md):
- the least the scheme needs: a name, a date of birth (the age is computed, never stored), the
  unit, a parent or carer to contact, consents, and optional health notes and a flag;
- seen by the fewest: the ``youth`` role opens the area, but a child's record is seen only by
  the leaders of the child's unit and the youth coordinator (``force_filter``); health notes
  only by the unit's leaders; low-level concerns only by the designated safeguarding lead;
  administrators by virtue of administering never (``admin_all=False``); a school (partner)
  sees only the cohort it hosts and that cohort's sessions and events, never a child's record;
- deleted on time: a leaver's record goes ``PREVHUB_YOUTH_RETENTION_YEARS`` after leaving
  (services.cadet_retention_delete), leaving only anonymous counts (:class:`ArchivedCount`).

Who is a leader, the coordinator or the designated safeguarding lead is recorded on the
user's :class:`Leader` record (flags only a coordinator may change: services).
Every read of a child's record is audited (``audit_reads``); personal values enter the audit
log only as keyed fingerprints (``audit_redact``) and records are named by reference.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from prevhub.core import roles
from prevhub.core.access import AccessPolicy
from prevhub.core.models import AuditedModel
from prevhub.youth import conf, rules
from prevhub.youth.choices import (
    ArchivedMeasure,
    AwardKind,
    AwardSection,
    ConsentKind,
    LeavingReason,
    UnitKind,
)

YOUTH_ONLY = frozenset({roles.YOUTH})


def _hosted_by(path: str) -> Any:
    """Partner filter: records of units hosted by the partner's organisation (a school and
    its own Mini Police cohort)."""

    def _filter(user: Any) -> Q:
        return Q(**{path: user.partner_organisation_id})

    return _filter


def leader_record(user: Any) -> Leader | None:
    """The user's leader record (cached on the user object for the request)."""
    if user is None or not getattr(user, "is_authenticated", False) or user.pk is None:
        return None
    if not hasattr(user, "_youth_leader"):
        user._youth_leader = Leader._base_manager.filter(user_id=user.pk).first()
    return user._youth_leader


def is_coordinator(user: Any) -> bool:
    leader = leader_record(user)
    return bool(leader and leader.is_coordinator and not user.is_partner)


def is_safeguarding_lead(user: Any) -> bool:
    leader = leader_record(user)
    return bool(leader and leader.is_safeguarding_lead and not user.is_partner)


def _led_by(user: Any, path: str) -> Q:
    """Units this user leads today (an assignment without an end, or ending today or later)."""
    today = timezone.localdate()
    return Q(**{f"{path}assignments__leader__user": user}) & (
        Q(**{f"{path}assignments__ended_on__isnull": True})
        | Q(**{f"{path}assignments__ended_on__gte": today})
    )


def children_filter(path: str = "") -> Any:
    """Need to know inside the youth role: a child's records are seen by the leaders of the
    child's unit and by the youth coordinator, nobody else."""

    def _filter(user: Any) -> Q:
        if is_coordinator(user):
            return Q()
        return _led_by(user, f"{path}unit__")

    return _filter


def _safeguarding_lead_only(user: Any) -> Q:
    return Q() if is_safeguarding_lead(user) else Q(pk__in=[])


def _policy(**extra: Any) -> AccessPolicy:
    return AccessPolicy(view=YOUTH_ONLY, change=YOUTH_ONLY, admin_all=False, **extra)


class YouthModel(AuditedModel):
    """Shared behaviour: a reference for names, the model's rules checked on every save
    through forms (``clean``), the API (serializers ask the same rules) and services."""

    reference_prefix: ClassVar[str] = "Y"

    class Meta:
        abstract = True

    @property
    def reference(self) -> str:
        return (
            f"{self.reference_prefix}-{self.pk:06d}"
            if self.pk
            else f"{self.reference_prefix}-(new)"
        )

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse(f"youth:{self._meta.model_name}", args=[self.pk])

    def problems(self) -> dict[str, str]:
        """What is wrong with the record (rules.py), by field."""
        return {}

    def clean(self) -> None:
        super().clean()
        problems = self.problems()
        if problems:
            raise ValidationError(problems)


class Unit(YouthModel):
    """A VPC unit, a junior unit or a Mini Police school cohort (hosted by its school)."""

    reference_prefix = "UNIT"
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=UnitKind.choices)
    host_organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="youth_units",
        help_text="The school hosting a Mini Police cohort (it sees this cohort's sessions), "
        "or a partner hosting a unit's meetings.",
    )
    school_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Mini Police: the year the cohort's school year starts (2026 for 2026/27).",
    )
    ends_on = models.DateField(
        null=True,
        blank=True,
        help_text="Mini Police: the cohort ends with its school year (31 July if left blank).",
    )
    meets = models.CharField(max_length=120, blank=True, help_text="E.g. Tuesdays 19:00-21:00.")
    district = models.CharField(max_length=100, blank=True)
    active = models.BooleanField(default=True)

    access_policy: ClassVar[AccessPolicy] = _policy(partner_filter=_hosted_by("host_organisation"))

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def problems(self) -> dict[str, str]:
        return rules.unit_problems(self)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.kind == UnitKind.MINI_POLICE and self.school_year and self.ends_on is None:
            self.ends_on = dt.date(self.school_year + 1, 7, 31)
        super().save(*args, **kwargs)

    @property
    def ended(self) -> bool:
        return self.ends_on is not None and self.ends_on < timezone.localdate()


class Leader(YouthModel):
    """An adult of the scheme (leader, coordinator), with the checks that allow them near
    children. The flags say who is the youth coordinator and the designated safeguarding lead."""

    reference_prefix = "LDR"
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="youth_leader",
        help_text="The leader's hub account.",
    )
    dbs_checked_on = models.DateField(
        null=True, blank=True, help_text="Date of the enhanced DBS certificate."
    )
    dbs_enhanced = models.BooleanField(
        default=False,
        verbose_name="enhanced DBS with the children's barred list",
        help_text="The certificate is an enhanced check with the children's barred list.",
    )
    dbs_certificate = models.CharField(
        max_length=20, blank=True, help_text="The certificate number (seen only by youth staff)."
    )
    safeguarding_trained_on = models.DateField(
        null=True, blank=True, help_text="Date of the mandatory VPC safeguarding training."
    )
    is_coordinator = models.BooleanField(
        default=False,
        verbose_name="youth coordinator",
        help_text="Sees every unit's children (not their health notes). Only a coordinator "
        "may change this and the next flag.",
    )
    is_safeguarding_lead = models.BooleanField(
        default=False,
        verbose_name="designated safeguarding lead",
        help_text="The only person who reads the low-level concerns log.",
    )

    access_policy: ClassVar[AccessPolicy] = _policy()
    audit_reads: ClassVar[bool] = True
    audit_redact: ClassVar[tuple[str, ...]] = ("dbs_certificate",)
    need_to_know_fields: ClassVar[tuple[str, ...]] = ("dbs_certificate",)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "id"]

    def __str__(self) -> str:
        if not self.user_id:
            return self.reference
        return self.user.get_full_name() or self.user.username

    def problems(self) -> dict[str, str]:
        return rules.leader_problems(self)

    @property
    def dbs_renewal_due(self) -> dt.date | None:
        return rules.renewal_due(self.dbs_checked_on, conf.dbs_renewal_years())

    @property
    def training_renewal_due(self) -> dt.date | None:
        return rules.renewal_due(self.safeguarding_trained_on, conf.training_renewal_years())


class Assignment(YouthModel):
    """A leader assigned to a unit. Refused without an enhanced DBS check and the mandatory
    safeguarding training, each recorded and in date (rules.leader_assignment_problem)."""

    reference_prefix = "ASG"
    leader = models.ForeignKey(Leader, on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments")
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    access_policy: ClassVar[AccessPolicy] = _policy()

    class Meta:
        ordering = ["unit__name", "-started_on", "id"]

    def problems(self) -> dict[str, str]:
        return rules.assignment_problems(self)


class Cadet(YouthModel):
    """A child of the scheme. The age is computed from the date of birth, never stored."""

    reference_prefix = "YC"
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cadets")
    joined_on = models.DateField(default=timezone.localdate)
    left_on = models.DateField(null=True, blank=True)
    leaving_reason = models.CharField(
        max_length=20, choices=LeavingReason.choices, blank=True, default=""
    )
    parent_name = models.CharField(max_length=200, verbose_name="parent or carer")
    parent_phone = models.CharField(max_length=30, blank=True, verbose_name="parent or carer phone")
    parent_email = models.EmailField(blank=True, verbose_name="parent or carer e-mail")
    medical_notes = models.TextField(
        blank=True,
        verbose_name="medical and allergy notes",
        help_text="Seen only by the unit's leaders; recorded only with the medical consent.",
    )
    vulnerable_background = models.BooleanField(
        default=False,
        verbose_name="from a background vulnerable to crime",
        help_text="Optional. Seen only by leaders and the youth coordinator; counted only as "
        "a unit's percentage.",
    )

    access_policy: ClassVar[AccessPolicy] = _policy(force_filter=children_filter())
    audit_reads: ClassVar[bool] = True
    PERSONAL_FIELDS: ClassVar[tuple[str, ...]] = (
        "given_name",
        "family_name",
        "date_of_birth",
        "parent_name",
        "parent_phone",
        "parent_email",
        "medical_notes",
    )
    audit_redact: ClassVar[tuple[str, ...]] = (*PERSONAL_FIELDS, "vulnerable_background")
    need_to_know_fields: ClassVar[tuple[str, ...]] = ("medical_notes", "vulnerable_background")

    class Meta:
        ordering = ["family_name", "given_name", "id"]

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def audit_label(self) -> str:
        return self.reference

    def problems(self) -> dict[str, str]:
        return rules.cadet_problems(self)

    def age_on(self, on: dt.date | None = None) -> int:
        return rules.age_on(self.date_of_birth, on or timezone.localdate())

    @property
    def age(self) -> int:
        return self.age_on()

    @property
    def leaving_age_reached(self) -> bool:
        """Flag: a current cadet who has reached the leaving age (leave or become an adult
        volunteer)."""
        return self.left_on is None and self.age >= conf.leaving_age()

    def may_see_medical(self, user: Any) -> bool:
        """Health notes: only leaders of this child's unit (not the coordinator, not others)."""
        if user is None or not getattr(user, "is_authenticated", False) or user.is_partner:
            return False
        if not user.has_role(roles.YOUTH):
            return False
        return Unit._base_manager.filter(pk=self.unit_id).filter(_led_by(user, "")).exists()


class Consent(YouthModel):
    """Who gave which consent and when (participation, photographs, health notes, and each
    event's health and permission form)."""

    reference_prefix = "CON"
    cadet = models.ForeignKey(Cadet, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=20, choices=ConsentKind.choices)
    event = models.ForeignKey(
        "youth.VolunteeringEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        help_text="For a health and permission form: the event it is for.",
    )
    given_by = models.CharField(max_length=200, help_text="The parent or carer who consented.")
    given_on = models.DateField(default=timezone.localdate)
    withdrawn_on = models.DateField(null=True, blank=True)

    access_policy: ClassVar[AccessPolicy] = _policy(force_filter=children_filter("cadet__"))
    audit_reads: ClassVar[bool] = True
    audit_redact: ClassVar[tuple[str, ...]] = ("given_by",)

    class Meta:
        ordering = ["-given_on", "id"]

    def problems(self) -> dict[str, str]:
        return rules.consent_problems(self)


class Session(YouthModel):
    """A weekly meeting of a unit, with who attended."""

    reference_prefix = "SES"
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField(default=timezone.localdate)
    topic = models.CharField(max_length=200, blank=True)
    attendees = models.ManyToManyField(
        Cadet, blank=True, related_name="sessions_attended", help_text="Cadets present."
    )

    access_policy: ClassVar[AccessPolicy] = _policy(
        partner_filter=_hosted_by("unit__host_organisation")
    )

    class Meta:
        ordering = ["-held_on", "id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.unit} {self.held_on.isoformat() if self.held_on else ''}"

    def problems(self) -> dict[str, str]:
        return rules.session_problems(self)


class VolunteeringEvent(YouthModel):
    """Volunteering by a unit: it may not take place without a risk assessment made before."""

    reference_prefix = "EVT"
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="events")
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    place = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True, help_text="WGS84, e.g. 53.4808.")
    longitude = models.FloatField(null=True, blank=True, help_text="WGS84, e.g. -2.2426.")
    problem = models.ForeignKey(
        "problems.Problem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="youth_events",
        help_text="The partnership problem this volunteering supports.",
    )
    risk_assessed_on = models.DateField(
        null=True,
        blank=True,
        verbose_name="risk assessed on",
        help_text="Required on or before the event's day.",
    )
    risk_assessment = models.TextField(blank=True, help_text="The hazards and controls.")

    access_policy: ClassVar[AccessPolicy] = _policy(
        partner_filter=_hosted_by("unit__host_organisation")
    )

    class Meta:
        ordering = ["-held_on", "id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def problems(self) -> dict[str, str]:
        return rules.event_problems(self)


class VolunteeringHours(YouthModel):
    """Hours one cadet gave at one event."""

    reference_prefix = "HRS"
    event = models.ForeignKey(VolunteeringEvent, on_delete=models.PROTECT, related_name="hours")
    cadet = models.ForeignKey(Cadet, on_delete=models.CASCADE, related_name="volunteering")
    hours = models.DecimalField(max_digits=4, decimal_places=1)

    access_policy: ClassVar[AccessPolicy] = _policy(force_filter=children_filter("cadet__"))
    audit_reads: ClassVar[bool] = True

    class Meta:
        ordering = ["-event__held_on", "id"]
        verbose_name_plural = "volunteering hours"
        constraints = [
            models.UniqueConstraint(fields=["event", "cadet"], name="youth_hours_once_per_event")
        ]

    def problems(self) -> dict[str, str]:
        return rules.hours_problems(self)


class Award(YouthModel):
    """An award or a section of one (the Duke of Edinburgh's Award sections)."""

    reference_prefix = "AWD"
    cadet = models.ForeignKey(Cadet, on_delete=models.CASCADE, related_name="awards")
    kind = models.CharField(max_length=20, choices=AwardKind.choices)
    section = models.CharField(max_length=20, choices=AwardSection.choices, blank=True)
    achieved_on = models.DateField(default=timezone.localdate)

    access_policy: ClassVar[AccessPolicy] = _policy(force_filter=children_filter("cadet__"))
    audit_reads: ClassVar[bool] = True

    class Meta:
        ordering = ["-achieved_on", "id"]

    def problems(self) -> dict[str, str]:
        return rules.award_problems(self)


class Concern(YouthModel):
    """A low-level concern about a child: seen only by the designated safeguarding lead."""

    reference_prefix = "LLC"
    cadet = models.ForeignKey(Cadet, on_delete=models.CASCADE, related_name="concerns")
    noticed_on = models.DateField(default=timezone.localdate)
    concern = models.TextField(help_text="What was seen or heard, as facts.")
    action_taken = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    access_policy: ClassVar[AccessPolicy] = _policy(force_filter=_safeguarding_lead_only)
    audit_reads: ClassVar[bool] = True
    audit_redact: ClassVar[tuple[str, ...]] = ("concern", "action_taken")

    class Meta:
        ordering = ["-noticed_on", "id"]
        verbose_name = "low-level concern"

    def problems(self) -> dict[str, str]:
        return rules.concern_problems(self)


class ArchivedCount(models.Model):
    """What a retention deletion leaves: anonymous counts by unit and month, so the measures
    still add up after a child's record has gone. No name, no date of birth, no reference."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="archived_counts")
    month = models.CharField(max_length=7, help_text="YYYY-MM")
    measure = models.CharField(max_length=10, choices=ArchivedMeasure.choices)
    value = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month", "measure"], name="youth_archived_count_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month} {self.measure}"
