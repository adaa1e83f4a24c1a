"""Platform models: users, the abstract base every hub model inherits, the audit log."""

from __future__ import annotations

from functools import cached_property
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse

from prevhub.core import roles
from prevhub.core.access import ADMIN_ONLY, AccessPolicy
from prevhub.core.audit import BOOKKEEPING_FIELDS
from prevhub.core.querysets import RestrictedQuerySet


class AuditedModel(models.Model):
    """Base of every hub record: timestamps, restricted default manager, and the audit log.

    Set ``audit_reads = True`` on models holding sensitive personal data: every read of one is
    then recorded. ``audit_redact`` names fields whose values never enter the audit log.
    ``need_to_know_fields`` names fields that only some of the users who see a record may read
    (a victim's safe contact details): lists never sort or filter by them, for anyone, since a
    sorted list of records a user may see tells them where a hidden value falls
    (``core.access.field_path_hidden``).
    """

    created = models.DateTimeField(auto_now_add=True)
    last_updated = models.DateTimeField(auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    access_policy: ClassVar[AccessPolicy] = ADMIN_ONLY
    audit_changes: ClassVar[bool] = True
    audit_reads: ClassVar[bool] = False
    audit_redact: ClassVar[tuple[str, ...]] = ()
    need_to_know_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True


class HubUserManager(UserManager.from_queryset(RestrictedQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    """A person who signs in: belongs to one organisation, holds roles (groups named by slug)."""

    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="The force, or the partner organisation the user works for.",
    )
    job_title = models.CharField(max_length=120, blank=True)
    sso_subject = models.CharField(
        max_length=300,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Issuer and immutable subject (Entra: object id) of the single sign-on "
        "identity; sign-in matches on this, never on a changeable e-mail address.",
    )

    objects = HubUserManager()

    access_policy: ClassVar[AccessPolicy] = ADMIN_ONLY
    audit_changes: ClassVar[bool] = True
    audit_redact: ClassVar[tuple[str, ...]] = ("password",)

    class Meta:
        ordering = ["username"]

    @cached_property
    def role_slugs(self) -> frozenset[str]:
        # A list of users prefetches their groups: read those rather than ask once per user.
        if "groups" in getattr(self, "_prefetched_objects_cache", {}):
            names = [g.name for g in self.groups.all()]
        else:
            names = list(self.groups.values_list("name", flat=True))
        return frozenset(names) & roles.ROLE_SLUGS

    def has_role(self, *slugs: str) -> bool:
        return bool(self.role_slugs & set(slugs))

    @property
    def is_hub_admin(self) -> bool:
        """Superusers, and force users holding the admin role (never a partner's user)."""
        if not self.is_active:
            return False
        return self.is_superuser or (roles.ADMIN in self.role_slugs and not self.is_partner)

    @cached_property
    def is_partner(self) -> bool:
        """Partner users (any organisation but the force, or the partner role) see only shares."""
        if self.is_superuser:
            return False
        if roles.PARTNER in self.role_slugs:
            return True
        org = self.organisation
        return org is None or not org.is_force

    @property
    def partner_organisation_id(self) -> int | None:
        """The organisation whose shares a partner user sees: none if it has been switched off."""
        org = self.organisation
        return org.pk if org is not None and org.active else None

    def get_absolute_url(self) -> str:
        return reverse("core:user", args=[self.pk])


class AuditEntryQuerySet(RestrictedQuerySet):
    """Audit entries are append-only: bulk updates and deletes are refused."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    """One recorded action: who, when, through which channel and request, before and after."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Updated"
        DELETE = "delete", "Deleted"
        VIEW = "view", "Viewed"
        LOGIN = "login", "Signed in"
        LOGOUT = "logout", "Signed out"
        LOGIN_FAILED = "login_fail", "Sign-in failed"

    timestamp = models.DateTimeField(auto_now_add=True, db_index=True)
    # No database constraint and no cascade: deleting a user must not rewrite audit history
    # (and PostgreSQL's append-only trigger would refuse it); `username` keeps who it was.
    user = models.ForeignKey(
        User,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(max_length=150, blank=True, help_text="Kept if the user goes.")
    action = models.CharField(max_length=10, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(max_length=200, blank=True)
    request_id = models.CharField(max_length=64, db_index=True)
    source = models.CharField(max_length=10, default="system")
    detail = models.CharField(max_length=200, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    access_policy: ClassVar[AccessPolicy] = AccessPolicy(
        view=frozenset({roles.ADMIN}), read_only=True
    )

    class Meta:
        ordering = ["-timestamp", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        """In words, for page titles: `lister: Viewed Person list`."""
        from prevhub.core.formatting import label

        what = f"{label(self.object_type)} {self.object_id}".strip()
        return f"{self.username or 'system'}: {self.get_action_display()} {what}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("core:auditentry", args=[self.pk])

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries cannot be deleted.")

    @property
    def shown(self) -> list[str]:
        """The records a list read showed (references), for a read of a list page, API list
        or export; empty for any other entry."""
        if self.action != self.Action.VIEW or not isinstance(self.after, dict):
            return []
        return list(self.after.get("shown", []))

    @property
    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for every field whose value differs (none for a read)."""
        if self.action == self.Action.VIEW:
            return []
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [
            (k, before.get(k), after.get(k))
            for k in keys
            if before.get(k) != after.get(k) and k not in BOOKKEEPING_FIELDS
        ]


class JobRun(models.Model):
    """One run of a background job (``core.jobs``): who asked, progress, outcome.

    Not an audited record itself (its writes are the queue's bookkeeping); what a job changes
    is audited with source "job" and the requesting user. ``params`` and ``result`` never hold
    personal data (a period, a file name, counts).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=80, db_index=True)
    title = models.CharField(max_length=120)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    scheduled = models.BooleanField(default=False, help_text="Started by its schedule.")
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    worker = models.CharField(max_length=120, blank=True, help_text="host:pid that ran it.")
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("core:jobrun", args=[self.pk])

    @property
    def percent(self) -> int | None:
        """How far through, when the job says (None: it has not said)."""
        if self.status == self.Status.DONE:
            return 100
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def finished_state(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
