"""The person index: people the hub works with (victims, offenders, young people, volunteers).

Personal data: every read of a person record is audited, and partners see a person only when
the record is shared with their organisation.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse

from prevhub.core import roles
from prevhub.core.access import AccessPolicy, shared_with_organisation
from prevhub.core.models import AuditedModel


def _victims_for_safeguarding_only(user: Any) -> Q:
    """A victim on the safeguarding register is need-to-know: their person record (name,
    address, phone) is seen only by the officer in case and the supervisor of one of their
    cases — not by offender managers or youth workers, nor by other safeguarding officers, who
    see the case itself through the register."""
    if not user.has_role(roles.SAFEGUARDING):
        return Q(safeguarding_cases__isnull=True)
    return (
        Q(safeguarding_cases__isnull=True)
        | Q(safeguarding_cases__officer_in_case=user)
        | Q(safeguarding_cases__supervisor=user)
    )


class Person(AuditedModel):
    """One person, recorded once and linked from each service that works with them."""

    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    notes = models.TextField(blank=True)
    shared_with = models.ManyToManyField(
        "partners.Organisation",
        blank=True,
        related_name="shared_people",
        help_text="Partner organisations allowed to see this record.",
    )

    access_policy: ClassVar[AccessPolicy] = AccessPolicy(
        view=frozenset({roles.SAFEGUARDING, roles.OFFENDER_MANAGER, roles.YOUTH}),
        change=frozenset({roles.SAFEGUARDING, roles.OFFENDER_MANAGER, roles.YOUTH}),
        partner_filter=shared_with_organisation(),
        force_filter=_victims_for_safeguarding_only,
        admin_all=False,  # need to know: administering the system is not a reason to read people
    )
    audit_reads: ClassVar[bool] = True
    # The audit log is append-only and outlives the record (retention deletion), so it holds a
    # keyed fingerprint of each personal field, never the value: who changed which field, when.
    audit_redact: ClassVar[tuple[str, ...]] = (
        "given_name",
        "family_name",
        "date_of_birth",
        "address",
        "postcode",
        "phone",
        "email",
        "notes",
    )

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name} ({self.reference})"

    def audit_label(self) -> str:
        """The reference only: names never enter the append-only audit log."""
        return self.reference

    @property
    def reference(self) -> str:
        """`P-000123`: derived from the primary key, so it is never reused after a deletion."""
        return f"P-{self.pk:06d}" if self.pk else "P-(new)"

    def get_absolute_url(self) -> str:
        return reverse("people:person", args=[self.pk])
