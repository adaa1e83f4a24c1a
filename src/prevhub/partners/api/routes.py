"""API routes of the partners app."""

from rest_framework.routers import DefaultRouter

from prevhub.partners.api.views import OrganisationViewSet


def register(router: DefaultRouter) -> None:
    router.register("organisations", OrganisationViewSet, basename="organisation")
