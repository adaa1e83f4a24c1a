"""OpenID Connect sign-in (Microsoft Entra ID or any OIDC provider) for force staff.

Rules, each closing a way in that e-mail matching or user-info claims would leave open:

- Only tokens from the one configured issuer (`PREVHUB_OIDC_ISSUER`), addressed to this
  application (`aud` holds `OIDC_RP_CLIENT_ID`), are accepted: a user of another tenant of a
  multi-tenant app is refused.
- Users are matched on issuer + immutable subject (Entra's `oid`, else `sub`), stored in
  `User.sso_subject`; never on e-mail, which a directory user may be able to change. A local
  account is never taken over by a sign-in that happens to share its address.
- Roles come only from the signed ID token (`PREVHUB_OIDC_ROLES_CLAIM` mapped through
  `PREVHUB_OIDC_ROLE_MAP`), never from the user-info endpoint, and are set afresh at every
  sign-in: a role removed in the directory is removed here. A user left with no mapped role
  is deactivated (an administrator can see why in the audit log), so the sign-in fails.
- SSO users belong to the force; partner staff sign in with local accounts and two-factor.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from prevhub.core.audit import AuditContext, audit_context, current_context

log = logging.getLogger(__name__)

#: The only claims taken from the user-info endpoint; everything else comes from the ID token.
PROFILE_CLAIMS = ("email", "name", "given_name", "family_name")


def subject_of(claims: dict[str, Any]) -> str | None:
    """The stable identity key: issuer and Entra object id (or the standard `sub`)."""
    issuer = claims.get("iss")
    subject = claims.get("oid") or claims.get("sub")
    if not issuer or not subject:
        return None
    return f"{issuer}|{subject}"


def roles_from_claims(claims: dict[str, Any]) -> set[str]:
    """Hub role slugs granted by the token's group (or role) claim through the configured map."""
    values = claims.get(settings.PREVHUB_OIDC_ROLES_CLAIM) or []
    if isinstance(values, str):
        values = [values]
    mapping = settings.PREVHUB_OIDC_ROLE_MAP
    return {mapping[v] for v in values if v in mapping}


class HubOIDCBackend(OIDCAuthenticationBackend):
    def _audit(self, user: Any) -> AbstractContextManager[AuditContext]:
        """Sign-in writes are audited as 'sso', under the callback request's id."""
        return audit_context(
            source="sso",
            user=user,
            request=getattr(self, "request", None),
            request_id=current_context().request_id,
        )

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """Profile claims may come from user-info; identity and roles only from the ID token.

        `payload` is the ID token, already signature- and nonce-checked by the library.
        """
        userinfo = super().get_userinfo(access_token, id_token, payload)
        merged = {k: v for k, v in userinfo.items() if k in PROFILE_CLAIMS}
        merged.update(payload)  # the verified token wins every clash
        return merged

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        if claims.get("iss") != settings.PREVHUB_OIDC_ISSUER:
            log.warning("OIDC sign-in refused: token from an issuer that is not configured")
            return False
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            log.warning("OIDC sign-in refused: token not addressed to this application")
            return False
        return subject_of(claims) is not None

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return self.UserModel.objects.filter(sso_subject=subject_of(claims))

    def create_user(self, claims: dict[str, Any]) -> Any:
        """New users only when the directory grants them a hub role."""
        if not roles_from_claims(claims):
            log.info("OIDC sign-in refused: no hub role is mapped for this identity")
            return None
        with self._audit(None):
            user = self.UserModel.objects.create_user(
                self.get_username(claims), email=claims.get("email", "")
            )
            user.set_unusable_password()
            user.sso_subject = subject_of(claims)
            user.save()
            return self.update_user(user, claims)

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        from prevhub.core.services import force_organisation_ensure

        roles = roles_from_claims(claims)
        with self._audit(user):
            user.groups.set(Group.objects.filter(name__in=roles))
            user.first_name = claims.get("given_name", user.first_name)[:150]
            user.last_name = claims.get("family_name", user.last_name)[:150]
            user.email = claims.get("email", user.email)
            user.organisation = force_organisation_ensure()
            if not roles:
                user.is_active = False  # the callback view refuses inactive users
            user.save()
        return user
