"""Platform writes: roles, organisations, users, API tokens, second factors. Keyword-only,
atomic, audited."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from prevhub.core import roles
from prevhub.core.audit import CREATE, VIEW, audit_batch, record_event
from prevhub.core.models import User
from prevhub.errors import PrevhubError
from prevhub.partners.models import Organisation, OrganisationKind

UNKNOWN_ROLE = "Unknown role {role!r}. Roles: {choices}."
UNKNOWN_KIND = "Unknown organisation kind {kind!r}. Kinds: {choices}."
USER_EXISTS = "A user called {username!r} already exists."
NO_SUCH_USER = "No user called {username!r}."


def roles_seed() -> list[str]:
    """Create the role groups that are missing (idempotent); returns those created."""
    created = []
    for role in roles.ROLES:
        _, was_created = Group.objects.get_or_create(name=role.slug)
        if was_created:
            created.append(role.slug)
    return created


def force_organisation_ensure() -> Organisation:
    """The force's own organisation (marked `is_force`), created on first run from
    PREVHUB_FORCE_SLUG/NAME. Once marked it is found by the mark, so renaming it (slug or name)
    never makes a second one or turns the force's users into partners."""
    with audit_batch():
        org = Organisation.objects.filter(is_force=True).first()
        if org is not None:
            return org
        org, _ = Organisation.objects.get_or_create(
            slug=settings.PREVHUB_FORCE_SLUG,
            defaults={"name": settings.PREVHUB_FORCE_NAME, "kind": OrganisationKind.FORCE},
        )
        if not org.is_force:
            org.is_force = True
            org.save()
    return org


def organisation_ensure(
    *, slug: str, name: str | None = None, kind: str | None = None
) -> Organisation:
    """The organisation with this slug, created (kind required then) if absent."""
    existing = Organisation.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    kind = kind or OrganisationKind.OTHER
    if kind not in OrganisationKind.values:
        raise PrevhubError(
            UNKNOWN_KIND.format(kind=kind, choices=", ".join(OrganisationKind.values))
        )
    with audit_batch():
        return Organisation.objects.create(
            slug=slug, name=name or slug.replace("-", " ").title(), kind=kind
        )


@transaction.atomic
def user_add(
    *,
    username: str,
    role: str,
    organisation: Organisation,
    password: str | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    validate: bool = True,
) -> tuple[User, str]:
    """Create a user with one role in one organisation; returns the user and the password used.

    A password is generated when none is given. Partner-organisation users always get the
    `partner` role's reach whatever role is named (see core.access).
    """
    if role not in roles.ROLE_SLUGS:
        raise PrevhubError(
            UNKNOWN_ROLE.format(role=role, choices=", ".join(sorted(roles.ROLE_SLUGS)))
        )
    if User.objects.filter(username=username).exists():
        raise PrevhubError(USER_EXISTS.format(username=username))
    if role == roles.ADMIN and not organisation.is_force:
        raise PrevhubError(roles.ADMIN_ROLE_FOR_PARTNER)
    password = password or secrets.token_urlsafe(18)
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        organisation=organisation,
    )
    if validate:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise PrevhubError("Password refused: " + " ".join(exc.messages)) from exc
    user.set_password(password)
    with audit_batch():
        user.save()
        # One of the hub's roles (checked above): seeded by migration, made if a test flushed it.
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user, password


def user_token_issue(*, username: str) -> str:
    """The user's API token (created if absent). Issuing and re-showing it are both recorded;
    the key itself never enters the audit log."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise PrevhubError(NO_SUCH_USER.format(username=username))
    token, created = Token.objects.get_or_create(user=user)
    record_event(
        CREATE if created else VIEW,
        object_type="authtoken.token",
        object_id=str(user.pk),
        object_repr=f"API token of {username}",
        detail="API token issued" if created else "API token shown again",
    )
    return token.key


def two_factor_device_pending(*, user: User) -> Any:
    """The user's authenticator being set up (created unconfirmed on first visit), whose QR
    code the set-up page shows until a first code confirms it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def two_factor_confirm(*, user: User, device: Any, token: str) -> bool:
    """Confirm the pending authenticator with a first code from it; recorded in the audit log
    (never the secret). False, and nothing changed, when the code is wrong."""
    if device.user_id != user.pk or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save()
    record_event(
        CREATE,
        object_type="otp_totp.totpdevice",
        object_id=str(device.pk),
        object_repr=f"authenticator of {user.username}",
        detail="second factor confirmed",
    )
    return True


def two_factor_check(*, user: User, token: str) -> Any:
    """The user's confirmed device that accepts this code (a used code is refused), or None."""
    from django_otp import match_token

    return match_token(user, token)
