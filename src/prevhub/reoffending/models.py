"""The reoffending register: Integrated Offender Management cohort members, their custody
spells, needs and interventions along the seven pathways, and their reviews.

Need-to-know, exactly as the safeguarding register: only offender managers see and change it,
administrators do not by virtue of administering (``admin_all=False``), partners see only
members shared with their organisation (and what is recorded under them), the hub lead sees
aggregate measures only (no model grants them a record). Every read is audited; personal free
text and the offender reference are kept out of the audit log (``audit_redact``); ``__str__``
is a reference. Nobody deletes a record directly: retention deletion only (services).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from prevhub.core import roles
from prevhub.core.access import AccessPolicy, shared_with_organisation
from prevhub.core.models import AuditedModel
from prevhub.reoffending import conf
from prevhub.reoffending.checks import Checks
from prevhub.reoffending.choices import Outcome, Pathway, ReviewOutcome, StatutoryStatus, Strand

OFFENDER_MANAGERS = frozenset({roles.OFFENDER_MANAGER})


def _policy(shared_with_path: str) -> AccessPolicy:
    return AccessPolicy(
        view=OFFENDER_MANAGERS,
        change=OFFENDER_MANAGERS,
        delete=frozenset(),  # retention deletion only (services.member_retention_delete)
        partner_filter=shared_with_organisation(shared_with_path),
        admin_all=False,
    )


class ReoffendingModel(AuditedModel):
    audit_reads: ClassVar[bool] = True
    reference_prefix: ClassVar[str] = "IOM"

    class Meta:
        abstract = True

    @property
    def reference(self) -> str:
        prefix = self.reference_prefix
        return f"{prefix}-{self.pk:06d}" if self.pk else f"{prefix}-(new)"

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse(f"reoffending:{self._meta.model_name}", args=[self.pk])


class CohortMember(ReoffendingModel):
    """One person on the IOM cohort: why and when selected, which strand, who leads."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="cohort_memberships",
        help_text="The person's record in the person index (by reference, P-…).",
    )
    offender_reference = models.CharField(
        max_length=40,
        help_text="The force's offender id, as in the recorded-crime extract: keyed with the "
        "crime store's salt to measure reoffending (never sent anywhere as it is).",
    )
    strand = models.CharField(max_length=10, choices=Strand.choices)
    selection_reason = models.TextField(help_text="Why the person was selected.")
    selection_score = models.PositiveIntegerField(
        null=True, blank=True, help_text="Score from the force's selection matrix."
    )
    selected_on = models.DateField(default=timezone.localdate)
    deselected_on = models.DateField("de-selected on", null=True, blank=True)
    deselection_reason = models.TextField("de-selection reason", blank=True)
    reset_on = models.DateField(
        null=True,
        blank=True,
        help_text="Day the membership was reset (re-selected, or the plan restarted).",
    )
    lead_police_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lead_probation_officer = models.CharField(
        max_length=200, blank=True, help_text="Name or role of the lead probation practitioner."
    )
    statutory_status = models.CharField(
        max_length=20, choices=StatutoryStatus.choices, default=StatutoryStatus.NONE
    )
    next_review_on = models.DateField(
        null=True, blank=True, help_text="Left blank, the documented default is applied."
    )
    shared_with = models.ManyToManyField(
        "partners.Organisation",
        blank=True,
        related_name="shared_cohort_members",
        help_text="Partner organisations allowed to see this member (e.g. probation).",
    )

    access_policy: ClassVar[AccessPolicy] = _policy("shared_with")
    audit_redact: ClassVar[tuple[str, ...]] = (
        "offender_reference",
        "selection_reason",
        "deselection_reason",
        "lead_probation_officer",
    )
    need_to_know_fields: ClassVar[tuple[str, ...]] = ("offender_reference",)
    checks: ClassVar[Checks] = Checks(
        order=(("selected_on", "deselected_on"), ("selected_on", "reset_on")),
        not_future=("deselected_on", "reset_on"),
        ranges={"selection_score": lambda: (0, conf.score_max())},
    )

    class Meta:
        ordering = ["-selected_on", "-id"]
        verbose_name = "cohort member"

    @property
    def active(self) -> bool:
        return self.deselected_on is None

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.next_review_on is None and self.deselected_on is None and self.selected_on:
            import datetime as dt

            start = max(d for d in (self.selected_on, self.reset_on) if d is not None)
            self.next_review_on = start + dt.timedelta(days=conf.review_days())
        super().save(*args, **kwargs)


class CustodySpell(ReoffendingModel):
    """A spell in custody: the days from received to released are not time at risk."""

    reference_prefix = "CUS"
    member = models.ForeignKey(CohortMember, on_delete=models.PROTECT, related_name="custody")
    started_on = models.DateField(help_text="Day received into custody.")
    released_on = models.DateField(
        null=True, blank=True, help_text="Day released (at risk from this day); blank if still in."
    )
    establishment = models.CharField(max_length=200, blank=True)

    access_policy: ClassVar[AccessPolicy] = _policy("member__shared_with")
    checks: ClassVar[Checks] = Checks(
        order=(("started_on", "released_on"),), not_future=("started_on", "released_on")
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "custody spell"


class PathwayNeed(ReoffendingModel):
    """A need on one of the seven pathways and the intervention that answers it."""

    reference_prefix = "NEED"
    member = models.ForeignKey(CohortMember, on_delete=models.PROTECT, related_name="needs")
    pathway = models.CharField(max_length=20, choices=Pathway.choices)
    need = models.TextField(help_text="The need identified.")
    identified_on = models.DateField(default=timezone.localdate)
    intervention = models.TextField(blank=True)
    provider = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The partner organisation providing the intervention.",
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.ONGOING)

    access_policy: ClassVar[AccessPolicy] = _policy("member__shared_with")
    audit_redact: ClassVar[tuple[str, ...]] = ("need", "intervention")
    checks: ClassVar[Checks] = Checks(
        order=(("identified_on", "started_on"), ("started_on", "ended_on")),
        not_future=("identified_on", "ended_on"),
    )

    class Meta:
        ordering = ["-identified_on", "-id"]
        verbose_name = "pathway need"


class CohortReview(ReoffendingModel):
    """A review of a member's plan, due on a date; holding it sets the next one."""

    reference_prefix = "REV"
    member = models.ForeignKey(CohortMember, on_delete=models.PROTECT, related_name="reviews")
    due_on = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices, blank=True)
    notes = models.TextField(blank=True)

    access_policy: ClassVar[AccessPolicy] = _policy("member__shared_with")
    audit_redact: ClassVar[tuple[str, ...]] = ("notes",)
    checks: ClassVar[Checks] = Checks(not_future=("held_on",))

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "cohort review"


def offender_managers() -> Any:
    """Active force users with the offender manager role: the only possible lead officers."""
    from prevhub.core.models import User

    return User.objects.filter(is_active=True, groups__name=roles.OFFENDER_MANAGER).order_by(
        "username"
    )
