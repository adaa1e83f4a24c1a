"""Signal handlers that feed the audit log for every AuditedModel write."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from prevhub.core.audit import (
    CREATE,
    DELETE,
    LOGIN,
    LOGIN_FAILED,
    LOGOUT,
    UPDATE,
    record_change,
    record_event,
    redacted,
    snapshot,
)


def _audited(sender: Any) -> bool:
    """Models opt in with `audit_changes = True` (AuditedModel and User do)."""
    return isinstance(sender, type) and getattr(sender, "audit_changes", False)


@receiver(pre_save)
def _remember_before(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or not _audited(sender):
        return
    before = None
    if instance.pk is not None and not instance._state.adding:
        stored = sender._base_manager.filter(pk=instance.pk).first()
        before = snapshot(stored) if stored is not None else None
    instance._audit_before = before


@receiver(post_save)
def _record_save(sender: Any, instance: Any, created: bool, raw: bool = False, **kw: Any) -> None:
    if raw or not _audited(sender):
        return
    before = None if created else getattr(instance, "_audit_before", None)
    record_change(CREATE if created else UPDATE, instance, before=before, after=snapshot(instance))


@receiver(pre_delete)
def _remember_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if _audited(sender):
        instance._audit_before = snapshot(instance)


@receiver(post_delete)
def _record_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    if _audited(sender):
        record_change(DELETE, instance, before=getattr(instance, "_audit_before", None), after=None)


_M2M_ACTIONS = {"pre_add", "pre_remove", "pre_clear", "post_add", "post_remove", "post_clear"}


@receiver(m2m_changed)
def _record_m2m(
    sender: Any, instance: Any, action: str, reverse: bool, model: Any, pk_set: Any, **kw: Any
) -> None:
    """Sharing a person with an organisation is a change to the person, from whichever side it
    is made (`person.shared_with.add(org)` or `org.shared_people.add(person)`)."""
    if action not in _M2M_ACTIONS:
        return
    if not reverse:
        changed = [instance] if _audited(type(instance)) else []
    elif _audited(model):
        changed = _reverse_targets(sender, instance, model, pk_set, action)
    else:
        return
    for obj in changed:
        if action.startswith("pre_"):
            obj._audit_m2m_before = snapshot(obj)
        else:
            before = getattr(obj, "_audit_m2m_before", None)
            record_change(UPDATE, obj, before=before, after=snapshot(obj))


def _reverse_targets(through: Any, instance: Any, model: Any, pk_set: Any, action: str) -> list:
    """The audited objects on the far side of a reverse many-to-many change.

    The same objects must carry the 'before' snapshot to the post_ signal, so they are cached
    on the instance between the pre_ and post_ calls.
    """
    cache = instance.__dict__.setdefault("_audit_reverse_targets", {})
    key = (through, action.split("_", 1)[1])
    if action.startswith("post_") and key in cache:
        objs = cache.pop(key)
        for obj in objs:
            obj.refresh_from_db()
            # refresh_from_db does not clear prefetched relations; a snapshot reads them fresh
            getattr(obj, "_prefetched_objects_cache", {}).clear()
        return objs
    if pk_set is None:  # clear(): everything currently linked to this instance
        source_fk = next(f for f in through._meta.fields if f.related_model is type(instance))
        target_fk = next(f for f in through._meta.fields if f.related_model is model)
        pk_set = set(
            through.objects.filter(**{source_fk.name: instance.pk}).values_list(
                target_fk.attname, flat=True
            )
        )
    objs = list(model._base_manager.filter(pk__in=pk_set))
    cache[key] = objs
    return objs


@receiver(user_logged_in)
def _record_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Who signed in, when, from which request."""
    _record_session_event(LOGIN, user, "signed in")


@receiver(user_logged_out)
def _record_sign_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        _record_session_event(LOGOUT, user, "signed out")


def _record_session_event(action: str, user: Any, detail: str) -> None:
    record_event(
        action,
        object_type="core.user",
        object_id=str(user.pk),
        object_repr=user.username,
        detail=detail,
        user=user,
    )


@receiver(user_login_failed)
def _record_failed_sign_in(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    """Every failed sign-in, locked-out attempts included, stays on record (django-axes' own
    records are deleted by a later success or the end of the lock-out). The user name as
    entered is fingerprinted like other personal fields (it may be a mistyped password): the
    same name gives the same fingerprint, so repeated attempts can be matched up."""
    from prevhub.core.models import User

    entered = str(credentials.get("username") or "")
    account = User.objects.filter(username=entered).only("pk").first() if entered else None
    fingerprint = redacted(entered) if entered else ""
    record_event(
        LOGIN_FAILED,
        object_type="core.user",
        object_id=str(account.pk) if account is not None else "",
        object_repr=fingerprint,
        detail="sign-in failed",
        after={"username": fingerprint},
    )
