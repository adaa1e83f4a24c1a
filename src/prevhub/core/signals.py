"""Signal handlers that feed the audit log for every AuditedModel write."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from prevhub.core.audit import CREATE, DELETE, UPDATE, record_change, snapshot


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


@receiver(m2m_changed)
def _record_m2m(sender: Any, instance: Any, action: str, reverse: bool, **kwargs: Any) -> None:
    if reverse or not _audited(type(instance)):
        return
    if action.startswith("pre_"):
        instance._audit_m2m_before = snapshot(instance)
    elif action.startswith("post_"):
        before = getattr(instance, "_audit_m2m_before", None)
        record_change(UPDATE, instance, before=before, after=snapshot(instance))
