"""Audit: who changed or read what, when, from where, with before/after values.

Every create, update and delete of an :class:`~prevhub.core.models.AuditedModel` is recorded by
signals (see ``signals.py``), whatever made it — a page, the API, the CLI or a background job —
because each of those enters an *audit context* naming the actor and the channel. Reads of models
marked ``audit_reads = True`` are recorded by the views that show them (:func:`record_reads`):
DPA 2018 s.62 requires logs of consultation and disclosure for law-enforcement processing.

Inside :func:`audit_batch` (every generic edit view, API write and service uses one) changes are
held until the block ends and merged per object, so one user action — a save plus its
many-to-many fields — leaves exactly one entry.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.fields.files import FieldFile

if TYPE_CHECKING:
    from django.http import HttpRequest

    from prevhub.core.models import AuditEntry, User

CREATE, UPDATE, DELETE, VIEW = "create", "update", "delete", "view"
LOGIN, LOGOUT, LOGIN_FAILED = "login", "logout", "login_fail"
SOURCES = ("web", "api", "cli", "job", "sso", "system")


@dataclass
class _Pending:
    action: str
    instance_type: str
    object_id: str
    object_repr: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass
class AuditContext:
    """Who is acting and through which channel; the request is kept to read its user lazily
    (DRF authenticates tokens inside the view, after middleware has run)."""

    source: str = "system"
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    user: User | None = None
    request: HttpRequest | None = None
    operator: str = ""  # the operating-system account behind a CLI or job write
    batch: dict[tuple[str, str], _Pending] | None = None

    def actor(self) -> User | None:
        if self.user is not None:
            return self.user
        if self.request is not None:
            user = getattr(self.request, "user", None)
            if user is not None and user.is_authenticated:
                return user
        return None

    def actor_name(self) -> str:
        """The hub user's name, else `os:<account>` for the CLI and jobs, else ''."""
        actor = self.actor()
        if actor is not None:
            return actor.username
        return f"os:{self.operator}" if self.operator else ""


_context: ContextVar[AuditContext | None] = ContextVar("prevhub_audit_context", default=None)


def current_context() -> AuditContext:
    """The active context, or a 'system' one for writes made outside any channel."""
    ctx = _context.get()
    return ctx if ctx is not None else AuditContext()


@contextmanager
def audit_context(
    *,
    source: str,
    user: User | None = None,
    request: HttpRequest | None = None,
    request_id: str | None = None,
    operator: str | None = None,
) -> Iterator[AuditContext]:
    """Enter a channel: the CLI and background jobs call this with the acting user.

    Outside a web request the operating-system account is recorded too (`operator`), so a CLI
    write is never anonymous even when no hub user is named.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown audit source {source!r}")
    if operator is None and request is None:
        operator = _os_account()
    ctx = AuditContext(source=source, user=user, request=request, operator=operator or "")
    if request_id:
        ctx.request_id = request_id
    token = _context.set(ctx)
    try:
        yield ctx
    finally:
        _context.reset(token)


@contextmanager
def audit_batch() -> Iterator[None]:
    """Hold changes until the block ends and write one entry per object (inside one transaction)."""
    ctx = _context.get()
    if ctx is None:
        with audit_context(source="system"), audit_batch():
            yield
        return
    if ctx.batch is not None:  # nested: the outer batch writes
        yield
        return
    ctx.batch = {}
    try:
        with transaction.atomic():
            yield
            pending = list(ctx.batch.values())
            ctx.batch = None
            _write(ctx, pending)
    finally:
        ctx.batch = None


def _os_account() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def redacted(value: Any) -> str:
    """A secret's stand-in: never the value, but different when the value changes, so a
    password change is still recorded as a change (a keyed hash, useless without SECRET_KEY)."""
    import hashlib
    import hmac

    from django.conf import settings

    digest = hmac.new(settings.SECRET_KEY.encode(), str(value).encode(), hashlib.sha256)
    return f"[redacted:{digest.hexdigest()[:8]}]"


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The object's field values as JSON-safe data (many-to-many as sorted primary keys)."""
    data: dict[str, Any] = {}
    secret = set(getattr(instance, "audit_redact", ()))
    for f in instance._meta.concrete_fields:
        value = getattr(instance, f.attname)
        data[f.attname] = redacted(value) if f.name in secret and value else value
    if instance.pk is not None:
        for f in instance._meta.many_to_many:
            data[f.name] = sorted(getattr(instance, f.name).values_list("pk", flat=True))
    encoder = DjangoJSONEncoder()
    return {k: _json_safe(v, encoder) for k, v in data.items()}


def _json_safe(value: Any, encoder: DjangoJSONEncoder) -> Any:
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    if isinstance(value, FieldFile):
        return value.name or None  # the stored file's name, not its content
    return encoder.default(value)


def type_label(instance_or_model: models.Model | type[models.Model]) -> str:
    """`app_label.model`, the stable name of a model in the audit log."""
    meta = instance_or_model._meta
    return f"{meta.app_label}.{meta.model_name}"


def record_change(
    action: str,
    instance: models.Model,
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Record a create, update or delete (signals call this; services rarely need to)."""
    ctx = current_context()
    pending = _Pending(
        action=action,
        instance_type=type_label(instance),
        object_id=str(instance.pk),
        object_repr=audit_label(instance),
        before=before,
        after=after,
    )
    if ctx.batch is None:
        _write(ctx, [pending])
        return
    key = (pending.instance_type, pending.object_id)
    earlier = ctx.batch.get(key)
    if earlier is None:
        ctx.batch[key] = pending
    else:  # merge: keep the first 'before', the last 'after', the strongest action
        earlier.after = pending.after
        earlier.object_repr = pending.object_repr
        if action == DELETE:
            earlier.action = DELETE
        if action == UPDATE and earlier.action == CREATE:
            earlier.before = None


def audit_label(obj: models.Model) -> str:
    """How the log names a record: its `audit_label()` where the model has one (people are
    named by reference, so no name enters the append-only log), else its `str()`."""
    label = getattr(obj, "audit_label", None)
    return (label() if callable(label) else str(obj))[:200]


def record_reads(objects: Iterable[models.Model], *, how: str, user: User | None = None) -> int:
    """Record that the current user consulted these records (sensitive models only).

    `how` says what the user saw: 'detail', 'list', 'export', 'api'. Returns the entry count.
    """
    from prevhub.core.models import AuditEntry

    ctx = current_context()
    actor = user or ctx.actor()
    entries = [
        AuditEntry(
            user=actor,
            username=getattr(actor, "username", "") or ctx.actor_name(),
            action=VIEW,
            object_type=type_label(obj),
            object_id=str(obj.pk),
            object_repr=audit_label(obj),
            request_id=ctx.request_id,
            source=ctx.source,
            detail=how,
        )
        for obj in objects
        if getattr(obj, "audit_reads", False)
    ]
    AuditEntry.objects.bulk_create(entries)
    return len(entries)


LIST_OBJECT_ID = "list"


def record_list_read(objects: Iterable[models.Model], *, how: str) -> AuditEntry | None:
    """Record one read of a list (a page of a list, an API list page, an export) as ONE entry
    naming every sensitive record shown: `after` holds their references (`shown`) and ids
    (`ids`, as ``",12,15,"`` so the log can be searched for one record's consultations; see
    :func:`shown_in_list`). Records of models without ``audit_reads`` are not logged; a list
    showing none of them leaves no entry. Returns the entry."""
    from prevhub.core.models import AuditEntry

    shown = [obj for obj in objects if getattr(obj, "audit_reads", False)]
    if not shown:
        return None
    ctx = current_context()
    actor = ctx.actor()
    references = [audit_label(obj) for obj in shown]
    summary = f"{len(shown)} shown: {', '.join(references)}"
    return AuditEntry.objects.create(
        user=actor,
        username=ctx.actor_name(),
        action=VIEW,
        object_type=type_label(shown[0]),
        object_id=LIST_OBJECT_ID,
        object_repr=summary if len(summary) <= 200 else summary[:199] + "…",
        request_id=ctx.request_id,
        source=ctx.source,
        detail=how,
        after={"shown": references, "ids": "," + ",".join(str(o.pk) for o in shown) + ","},
    )


def shown_in_list(object_id: str) -> Any:
    """A query for the list reads that showed the record with this id (with the type filter,
    every consultation of one record: its own entries and the lists it appeared in)."""
    from django.db.models import Q

    return Q(action=VIEW, object_id=LIST_OBJECT_ID, after__ids__icontains=f",{object_id},")


def record_event(
    action: str,
    *,
    object_type: str,
    object_id: str,
    object_repr: str = "",
    detail: str = "",
    after: dict[str, Any] | None = None,
    user: User | None = None,
) -> AuditEntry:
    """Record an event that is not a change to an audited model (an API token issued, a
    sign-in). `user` names the actor when the context cannot (e.g. at the moment of sign-in)."""
    from prevhub.core.models import AuditEntry

    ctx = current_context()
    actor = user or ctx.actor()
    return AuditEntry.objects.create(
        user=actor,
        username=actor.username if actor is not None else ctx.actor_name(),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        request_id=ctx.request_id,
        source=ctx.source,
        detail=detail,
        after=after,
    )


BOOKKEEPING_FIELDS = frozenset({"last_updated", "last_login"})


def _same(before: dict[str, Any] | None, after: dict[str, Any] | None) -> bool:
    """An update that changed nothing but timestamps is not worth an entry."""
    strip = lambda d: {k: v for k, v in (d or {}).items() if k not in BOOKKEEPING_FIELDS}  # noqa: E731
    return strip(before) == strip(after)


def _write(ctx: AuditContext, pending: list[_Pending]) -> list[AuditEntry]:
    from prevhub.core.models import AuditEntry

    actor = ctx.actor()
    entries = [
        AuditEntry(
            user=actor,
            username=ctx.actor_name(),
            action=p.action,
            object_type=p.instance_type,
            object_id=p.object_id,
            object_repr=p.object_repr,
            request_id=ctx.request_id,
            source=ctx.source,
            before=p.before,
            after=p.after,
        )
        for p in pending
        if not (p.action == UPDATE and _same(p.before, p.after))
    ]
    return AuditEntry.objects.bulk_create(entries)


def record_sensitive_audit_reads(entries: Iterable[AuditEntry]) -> int:
    """Reading an audit entry about a sensitive record shows that record's values: log it as a
    read of the record itself (how='audit log')."""
    from django.apps import apps

    ctx = current_context()
    from prevhub.core.models import AuditEntry

    reads = []
    for entry in entries:
        try:
            model = apps.get_model(entry.object_type)
        except (LookupError, ValueError):
            continue
        # A read ('view') carries no values, only references: reading it reads no record.
        if (
            getattr(model, "audit_reads", False)
            and entry.action != VIEW
            and (entry.before or entry.after)
        ):
            reads.append(
                AuditEntry(
                    user=ctx.actor(),
                    username=ctx.actor_name(),
                    action=VIEW,
                    object_type=entry.object_type,
                    object_id=entry.object_id,
                    object_repr=entry.object_repr,
                    request_id=ctx.request_id,
                    source=ctx.source,
                    detail="audit log",
                )
            )
    AuditEntry.objects.bulk_create(reads)
    return len(reads)
