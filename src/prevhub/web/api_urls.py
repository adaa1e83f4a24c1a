"""The REST API under /api/: one router for every app (each registers its own routes, see
prevhub.core.registry), the schema and its docs page."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView

from prevhub.core.api.errors import not_found_json
from prevhub.core.api.schema import HubSchemaView
from prevhub.core.api.views import CurrentUserView
from prevhub.core.registry import registry
from prevhub.core.routers import HubRouter

router = HubRouter()
registry().register_api(router)

urlpatterns = [
    path("schema/", HubSchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("me/", CurrentUserView.as_view(), name="me"),
    path("", include(router.urls)),
    re_path(r"^.*$", lambda request: not_found_json()),
]
