"""The suicide prevention register: real-time surveillance records, locations of concern and
the measures taken there.

Need to know, exactly as the safeguarding register:
- only the ``suicide_prevention`` role sees and changes records; administrators do not by
  virtue of administering (``admin_all=False``); the hub lead sees aggregates only (the
  monthly report, suppressed), never a record; partners see only what is shared with their
  organisation, record by record;
- every read is recorded (``audit_reads``) and the fields that could identify the person who
  died (when, exactly where, home area, circumstances) enter the audit log only as keyed
  fingerprints (``audit_redact``), so the deletion at the end of retention leaves none;
- nobody deletes a record directly: deletion happens at the end of retention only
  (services.records_retention_delete), and ``__str__`` is a reference, never a description.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.db import models
from django.urls import reverse

from prevhub.core import roles
from prevhub.core.access import AccessPolicy, shared_with_organisation
from prevhub.core.models import AuditedModel
from prevhub.safeguarding.deadlines import anniversary
from prevhub.suicide_prevention import conf
from prevhub.suicide_prevention.choices import (
    CONCLUDED,
    AgeBand,
    Consent,
    Kind,
    MeasureKind,
    Method,
    PlaceType,
    Sex,
    Status,
)

SUICIDE_PREVENTION_ONLY = frozenset({roles.SUICIDE_PREVENTION})


def _policy(shared_with_path: str) -> AccessPolicy:
    """The lead sees and changes all; partners see what is shared with them; administrators
    need the role like anyone else; nobody deletes a surveillance record (retention only)."""
    return AccessPolicy(
        view=SUICIDE_PREVENTION_ONLY,
        change=SUICIDE_PREVENTION_ONLY,
        delete=frozenset(),
        partner_filter=shared_with_organisation(shared_with_path),
        admin_all=False,
    )


class RegisterModel(AuditedModel):
    """Shared behaviour: need-to-know access, audited reads, references for names."""

    audit_reads: ClassVar[bool] = True
    reference_prefix: ClassVar[str] = "SP"

    class Meta:
        abstract = True

    @property
    def reference(self) -> str:
        """From the primary key, so never reused after a deletion."""
        prefix = self.reference_prefix
        return f"{prefix}-{self.pk:06d}" if self.pk else f"{prefix}-(new)"

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse(f"suicide_prevention:{self._meta.model_name}", args=[self.pk])


class LocationOfConcern(RegisterModel):
    """A public place with repeated incidents, its owner, and what has been done there."""

    reference_prefix = "LOC"
    name = models.CharField(max_length=200, help_text="How partners know the place.")
    place_type = models.CharField(
        max_length=20, choices=PlaceType.choices, default=PlaceType.BRIDGE_HEIGHT
    )
    latitude = models.FloatField(help_text="WGS84, e.g. 52.9536.")
    longitude = models.FloatField(help_text="WGS84, e.g. -1.1505.")
    lsoa_code = models.CharField(
        max_length=9, blank=True, help_text="The LSOA the place is in (E01…), for a SARA problem."
    )
    district = models.CharField(max_length=100, blank=True, help_text="Policing district.")
    owner = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The organisation that owns or manages the place.",
    )
    identified_on = models.DateField(help_text="Day the place was named a location of concern.")
    notes = models.TextField(blank=True)
    shared_with = models.ManyToManyField(
        "partners.Organisation",
        blank=True,
        related_name="shared_suicide_prevention_locations",
        help_text="Partner organisations allowed to see this location and its measures.",
    )

    access_policy: ClassVar[AccessPolicy] = AccessPolicy(
        view=SUICIDE_PREVENTION_ONLY,
        change=SUICIDE_PREVENTION_ONLY,
        partner_filter=shared_with_organisation("shared_with"),
        admin_all=False,
    )
    audit_redact: ClassVar[tuple[str, ...]] = ("notes",)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "location of concern"
        verbose_name_plural = "locations of concern"

    def __str__(self) -> str:
        return f"{self.reference} {self.name}" if self.name else self.reference


class LocationMeasure(RegisterModel):
    """A measure taken at a location of concern (signage, barriers, patrols, training)."""

    reference_prefix = "MEA"
    location = models.ForeignKey(
        LocationOfConcern, on_delete=models.CASCADE, related_name="measures"
    )
    kind = models.CharField(max_length=20, choices=MeasureKind.choices)
    description = models.TextField(blank=True)
    carried_out_by = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True, help_text="Blank while in place.")

    access_policy: ClassVar[AccessPolicy] = AccessPolicy(
        view=SUICIDE_PREVENTION_ONLY,
        change=SUICIDE_PREVENTION_ONLY,
        partner_filter=shared_with_organisation("location__shared_with"),
        admin_all=False,
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "measure at a location"
        verbose_name_plural = "measures at locations"


class SurveillanceRecord(RegisterModel):
    """A suspected suicide or an attempt, as real-time surveillance records it.

    ``status`` for a death stays ``suspected`` until the coroner concludes; counts keep
    suspected and concluded apart (selectors.monthly_report). An attempt has no status.
    """

    reference_prefix = "RTS"
    source_reference = models.CharField(
        max_length=40,
        blank=True,
        help_text="The force's incident or surveillance-sheet reference (imports match on it).",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SUSPECTED_SUICIDE)
    occurred_at = models.DateTimeField(help_text="When it happened (or was found).")
    latitude = models.FloatField(help_text="WGS84, e.g. 52.9536.")
    longitude = models.FloatField(help_text="WGS84, e.g. -1.1505.")
    place_type = models.CharField(max_length=20, choices=PlaceType.choices)
    location = models.ForeignKey(
        LocationOfConcern,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="records",
        help_text="The location of concern it happened at, if any.",
    )
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.NOT_KNOWN)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    sex = models.CharField(max_length=10, choices=Sex.choices)
    home_area = models.CharField(
        max_length=9, blank=True, help_text="LSOA (E01…) of the person's home, if known."
    )
    status = models.CharField(
        max_length=12,
        choices=Status.choices,
        blank=True,
        default=Status.SUSPECTED,
        help_text="Deaths only: suspected until the coroner's conclusion.",
    )
    inquest_on = models.DateField(null=True, blank=True, help_text="Day of the inquest.")
    concluded_on = models.DateField(
        null=True, blank=True, help_text="Day the coroner concluded (or it was ruled out)."
    )
    family_consent = models.CharField(
        max_length=10,
        choices=Consent.choices,
        default=Consent.NOT_ASKED,
        help_text="The bereaved family's consent to a referral to support.",
    )
    consent_on = models.DateField(null=True, blank=True, help_text="Day consent was asked.")
    support_service = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The bereavement support service referred to.",
    )
    referred_on = models.DateField(null=True, blank=True)
    support_contacted_on = models.DateField(
        null=True, blank=True, help_text="Day the service first contacted the family."
    )
    notes = models.TextField(blank=True, help_text="Circumstances (no names).")
    shared_with = models.ManyToManyField(
        "partners.Organisation",
        blank=True,
        related_name="shared_suicide_prevention_records",
        help_text="Partner organisations allowed to see this record.",
    )

    access_policy: ClassVar[AccessPolicy] = _policy("shared_with")
    audit_redact: ClassVar[tuple[str, ...]] = (
        "source_reference",
        "occurred_at",
        "latitude",
        "longitude",
        "home_area",
        "notes",
    )
    # The point is the most identifying fact: no list sorts or filters by it.
    need_to_know_fields: ClassVar[tuple[str, ...]] = ("latitude", "longitude", "home_area")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = "surveillance record"
        constraints = [
            models.UniqueConstraint(
                fields=["source_reference"],
                condition=~models.Q(source_reference=""),
                name="suicide_prevention_unique_source_reference",
            )
        ]

    @property
    def concluded(self) -> bool:
        return self.status in CONCLUDED

    def retention_due_on(self) -> dt.date | None:
        """Deaths: retention years after the conclusion (None while suspected); attempts and
        deaths found not to be suicide: after the incident (conf.py)."""
        years = conf.retention_years()
        if self.kind == Kind.SUSPECTED_SUICIDE and self.status == Status.SUSPECTED:
            return None
        if self.kind == Kind.SUSPECTED_SUICIDE and self.status != Status.NOT_SUICIDE:
            start = self.concluded_on
            if start is None:
                return None
        else:
            start = self.occurred_at.date()
        return anniversary(start, years)


def suicide_prevention_leads() -> Any:
    """Active force users holding the suicide prevention role (alert recipients)."""
    from prevhub.core.models import User

    return User.objects.filter(is_active=True, groups__name=roles.SUICIDE_PREVENTION).order_by(
        "username"
    )
