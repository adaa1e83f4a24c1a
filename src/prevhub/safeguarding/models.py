"""The safeguarding register: cases, risk, MARAC, protection orders and their breaches.

The most sensitive data in the hub. Every model here:
- is need-to-know: only the ``safeguarding`` role sees it, administrators do not by virtue of
  administering (``admin_all=False``, as for people), partners only what is shared per case;
- records every read (``audit_reads``) and keeps personal free text out of the audit log
  (``audit_redact``: the log holds a keyed fingerprint, never the value), so a retention
  deletion leaves an audit trace without personal data (docs/safeguarding.md);
- has a ``__str__`` made of references only, because the audit log stores it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from prevhub.core import roles
from prevhub.core.access import AccessPolicy, shared_with_organisation
from prevhub.core.models import AuditedModel
from prevhub.safeguarding import conf, deadlines, questions
from prevhub.safeguarding.choices import (
    AbuseType,
    Answer,
    BreachAction,
    CaseStatus,
    OrderKind,
    OrderStatus,
    Relationship,
    RiskLevel,
)

SAFEGUARDING_ONLY = frozenset({roles.SAFEGUARDING})


def _policy(shared_with_path: str) -> AccessPolicy:
    """Safeguarding officers see and change all; partners see what is shared with them per
    case; administrators need the safeguarding role like anyone else (need to know); nobody
    deletes (retention only)."""
    return AccessPolicy(
        view=SAFEGUARDING_ONLY,
        change=SAFEGUARDING_ONLY,
        # Nobody deletes a record of the register directly: deletion happens only at retention
        # review, through services.case_retention_delete, which removes the personal data and
        # keeps an audit trace without it (docs/safeguarding.md, Retention).
        delete=frozenset(),
        partner_filter=shared_with_organisation(shared_with_path),
        admin_all=False,
    )


class SafeguardingModel(AuditedModel):
    """Shared behaviour: need-to-know access, audited reads, references for names."""

    audit_reads: ClassVar[bool] = True
    reference_prefix: ClassVar[str] = "SG"

    class Meta:
        abstract = True

    @property
    def reference(self) -> str:
        """Derived from the primary key, so never reused after a deletion."""
        return (
            f"{self.reference_prefix}-{self.pk:06d}"
            if self.pk
            else f"{self.reference_prefix}-(new)"
        )

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse(f"safeguarding:{self._meta.model_name}", args=[self.pk])


class SafeguardingCase(SafeguardingModel):
    """One victim's case: who, what abuse, who works it, who it is shared with, when reviewed."""

    victim = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="safeguarding_cases",
        help_text="The victim's person record.",
    )
    abuse_types = models.JSONField(default=list, blank=True, help_text="Kinds of abuse.")
    relationship = models.CharField(
        max_length=20, choices=Relationship.choices, blank=True, help_text="Perpetrator to victim."
    )
    perpetrators = models.TextField(
        blank=True, help_text="Perpetrator(s): name, date of birth, identifiers, one per line."
    )
    district = models.CharField(max_length=100, blank=True, help_text="Policing district.")
    officer_in_case = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Sees the victim's contact details.",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The officer in case's supervisor; also sees the victim's contact details.",
    )
    agencies_involved = models.ManyToManyField(
        "partners.Organisation",
        blank=True,
        related_name="+",
        help_text="Agencies working with the victim (e.g. the IDVA service). Involvement does "
        "not share the case: use 'Shared with'.",
    )
    shared_with = models.ManyToManyField(
        "partners.Organisation",
        blank=True,
        related_name="shared_safeguarding_cases",
        help_text="Partner organisations allowed to see this case (not the contact details).",
    )
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)
    review_date = models.DateField(
        null=True,
        blank=True,
        help_text="Next review: of risk and progress while open, of retention once closed. "
        "Left blank, the documented default is applied.",
    )
    summary = models.TextField(blank=True, help_text="Circumstances and safety plan notes.")
    safe_address = models.TextField(blank=True, help_text="Where the victim can be reached safely.")
    safe_phone = models.CharField(max_length=30, blank=True)
    safe_email = models.EmailField(blank=True)
    contact_notes = models.TextField(
        blank=True, help_text="When and how it is safe to make contact."
    )

    CONTACT_FIELDS: ClassVar[tuple[str, ...]] = (
        "safe_address",
        "safe_phone",
        "safe_email",
        "contact_notes",
    )
    access_policy: ClassVar[AccessPolicy] = _policy("shared_with")
    audit_redact: ClassVar[tuple[str, ...]] = (*CONTACT_FIELDS, "perpetrators", "summary")
    # Only the officer in case and the supervisor read these: no list sorts or filters by them.
    need_to_know_fields: ClassVar[tuple[str, ...]] = CONTACT_FIELDS

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = "safeguarding case"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.review_date is None:
            self.review_date = default_review_date(self)
        super().save(*args, **kwargs)

    def may_see_contact(self, user: Any) -> bool:
        """The victim's contact details: only the officer in case and their supervisor."""
        if user is None or not getattr(user, "is_authenticated", False) or user.is_partner:
            return False
        return user.pk is not None and user.pk in (self.officer_in_case_id, self.supervisor_id)

    def may_reassign(self, user: Any) -> bool:
        """Who may change the officer in case and the supervisor: the current officer in case
        or supervisor; a case with neither can be taken up by any safeguarding officer."""
        if self.may_see_contact(user):
            return True
        unassigned = self.officer_in_case_id is None and self.supervisor_id is None
        return (
            unassigned
            and user is not None
            and getattr(user, "is_authenticated", False)
            and not user.is_partner
            and user.has_role(roles.SAFEGUARDING)
        )

    def abuse_type_labels(self) -> str:
        labels = dict(AbuseType.choices)
        return ", ".join(str(labels.get(t, t)) for t in self.abuse_types or [])

    def latest_assessment(self) -> RiskAssessment | None:
        return self.risk_assessments.order_by("-assessed_at", "-id").first()


def safeguarding_officers() -> Any:
    """Active users holding the safeguarding role: the only people a case can be assigned to
    (as officer in case or supervisor)."""
    from prevhub.core.models import User

    return User.objects.filter(is_active=True, groups__name=roles.SAFEGUARDING).order_by("username")


def default_review_date(case: SafeguardingCase) -> dt.date:
    """Open: opening + PREVHUB_SAFEGUARDING_OPEN_REVIEW_DAYS. Closed: the retention review,
    closing + PREVHUB_SAFEGUARDING_RETENTION_REVIEW_YEARS (see conf.py)."""
    if case.status == CaseStatus.CLOSED:
        closed = case.closed_on or timezone.localdate()
        return deadlines.anniversary(closed, conf.retention_review_years())
    opened = case.opened_on or timezone.localdate()
    return opened + dt.timedelta(days=conf.open_review_days())


class Incident(SafeguardingModel):
    """A reported incident against the victim: the unit of repeat victimisation."""

    reference_prefix = "INC"
    case = models.ForeignKey(SafeguardingCase, on_delete=models.PROTECT, related_name="incidents")
    occurred_at = models.DateTimeField()
    crime_reference = models.CharField(max_length=40, blank=True)
    summary = models.TextField(blank=True)

    access_policy: ClassVar[AccessPolicy] = _policy("case__shared_with")
    audit_redact: ClassVar[tuple[str, ...]] = ("crime_reference", "summary")

    class Meta:
        ordering = ["-occurred_at", "-id"]


class RiskAssessment(SafeguardingModel):
    """A DASH (2009) assessment. Each assessment is kept: a new one is added, never overwritten
    (answers cannot change after recording; only the professional-judgement override can)."""

    reference_prefix = "DASH"
    case = models.ForeignKey(
        SafeguardingCase, on_delete=models.PROTECT, related_name="risk_assessments"
    )
    assessed_at = models.DateTimeField(default=timezone.now)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answers = models.JSONField(default=dict, help_text="q1..q27: yes, no or not_known.")
    score = models.PositiveSmallIntegerField(default=0, editable=False)
    computed_level = models.CharField(
        max_length=10, choices=RiskLevel.choices, default=RiskLevel.STANDARD, editable=False
    )
    override_level = models.CharField(
        max_length=10,
        choices=RiskLevel.choices,
        blank=True,
        help_text="Professional judgement: the level the officer sets instead of the score's.",
    )
    override_reason = models.TextField(blank=True)

    access_policy: ClassVar[AccessPolicy] = _policy("case__shared_with")
    audit_redact: ClassVar[tuple[str, ...]] = ("override_reason",)

    class Meta:
        ordering = ["-assessed_at", "-id"]

    @property
    def level(self) -> str:
        return self.override_level or self.computed_level

    def get_level_display(self) -> str:
        return str(dict(RiskLevel.choices)[self.level])

    def score_answers(self) -> None:
        """Score = number of "yes" answers; level from the published thresholds."""
        self.score = questions.yes_count(self.answers or {})
        self.computed_level = questions.dash_level(self.score)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.score_answers()
        super().save(*args, **kwargs)


class StalkingScreening(SafeguardingModel):
    """An S-DASH (2009) stalking screening: 11 questions, the number of "yes" answers. The
    checklist sets no threshold ("the more yes answers, the higher the risk")."""

    reference_prefix = "SDASH"
    case = models.ForeignKey(
        SafeguardingCase, on_delete=models.PROTECT, related_name="stalking_screenings"
    )
    assessed_at = models.DateTimeField(default=timezone.now)
    answers = models.JSONField(default=dict, help_text="s1..s11: yes, no or not_known.")
    score = models.PositiveSmallIntegerField(default=0, editable=False)
    notes = models.TextField(blank=True)

    access_policy: ClassVar[AccessPolicy] = _policy("case__shared_with")
    audit_redact: ClassVar[tuple[str, ...]] = ("notes",)

    class Meta:
        ordering = ["-assessed_at", "-id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.score = questions.yes_count(self.answers or {})
        super().save(*args, **kwargs)


class MaracReferral(SafeguardingModel):
    """A referral to the Multi-Agency Risk Assessment Conference, with the criteria met."""

    reference_prefix = "MARAC"
    case = models.ForeignKey(
        SafeguardingCase, on_delete=models.PROTECT, related_name="marac_referrals"
    )
    referred_on = models.DateField(default=timezone.localdate)
    visible_high_risk = models.BooleanField(
        default=False, help_text="14 or more 'yes' answers on the DASH checklist."
    )
    professional_judgement = models.BooleanField(default=False)
    potential_escalation = models.BooleanField(
        default=False, help_text="E.g. three or more police call-outs in 12 months."
    )
    repeat = models.BooleanField(
        default=False,
        editable=False,
        help_text="Set by the register: a new referral within 12 months of the victim's last.",
    )
    meeting_date = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    access_policy: ClassVar[AccessPolicy] = _policy("case__shared_with")
    audit_redact: ClassVar[tuple[str, ...]] = ("outcome",)

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = "MARAC referral"

    def criteria(self) -> list[str]:
        names = []
        for field in ("visible_high_risk", "professional_judgement", "potential_escalation"):
            if getattr(self, field):
                names.append(str(self._meta.get_field(field).verbose_name))
        if self.repeat:
            names.append("repeat within 12 months")
        return names


class MaracAction(SafeguardingModel):
    """An action agreed at the MARAC meeting, with its owner."""

    reference_prefix = "ACT"
    referral = models.ForeignKey(MaracReferral, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.CharField(max_length=200, help_text="Agency or role that owns the action.")
    due_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)

    access_policy: ClassVar[AccessPolicy] = _policy("referral__case__shared_with")
    audit_redact: ClassVar[tuple[str, ...]] = ("description",)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "MARAC action"


class ProtectionOrder(SafeguardingModel):
    """A protection notice or order through its lifecycle, with its computed legal limits.

    ``status`` changes only through services.protection_order_transition (and a breach through
    protection_order_record_breach), which enforce the lifecycle; the dates can be corrected.
    """

    reference_prefix = "ORD"
    case = models.ForeignKey(
        SafeguardingCase, on_delete=models.PROTECT, related_name="protection_orders"
    )
    kind = models.CharField(max_length=20, choices=OrderKind.choices)
    status = models.CharField(
        max_length=12, choices=OrderStatus.choices, default=OrderStatus.CONSIDERED, editable=False
    )
    notice = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        help_text="The DVPN or DAPN this order was applied for after.",
    )
    interim_order = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="main_orders",
        help_text="For an SPO: the interim SPO made on the same application; it ends when this "
        "application is determined (Stalking Protection Act 2019 s.5(6)).",
    )
    court = models.CharField(max_length=200, blank=True)
    conditions = models.TextField(blank=True, help_text="Prohibitions and requirements.")
    considered_on = models.DateField(default=timezone.localdate)
    applied_at = models.DateTimeField(null=True, blank=True)
    hearing_at = models.DateTimeField(null=True, blank=True, help_text="Hearing listed for.")
    hearing_adjourned = models.BooleanField(
        default=False, help_text="The hearing was adjourned: a notice continues until decided."
    )
    decided_at = models.DateTimeField(
        null=True, blank=True, help_text="Granted (authorised, for notices) or refused."
    )
    served_at = models.DateTimeField(null=True, blank=True)
    made_on = models.DateField(null=True, blank=True, help_text="Day the court made the order.")
    ends_on = models.DateField(
        null=True, blank=True, help_text="Last day in force, for a fixed period."
    )
    until_further_order = models.BooleanField(default=False)
    ended_at = models.DateTimeField(
        null=True, blank=True, help_text="Discharged, or (notices) the application determined."
    )
    replaces_interim = models.BooleanField(
        default=False, help_text="An SPO replacing an interim SPO: no new notification period."
    )
    notification_exempt = models.BooleanField(
        default=False,
        help_text="Subject to other notification requirements (e.g. Sexual Offences Act 2003).",
    )
    notification_received_on = models.DateField(
        null=True, blank=True, help_text="Day the subject notified name and home address."
    )

    access_policy: ClassVar[AccessPolicy] = _policy("case__shared_with")
    audit_redact: ClassVar[tuple[str, ...]] = ("conditions",)

    class Meta:
        ordering = ["-considered_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} ({self.kind.upper()})" if self.kind else self.reference

    @property
    def limits(self) -> deadlines.OrderLimits:
        return deadlines.order_limits(self)

    @property
    def expires_at(self) -> dt.datetime | None:
        return self.limits.expires_at

    @property
    def hearing_deadline(self) -> dt.datetime | None:
        return self.limits.hearing_deadline

    @property
    def notification_deadline(self) -> dt.datetime | None:
        return self.limits.notification_deadline

    @property
    def earliest_end(self) -> dt.datetime | None:
        return self.limits.earliest_end


class Breach(SafeguardingModel):
    """A breach of a notice or order in force (a criminal offence for most: docs)."""

    reference_prefix = "BR"
    order = models.ForeignKey(ProtectionOrder, on_delete=models.PROTECT, related_name="breaches")
    occurred_at = models.DateTimeField()
    description = models.TextField(help_text="What happened.")
    action_taken = models.CharField(max_length=10, choices=BreachAction.choices)
    crime_reference = models.CharField(max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    access_policy: ClassVar[AccessPolicy] = _policy("order__case__shared_with")
    audit_redact: ClassVar[tuple[str, ...]] = ("description", "crime_reference")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "breaches"


ANSWER_VALUES = frozenset(Answer.values)
