"""Request id, audit context, login-required and two-factor enforcement."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from prevhub.core.audit import _context, audit_context

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give each request its own id for logs and audit.

    The id is always generated here: a client-supplied `X-Request-ID` could copy another
    request's id and muddle the audit trail. A well-formed incoming id is kept separately
    (`request.upstream_request_id`) for correlating with a proxy's logs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request.upstream_request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else ""
        request.request_id = uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class RequestIdLogFilter(logging.Filter):
    """Put the current request id on every log record (never the user: no personal data)."""

    def filter(self, record: logging.LogRecord) -> bool:
        ctx = _context.get()
        record.request_id = ctx.request_id if ctx is not None else "-"
        return True


def is_api_path(path: str) -> bool:
    return path.startswith("/api/")


class AuditContextMiddleware:
    """Every write during a request is attributed to its user, channel and request id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = "api" if is_api_path(request.path) else "web"
        with audit_context(source=source, request=request, request_id=request.request_id):
            return self.get_response(request)


PUBLIC_PREFIXES = ("/accounts/login/", "/static/", "/oidc/", "/healthz")


def is_token_page(path_info: str) -> bool:
    """A page whose credential is a secret in its URL (an app's ``token_pages``)."""
    from django.urls import Resolver404, resolve

    from prevhub.core.registry import registry

    try:
        match = resolve(path_info)
    except Resolver404:
        return False
    return match.view_name in registry().token_urls()


class LoginRequiredMiddleware:
    """Every page needs a signed-in user; the API answers 401 in its own error shape.

    API requests pass through to DRF, which authenticates tokens and refuses anonymous callers
    with the same error shape, so token clients are not redirected to a login page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if request.user.is_authenticated or path.startswith(PUBLIC_PREFIXES):
            return self.get_response(request)
        if is_api_path(path) or is_token_page(request.path_info):
            return self.get_response(request)
        return redirect(f"{reverse('login')}?next={quote(request.get_full_path())}")


TWO_FACTOR_EXEMPT = ("/accounts/", "/static/", "/oidc/", "/healthz")


def two_factor_target(user) -> str | None:  # type: ignore[no-untyped-def]
    """Where a signed-in user must go before anything else: verify, set up, or nowhere.

    Users with a confirmed TOTP device verify it once per session; users holding a role listed
    in PREVHUB_MFA_REQUIRED_ROLES must set one up first.
    """
    if not user.is_authenticated or user.is_verified():
        return None
    from django_otp import user_has_device

    if user_has_device(user, confirmed=True):
        return "core:two_factor_verify"
    required = set(settings.PREVHUB_MFA_REQUIRED_ROLES)
    if user.role_slugs & required or (user.is_superuser and "admin" in required):
        return "core:two_factor_setup"
    return None


class TwoFactorMiddleware:
    """Send page requests of users who still owe a second factor to set-up or verification.

    API requests are checked by the API permission class instead, because only there is it
    known whether the caller used a token (issued by an administrator) or a session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(TWO_FACTOR_EXEMPT) or is_api_path(request.path):
            return self.get_response(request)
        target = two_factor_target(request.user)
        if target is None or is_token_page(request.path_info):
            return self.get_response(request)
        return redirect(f"{reverse(target)}?next={quote(request.get_full_path())}")


class NoStoreMiddleware:
    """Nothing shown to a signed-in user is kept by a browser or proxy cache (a case page holds
    a victim's safe address): `Cache-Control: no-store` on every authenticated response, pages
    and API alike (DRF sets the token user on the request, so it is known here afterwards)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # no-store, no-cache, private, max-age=0
        return response
