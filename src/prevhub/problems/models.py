"""SARA problems: scanning, analysis, response, assessment — with partners and a journal.

A problem is worked by a coordinator with partner agencies. Partner users see a problem only
when it is shared with their organisation, and may change only the tasks assigned to their
organisation. Stage changes go through :mod:`prevhub.problems.services`, which checks the rules.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from prevhub.core import roles
from prevhub.core.access import CHANGE, AccessPolicy, shared_with_organisation
from prevhub.core.models import AuditedModel

PROBLEM_ROLES = frozenset({roles.COORDINATOR, roles.ANALYST, roles.HUB_LEAD})


class Stage(models.TextChoices):
    SCANNING = "scanning", "Scanning"
    ANALYSIS = "analysis", "Analysis"
    RESPONSE = "response", "Response"
    ASSESSMENT = "assessment", "Assessment"
    MONITORING = "monitoring", "Monitoring"
    CLOSED = "closed", "Closed"


OPEN_STAGES = (Stage.SCANNING, Stage.ANALYSIS, Stage.RESPONSE, Stage.ASSESSMENT, Stage.MONITORING)


class ProblemType(models.TextChoices):
    PLACE = "place", "Place"
    VICTIM = "victim", "Victim"
    OFFENDER = "offender", "Offender"
    TIME = "time", "Time"
    BEHAVIOUR = "behaviour", "Behaviour"


class Priority(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


def _problem_shared(user: Any) -> Q:
    return Q(problem__shared_with=user.partner_organisation_id)


def _task_assigned(user: Any) -> Q:
    org = user.partner_organisation_id
    return Q(problem__shared_with=org, owner_organisation=org)


def _task_visible(user: Any) -> Q:
    """A partner sees, on a problem shared with them, their own organisation's tasks and the
    force's, never another partner's: which other organisations work a problem is not theirs
    to learn (docs/security.md)."""
    org = user.partner_organisation_id
    own_or_force = (
        Q(owner_organisation=org)
        | Q(owner_organisation__is_force=True)
        | Q(owner_organisation__isnull=True, owner_user__organisation__is_force=True)
    )
    return Q(problem__shared_with=org) & own_or_force


class Problem(AuditedModel):
    """One recurring problem, worked through SARA with partners."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    problem_type = models.CharField(max_length=20, choices=ProblemType.choices)
    # Where: the force, and districts and/or LSOA codes inside it (empty = the whole force).
    force = models.CharField(max_length=60, help_text="data.police.uk force id.")
    districts = models.JSONField(default=list, blank=True)
    lsoas = models.JSONField(default=list, blank=True, help_text="LSOA codes, e.g. E01028000.")
    neighbourhood = models.CharField(max_length=120, blank=True)
    crime_types = models.JSONField(
        default=list, blank=True, help_text="police.uk crime types targeted (empty = all crime)."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_problems",
        help_text="The coordinator who leads the problem.",
    )
    shared_with = models.ManyToManyField(
        "partners.Organisation",
        blank=True,
        related_name="shared_problems",
        verbose_name="partners",
        help_text="Partner organisations working the problem; their users can see it.",
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    harm = models.TextField(blank=True, help_text="Who is harmed and how badly: why it matters.")
    opened_on = models.DateField(default=dt.date.today)
    review_date = models.DateField(null=True, blank=True)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.SCANNING)
    closed_on = models.DateField(null=True, blank=True)

    # Scanning: the figures at the time, kept as they were (the store changes later).
    scanning_figures = models.JSONField(null=True, blank=True, editable=False)
    scanning_notes = models.TextField(blank=True)

    # Analysis: the problem analysis triangle and its controllers.
    victim_target = models.TextField("victim or target", blank=True)
    offender = models.TextField(blank=True)
    place = models.TextField(blank=True)
    guardian = models.TextField(blank=True, help_text="Who controls the victim or target.")
    handler = models.TextField(blank=True, help_text="Who has influence over the offender.")
    place_manager = models.TextField(blank=True, help_text="Who controls the place.")
    hypotheses = models.TextField(blank=True)
    data_sources = models.TextField(blank=True)
    crime_script = models.TextField(blank=True, help_text="How the crime is done, step by step.")

    # Assessment.
    comparison_districts = models.JSONField(default=list, blank=True)
    comparison_lsoas = models.JSONField(default=list, blank=True)
    assessment_method = models.CharField(max_length=40, blank=True)
    assessment_figures = models.JSONField(null=True, blank=True, editable=False)
    # The assessment as it was computed: which rules made it and when, and every earlier run
    # it replaced (a re-run adds to the history, never silently rewrites; a closed problem's
    # assessment is not re-run at all — see services.problem_assess).
    assessment_version = models.CharField(max_length=40, blank=True, editable=False)
    assessment_computed_at = models.DateTimeField(null=True, blank=True, editable=False)
    assessment_history = models.JSONField(default=list, blank=True, editable=False)
    displacement = models.TextField(blank=True, help_text="Displacement or diffusion of benefit.")
    lessons = models.TextField("lessons learnt", blank=True)

    access_policy: ClassVar[AccessPolicy] = AccessPolicy(
        view=PROBLEM_ROLES,
        change=frozenset({roles.COORDINATOR, roles.HUB_LEAD}),
        partner_filter=shared_with_organisation(),
    )

    class Meta:
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        """`PS-000123`: from the primary key, so never reused."""
        return f"PS-{self.pk:06d}" if self.pk else "PS-(new)"

    def get_absolute_url(self) -> str:
        return reverse("problems:problem", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.stage != Stage.CLOSED

    @property
    def review_overdue(self) -> bool:
        return self.is_open and self.review_date is not None and self.review_date < _today()

    @property
    def has_analysis(self) -> bool:
        """The triangle has at least its three sides described."""
        return all(v.strip() for v in (self.victim_target, self.offender, self.place))

    @property
    def has_assessment(self) -> bool:
        return self.assessment_figures is not None or bool(self.lessons.strip())


def _today() -> dt.date:
    return timezone.localdate()


class Intervention(AuditedModel):
    """An entry of the evidence library: a Crime Reduction Toolkit intervention and its EMMIE
    ratings (editable: a hub adds local evaluations and corrections)."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    effect = models.CharField(
        max_length=20, blank=True, help_text="reduced, mixed, no-impact, increased or unclear."
    )
    # The Toolkit's ratings as published: older pages give 0–4, newer ones words
    # ("Very strong" … "No information"); both are kept as published, never converted.
    effect_evidence = models.CharField("effect: quality of evidence", max_length=30, blank=True)
    mechanism = models.CharField(max_length=60, blank=True)
    moderators = models.CharField(max_length=60, blank=True)
    implementation = models.CharField(max_length=60, blank=True)
    economic_cost = models.CharField(max_length=60, blank=True)
    url = models.URLField(blank=True)
    source_checked = models.CharField(max_length=300, blank=True)

    access_policy: ClassVar[AccessPolicy] = AccessPolicy(
        view=frozenset(roles.ROLE_SLUGS - {roles.PARTNER}),
        change=frozenset({roles.COORDINATOR, roles.HUB_LEAD}),
        partner_filter=lambda user: Q(),  # the library is public evidence
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("problems:intervention", args=[self.pk])


class ResponseStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class Response(AuditedModel):
    """One planned response, tagged with situational crime prevention techniques (1–25)."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="responses")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    techniques = models.JSONField(
        default=list, blank=True, help_text="Numbers of the 25 techniques it uses."
    )
    intervention = models.ForeignKey(
        Intervention, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    status = models.CharField(
        max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.PLANNED
    )

    access_policy: ClassVar[AccessPolicy] = AccessPolicy(
        view=PROBLEM_ROLES,
        change=frozenset({roles.COORDINATOR, roles.HUB_LEAD}),
        partner_filter=_problem_shared,
    )

    class Meta:
        ordering = ["problem", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.problem.get_absolute_url() + "#responses"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class Task(AuditedModel):
    """Work someone has agreed to do: a hub user or a partner organisation owns it."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="tasks")
    response = models.ForeignKey(
        Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    title = models.CharField(max_length=200)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problem_tasks",
    )
    owner_organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problem_tasks",
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True, help_text="What was done.")

    access_policy: ClassVar[AccessPolicy] = AccessPolicy(
        view=PROBLEM_ROLES,
        change=frozenset({roles.COORDINATOR, roles.HUB_LEAD}),
        partner_filter=_task_visible,
        partner_actions=frozenset({"view", CHANGE}),
        partner_action_filters={CHANGE: _task_assigned},
    )

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("problems:task", args=[self.pk])

    @property
    def overdue(self) -> bool:
        return (
            self.status == TaskStatus.OPEN
            and self.due_date is not None
            and (self.due_date < _today())
        )


class JournalEntry(AuditedModel):
    """A dated note on a problem: meetings, calls, decisions."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="journal")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="problem_notes"
    )
    noted_on = models.DateField(default=dt.date.today)
    text = models.TextField()

    access_policy: ClassVar[AccessPolicy] = AccessPolicy(
        view=PROBLEM_ROLES,
        change=frozenset({roles.COORDINATOR, roles.HUB_LEAD}),
        add=PROBLEM_ROLES,
        partner_filter=_problem_shared,
    )

    class Meta:
        ordering = ["-noted_on", "-id"]
        verbose_name_plural = "journal entries"

    def __str__(self) -> str:
        return f"{self.noted_on:%d %b %Y}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return self.problem.get_absolute_url() + "#journal"


class StageChange(AuditedModel):
    """Who moved a problem from one SARA stage to the next, when and why."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=12, choices=Stage.choices)
    to_stage = models.CharField(max_length=12, choices=Stage.choices)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()

    access_policy: ClassVar[AccessPolicy] = AccessPolicy(
        view=PROBLEM_ROLES, partner_filter=_problem_shared, read_only=True
    )

    class Meta:
        ordering = ["created"]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def _attachment_path(instance: Attachment, filename: str) -> str:
    """Stored under a random name: the original name is kept in the record, never trusted
    as a path."""
    import secrets
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()
    return f"problems/{instance.problem_id}/{secrets.token_hex(16)}{suffix}"


class Attachment(AuditedModel):
    """A file kept with a problem (a partner's report, a site photo, a map). Served only
    through the app, after the same access check as the problem: never as a public URL."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=_attachment_path)
    original_name = models.CharField(max_length=255, editable=False)
    size = models.PositiveIntegerField(editable=False, default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    access_policy: ClassVar[AccessPolicy] = AccessPolicy(
        view=PROBLEM_ROLES,
        change=frozenset({roles.COORDINATOR, roles.HUB_LEAD}),
        partner_filter=_problem_shared,
    )

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("problems:attachment", args=[self.pk])
