"""OpenID Connect single sign-on (mozilla-django-oidc), for forces on Microsoft Entra ID.

Imported by `base` only when `OIDC_RP_CLIENT_ID` is set. Every endpoint comes from the
environment; nothing defaults to a real identity provider.
"""

from __future__ import annotations

from prevhub.web.settings.env import env_list, env_required, env_str

OIDC_RP_CLIENT_SECRET = env_required("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_required("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_required("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_required("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_required("OIDC_OP_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
# The one issuer whose tokens are accepted (Entra: https://login.microsoftonline.com/<tenant>/v2.0),
# so a user of another tenant of a multi-tenant app can never sign in.
PREVHUB_OIDC_ISSUER = env_required("PREVHUB_OIDC_ISSUER")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
# Claim values of the verified ID token (e.g. Entra group ids) mapped to hub roles:
# "groupid=role,groupid=role".
PREVHUB_OIDC_ROLE_MAP = dict(
    item.split("=", 1) for item in env_list("PREVHUB_OIDC_ROLE_MAP") if "=" in item
)
PREVHUB_OIDC_ROLES_CLAIM = env_str("PREVHUB_OIDC_ROLES_CLAIM", "groups")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "prevhub.core.oidc.HubOIDCBackend",
    "django.contrib.auth.backends.ModelBackend",
]
