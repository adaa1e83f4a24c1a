"""The REST API under /api/: one router for every app, the schema and its docs page."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from prevhub.core.api.errors import not_found_json
from prevhub.core.api.schema import HubSchemaView
from prevhub.core.api.views import AuditEntryViewSet, CurrentUserView
from prevhub.partners.api.views import OrganisationViewSet
from prevhub.people.api.views import PersonViewSet
from prevhub.problems.api import routes as problems_routes
from prevhub.safeguarding.api import routes as safeguarding_routes

router = DefaultRouter()
router.register("audit", AuditEntryViewSet, basename="auditentry")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("people", PersonViewSet, basename="person")
problems_routes.register(router)
safeguarding_routes.register(router)

urlpatterns = [
    path("schema/", HubSchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("me/", CurrentUserView.as_view(), name="me"),
    path("", include(router.urls)),
    re_path(r"^.*$", lambda request: not_found_json()),
]
