"""Template context every page needs: the navigation the user may see, and the service name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from prevhub.core.navigation import areas_for


def hub(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    nav = areas_for(user) if user is not None and user.is_authenticated else []
    path = request.path
    current = next((a.slug for a in nav if path.startswith(f"/{a.slug}/")), None)
    if path.startswith("/admin/"):
        current = "admin"
    return {
        "service_name": settings.PREVHUB_SERVICE_NAME,
        "nav_areas": nav,
        "nav_current": current,
        "oidc_enabled": settings.PREVHUB_OIDC_ENABLED,
        "demo_mode": settings.PREVHUB_DEMO,
    }
