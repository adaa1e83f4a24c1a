"""The hub's API router: its root lists only the endpoints the caller may open."""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework.routers import APIRootView, DefaultRouter


class GatedAPIRootView(APIRootView):
    """``/api/``: a partner is not told the safeguarding register's endpoints exist.

    An endpoint is listed when the area gate lets the caller in *and* its list would answer
    (the same ``has_part_in_register`` rule as the list itself: a partner given one case is
    not shown the orders endpoint when no order is shared with them).
    """

    viewsets: ClassVar[dict[str, Any]] = {}

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        from prevhub.core.gate import has_part_in_register, may_open
        from prevhub.core.registry import registry

        reg = registry()
        allowed = {}
        for prefix, list_name in self.api_root_dict.items():
            basename = list_name.removesuffix("-list")
            area = reg.area_for_basename(basename)
            if area is not None and not may_open(request.user, area, basename):
                continue
            queryset = getattr(self.viewsets.get(basename), "queryset", None)
            model = getattr(queryset, "model", None)
            if hasattr(model, "access_policy") and not has_part_in_register(request.user, model):
                continue
            allowed[prefix] = list_name
        self.api_root_dict = allowed
        return super().get(request, *args, **kwargs)


class HubRouter(DefaultRouter):
    APIRootView = GatedAPIRootView

    def get_api_root_view(self, api_urls: Any = None) -> Any:
        """DRF's root view, also told each route's viewset (to ask its register's rule)."""
        list_name = self.routes[0].name
        api_root_dict = {
            prefix: list_name.format(basename=basename) for prefix, _v, basename in self.registry
        }
        viewsets = {basename: viewset for _p, viewset, basename in self.registry}
        return self.APIRootView.as_view(api_root_dict=api_root_dict, viewsets=viewsets)
