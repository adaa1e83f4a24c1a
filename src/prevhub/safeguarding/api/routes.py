"""API routes of the safeguarding app, registered on the one router in prevhub.web.api_urls."""

from rest_framework.routers import DefaultRouter


def register(router: DefaultRouter) -> None:
    """Add this app's viewsets to the hub's router."""
