"""The substances register: diversion episodes (eligibility checked against configurable
rules, conditions, appointments, treatment referral, completion, breach), and drug testing on
arrest and naloxone supplied as monthly counts that name nobody.

Need-to-know exactly as the reoffending register: offender managers only, administrators not by
virtue of administering, partners (e.g. the treatment provider) see only episodes shared with
them, the hub lead sees aggregate measures only. Every read is audited; personal free text and
the offender reference stay out of the audit log. Deletion at retention review only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from prevhub.core import roles
from prevhub.core.access import AccessPolicy, shared_with_organisation
from prevhub.core.models import AuditedModel
from prevhub.reoffending.checks import Checks
from prevhub.substances import conf
from prevhub.substances.choices import Answer, Attendance, BreachAction, Ethnicity, Outcome, Sex

OFFENDER_MANAGERS = frozenset({roles.OFFENDER_MANAGER})
UNKNOWN_OFFENCE = "{code} is not a Home Office offence code the hub knows."
UNKNOWN_SCHEME = "{scheme} is not one of the schemes configured: {known}."
BAD_ELIGIBILITY = "Each eligibility rule is 'met' or 'not_met'; unknown: {names}."


def _policy(shared_with_path: str | None) -> AccessPolicy:
    return AccessPolicy(
        view=OFFENDER_MANAGERS,
        change=OFFENDER_MANAGERS,
        delete=frozenset() if shared_with_path else None,
        partner_filter=shared_with_organisation(shared_with_path) if shared_with_path else None,
        admin_all=False,
    )


def valid_offence_code(value: str) -> None:
    from prevhub.crime.classification import offences

    if value.strip().upper() not in offences():
        raise ValidationError(UNKNOWN_OFFENCE.format(code=value))


def valid_scheme(value: str) -> None:
    known = conf.schemes()
    if value not in known:
        raise ValidationError(UNKNOWN_SCHEME.format(scheme=value, known=", ".join(known)))


def valid_eligibility(value: Any) -> None:
    keys = {rule["key"] for rule in conf.eligibility_rules()}
    if not isinstance(value, dict):
        raise ValidationError(BAD_ELIGIBILITY.format(names="(not a mapping)"))
    bad = sorted(k for k, v in value.items() if k not in keys or v not in Answer.values)
    if bad:
        raise ValidationError(BAD_ELIGIBILITY.format(names=", ".join(bad)))


class SubstancesModel(AuditedModel):
    audit_reads: ClassVar[bool] = True
    reference_prefix: ClassVar[str] = "DIV"

    class Meta:
        abstract = True

    @property
    def reference(self) -> str:
        prefix = self.reference_prefix
        return f"{prefix}-{self.pk:06d}" if self.pk else f"{prefix}-(new)"

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse(f"substances:{self._meta.model_name}", args=[self.pk])


class DiversionEpisode(SubstancesModel):
    """One person's diversion from prosecution for one offence, from eligibility to outcome."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="diversion_episodes"
    )
    offender_reference = models.CharField(
        max_length=40,
        blank=True,
        help_text="The force's offender id, as in the recorded-crime extract (for the "
        "reoffending follow-up; keyed with the crime store's salt, never sent as it is).",
    )
    offence_code = models.CharField(
        max_length=8, validators=[valid_offence_code], help_text="Home Office offence code."
    )
    offence_date = models.DateField()
    scheme = models.CharField(max_length=40, validators=[valid_scheme])
    sex = models.CharField(max_length=12, choices=Sex.choices, default=Sex.NOT_STATED)
    ethnicity = models.CharField(
        max_length=12,
        choices=Ethnicity.choices,
        default=Ethnicity.NOT_STATED,
        help_text="Self-defined, ONS 2021 high-level groups.",
    )
    eligibility = models.JSONField(
        default=dict,
        blank=True,
        validators=[valid_eligibility],
        help_text="Each configured rule: met or not met. Age and offence are checked by the "
        "register from the person's date of birth and the offence code.",
    )
    decided_on = models.DateField(default=timezone.localdate, help_text="Eligibility decided.")
    offered_on = models.DateField(null=True, blank=True)
    accepted = models.BooleanField(null=True, blank=True, help_text="Blank: not asked yet.")
    accepted_on = models.DateField(null=True, blank=True)
    treatment_provider = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The treatment or education provider the person is referred to.",
    )
    referred_on = models.DateField(null=True, blank=True)
    first_appointment_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    not_completed_on = models.DateField(
        null=True, blank=True, help_text="Day the episode ended without completion."
    )
    breached_on = models.DateField(null=True, blank=True)
    breach_action = models.CharField(max_length=12, choices=BreachAction.choices, blank=True)
    breach_notes = models.TextField(blank=True, help_text="What followed the breach.")
    outcome = models.CharField(
        max_length=15, choices=Outcome.choices, default=Outcome.CONSIDERED, editable=False
    )
    shared_with = models.ManyToManyField(
        "partners.Organisation",
        blank=True,
        related_name="shared_diversion_episodes",
        help_text="Partner organisations allowed to see this episode (e.g. the provider).",
    )

    access_policy: ClassVar[AccessPolicy] = _policy("shared_with")
    audit_redact: ClassVar[tuple[str, ...]] = ("offender_reference", "breach_notes")
    need_to_know_fields: ClassVar[tuple[str, ...]] = ("offender_reference",)
    checks: ClassVar[Checks] = Checks(
        order=(
            ("offence_date", "decided_on"),
            ("decided_on", "offered_on"),
            ("offered_on", "accepted_on"),
            ("accepted_on", "completed_on"),
            ("accepted_on", "not_completed_on"),
            ("accepted_on", "breached_on"),
            ("offence_date", "referred_on"),
            ("referred_on", "first_appointment_on"),
        ),
        not_future=(
            "offence_date",
            "decided_on",
            "offered_on",
            "accepted_on",
            "referred_on",
            "completed_on",
            "not_completed_on",
            "breached_on",
        ),
    )

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = "diversion episode"

    def age_at_offence(self) -> int | None:
        born = getattr(self.person, "date_of_birth", None) if self.person_id else None
        if born is None or self.offence_date is None:
            return None
        day = self.offence_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def checked_eligibility(self) -> dict[str, str]:
        """The answers, with age and offence decided by the register where it can."""
        answers = dict(self.eligibility or {})
        age = self.age_at_offence()
        if age is not None:
            ok = conf.min_age() <= age <= conf.max_age()
            answers["age"] = Answer.MET if ok else Answer.NOT_MET
        if self.offence_code:
            ok = self.offence_code.strip().upper() in conf.eligible_offences()
            answers["offence"] = Answer.MET if ok else Answer.NOT_MET
        return answers

    @property
    def eligible(self) -> bool:
        answers = self.eligibility or {}
        return all(answers.get(r["key"]) == Answer.MET for r in conf.eligibility_rules())

    def eligibility_rows(self) -> list[tuple[str, str]]:
        """Each configured rule in words, with its answer (shown on the episode's page)."""
        words = dict(Answer.choices)
        answers = self.eligibility or {}
        return [
            (rule["label"], str(words.get(answers.get(rule["key"]), "Not recorded")))
            for rule in conf.eligibility_rules()
        ]

    def derived_outcome(self) -> str:
        if not self.eligible:
            return Outcome.INELIGIBLE
        if self.offered_on is None:
            return Outcome.NOT_OFFERED
        if self.accepted is False:
            return Outcome.DECLINED
        if self.accepted is None:
            return Outcome.CONSIDERED
        if self.completed_on is not None:
            return Outcome.COMPLETED
        if self.not_completed_on is not None:
            return Outcome.NOT_COMPLETED
        return Outcome.IN_PROGRESS

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.offence_code = (self.offence_code or "").strip().upper()
        self.eligibility = self.checked_eligibility()
        self.outcome = self.derived_outcome()
        super().save(*args, **kwargs)

    def get_scheme_display(self) -> str:
        return str(conf.schemes().get(self.scheme, {}).get("label", self.scheme))

    @property
    def ended_on(self) -> dt.date | None:
        return self.completed_on or self.not_completed_on


class DiversionCondition(SubstancesModel):
    """A condition of a deferred-prosecution contract, with its due date."""

    reference_prefix = "CON"
    episode = models.ForeignKey(
        DiversionEpisode, on_delete=models.PROTECT, related_name="conditions"
    )
    description = models.TextField()
    due_on = models.DateField()
    met_on = models.DateField(null=True, blank=True)

    access_policy: ClassVar[AccessPolicy] = _policy("episode__shared_with")
    audit_redact: ClassVar[tuple[str, ...]] = ("description",)
    checks: ClassVar[Checks] = Checks(not_future=("met_on",))

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "diversion condition"


class DiversionAppointment(SubstancesModel):
    """An appointment with the provider or course, and whether the person attended."""

    reference_prefix = "APT"
    episode = models.ForeignKey(
        DiversionEpisode, on_delete=models.PROTECT, related_name="appointments"
    )
    on = models.DateField("date")
    attendance = models.CharField(max_length=16, choices=Attendance.choices, blank=True)

    access_policy: ClassVar[AccessPolicy] = _policy("episode__shared_with")
    checks: ClassVar[Checks] = Checks()

    class Meta:
        ordering = ["on", "id"]
        verbose_name = "diversion appointment"


def _count(help_text: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(default=0, help_text=help_text)


MAX_MONTHLY_COUNT = 1_000_000


class DrugTestCount(SubstancesModel):
    """Drug tests on arrest in a month (Police and Criminal Evidence Act 1984 s.63B), counts
    only: never linked to a person."""

    reference_prefix = "DTA"
    month = models.DateField(help_text="The first day of the month counted.")
    tests = _count("Tests carried out.")
    positive_cocaine = _count("Positive for cocaine only.")
    positive_opiates = _count("Positive for opiates only.")
    positive_both = _count("Positive for both.")

    access_policy: ClassVar[AccessPolicy] = _policy(None)
    checks: ClassVar[Checks] = Checks(
        not_future=("month",),
        ranges={"tests": lambda: (0, MAX_MONTHLY_COUNT)},
        not_above=(
            ("positive_cocaine", "tests"),
            ("positive_opiates", "tests"),
            ("positive_both", "tests"),
        ),
    )

    class Meta:
        ordering = ["-month", "-id"]
        verbose_name = "drug test count"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)

    @property
    def positive(self) -> int:
        return self.positive_cocaine + self.positive_opiates + self.positive_both


class NaloxoneSupply(SubstancesModel):
    """Naloxone kits supplied in a month, by where: counts only, never linked to a person."""

    reference_prefix = "NAL"
    month = models.DateField(help_text="The first day of the month counted.")
    kits = models.PositiveIntegerField(help_text="Kits supplied.")
    setting = models.CharField(
        max_length=100, blank=True, help_text="Where: custody suite, outreach, partner site."
    )

    access_policy: ClassVar[AccessPolicy] = _policy(None)
    checks: ClassVar[Checks] = Checks(
        not_future=("month",), ranges={"kits": lambda: (0, MAX_MONTHLY_COUNT)}
    )

    class Meta:
        ordering = ["-month", "-id"]
        verbose_name = "naloxone supply"
        verbose_name_plural = "naloxone supplies"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)
