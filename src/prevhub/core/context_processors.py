"""Template context every page needs: the navigation the user may see, and the service name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from prevhub.core.registry import registry


def hub(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    reg = registry()
    nav = [(area, area.url_name_for(user)) for area in reg.areas_for(user)] if authenticated else []
    here = reg.area_for_path(request.path)
    current = here.slug if here is not None else None
    return {
        "service_name": settings.PREVHUB_SERVICE_NAME,
        "nav_areas": nav,
        "nav_current": current,
        "oidc_enabled": settings.PREVHUB_OIDC_ENABLED,
        "demo_mode": settings.PREVHUB_DEMO,
    }
