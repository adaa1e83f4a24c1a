"""The Special Constabulary register: officers, their vetting and qualifications, duties,
events with sign-ups, availability, attendance notices and calendar feeds.

Access (need to know): the ``specials`` role — the force's specials management team — sees and
changes the register. The hub lead sees the measures (aggregates, no personal data) but not the
records; administrators need the role like anyone else (``admin_all=False``): an officer's
vetting and business interests are personal data an administrator has no need of. Partners see
nothing of it.

Officers are colleagues, not subjects of the hub's work, so the register keeps their names
itself rather than linking the person index (which only safeguarding, offender-management and
youth staff may open). Every read of an officer (the vetting record is on it) is audited; the
contact details are read only by the officer's line manager and the officer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from prevhub.core import roles
from prevhub.core.access import AccessPolicy
from prevhub.core.models import AuditedModel
from prevhub.specials.choices import (
    DutyStatus,
    DutyType,
    NoticeStage,
    OfficerStatus,
    PatrolMode,
    Rank,
    SignupStatus,
    VettingLevel,
)

LONDON = ZoneInfo("Europe/London")
SPECIALS_ONLY = frozenset({roles.SPECIALS})

#: The register's one access rule: the specials team only; need to know; no partners.
REGISTER_POLICY = AccessPolicy(view=SPECIALS_ONLY, change=SPECIALS_ONLY, admin_all=False)


class SpecialsModel(AuditedModel):
    """Shared behaviour: the register's access rule and a reference as the record's name (the
    audit log stores names, so no officer's name goes there)."""

    reference_prefix: ClassVar[str] = "SC"
    access_policy: ClassVar[AccessPolicy] = REGISTER_POLICY

    class Meta:
        abstract = True

    @property
    def reference(self) -> str:
        return (
            f"{self.reference_prefix}-{self.pk:05d}"
            if self.pk
            else f"{self.reference_prefix}-(new)"
        )

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse(f"specials:{self._meta.model_name}", args=[self.pk])


class Officer(SpecialsModel):
    """A special constable: rank, team, warrant, status, vetting, occupation check."""

    reference_prefix = "SPC"

    collar_number = models.CharField(max_length=20, unique=True, help_text="Warrant/collar number.")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    rank = models.CharField(max_length=10, choices=Rank.choices, default=Rank.SPECIAL_CONSTABLE)
    team = models.CharField(max_length=100, help_text="Team or neighbourhood the officer works in.")
    station = models.CharField(max_length=100, blank=True)
    joined_on = models.DateField(help_text="Day the officer joined (started training).")
    warrant_date = models.DateField(
        null=True, blank=True, help_text="Day the officer was attested (warrant issued)."
    )
    status = models.CharField(
        max_length=12, choices=OfficerStatus.choices, default=OfficerStatus.IN_TRAINING
    )
    independent_since = models.DateField(
        null=True,
        blank=True,
        help_text="Day the officer was signed off for independent patrol (blank: not signed off).",
    )
    left_on = models.DateField(null=True, blank=True)
    vetting_level = models.CharField(max_length=8, choices=VettingLevel.choices, blank=True)
    vetting_granted_on = models.DateField(null=True, blank=True)
    vetting_expires_on = models.DateField(null=True, blank=True)
    occupation = models.CharField(max_length=200, blank=True, help_text="Main occupation.")
    business_interests = models.TextField(
        blank=True, help_text="Business interests the officer has declared."
    )
    business_interests_checked_on = models.DateField(
        null=True, blank=True, help_text="Day the occupation and interests were checked."
    )
    business_interests_approved = models.BooleanField(
        default=False, help_text="The check found no conflict with the office of constable."
    )
    line_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Reads the officer's contact details.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The officer's own account, if they have one.",
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(blank=True)

    CONTACT_FIELDS: ClassVar[tuple[str, ...]] = ("email", "phone", "address")
    audit_reads: ClassVar[bool] = True
    audit_redact: ClassVar[tuple[str, ...]] = (
        *CONTACT_FIELDS,
        "given_name",
        "family_name",
        "business_interests",
    )
    need_to_know_fields: ClassVar[tuple[str, ...]] = CONTACT_FIELDS

    class Meta:
        ordering = ["family_name", "given_name", "id"]

    def __str__(self) -> str:
        return f"{self.collar_number}" if self.collar_number else self.reference

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def may_see_contact(self, user: Any) -> bool:
        """Contact details: the officer's line manager and the officer, nobody else."""
        if user is None or not getattr(user, "is_authenticated", False) or user.is_partner:
            return False
        return user.pk is not None and user.pk in (self.line_manager_id, self.user_id)

    def is_serving(self, on: dt.date) -> bool:
        return self.joined_on <= on and (self.left_on is None or self.left_on > on)


class QualificationKind(SpecialsModel):
    """A kind of qualification the force records (officer safety training, first aid, driving
    authority, and those the force adds)."""

    reference_prefix = "QK"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    required_for_duty = models.BooleanField(
        default=False,
        help_text="An officer may not be booked for an operational duty without it in date.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "qualification kind"

    def __str__(self) -> str:
        return self.name


class Qualification(SpecialsModel):
    """One officer's qualification of a kind, with when it was gained and when it expires."""

    reference_prefix = "Q"

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="qualifications")
    kind = models.ForeignKey(QualificationKind, on_delete=models.PROTECT, related_name="+")
    obtained_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True, help_text="Blank: does not expire.")

    class Meta:
        ordering = ["officer", "kind", "-obtained_on"]


class Event(SpecialsModel):
    """An event that needs specials (a festival, a match): places and a sign-up deadline."""

    reference_prefix = "EV"

    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    places = models.PositiveIntegerField(help_text="Officers needed.")
    signup_deadline = models.DateTimeField(help_text="Sign-ups close at this time.")
    district = models.CharField(max_length=100, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    leader = models.ForeignKey(
        Officer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    problem = models.ForeignKey(
        "problems.Problem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class EventSignup(SpecialsModel):
    """An officer's offer to work an event; a leader confirms it (which books the duty)."""

    reference_prefix = "ES"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="signups")
    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(
        max_length=10, choices=SignupStatus.choices, default=SignupStatus.REQUESTED
    )
    signed_up_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["event", "signed_up_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "officer"], name="specials_one_signup_each")
        ]
        verbose_name = "event sign-up"


class Duty(SpecialsModel):
    """One officer's duty: planned, booked or worked; where, what, who supervised, and what it
    was deployed to (a SARA problem or a hot-spot cell). Worked hours come only from worked
    duties; a change after sign-off is audited as a change to a signed-off duty."""

    reference_prefix = "D"

    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="duties")
    duty_type = models.CharField(max_length=10, choices=DutyType.choices)
    patrol_mode = models.CharField(
        max_length=12, choices=PatrolMode.choices, blank=True, help_text="Patrols only."
    )
    status = models.CharField(max_length=10, choices=DutyStatus.choices, default=DutyStatus.BOOKED)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(help_text="May be the next day (a night duty).")
    district = models.CharField(max_length=100, blank=True)
    lsoa_code = models.CharField(max_length=9, blank=True, help_text="LSOA 2021 code (E01…).")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    supervisor = models.ForeignKey(
        Officer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    problem = models.ForeignKey(
        "problems.Problem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The SARA problem the duty was deployed to.",
    )
    hotspot_cell = models.CharField(
        max_length=40, blank=True, help_text="The Find hot-spot cell id (E…N…) it was deployed to."
    )
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="duties"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    # Derived on save, so the measures sum in the database without converting times row by row.
    month = models.CharField(
        max_length=7, editable=False, db_index=True, help_text="UK-time month it started."
    )
    hours = models.FloatField(editable=False, default=0.0, help_text="Length in hours.")

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name_plural = "duties"

    def derive(self) -> None:
        """Set the month (UK time) the duty started and its length in hours."""
        if self.starts_at is not None and self.ends_at is not None:
            local = timezone.localtime(self.starts_at, LONDON)
            self.month = f"{local.year:04d}-{local.month:02d}"
            # In UTC: a night duty over the clock change is an hour longer or shorter than the
            # wall clock says (aware times in one zone subtract by the wall clock).
            utc = dt.UTC
            elapsed = self.ends_at.astimezone(utc) - self.starts_at.astimezone(utc)
            self.hours = elapsed.total_seconds() / 3600.0

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive()
        super().save(*args, **kwargs)


class Availability(SpecialsModel):
    """When an officer says they can work."""

    reference_prefix = "AV"

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="availability")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name_plural = "availability"


class AttendanceNotice(SpecialsModel):
    """A staged notice to an officer below the minimum-hours policy."""

    reference_prefix = "AN"

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="notices")
    stage = models.PositiveSmallIntegerField(choices=NoticeStage.choices)
    issued_on = models.DateField(default=timezone.localdate)
    hours = models.FloatField(help_text="Hours measured against the policy when issued.")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]


def token_hash(token: str) -> str:
    """What the register keeps of a feed's token: its SHA-256 (the token itself is shown once)."""
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(SpecialsModel):
    """An officer's duties as an iCalendar feed at a secret URL; revoking it ends the URL."""

    reference_prefix = "CAL"

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="feeds")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "calendar feed"
