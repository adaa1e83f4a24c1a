"""Partner organisations. The force itself is one organisation of kind `force`."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
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


def _own_organisation(user) -> Q:  # type: ignore[no-untyped-def]
    return Q(pk=user.organisation_id)


class Organisation(AuditedModel):
    """An organisation whose staff use the hub, or with which records are shared."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True, help_text="Short name used in the API.")
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    contact_email = models.EmailField(blank=True)
    active = models.BooleanField(default=True)

    access_policy: ClassVar[AccessPolicy] = AccessPolicy(
        view=frozenset(roles.ROLE_SLUGS - {roles.PARTNER}),
        change=frozenset({roles.ADMIN}),
        partner_filter=_own_organisation,
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_force(self) -> bool:
        """The hub's own force (PREVHUB_FORCE_SLUG): not any organisation of kind 'force' — a
        neighbouring constabulary recorded as a partner stays a partner."""
        return self.slug == settings.PREVHUB_FORCE_SLUG

    def get_absolute_url(self) -> str:
        return reverse("partners:organisation", args=[self.pk])
