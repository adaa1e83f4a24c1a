"""OpenID Connect sign-in: users are matched by e-mail, roles come from a claim mapping.

Only users who already exist (created by an administrator) may sign in this way, unless the
claim mapping grants them a role: a force's directory holds many people who need no access.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class HubOIDCBackend(OIDCAuthenticationBackend):
    def _roles_from_claims(self, claims: dict[str, Any]) -> set[str]:
        values = claims.get(settings.PREVHUB_OIDC_ROLES_CLAIM) or []
        mapping = settings.PREVHUB_OIDC_ROLE_MAP
        return {mapping[v] for v in values if v in mapping}

    def create_user(self, claims: dict[str, Any]) -> Any:
        roles = self._roles_from_claims(claims)
        if not roles:
            return None
        user = super().create_user(claims)
        self.update_user(user, claims)
        return user

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        from prevhub.partners.models import Organisation

        roles = self._roles_from_claims(claims)
        if roles:
            user.groups.set(Group.objects.filter(name__in=roles))
        if user.organisation_id is None:
            user.organisation = Organisation.objects.filter(
                slug=settings.PREVHUB_FORCE_SLUG
            ).first()
            user.save(update_fields=["organisation"])
        return user
