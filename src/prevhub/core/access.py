"""Who may see and change what: one mechanism for every model, page and API endpoint.

Each model declares an :class:`AccessPolicy`; its default manager is a
:class:`~prevhub.core.querysets.RestrictedQuerySet` whose ``restrict(user, action)`` applies the
policy. Views and API viewsets only ever start from ``restrict()``, so a list never includes an
object the user may not see and opening one directly answers 404 — its existence is not revealed.

Rules, in order:
1. Inactive or anonymous users see nothing.
2. Administrators (superusers, or force users with the ``admin`` role) see and change
   everything, unless the policy says ``admin_all=False`` (personal data: need to know) or
   ``read_only`` (the audit log).
3. Users of the force holding one of the policy's roles for the action see every object.
4. Users of partner organisations see only objects matched by the policy's ``partner_filter``
   (typically: explicitly shared with their organisation), only for ``partner_actions``, and
   nothing at all once their organisation is switched off (``active=False``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet

from prevhub.core import roles

if TYPE_CHECKING:
    from prevhub.core.models import User

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ACTIONS = (VIEW, ADD, CHANGE, DELETE)


def shared_with_organisation(field_name: str = "shared_with") -> Callable[[Any], Q]:
    """Partner filter: the object's `field_name` (many-to-many to Organisation) holds theirs."""

    def _filter(user: User) -> Q:
        return Q(**{field_name: user.partner_organisation_id})

    return _filter


@dataclass(frozen=True)
class AccessPolicy:
    """Roles that may act on a model's objects, and what partners may see of them."""

    view: frozenset[str] = frozenset()
    change: frozenset[str] = frozenset()
    partner_filter: Callable[[Any], Q] | None = None
    partner_actions: frozenset[str] = frozenset({VIEW})
    # Narrower partner filters per action, e.g. partners view every task of a problem shared
    # with them but change only the tasks assigned to their organisation.
    partner_action_filters: dict[str, Callable[[Any], Q]] = field(default_factory=dict)
    # Need to know inside the force: a filter applied to force users whose role grants access
    # (e.g. people who are victims on the safeguarding register: safeguarding officers only).
    force_filter: Callable[[Any], Q] | None = None
    admin_all: bool = True
    read_only: bool = False
    add: frozenset[str] | None = None  # defaults to `change`
    delete: frozenset[str] | None = None  # defaults to `change`

    def roles_for(self, action: str) -> frozenset[str]:
        if action == VIEW:
            return self.view | self.change
        if action == ADD:
            return self.change if self.add is None else self.add
        if action == DELETE:
            return self.change if self.delete is None else self.delete
        return self.change

    def restrict(self, queryset: QuerySet, user: User | Any, action: str = VIEW) -> QuerySet:
        """The part of `queryset` this user may perform `action` on."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if user is None or not user.is_authenticated or not user.is_active:
            return queryset.none()
        if self.read_only and action != VIEW:
            return queryset.none()
        if user.is_hub_admin and self.admin_all:
            return queryset
        if not user.is_partner and user.role_slugs & self.roles_for(action):
            if self.force_filter is not None:
                return queryset.filter(self.force_filter(user)).distinct()
            return queryset
        if self._partner_may(user, action):
            flt = self.partner_action_filters.get(action, self.partner_filter)
            return queryset.filter(flt(user)).distinct()  # type: ignore[misc]
        return queryset.none()

    def _partner_may(self, user: Any, action: str) -> bool:
        """A partner user of an active organisation, for an action partners may take."""
        return (
            user.is_partner
            and self.partner_filter is not None
            and action in self.partner_actions
            and user.partner_organisation_id is not None
        )

    def can(self, user: User | Any, action: str) -> bool:
        """Whether the user may perform `action` on *some* object (e.g. open the add page)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if self.read_only and action != VIEW:
            return False
        if user.is_hub_admin and self.admin_all:
            return True
        if not user.is_partner and user.role_slugs & self.roles_for(action):
            return True
        return (
            user.is_partner and self.partner_filter is not None and action in self.partner_actions
        )


ADMIN_ONLY = AccessPolicy(view=frozenset({roles.ADMIN}), change=frozenset({roles.ADMIN}))


def field_path_hidden(model: type[Any], path: str) -> bool:
    """Whether a field path (`victim__address`, `-safe_phone`) reaches a need-to-know field of
    any model on its way (``AuditedModel.need_to_know_fields``): such a path may never sort or
    filter a list. A path that is not made of model fields (a filter's method name) is not."""
    current: Any = model
    for part in path.lstrip("-").split("__"):
        if part in getattr(current, "need_to_know_fields", ()):
            return True
        try:
            f = current._meta.get_field(part)
        except FieldDoesNotExist:  # a filter's method name, or a lookup such as `date`
            return False
        if f.related_model is None:
            return False
        current = f.related_model
    return False
