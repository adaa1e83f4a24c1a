"""API routes of the problems app, registered on the one router in prevhub.web.api_urls."""

from rest_framework.routers import DefaultRouter

from prevhub.problems.api.views import (
    JournalEntryViewSet,
    ProblemViewSet,
    ResponseViewSet,
    TaskViewSet,
)


def register(router: DefaultRouter) -> None:
    """Add this app's viewsets to the hub's router."""
    router.register("problems", ProblemViewSet, basename="problem")
    router.register("problem-responses", ResponseViewSet, basename="problem-response")
    router.register("problem-tasks", TaskViewSet, basename="problem-task")
    router.register("problem-notes", JournalEntryViewSet, basename="problem-note")
