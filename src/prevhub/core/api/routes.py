"""API routes of the platform itself: the audit log (administrators only)."""

from rest_framework.routers import DefaultRouter

from prevhub.core.api.views import AuditEntryViewSet


def register(router: DefaultRouter) -> None:
    router.register("audit", AuditEntryViewSet, basename="auditentry")
