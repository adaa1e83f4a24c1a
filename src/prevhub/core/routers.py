"""The hub's API router: its root lists only the endpoints the caller may open."""

from __future__ import annotations

from typing import Any

from rest_framework.routers import APIRootView, DefaultRouter


class GatedAPIRootView(APIRootView):
    """``/api/``: a partner is not told the safeguarding register's endpoints exist."""

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        from prevhub.core.gate import may_open
        from prevhub.core.registry import registry

        reg = registry()
        allowed = {}
        for prefix, list_name in self.api_root_dict.items():
            basename = list_name.removesuffix("-list")
            area = reg.area_for_basename(basename)
            if area is None or may_open(request.user, area, basename):
                allowed[prefix] = list_name
        self.api_root_dict = allowed
        return super().get(request, *args, **kwargs)


class HubRouter(DefaultRouter):
    APIRootView = GatedAPIRootView
