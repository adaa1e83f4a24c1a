"""API routes of the person index."""

from rest_framework.routers import DefaultRouter

from prevhub.people.api.views import PersonViewSet


def register(router: DefaultRouter) -> None:
    router.register("people", PersonViewSet, basename="person")
