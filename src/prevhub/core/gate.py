"""The one gate: may this user open this area of the hub? Pages and API alike.

Every page of an app is mounted under its area's prefix and every API route it registers is
recorded against its area (see :mod:`prevhub.core.registry`), so the gate is applied by
construction — by :class:`AreaGateMiddleware` for pages and :class:`AreaPermission` for the
API — and no view repeats the rule. An area the user has no part in answers 404, exactly as an
object they may not see: its existence is not revealed.

What "a part" is, one rule for every area:

- a force user has a part in an area when they hold one of its roles;
- an administrator has a part in every area, except one declared ``admin_all=False`` (need to
  know: safeguarding, the person index), where without the role they have none — or, where the
  area declares ``admin_landing``, only its landing page, which tells them the register exists
  but not what is in it;
- a partner organisation's user has a part in an area when a record of one of the area's
  ``partner_models`` is shared with their organisation, and then opens only the area's
  ``partner_pages`` (every page when that is ``None``). A partner with nothing shared is a 404.

Inside an area, which *records* a user sees is the models' :class:`~prevhub.core.access.
AccessPolicy`; the gate only decides whether the door opens.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest, HttpResponse
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission

from prevhub.core.access import VIEW

if TYPE_CHECKING:
    from django.db import models


@dataclass(frozen=True)
class Area:
    """One area of the hub: what the navigation shows and who may open it.

    ``home`` is the URL name of the area's landing page; an area whose app is not installed
    has none and leads to an honest "not available yet" page instead.
    """

    slug: str
    label: str
    summary: str
    roles: frozenset[str]
    home: str | None = None
    #: "app_label.ModelName" of records that can be shared with a partner organisation; a
    #: partner with one of them shared has a part in the area.
    partner_models: tuple[str, ...] = ()
    #: Page URL names and API basenames a partner with a part may open (None: every one).
    partner_pages: frozenset[str] | None = None
    #: Where a partner's navigation link leads (defaults to ``home``).
    partner_home: str | None = None
    #: False for need-to-know areas: an administrator without the role has no part in them...
    admin_all: bool = True
    #: ...except, when True, the landing page, which says the register exists but not what is
    #: in it (so an administrator knows to give the role rather than suspect a fault).
    admin_landing: bool = False
    order: int = 100

    @property
    def available(self) -> bool:
        return self.home is not None

    def url_name_for(self, user: Any) -> str:
        if self.home is None:
            return f"area:{self.slug}"
        if getattr(user, "is_partner", False) and self.partner_home:
            return self.partner_home
        return self.home


@dataclass
class _Parts:
    """What one user has a part in, worked out once per request (the user object lives for
    one request)."""

    partner: dict[str, bool] = field(default_factory=dict)


def _parts(user: Any) -> _Parts:
    parts = getattr(user, "_hub_gate_parts", None)
    if parts is None:
        parts = _Parts()
        with contextlib.suppress(AttributeError):  # objects without a __dict__
            user._hub_gate_parts = parts
    return parts


def _model(label: str) -> type[models.Model]:
    from django.apps import apps

    return apps.get_model(label)


def partner_has_part(user: Any, area: Area) -> bool:
    """Whether something of this area is shared with the partner user's organisation."""
    cache = _parts(user).partner
    if area.slug not in cache:
        cache[area.slug] = any(
            _model(label).objects.restrict(user, VIEW).exists()  # type: ignore[attr-defined]
            for label in area.partner_models
        )
    return cache[area.slug]


def has_part(user: Any, area: Area) -> bool:
    """May this user open this area at all (its navigation entry and landing page)?"""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_partner:
        return partner_has_part(user, area)
    if user.role_slugs & area.roles:
        return True
    return bool(user.is_hub_admin) and (area.admin_all or area.admin_landing)


def may_open(user: Any, area: Area, name: str | None = None) -> bool:
    """May this user open the page (URL name) or API route (basename) `name` of `area`?

    `name=None` asks about the area as a whole (navigation, landing page).
    """
    if not has_part(user, area):
        return False
    if user.is_partner:
        return area.partner_pages is None or name is None or name in area.partner_pages
    if user.role_slugs & area.roles or area.admin_all:
        return True
    # An administrator without the role in a need-to-know area: the landing page only.
    return name is None or (area.home is not None and name == area.home.split(":")[-1])


def has_part_in_register(user: Any, model: type[models.Model]) -> bool:
    """May this user open the list of this register (model)? The same rule as areas, at the
    level of one model: a partner sees a list only when something in it is shared with them
    (an empty list would still tell them the register exists)."""
    policy = model.access_policy  # type: ignore[attr-defined]
    if not policy.can(user, VIEW):
        return False
    if user.is_partner:
        return model.objects.restrict(user, VIEW).exists()  # type: ignore[attr-defined]
    return True


def refused(request: HttpRequest) -> Http404:
    """The 404 the gate answers with; marked so tests can tell it from a missing object."""
    request.hub_gate_refused = True  # type: ignore[attr-defined]
    return Http404("No such page.")


class AreaGateMiddleware:
    """Pages: every URL under an area's prefix opens only for users with a part in the area.

    Runs after sign-in is enforced (anonymous users are sent to sign in first, by
    ``LoginRequiredMiddleware``); the API has its own door (:class:`AreaPermission`), because
    API callers are authenticated by DRF inside the view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        from prevhub.core.registry import registry

        if request.path_info.startswith("/api/"):
            return None
        area = registry().area_for_path(request.path_info)
        if area is None:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in registry().token_urls():
            return None  # its token is its credential: the view checks it (404 otherwise)
        # "" for an unnamed page: None would mean "the area as a whole" and open too much.
        name = (match.url_name or "") if match is not None else ""
        if not may_open(request.user, area, name):
            raise refused(request)
        return None


class AreaPermission(BasePermission):
    """API: every route an app registered opens only for users with a part in its area.

    Answers 404 (not 403) so a caller learns nothing of an area they have no part in, and the
    OpenAPI schema (served non-public) leaves such routes out for the same reason.
    """

    def has_permission(self, request: Any, view: Any) -> bool:
        from prevhub.core.registry import registry

        reg = registry()
        basename = getattr(view, "basename", None)
        if basename is not None and basename not in reg.basenames:
            # A route registered outside an app's api/routes.py belongs to no declared area:
            # refused rather than open (tests/core/test_gate.py names every route).
            request._request.hub_gate_refused = True
            raise NotFound()
        area = reg.area_for_basename(basename)
        if area is None:
            return True
        user = request.user
        if not (user and user.is_authenticated):
            return False  # HubAPIPermission answers 401/403 for the unauthenticated
        if not may_open(user, area, view.basename):
            request._request.hub_gate_refused = True  # as refused(): tests tell it apart
            raise NotFound()
        return True
