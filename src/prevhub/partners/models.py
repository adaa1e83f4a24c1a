"""Partner organisations. The force itself is one organisation, marked `is_force`.

Who belongs to the force decides who counts as a partner (core.models.User.is_partner), so the
mark is not a name or a slug anyone can edit: it is set once, by `prevhub init` (or the data
migration for databases made before it), and no page or API call can set, move or clear it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.db.models.deletion import ProtectedError
from django.urls import reverse

from prevhub.core import roles
from prevhub.core.access import AccessPolicy
from prevhub.core.models import AuditedModel


class OrganisationKind(models.TextChoices):
    FORCE = "force", "Police force"
    COUNCIL = "council", "Council"
    HOUSING = "housing", "Housing"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    FIRE = "fire", "Fire and rescue"
    BUSINESS = "business", "Business partnership"
    CHARITY = "charity", "Charity or voluntary sector"
    OTHER = "other", "Other"


FORCE_STAYS_ACTIVE = (
    "The force's own organisation cannot be switched off: its users would lose access."
)
FORCE_STAYS_FORCE = "The force's own organisation stays of kind 'Police force'."
FORCE_NOT_DELETED = "The force's own organisation cannot be deleted."


def _own_organisation(user) -> Q:  # type: ignore[no-untyped-def]
    return Q(pk=user.organisation_id)


class Organisation(AuditedModel):
    """An organisation whose staff use the hub, or with which records are shared."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True, help_text="Short name used in the API.")
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    contact_email = models.EmailField(blank=True)
    active = models.BooleanField(default=True)
    is_force = models.BooleanField(
        "the hub's own force",
        default=False,
        editable=False,
        help_text="Set once by `prevhub init`: its users are the force's staff, everyone "
        "else's are partners. Not editable, so renaming the organisation changes nobody's access.",
    )

    access_policy: ClassVar[AccessPolicy] = AccessPolicy(
        view=frozenset(roles.ROLE_SLUGS - {roles.PARTNER}),
        change=frozenset({roles.ADMIN}),
        partner_filter=_own_organisation,
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_force"], condition=Q(is_force=True), name="one_own_force"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The force's own organisation stays switched on and of kind 'force' (switching it off
        would cut every force user off); a neighbouring constabulary recorded as a partner is
        of kind 'force' without being the hub's force."""
        super().clean()
        if not self.is_force:
            return
        errors = {}
        if not self.active:
            errors["active"] = FORCE_STAYS_ACTIVE
        if self.kind != OrganisationKind.FORCE:
            errors["kind"] = FORCE_STAYS_FORCE
        if errors:
            raise ValidationError(errors)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """The force's own organisation is never deleted (pages and the API answer 409)."""
        if self.is_force:
            raise ProtectedError(FORCE_NOT_DELETED, {self})
        return super().delete(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("partners:organisation", args=[self.pk])


def partner_organisations() -> QuerySet[Organisation]:
    """The organisations a record can be shared with: every active one but the force's own."""
    return Organisation.objects.filter(active=True, is_force=False)
