"""Sign-in: Argon2, lock-out, two-factor for the roles that need it, sessions, login required."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import struct
import time
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse

from prevhub.core import roles
from prevhub.core.testing import make_user
from prevhub.web.settings import base

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def rfc6238_totp(secret_b32: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """An independent TOTP (RFC 6238 / RFC 4226, HMAC-SHA1) to check the app's verification."""
    key = base64.b32decode(secret_b32)
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


def test_rfc6238_helper_matches_the_rfc_test_vector() -> None:
    # RFC 6238 Appendix B: SHA1 secret "12345678901234567890", T=59 s -> 94287082 (8 digits).
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert rfc6238_totp(secret, at=59, digits=8) == "94287082"


def test_passwords_are_hashed_with_argon2_outside_tests() -> None:
    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        assert make_password("a long passphrase").startswith("argon2$argon2id$")


def test_every_page_needs_a_signed_in_user(client: Any) -> None:
    for url in ("/", "/people/", "/admin/", "/measure/", "/api/docs/"):
        response = client.get(url)
        assert response.status_code in (302, 401, 403), url
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login"))


def test_the_api_refuses_anonymous_callers_in_its_error_shape(client: Any) -> None:
    for url in ("/api/people/", "/api/audit/", "/api/schema/", "/api/me/"):
        response = client.get(url)
        assert response.status_code in (401, 403), url
        assert set(json.loads(response.content)["error"]) == {
            "status",
            "code",
            "message",
            "details",
        }


def test_repeated_failed_logins_lock_the_account(client: Any) -> None:
    make_user(roles.ANALYST, username="target", password=PASSWORD)
    for _ in range(base.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "target", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "target", "password": PASSWORD})
    assert response.status_code == 429
    assert "locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_password_signs_in(client: Any) -> None:
    make_user(roles.ANALYST, username="fine", password=PASSWORD)
    response = client.post(reverse("login"), {"username": "fine", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"


@override_settings(PREVHUB_MFA_REQUIRED_ROLES=[roles.SAFEGUARDING])
def test_a_role_that_requires_two_factor_must_set_it_up_then_verify_each_session(
    client: Any,
) -> None:
    make_user(roles.SAFEGUARDING, username="officer", password=PASSWORD)
    client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    first = client.get("/people/")
    assert first.status_code == 302 and first["Location"].startswith(
        reverse("core:two_factor_setup")
    )
    setup = client.get(first["Location"]).content.decode()
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7=]+)<', setup).group(1)
    wrong = client.post(reverse("core:two_factor_setup"), {"token": "000000"})
    assert wrong.status_code == 200 and "not right" in wrong.content.decode()
    time.sleep(1.1)  # django-otp throttles: one failure blocks further attempts for 1 second
    done = client.post(
        reverse("core:two_factor_setup") + "?next=/people/", {"token": rfc6238_totp(secret)}
    )
    assert done.status_code == 302 and done["Location"] == "/people/"
    assert client.get("/people/").status_code == 200

    client.logout()
    client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    again = client.get("/people/")
    assert again["Location"].startswith(reverse("core:two_factor_verify"))
    # Session API callers owe the same second factor; tokens do not.
    assert client.get("/api/people/").status_code == 403
    client.post(
        reverse("core:two_factor_verify"), {"token": rfc6238_totp(secret, time.time() + 30)}
    )
    assert client.get("/people/").status_code == 200


def test_roles_without_two_factor_requirement_are_not_asked(client: Any) -> None:
    with override_settings(PREVHUB_MFA_REQUIRED_ROLES=[roles.SAFEGUARDING]):
        client.force_login(make_user(roles.ANALYST))
        assert client.get("/").status_code == 200


def test_sessions_expire_when_idle_and_at_browser_close() -> None:
    assert base.SESSION_COOKIE_AGE == 30 * 60
    assert base.SESSION_SAVE_EVERY_REQUEST and base.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_the_roles_migration_seeds_exactly_the_hub_roles() -> None:
    from importlib import import_module

    from django.contrib.auth.models import Group

    first = import_module("prevhub.core.migrations.0003_seed_roles")
    # Roles added later come in their own migrations (the suicide prevention lead: 0008).
    assert set(first.ROLE_SLUGS) | {"suicide_prevention"} == roles.ROLE_SLUGS
    assert set(Group.objects.values_list("name", flat=True)) >= roles.ROLE_SLUGS


def test_signing_in_and_out_is_in_the_audit_log(client: Any) -> None:
    from prevhub.core.models import AuditEntry

    user = make_user(roles.ANALYST, username="logged", password=PASSWORD)
    signed_in = client.post(reverse("login"), {"username": "logged", "password": PASSWORD})
    client.post(reverse("logout"))
    entries = AuditEntry.objects.filter(object_type="core.user", object_id=str(user.pk))
    events = [(e.action, e.username) for e in entries.filter(action__in=["login", "logout"])]
    assert sorted(events) == [("login", "logged"), ("logout", "logged")]
    assert entries.get(action="login").request_id == signed_in["X-Request-ID"]
    client.post(reverse("login"), {"username": "logged", "password": "wrong password"})
    assert entries.filter(action="login").count() == 1  # a failed attempt is not a sign-in


def test_an_authenticator_is_confirmed_only_by_its_own_user_with_a_right_code() -> None:
    from prevhub.core import services
    from prevhub.core.models import AuditEntry

    owner, other = make_user(roles.SAFEGUARDING), make_user(roles.SAFEGUARDING)
    device = services.two_factor_device_pending(user=owner)
    assert services.two_factor_device_pending(user=owner) == device  # one pending device
    secret = base64.b32encode(device.bin_key).decode()
    assert not services.two_factor_confirm(user=other, device=device, token=rfc6238_totp(secret))
    device.refresh_from_db()
    assert not device.confirmed
    assert services.two_factor_confirm(user=owner, device=device, token=rfc6238_totp(secret))
    device.refresh_from_db()
    assert device.confirmed
    entry = AuditEntry.objects.get(object_type="otp_totp.totpdevice")
    assert entry.detail == "second factor confirmed" and secret not in str(entry.__dict__)
    # A wrong code (the other user's own pending device) confirms nothing and records nothing.
    theirs = services.two_factor_device_pending(user=other)
    assert not services.two_factor_confirm(user=other, device=theirs, token="000000")
    theirs.refresh_from_db()
    assert not theirs.confirmed
    assert AuditEntry.objects.filter(object_type="otp_totp.totpdevice").count() == 1
