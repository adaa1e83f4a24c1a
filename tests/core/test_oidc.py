"""Single sign-on against a real identity provider on 127.0.0.1 serving signed tokens.

The provider here is a small HTTP server with its own RSA key: token, JWKS and user-info
endpoints, as Entra ID exposes them. Nothing in the backend is patched.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory, override_settings

from prevhub.core import roles
from prevhub.core.models import AuditEntry, User
from prevhub.core.oidc import HubOIDCBackend
from prevhub.core.testing import make_user

TENANT = "11111111-2222-3333-4444-555555555555"
ISSUER = f"https://login.microsoftonline.com/{TENANT}/v2.0"
CLIENT_ID = "prevention-hub-client"
ANALYSTS_GROUP = "aaaaaaaa-0000-0000-0000-000000000001"
SAFEGUARDING_GROUP = "aaaaaaaa-0000-0000-0000-000000000002"


class IdentityProvider:
    """Hands out one ID token (set per test) and answers user-info with what it is told."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.claims: dict[str, Any] = {}
        self.userinfo: dict[str, Any] = {}
        self.signing_key = self.key

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": "k1", "alg": "RS256", "use": "sig"}]}

    def id_token(self) -> str:
        return jwt.encode(self.claims, self.signing_key, algorithm="RS256", headers={"kid": "k1"})


@pytest.fixture
def idp() -> Iterator[tuple[IdentityProvider, str]]:
    provider = IdentityProvider()

    class Handler(BaseHTTPRequestHandler):
        def _send(self, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/jwks":
                self._send(provider.jwks())
            else:
                self._send(provider.userinfo)

        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self._send(
                {"id_token": provider.id_token(), "access_token": "at", "token_type": "Bearer"}
            )

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with override_settings(
        OIDC_RP_CLIENT_ID=CLIENT_ID,
        OIDC_RP_CLIENT_SECRET="secret",
        OIDC_OP_TOKEN_ENDPOINT=f"{base}/token",
        OIDC_OP_USER_ENDPOINT=f"{base}/userinfo",
        OIDC_OP_JWKS_ENDPOINT=f"{base}/jwks",
        OIDC_RP_SIGN_ALGO="RS256",
        OIDC_AUTHENTICATION_CALLBACK_URL="home",
        PREVHUB_OIDC_ISSUER=ISSUER,
        PREVHUB_OIDC_ROLES_CLAIM="groups",
        PREVHUB_OIDC_ROLE_MAP={ANALYSTS_GROUP: roles.ANALYST, SAFEGUARDING_GROUP: "safeguarding"},
    ):
        yield provider, base
    server.shutdown()


def sign_in(provider: IdentityProvider, **claims: Any) -> User | None:
    base = {
        "iss": ISSUER,
        "aud": CLIENT_ID,
        "tid": TENANT,
        "oid": "object-id-1",
        "sub": "pairwise-sub-1",
        "nonce": "n-1",
        "email": "a.analyst@force.example",
        "given_name": "Alex",
        "family_name": "Analyst",
        "groups": [ANALYSTS_GROUP],
    }
    provider.claims = {k: v for k, v in {**base, **claims}.items() if v is not None}
    request = RequestFactory().get("/oidc/callback/", {"code": "c", "state": "s"})
    request.session = SessionStore()
    user = HubOIDCBackend().authenticate(request, nonce="n-1")
    return user if user is not None and user.is_active else None


@pytest.mark.django_db
def test_a_directory_user_with_a_mapped_group_gets_that_role(idp: Any) -> None:
    provider, _ = idp
    user = sign_in(provider)
    assert user is not None
    assert user.role_slugs == {roles.ANALYST}
    assert user.sso_subject == f"{ISSUER}|object-id-1"
    assert user.organisation.slug == "force"
    assert not user.has_usable_password()
    # Signing in again finds the same account.
    assert sign_in(provider).pk == user.pk
    assert User.objects.filter(sso_subject__isnull=False).count() == 1


@pytest.mark.django_db
def test_roles_follow_the_directory_and_none_left_means_no_access(idp: Any) -> None:
    provider, _ = idp
    user = sign_in(provider, groups=[ANALYSTS_GROUP, SAFEGUARDING_GROUP])
    assert user.role_slugs == {roles.ANALYST, "safeguarding"}
    assert sign_in(provider, groups=[ANALYSTS_GROUP]).role_slugs == {roles.ANALYST}
    assert sign_in(provider, groups=["some-unmapped-group"]) is None
    stored = User.objects.get(pk=user.pk)
    assert not stored.is_active and stored.groups.count() == 0
    assert AuditEntry.objects.filter(
        object_type="core.user", object_id=str(user.pk), action="update", source="sso"
    ).exists()


@pytest.mark.django_db
def test_roles_come_from_the_signed_token_not_from_user_info(idp: Any) -> None:
    provider, _ = idp
    provider.userinfo = {"groups": [SAFEGUARDING_GROUP], "email": "x@force.example"}
    user = sign_in(provider, groups=[ANALYSTS_GROUP])
    assert user.role_slugs == {roles.ANALYST}
    assert sign_in(provider, groups=None) is None  # no groups in the token: no access


@pytest.mark.django_db
def test_other_tenants_wrong_audience_and_forged_tokens_are_refused(idp: Any) -> None:
    provider, _ = idp
    other = "https://login.microsoftonline.com/99999999-0000-0000-0000-000000000000/v2.0"
    assert sign_in(provider, iss=other) is None
    assert sign_in(provider, aud="someone-elses-app") is None
    provider.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(Exception, match="verification failed|Signature"):
        sign_in(provider)
    assert not User.objects.filter(sso_subject__isnull=False).exists()


@pytest.mark.django_db
def test_a_local_account_is_never_taken_over_by_a_matching_email(idp: Any) -> None:
    provider, _ = idp
    local = make_user(roles.ADMIN, email="a.analyst@force.example")
    user = sign_in(provider)
    assert user is not None and user.pk != local.pk
    local.refresh_from_db()
    assert local.sso_subject is None and local.role_slugs == {roles.ADMIN}
    assert user.role_slugs == {roles.ANALYST}
